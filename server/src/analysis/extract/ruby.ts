/**
 * Ruby extractor (aws-sdk-core / aws-sdk-sts v3).
 *
 * Recognises client calls `Aws::STS::Client.new.assume_role(role_arn: '...', ...)` and
 * `sts = Aws::STS::Client.new(...)` then `sts.assume_role(...)` (keyword arguments, a literal hash, or
 * a variable holding a literal hash), and the credential providers `Aws::AssumeRoleCredentials.new(...)`
 * / `Aws::AssumeRoleWebIdentityCredentials.new(...)`. Constants in the file are resolved,
 * `2.hours`-style durations become seconds; anything else is unknown. A call on a client built from
 * assumed-role credentials in the same file is marked as role chaining.
 */
import { parse, field, namedChildren, type Node } from '../treesitter';
import type { Argument, CallSite, Extractor, Property, StringValue, StsApi, Value } from '../types';
import { canonicalName } from '../values';
import { atUseSite, escapedStringLiteral, foldArithmetic, foldUnary, hasHit, markRoleChains, matchOffsets, numberAt, occurrences, prunedWalk, SNAKE_CASE_METHODS, spanOf, unknownAt as unknown } from './common';

const GRAMMAR = 'tree-sitter-ruby.wasm';

const METHODS = SNAKE_CASE_METHODS;

const PROVIDERS: Record<string, StsApi> = {
  'Aws::AssumeRoleCredentials': 'AssumeRole',
  'Aws::AssumeRoleWebIdentityCredentials': 'AssumeRoleWithWebIdentity',
};

/** Provider options that are not STS parameters (they configure the provider itself). */
const PROVIDER_OPTIONS = new Set(['client', 'web_identity_token_file', 'before_refresh', 'region', 'credentials', 'profile', 'stub_responses']);

const PARAMS = new Set([
  'RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SerialNumber', 'TokenCode', 'SourceIdentity', 'Policy',
  'PolicyArns', 'Tags', 'TransitiveTagKeys', 'Name', 'WebIdentityToken', 'ProviderId', 'SAMLAssertion', 'PrincipalArn',
  'TargetPrincipal', 'TaskPolicyArn', 'ProvidedContexts',
]);

const STS_CLIENT = /^(::)?Aws::STS::Client$/;
const ACTIVE_SUPPORT: Record<string, number> = { second: 1, seconds: 1, minute: 60, minutes: 60, hour: 3600, hours: 3600, day: 86400, days: 86400 };

/**
 * Words one of which every candidate call contains: the client methods (`assume_ro` covers
 * assume_role* and assume_root) and the provider class names.
 */
const CANDIDATE_WORDS = /assume_ro|get_session_token|get_federation_token|get_web_identity_token|AssumeRole/g;

const ASSIGNMENT_TYPES = ['assignment', 'operator_assignment'];

interface Ctx {
  text: string;
  root: Node;
  /** Constants by name, looked up on first use; a name assigned twice is ambiguous (null). */
  consts: Map<string, Node | null>;
  /** Variables (`sts`, `@sts`, `STS`) assigned an `Aws::STS::Client.new`, collected on first use. */
  clients?: Set<string>;
}

interface Found {
  site: CallSite;
  client?: Node;
}

export const rubyExtractor: Extractor = {
  grammars: [GRAMMAR],
  extract(text: string): CallSite[] {
    const tree = parse(GRAMMAR, text);
    if (!tree) return [];
    const root = tree.rootNode;
    const ctx: Ctx = { text, root, consts: new Map() };

    // Every candidate call spells a candidate word inside its own node: subtrees without one are not
    // walked into, and only calls in the others are materialized.
    const found: Found[] = [];
    const sources: Node[] = [];
    prunedWalk(root, matchOffsets(text, CANDIDATE_WORDS), (cursor) => {
      const type = cursor.nodeType;
      if (type === 'comment') return false;
      if (type !== 'call') return true;
      const n = cursor.currentNode;
      const method = field(n, 'method')?.text ?? '';
      const receiver = field(n, 'receiver');
      if (method === 'new' && receiver && PROVIDERS[stripRoot(receiver.text)]) {
        sources.push(n);
        found.push(providerSite(n, receiver, PROVIDERS[stripRoot(receiver.text)]!, ctx));
      } else if (METHODS[method] && receiver && isStsClient(receiver, ctx)) {
        if (method.startsWith('assume_role')) sources.push(n);
        const site = callSite(n, METHODS[method]!, ctx);
        if (site) found.push({ site, client: receiver });
      }
      return true;
    });
    markChains(root, text, found, sources);
    return found.map((f) => f.site);
  },
};

