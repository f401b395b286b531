/**
 * Pieces the tree-sitter extractors share. Each extractor reads its own grammar, but the way a value
 * is placed in the document, how a constant's value appears where it is used, how escaped strings map
 * back to source offsets, how constant arithmetic folds, and how a walk skips subtrees that cannot hold
 * an STS call are the same everywhere: one copy here keeps the languages from drifting apart.
 */
import type { TreeCursor } from 'web-tree-sitter';
import type { Node } from '../treesitter';
import type { Argument, CallSite, StringValue, StsApi, Value } from '../types';

// ---- spans and values ------------------------------------------------------------------------

/** The document span of a node (offsets are UTF-16, as everywhere in the core). */
export function spanOf(node: Node): { offset: number; length: number } {
  return { offset: node.startIndex, length: node.endIndex - node.startIndex };
}

/** A value we cannot know statically, placed at its node so rules can still point at it. */
export function unknownAt(node: Node): Value {
  return { kind: 'unknown', ...spanOf(node) };
}

/**
 * A constant used by name: the value is the constant's, the place is where it is used (the call is
 * what the user reads). A string's content indexes all map into the name, since its characters are not
 * there to point at.
 */
export function atUseSite(v: Value, use: Node): Value {
  if (v.kind !== 'string') return { ...v, ...spanOf(use) };
  const start = use.startIndex;
  const end = use.endIndex - 1;
  return { ...v, ...spanOf(use), map: (i) => (i <= 0 ? start : end) };
}

/** A folded number at its node; `raw` keeps the source text when it is not the plain number (`2 * 3600`). */
export function numberAt(node: Node, n: number): Value {
  const raw = node.text;
  return raw === String(n) ? { kind: 'number', value: n, ...spanOf(node) } : { kind: 'number', value: n, raw, ...spanOf(node) };
}

/** A later setter of the same parameter replaces the earlier one, as it does at run time. */
export function upsertArg(args: Argument[], arg: Argument): void {
  const i = args.findIndex((a) => a.name === arg.name);
  if (i >= 0) args[i] = arg;
  else args.push(arg);
}

// ---- constant arithmetic ---------------------------------------------------------------------

/**
 * How `/` divides: `truncate` always truncates toward zero (Java ints), `integers` truncates only when
 * both sides are integers (Go, C#: the operand types decide), `exact` never truncates (HCL, Python `/`).
 */
export type Division = 'truncate' | 'integers' | 'exact';

/**
 * `a op b` for the four operators every language folds; undefined for any other operator and for a
 * division by zero (a run-time error, not a value to check).
 */
export function foldArithmetic(op: string | undefined, a: number, b: number, division: Division): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) return undefined;
      if (division === 'truncate' || (division === 'integers' && Number.isInteger(a) && Number.isInteger(b))) return Math.trunc(a / b);
      return a / b;
    default:
      return undefined;
  }
}

/** `left op right` with both sides folded by `evaluate`; undefined when either side is not a constant. */
export function foldBinary(op: string | undefined, left: Node | undefined, right: Node | undefined, evaluate: (n: Node) => number | undefined, division: Division): number | undefined {
  const a = left ? evaluate(left) : undefined;
  const b = right ? evaluate(right) : undefined;
  if (a === undefined || b === undefined) return undefined;
  return foldArithmetic(op, a, b, division);
}

/** `-x` / `+x` with the operand folded by `evaluate`; `minus` lists how the grammar spells negation. */
export function foldUnary(op: string | undefined, operand: Node | undefined, evaluate: (n: Node) => number | undefined, minus: readonly string[] = ['-']): number | undefined {
  const n = operand ? evaluate(operand) : undefined;
  if (n === undefined) return undefined;
  return op !== undefined && minus.includes(op) ? -n : op === '+' ? n : undefined;
}

// ---- escaped strings -------------------------------------------------------------------------

/** The one-letter escapes C-family languages agree on; each language spreads its extras over it. */
export const C_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', '"': '"', "'": "'" };

/**
 * Decodes one backslash escape sequence: a one-letter escape from `simple`, a hex escape after one of
 * `hexLetters` (`\x41`, `\u0041`, `\U0001F600`), an octal escape when `octal` matches the digits;
 * anything else stands for the character after the backslash.
 */
export function decodeBackslashEscape(seq: string, simple: Readonly<Record<string, string>>, hexLetters = 'xuU', octal?: RegExp): string {
  const c = seq.charAt(1);
  const s = simple[c];
  if (s !== undefined) return s;
  if (c !== '' && hexLetters.includes(c)) {
    const code = parseInt(seq.slice(2), 16);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : seq;
  }
  if (octal && octal.test(seq.slice(1))) return String.fromCharCode(parseInt(seq.slice(1), 8));
  return seq.slice(1);
}

