/**
 * Globs for `stsLens.exclude`, matched in linear time. The setting comes from the workspace, so a
 * pattern is hostile input: a RegExp built from it (`a*a*a*a*b` -> `a[^/]*a[^/]*...`) backtracks
 * polynomially, and an unbalanced `{` made the RegExp constructor throw on every document. Here a
 * pattern compiles to a small automaton run over the path one character at a time (work at most
 * path length x pattern length), and a malformed pattern is an error the caller reports once.
 *
 * Syntax: `*` (within a segment), `**` (across segments; `**\/` is zero or more folders), `?`,
 * `[abc]` / `[a-z]` / `[!x]` (a `[` without `]` is literal), `{a,b}` (nested, at most 64 alternatives).
 */

/** One step of the automaton. */
type Token =
  | { kind: 'char'; c: string }
  | { kind: 'one' } // ?
  | { kind: 'class'; negated: boolean; ranges: [string, string][] }
  | { kind: 'star' } // * within a segment
  | { kind: 'any' } // ** not followed by /
  | { kind: 'folders' } // **/ : skips to the token after the loop, or enters the loop
  | { kind: 'folderLoop' }; // inside **/ : any characters, leaving after a /

export interface CompiledGlob {
  readonly source: string;
  /** Whether the whole path matches. `stats.steps` counts automaton work (tests prove it linear). */
  matches(path: string, stats?: { steps: number }): boolean;
}

const MAX_ALTERNATIVES = 64;
const MAX_PATTERN_LENGTH = 1000;

export class GlobError extends Error {}

/** Compiles a glob; throws GlobError with a plain reason when it is malformed. */
export function compileGlob(glob: string): CompiledGlob {
  if (glob.length > MAX_PATTERN_LENGTH) throw new GlobError(`longer than ${MAX_PATTERN_LENGTH} characters`);
  const programs = expandBraces(glob).map(tokenize);
  return {
    source: glob,
    matches: (path, stats) => programs.some((p) => run(p, path, stats)),
  };
}

/** `{a,b}c` -> [`ac`, `bc`], nested, with a cap on the number of alternatives. */
function expandBraces(glob: string): string[] {
  let open = -1;
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end > i + 1) i = end;
    } else if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const parts = splitTopLevel(glob.slice(open + 1, i));
        const rest = expandBraces(glob.slice(i + 1));
        const out: string[] = [];
        for (const part of parts) {
          for (const head of expandBraces(part)) {
            for (const tail of rest) {
              out.push(glob.slice(0, open) + head + tail);
              if (out.length > MAX_ALTERNATIVES) throw new GlobError(`{…} expands to more than ${MAX_ALTERNATIVES} alternatives`);
            }
          }
        }
        return out;
      }
    }
  }
  if (depth > 0) throw new GlobError(`"{" at column ${open + 1} is never closed with "}"`);
  return [glob];
}

function splitTopLevel(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner.charAt(i);
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') {
      if (glob.charAt(i + 1) === '*') {
        while (glob.charAt(i + 1) === '*') i++;
        if (glob.charAt(i + 1) === '/') {
          i++;
          tokens.push({ kind: 'folders' }, { kind: 'folderLoop' });
        } else tokens.push({ kind: 'any' });
      } else if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'one' });
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        tokens.push({ kind: 'char', c });
        continue;
      }
      let body = glob.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let j = 0; j < body.length; j++) {
        const from = body.charAt(j);
        if (body.charAt(j + 1) === '-' && j + 2 < body.length) {
          ranges.push([from, body.charAt(j + 2)]);
          j += 2;
        } else ranges.push([from, from]);
      }
      tokens.push({ kind: 'class', negated, ranges });
      i = end;
    } else tokens.push({ kind: 'char', c });
  }
  return tokens;
}

/**
 * Adds state `s` and every state reachable from it without consuming a character. A set state has
 * had its closure added already, so each state is entered at most once per character.
 */
function addState(tokens: readonly Token[], set: Uint8Array, s: number): void {
  while (s < tokens.length && !set[s]) {
    set[s] = 1;
    const kind = tokens[s]?.kind;
    if (kind === 'folders') {
      set[s + 1] = 1; // the loop (it consumes, so it has no closure of its own)
      s += 2;
    } else if (kind === 'star' || kind === 'any') s++;
    else return;
  }
  if (s === tokens.length) set[s] = 1;
}

function inClass(t: Extract<Token, { kind: 'class' }>, c: string): boolean {
  const hit = t.ranges.some(([from, to]) => c >= from && c <= to);
  return c !== '/' && hit !== t.negated;
}

/** Thompson simulation: the set of live states advances one character at a time. */
function run(tokens: readonly Token[], path: string, stats?: { steps: number }): boolean {
  let current = new Uint8Array(tokens.length + 1);
  let next = new Uint8Array(tokens.length + 1);
  addState(tokens, current, 0);
  for (let i = 0; i < path.length; i++) {
    const c = path.charAt(i);
    next.fill(0);
    let alive = false;
    for (let s = 0; s < tokens.length; s++) {
      if (!current[s]) continue;
      if (stats) stats.steps++;
      const t = tokens[s] as Token;
      switch (t.kind) {
        case 'char':
          if (c === t.c) addState(tokens, next, s + 1);
          break;
        case 'one':
          if (c !== '/') addState(tokens, next, s + 1);
          break;
        case 'class':
          if (inClass(t, c)) addState(tokens, next, s + 1);
          break;
        case 'star':
          if (c !== '/') addState(tokens, next, s);
          break;
        case 'any':
          addState(tokens, next, s);
          break;
        case 'folders':
          break; // epsilon only: its successors are live already
        case 'folderLoop':
          next[s] = 1;
          if (c === '/') addState(tokens, next, s + 1);
          break;
      }
    }
    for (let s = 0; s <= tokens.length && !alive; s++) alive = next[s] === 1;
    if (!alive) return false;
    [current, next] = [next, current];
  }
  return current[tokens.length] === 1;
}