/** Nodes of the given types whose text holds `word`, in document order (only subtrees spelling it are walked). */
function nodesMentioning(root: Node, text: string, word: string, types: readonly string[], before = Infinity): Node[] {
  const at = occurrences(text, word);
  const out: Node[] = [];
  if (at.length === 0) return out;
  prunedWalk(root, at, (cursor) => {
    const start = cursor.startIndex;
    if (start > before || !hasHit(at, start, cursor.endIndex - word.length + 1)) return false;
    if (types.includes(cursor.nodeType)) out.push(cursor.currentNode);
    return true;
  });
  return out;
}

/** The value assigned to a constant, when it is assigned exactly once in the file. */
function constDef(name: string, ctx: Ctx): Node | null | undefined {
  if (ctx.consts.has(name)) return ctx.consts.get(name);
  let def: Node | null | undefined;
  for (const a of nodesMentioning(ctx.root, ctx.text, name, ASSIGNMENT_TYPES)) {
    const left = field(a, 'left');
    const right = field(a, 'right');
    if (!left || !right || left.type !== 'constant' || left.text !== name) continue;
    def = def === undefined ? right : null;
  }
  ctx.consts.set(name, def ?? null);
  return def;
}

function clientVariables(ctx: Ctx): Set<string> {
  if (ctx.clients) return ctx.clients;
  const clients = new Set<string>();
  // `Aws::STS::Client.new` spells STS whatever the spacing.
  for (const a of nodesMentioning(ctx.root, ctx.text, 'STS', ASSIGNMENT_TYPES)) {
    const left = field(a, 'left');
    const right = field(a, 'right');
    if (left && right && isClientNew(right)) clients.add(left.text);
  }
  ctx.clients = clients;
  return clients;
}

function stripRoot(s: string): string {
  return s.replace(/^::/, '').replace(/\s+/g, '');
}

function isClientNew(n: Node): boolean {
  if (n.type !== 'call' || field(n, 'method')?.text !== 'new') return false;
  const receiver = stripRoot(field(n, 'receiver')?.text ?? '');
  // Inside `module Aws`, `STS::Client` is `Aws::STS::Client` (Ruby looks constants up in the enclosing module).
  return STS_CLIENT.test(receiver) || (receiver === 'STS::Client' && insideModule(n, 'Aws'));
}

function insideModule(n: Node, name: string): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'module' && field(p, 'name')?.text === name) return true;
  return false;
}

/** The receiver is an STS client: `Aws::STS::Client.new(...)`, a variable assigned one, or named like one. */
function isStsClient(receiver: Node, ctx: Ctx): boolean {
  if (isClientNew(receiver)) return true;
  if (clientVariables(ctx).has(receiver.text)) return true;
  // `sts`, `@sts_client`, `sts_client()`: a memoised client defined elsewhere.
  return /^@{0,2}(sts|sts_client|sts_api|aws_sts)$/i.test(receiver.text);
}

function callSite(call: Node, api: StsApi, ctx: Ctx): CallSite | undefined {
  const method = field(call, 'method')!;
  const list = field(call, 'arguments');
  const args: Argument[] = [];
  let complete = true;
  let insertAt: CallSite['insertAt'];
  const base = { assign: ': ', quote: "'" };
  if (list) {
    const items = namedChildren(list).filter((c) => c.type !== 'comment');
    for (const item of items) {
      if (item.type === 'pair') {
        const arg = pairArg(item, ctx);
        if (arg) args.push(arg);
      } else if (item.type === 'hash' || (item.type === 'identifier' && hashOf(item, ctx))) {
        const hash = item.type === 'hash' ? item : hashOf(item, ctx)!;
        complete = readHash(hash, args, ctx) && complete;
        if (item.type === 'hash') insertAt = hashInsert(hash, base);
        else complete = false; // the hash variable may be changed between its literal and the call
      } else complete = false;
    }
    if (!insertAt && list.text.startsWith('(')) {
      const last = items[items.length - 1];
      insertAt = last ? { offset: last.endIndex, prefix: ', ', suffix: '', ...base } : { offset: list.startIndex + 1, prefix: '', suffix: '', ...base };
    }
  }
  return { kind: api, span: spanOf(method), args, argsComplete: complete, nameStyle: 'snake', insertAt, label: method.text };
}