/**
 * A string value from its decoded characters and the document offset of each. A map is attached only
 * when the content does not sit verbatim right after the opening quote (escapes, prefixes), so plain
 * strings stay cheap.
 */
export function mappedString(node: Node, value: string, offsets: readonly number[]): StringValue {
  const result: StringValue = { kind: 'string', value, ...spanOf(node) };
  const first = node.startIndex + 1;
  let identity = true;
  for (let i = 0; i < offsets.length; i++) {
    if (offsets[i] !== first + i) {
      identity = false;
      break;
    }
  }
  if (!identity) result.map = (i) => offsets[Math.min(Math.max(i, 0), offsets.length - 1)] ?? first;
  return result;
}

/**
 * A string literal whose grammar splits it into content and `escape_sequence` children: every decoded
 * character maps to the source (an escape's characters to its backslash). Any other named child is an
 * interpolation, which makes the string unknown.
 */
export function escapedStringLiteral(node: Node, isContent: (type: string) => boolean, decode: (seq: string) => string): Value {
  let value = '';
  const offsets: number[] = [];
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'escape_sequence') {
      const decoded = decode(child.text);
      for (let i = 0; i < decoded.length; i++) offsets.push(child.startIndex);
      value += decoded;
    } else if (isContent(child.type)) {
      const t = child.text;
      for (let i = 0; i < t.length; i++) offsets.push(child.startIndex + i);
      value += t;
    } else if (child.isNamed) {
      return unknownAt(node);
    }
  }
  return mappedString(node, value, offsets);
}

// ---- walks that skip what cannot matter --------------------------------------------------------

/** The offsets where `word` starts in `text`, ascending. */
export function occurrences(text: string, word: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) out.push(at);
  return out;
}

/** The offsets where `pattern` (global) matches in `text`, ascending. */
export function matchOffsets(text: string, pattern: RegExp): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(pattern)) out.push(m.index);
  return out;
}

/** Whether a sorted offset list has an entry in [start, end): a binary search, no allocation. */
export function hasHit(hits: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((hits[mid] ?? Infinity) < start) lo = mid + 1;
    else hi = mid;
  }
  return (hits[lo] ?? Infinity) < end;
}

/**
 * Walks the descendants of the cursor's node in document order (the node itself is not visited).
 * `enter` is called on each node reached and returns whether to walk into it; `leave`, when given, is
 * called as the walk moves off a node (to pop scopes). A cursor creates no node objects, which is where
 * a walk over a large file spends its time.
 */
export function walkCursor(cursor: TreeCursor, enter: () => boolean, leave?: () => void): void {
  let descend = true;
  for (;;) {
    if (descend && cursor.gotoFirstChild()) {
      descend = enter();
      continue;
    }
    leave?.();
    if (cursor.gotoNextSibling()) {
      descend = enter();
      continue;
    }
    if (!cursor.gotoParent()) break;
    descend = false;
  }
}

/**
 * A cursor walk over `root` and its descendants that only reaches nodes whose text holds one of the
 * sorted `hits` offsets (where a candidate word starts): a candidate node spells its trigger word, so a
 * subtree without any cannot hold one and is skipped whole. `visit` sees the cursor on each reached
 * node and returns whether to walk into it.
 */
export function prunedWalk(root: Node, hits: readonly number[], visit: (cursor: TreeCursor) => boolean): void {
  const cursor = root.walk();
  const enter = (): boolean => hasHit(hits, cursor.startIndex, cursor.endIndex) && visit(cursor);
  if (enter()) walkCursor(cursor, enter);
  cursor.delete();
}

/**
 * The top-level children of `root` whose text holds `word`: declarations (imports, constants) sit
 * under the top-level node that spells their keyword, so only those need a search.
 */
export function topLevelMentioning(root: Node, text: string, word: string): Node[] {
  const out: Node[] = [];
  const at = occurrences(text, word);
  if (at.length === 0) return out;
  const cursor = root.walk();
  if (cursor.gotoFirstChild()) {
    do {
      if (hasHit(at, cursor.startIndex, cursor.endIndex - word.length + 1)) out.push(cursor.currentNode);
    } while (cursor.gotoNextSibling());
  }
  cursor.delete();
  return out;
}

/** The descendants of the given roots (roots included) of the given types, in document order. */
export function descendantsIn(roots: readonly Node[], types: string | string[]): Node[] {
  return roots.flatMap((r) => r.descendantsOfType(types).filter((n): n is Node => n !== null));
}

