/**
 * Wildcard patterns (`*` any run, `?` one character) matched without regular expressions.
 *
 * IAM wildcards in actions, resources and condition keys come from the document being checked. Turned
 * into a regex (`*` -> `.*`) a pattern such as `s3:******-` backtracks exponentially; the greedy
 * two-pointer walk below backs up only to the last `*`, so a match costs at most O(pattern × text) steps
 * whatever the pattern holds.
 */

/** A pattern compiled once: each element is a literal character (lower-cased), or ANY_ONE / ANY_RUN. */
export interface Wildcard {
  test(text: string): boolean;
  /** The source pattern, for messages and caches. */
  readonly source: string;
}

const ANY_RUN = -1;
const ANY_ONE = -2;

/** Steps the last {@link Wildcard.test} took (tests use it to prove the matcher linear). */
export let lastMatchSteps = 0;

class CompiledWildcard implements Wildcard {
  constructor(
    readonly source: string,
    /** Character codes (lower-cased), ANY_RUN or ANY_ONE. */
    private readonly tokens: readonly number[],
  ) {}

  test(input: string): boolean {
    const text = input.toLowerCase();
    const tokens = this.tokens;
    let t = 0; // next text index
    let p = 0; // next token index
    let starP = -1; // token index after the last ANY_RUN seen
    let starT = 0; // text index that ANY_RUN was last made to end at
    let steps = 0;
    while (t < text.length) {
      steps++;
      const tok = p < tokens.length ? tokens[p] : undefined;
      if (tok === ANY_RUN) {
        starP = ++p;
        starT = t;
      } else if (tok !== undefined && (tok === ANY_ONE || tok === text.charCodeAt(t))) {
        p++;
        t++;
      } else if (starP >= 0) {
        // Let the last `*` swallow one more character and retry what follows it.
        p = starP;
        t = ++starT;
      } else {
        lastMatchSteps = steps;
        return false;
      }
    }
    while (p < tokens.length && tokens[p] === ANY_RUN) p++;
    lastMatchSteps = steps;
    return p === tokens.length;
  }
}

/** An IAM wildcard pattern: `*` matches any run (also empty), `?` one character; case-insensitive. */
export function wildcard(pattern: string): Wildcard {
  const tokens: number[] = [];
  const lower = pattern.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c === 42 /* * */) {
      // Consecutive stars are one star: fewer tokens, the same language.
      if (tokens[tokens.length - 1] !== ANY_RUN) tokens.push(ANY_RUN);
    } else tokens.push(c === 63 /* ? */ ? ANY_ONE : c);
  }
  return new CompiledWildcard(pattern, tokens);
}

/**
 * A catalog template (`aws:RequestTag/${TagKey}`, `bucket/${ObjectName}`) split at its variables:
 * literal parts match themselves (a `*` in them is a character: tokens are not character codes), each
 * variable any run, of at least one character when `nonEmpty`. Case-insensitive.
 */
export function templateWildcard(literalParts: readonly string[], nonEmpty: boolean): Wildcard {
  const tokens: number[] = [];
  literalParts.forEach((part, i) => {
    if (i > 0) {
      if (nonEmpty) tokens.push(ANY_ONE);
      tokens.push(ANY_RUN);
    }
    const lower = part.toLowerCase();
    for (let k = 0; k < lower.length; k++) tokens.push(lower.charCodeAt(k));
  });
  return new CompiledWildcard(literalParts.join('${}'), tokens);
}