function providerSite(call: Node, receiver: Node, api: StsApi, ctx: Ctx): Found {
  const list = field(call, 'arguments');
  const args: Argument[] = [];
  let complete = api === 'AssumeRole';
  let client: Node | undefined;
  let insertAt: CallSite['insertAt'];
  const base = { assign: ': ', quote: "'" };
  const all: Argument[] = [];
  if (list) {
    const items = namedChildren(list).filter((c) => c.type !== 'comment');
    for (const item of items) {
      if (item.type === 'pair') {
        const arg = pairArg(item, ctx, true);
        if (arg) all.push(arg);
      } else if (item.type === 'hash') {
        complete = readHash(item, all, ctx, true) && complete;
        insertAt = hashInsert(item, base);
      } else complete = false;
    }
    const last = items[items.length - 1];
    if (!insertAt && last && list.text.startsWith('(')) insertAt = { offset: last.endIndex, prefix: ', ', suffix: '', ...base };
    client = clientOption(list);
  }
  for (const a of all) {
    if (PARAMS.has(a.name)) args.push(a);
  }
  const name = field(receiver, 'name') ?? receiver;
  return { site: { kind: api, span: spanOf(name), args, argsComplete: complete, nameStyle: 'snake', insertAt, label: stripRoot(receiver.text) }, client };
}

function clientOption(list: Node): Node | undefined {
  for (const pair of list.descendantsOfType('pair')) {
    const key = pair ? field(pair, 'key') : undefined;
    if (pair?.parent && (pair.parent.id === list.id || pair.parent.parent?.id === list.id) && key && key.text.replace(/^:|:$/g, '') === 'client') return field(pair, 'value');
  }
  return undefined;
}

/** A `key: value`, `:key => value` or `'key' => value` pair; provider options are kept for `client:`. */
function pairArg(pair: Node, ctx: Ctx, keepOptions = false): Argument | undefined {
  const key = field(pair, 'key');
  const value = field(pair, 'value');
  if (!key) return undefined;
  const sourceName = keyText(key, ctx);
  if (sourceName === undefined) return undefined;
  const name = canonicalName(sourceName);
  if (!PARAMS.has(name) && !(keepOptions && PROVIDER_OPTIONS.has(sourceName))) return undefined;
  const keySpan = key.type === 'hash_key_symbol' || key.type === 'simple_symbol' ? spanOf(key) : spanOf(key);
  // Ruby 3.1 shorthand `role_arn:` takes the local of that name: not a literal.
  const v: Value = value ? rbValue(value, ctx) : { kind: 'unknown', ...spanOf(key) };
  return { name, sourceName, span: spanOf(pair), keySpan, value: v };
}

function keyText(key: Node, ctx: Ctx): string | undefined {
  if (key.type === 'hash_key_symbol' || key.type === 'identifier' || key.type === 'constant') return key.text;
  if (key.type === 'simple_symbol') return key.text.replace(/^:/, '');
  if (key.type === 'string' || key.type === 'delimited_symbol') {
    const v = stringLiteral(key, ctx.text);
    return v.kind === 'string' ? v.value : undefined;
  }
  return undefined;
}

/** Adds the pairs of a literal hash; false when it has splats or keys we cannot read. */
function readHash(hash: Node, args: Argument[], ctx: Ctx, keepOptions = false): boolean {
  let complete = true;
  for (const item of namedChildren(hash)) {
    if (item.type === 'comment') continue;
    if (item.type !== 'pair') {
      complete = false;
      continue;
    }
    const arg = pairArg(item, ctx, keepOptions);
    if (arg) args.push(arg);
  }
  return complete;
}