/**
 * The identifier nodes spelled `name`, in document order, found from the text instead of a walk over
 * the tree: each place the name is spelled is looked up in the tree, and kept when the smallest node
 * there is exactly an identifier of that name (not part of a longer name, a string or a comment).
 */
export function identifiersNamed(root: Node, text: string, name: string, identifierType = 'identifier'): Node[] {
  const out: Node[] = [];
  if (name === '') return out;
  for (const at of occurrences(text, name)) {
    const end = at + name.length;
    const n = root.descendantForIndex(at, end);
    if (n && n.type === identifierType && n.startIndex === at && n.endIndex === end) out.push(n);
  }
  return out;
}

/** The nearest ancestor of `n` of one of `types`. */
export function enclosing(n: Node, types: readonly string[]): Node | undefined {
  let p = n.parent;
  while (p && !types.includes(p.type)) p = p.parent;
  return p ?? undefined;
}

// ---- role chaining ---------------------------------------------------------------------------

/** What an assignment binds: the names on its left (`whole` when the name itself is rebound) and its value. */
export interface Binding {
  names: readonly { name: string; whole: boolean }[];
  right: Node | undefined;
}

export interface RoleChainInput {
  root: Node;
  text: string;
  /** Sites sent with a known client expression, in the order they were found. */
  clients: readonly { site: CallSite; client: Node }[];
  /** Expressions that yield role credentials (AssumeRole* calls, assumed-role providers). */
  sources: readonly Node[];
  /** Node types that bind a name to a value (declarators, assignments). */
  assignmentTypes: readonly string[];
  /** Reads one node of `assignmentTypes`. */
  bindingOf(assignment: Node): Binding;
  /** Says where a source's credentials come from, for the finding's message. */
  describe(source: Node): string;
  /** Node types that name a value and can carry credentials (default: `identifier`; Ruby adds `@ivar` and `CONST`). */
  nameTypes?: readonly string[];
}

/**
 * Marks AssumeRole sites whose client was built from assumed-role credentials in the same file (role
 * chaining, which caps the session at one hour). A name assigned from an expression holding a source,
 * or mentioning a name that holds role credentials, holds them too; a site whose client expression
 * does is chained. Assignments are followed in document order, and a subtree that holds no source and
 * spells no tainted name is skipped: nothing in it can taint or untaint a name.
 */
export function markRoleChains(input: RoleChainInput): void {
  const { root, text, sources } = input;
  if (sources.length === 0 || input.clients.length === 0) return;
  const nameTypes = new Set(input.nameTypes ?? ['identifier']);
  const tainted = new Map<string, string>();
  const spelled = new Map<string, number[]>();
  const mentionsTainted = (start: number, end: number): boolean => {
    for (const name of tainted.keys()) {
      let at = spelled.get(name);
      if (!at) spelled.set(name, (at = occurrences(text, name)));
      if (hasHit(at, start, end - name.length + 1)) return true;
    }
    return false;
  };
  const sourceSpans = sources.map((s) => ({ node: s, start: s.startIndex, end: s.endIndex }));
  const sourceStarts = sourceSpans.map((s) => s.start).sort((a, b) => a - b);
  const taintIn = (expr: Node): string | undefined => {
    const start = expr.startIndex;
    const end = expr.endIndex;
    const src = sourceSpans.find((s) => s.start >= start && s.end <= end);
    if (src) return input.describe(src.node);
    // Only an identifier spelled like a tainted name can carry the taint.
    if (!mentionsTainted(start, end)) return undefined;
    let found: string | undefined;
    const cursor = expr.walk();
    const enter = (): boolean => {
      if (found !== undefined) return false;
      if (nameTypes.has(cursor.nodeType)) {
        const why = tainted.get(cursor.nodeText);
        if (why !== undefined) found = why;
      }
      return true;
    };
    if (enter()) walkCursor(cursor, enter);
    cursor.delete();
    return found;
  };
  const pending = [...input.clients].sort((a, b) => a.client.startIndex - b.client.startIndex);
  const resolveBefore = (limit: number): void => {
    while (pending.length > 0 && (pending[0]?.client.startIndex ?? Infinity) < limit) {
      const { site, client } = pending.shift()!;
      const why = taintIn(client);
      if (why && site.kind === 'AssumeRole') site.chainedVia = why;
    }
  };
  const follow = (a: Node): void => {
    resolveBefore(a.startIndex);
    const { names, right } = input.bindingOf(a);
    if (!right || names.length === 0) return;
    const why = taintIn(right);
    for (const { name, whole } of names) {
      if (why) tainted.set(name, why);
      else if (whole) tainted.delete(name);
    }
  };
  const types = new Set(input.assignmentTypes);
  const cursor = root.walk();
  const enter = (): boolean => {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    if (!hasHit(sourceStarts, start, end) && !mentionsTainted(start, end)) return false;
    if (types.has(cursor.nodeType)) follow(cursor.currentNode);
    return true;
  };
  if (enter()) walkCursor(cursor, enter);
  cursor.delete();
  resolveBefore(Infinity);
}