function hashInsert(hash: Node, base: { assign: string; quote: string }): CallSite['insertAt'] {
  const pairs = namedChildren(hash).filter((c) => c.type !== 'comment');
  const last = pairs[pairs.length - 1];
  if (!last) return { offset: hash.startIndex + 1, prefix: ' ', suffix: ' ', ...base };
  return { offset: last.endIndex, prefix: ', ', suffix: '', ...base };
}

/** The literal hash a local variable was last assigned before `use`. */
function hashOf(use: Node, ctx: Ctx): Node | undefined {
  let best: Node | undefined;
  for (const a of nodesMentioning(ctx.root, ctx.text, use.text, ['assignment'], use.startIndex)) {
    if (field(a, 'left')?.text !== use.text) continue;
    const right = field(a, 'right');
    best = right?.type === 'hash' ? right : undefined;
  }
  return best;
}

// ---- values ----------------------------------------------------------------------------------

function rbValue(node: Node, ctx: Ctx, depth = 0): Value {
  if (depth > 8) return unknown(node);
  switch (node.type) {
    case 'string':
      return stringLiteral(node, ctx.text);
    case 'true':
    case 'false':
      return { kind: 'boolean', value: node.type === 'true', ...spanOf(node) };
    case 'nil':
      return { kind: 'null', ...spanOf(node) };
    case 'array':
      return { kind: 'array', items: namedChildren(node).filter((c) => c.type !== 'comment').map((c) => rbValue(c, ctx, depth + 1)), complete: !namedChildren(node).some((c) => c.type === 'splat_argument'), ...spanOf(node) };
    case 'string_array': {
      const items = namedChildren(node).map((w) => ({ kind: 'string', value: w.text, offset: w.startIndex - 1, length: w.text.length + 2, map: (i: number) => w.startIndex + i }) as StringValue);
      return { kind: 'array', items, complete: true, ...spanOf(node) };
    }
    case 'hash': {
      const props: Property[] = [];
      let complete = true;
      for (const p of namedChildren(node)) {
        if (p.type === 'comment') continue;
        const k = field(p, 'key');
        const v = field(p, 'value');
        const key = p.type === 'pair' && k ? keyText(k, ctx) : undefined;
        if (key === undefined || !k || !v) {
          complete = false;
          continue;
        }
        props.push({ key, keySpan: spanOf(k), value: rbValue(v, ctx, depth + 1) });
      }
      return { kind: 'object', props, complete, ...spanOf(node) };
    }
    case 'parenthesized_statements': {
      const inner = namedChildren(node).filter((c) => c.type !== 'comment');
      return inner.length === 1 && inner[0] ? rbValue(inner[0], ctx, depth + 1) : unknown(node);
    }
    case 'constant': {
      const def = constDef(node.text, ctx);
      if (def) {
        const v = rbValue(def, ctx, depth + 1);
        if (v.kind === 'string') return atUseSite(v, node);
      }
      return numberValue(node, ctx);
    }
    case 'call': {
      // 'literal'.freeze
      const receiver = field(node, 'receiver');
      if (receiver?.type === 'string' && /^(freeze|to_s|-@)$/.test(field(node, 'method')?.text ?? '') && !field(node, 'arguments')) return rbValue(receiver, ctx, depth + 1);
      return numberValue(node, ctx);
    }
    default:
      return numberValue(node, ctx);
  }
}

function numberValue(node: Node, ctx: Ctx): Value {
  const n = evalNumber(node, ctx, 0);
  return n === undefined ? unknown(node) : numberAt(node, n);
}

function evalNumber(node: Node, ctx: Ctx, depth: number): number | undefined {
  if (depth > 12) return undefined;
  switch (node.type) {
    case 'integer':
    case 'float': {
      const t = node.text.replace(/_/g, '');
      const n = /^0[0-7]+$/.test(t) ? parseInt(t, 8) : /^0o/i.test(t) ? parseInt(t.slice(2), 8) : Number(t);
      // `1e309` is Infinity in Ruby too: a value (the rules report it), not an unknown.
      return Number.isNaN(n) ? undefined : n;
    }
    case 'parenthesized_statements': {
      const inner = namedChildren(node);
      return inner.length === 1 && inner[0] ? evalNumber(inner[0], ctx, depth + 1) : undefined;
    }
    case 'unary':
      return foldUnary(field(node, 'operator')?.type ?? node.child(0)?.type, field(node, 'operand'), (n) => evalNumber(n, ctx, depth + 1), ['-', '-@']);
    case 'binary': {
      const l = field(node, 'left');
      const r = field(node, 'right');
      const op = field(node, 'operator')?.type;
      const a = l ? evalNumber(l, ctx, depth + 1) : undefined;
      const b = r ? evalNumber(r, ctx, depth + 1) : undefined;
      if (a === undefined || b === undefined) return undefined;
      // Integer division floors in Ruby (-7 / 2 is -4).
      if (op === '/') return b === 0 ? undefined : Number.isInteger(a) && Number.isInteger(b) ? Math.floor(a / b) : a / b;
      if (op === '**') return a ** b;
      return foldArithmetic(op, a, b, 'exact');
    }
    case 'constant': {
      const def = constDef(node.text, ctx);
      return def ? evalNumber(def, ctx, depth + 1) : undefined;
    }
    case 'call': {
      // ActiveSupport durations `2.hours` (seconds as an integer) and `.to_i` on them.
      const receiver = field(node, 'receiver');
      const method = field(node, 'method')?.text ?? '';
      if (!receiver || field(node, 'arguments')) return undefined;
      const n = evalNumber(receiver, ctx, depth + 1);
      if (n === undefined) return undefined;
      if (method === 'to_i' || method === 'to_int') return Math.trunc(n);
      const unit = ACTIVE_SUPPORT[method];
      return unit === undefined ? undefined : n * unit;
    }
    default:
      return undefined;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', s: ' ', e: '\x1b', '0': '\0', '\\': '\\', '"': '"', "'": "'" };

function decodeEscape(seq: string): string {
  const c = seq.charAt(1);
  if (SIMPLE_ESCAPES[c] !== undefined) return SIMPLE_ESCAPES[c];
  if (c === 'u') {
    const hex = seq.replace(/^\\u\{?|\}$/g, '');
    const codes = hex.split(/\s+/).map((h) => parseInt(h, 16));
    return codes.every((x) => Number.isFinite(x) && x <= 0x10ffff) ? String.fromCodePoint(...codes) : seq;
  }
  if (c === 'x') return String.fromCharCode(parseInt(seq.slice(2), 16));
  if (/^[0-7]{1,3}$/.test(seq.slice(1))) return String.fromCharCode(parseInt(seq.slice(1), 8));
  return seq.slice(1);
}

/** A Ruby string (any delimiters); interpolation makes it unknown. Content maps back to the source. */
function stringLiteral(node: Node, text: string): Value {
  const single = text[node.startIndex] === "'" || /^%q/.test(text.slice(node.startIndex, node.startIndex + 2));
  // In single quotes only \\ and \' are escapes; the grammar reports those alone.
  return escapedStringLiteral(node, (type) => type === 'string_content', single ? (seq) => seq.slice(1) : decodeEscape);
}

// ---- role chaining ---------------------------------------------------------------------------

/**
 * Marks calls whose client was built from assumed-role credentials in this file: a name assigned from
 * a provider or assume_role* call (or from an expression using such a name) holds role credentials;
 * a call whose receiver mentions one is chained.
 */
function markChains(root: Node, text: string, found: Found[], sources: Node[]): void {
  markRoleChains({
    root,
    text,
    clients: found.filter((f) => f.client).map((f) => ({ site: f.site, client: f.client! })),
    sources,
    assignmentTypes: ['assignment', 'operator_assignment'],
    // `x ||= creds` may keep an earlier value: only a plain assignment rebinds the name as a whole.
    bindingOf: (a) => {
      const left = field(a, 'left');
      return { names: left ? [{ name: left.text, whole: a.type === 'assignment' }] : [], right: field(a, 'right') };
    },
    describe: (src) => {
      const m = field(src, 'method')?.text;
      const name = m === 'new' ? stripRoot(field(src, 'receiver')?.text ?? '') : m;
      return `credentials from ${name ?? 'assume_role'} on line ${src.startPosition.row + 1}`;
    },
    nameTypes: ['identifier', 'instance_variable', 'constant'],
  });
}