// ---- SDK method names ------------------------------------------------------------------------

/** STS client methods as SDKs with camelCase methods spell them (Java v2/v1, JavaScript v2/v3). */
export const CAMEL_CASE_METHODS: Readonly<Record<string, StsApi>> = {
  assumeRole: 'AssumeRole',
  assumeRoleWithWebIdentity: 'AssumeRoleWithWebIdentity',
  assumeRoleWithSAML: 'AssumeRoleWithSAML',
  getSessionToken: 'GetSessionToken',
  getFederationToken: 'GetFederationToken',
  assumeRoot: 'AssumeRoot',
  getWebIdentityToken: 'GetWebIdentityToken',
};

/** STS client methods as SDKs with snake_case methods spell them (boto3, Ruby). */
export const SNAKE_CASE_METHODS: Readonly<Record<string, StsApi>> = {
  assume_role: 'AssumeRole',
  assume_role_with_web_identity: 'AssumeRoleWithWebIdentity',
  assume_role_with_saml: 'AssumeRoleWithSAML',
  get_session_token: 'GetSessionToken',
  get_federation_token: 'GetFederationToken',
  assume_root: 'AssumeRoot',
  get_web_identity_token: 'GetWebIdentityToken',
};

// ---- requests held in variables (grammars with variable_declarator / assignment_expression) -------

/**
 * The name `expr` is stored in: `T x = expr` (a `variable_declarator` with a `name`) or `x = expr`
 * (an `assignment_expression` with `left`/`right`), as Java and C# spell them.
 */
export function assignedName(expr: Node): string | undefined {
  const p = expr.parent;
  if (p?.type === 'variable_declarator') return p.childForFieldName('name')?.text;
  if (p?.type === 'assignment_expression' && p.childForFieldName('right')?.id === expr.id) {
    const left = p.childForFieldName('left');
    return left?.type === 'identifier' ? left.text : undefined;
  }
  return undefined;
}

/**
 * The client a request is sent with: `client.call(<expr>)` directly, or `client.call(x)` after the
 * request was stored in `x`. `sentBy` reads the language's call shape; `identifiers` lists the
 * identifier nodes spelled like a name, in document order.
 */
export function clientSending(expr: Node, sentBy: (n: Node) => Node | undefined, identifiers: (name: string) => readonly Node[]): Node | undefined {
  const direct = sentBy(expr);
  if (direct) return direct;
  const variable = assignedName(expr);
  if (!variable) return undefined;
  for (const n of identifiers(variable)) {
    if (n.startIndex <= expr.endIndex) continue;
    const client = sentBy(n);
    if (client) return client;
  }
  return undefined;
}

/** Identifier nodes by name, in document order (one pass, so following a variable stays linear). */
export function indexIdentifiers(root: Node, identifierType = 'identifier'): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  for (const n of root.descendantsOfType(identifierType)) {
    if (!n) continue;
    const list = out.get(n.text);
    if (list) list.push(n);
    else out.set(n.text, [n]);
  }
  return out;
}

/**
 * {@link identifiersNamed} with one answer per name kept: an extractor asks about the same variable or
 * constant many times, and only a few names are ever asked about, so this beats indexing every identifier.
 */
export function identifierLookup(root: Node, text: string, identifierType = 'identifier'): (name: string) => readonly Node[] {
  const cache = new Map<string, Node[]>();
  return (name) => {
    let hit = cache.get(name);
    if (!hit) cache.set(name, (hit = identifiersNamed(root, text, name, identifierType)));
    return hit;
  };
}

/**
 * A cursor walk over `root` and its descendants in document order; `enter` sees the cursor on each
 * node and returns whether to walk into it. For skipping by something other than one list of word
 * offsets: several words, names compared without case, names that change as the walk goes.
 */
export function walkFrom(root: Node, enter: (cursor: TreeCursor) => boolean): void {
  const cursor = root.walk();
  const visit = (): boolean => enter(cursor);
  if (visit()) walkCursor(cursor, visit);
  cursor.delete();
}
