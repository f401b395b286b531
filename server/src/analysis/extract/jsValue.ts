/**
 * Reads JavaScript/TypeScript expressions (tree-sitter nodes) as {@link Value}s: literals keep their
 * source offsets, `const` identifiers resolve to their literal initializer, anything computed at run
 * time is `unknown`. Shared by the TypeScript, TSX and JavaScript extractors.
 */
import type { Node } from '../treesitter';
import type { ArrayValue, ObjectValue, Property, Span, StringValue, Value } from '../types';

/** Resolves identifiers to the initializer of a `const` declaration, in the scope the use sits in. */
export interface ConstResolver<S> {
  constInit(name: string, scope: S): { node: Node; scope: S } | undefined;
}

/** A property of an object literal, with the span of the whole `key: value` entry. */
export interface JsProperty extends Property {
  entrySpan: Span;
}

const MAX_DEPTH = 32;

export function spanOf(node: Node): Span {
  return { offset: node.startIndex, length: node.endIndex - node.startIndex };
}

function unknownAt(node: Node): Value {
  return { kind: 'unknown', ...spanOf(node) };
}

/** Strips what does not change a value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function unwrap(node: Node): Node {
  let n = node;
  for (let i = 0; i < 16; i++) {
    switch (n.type) {
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression': {
        const inner = n.namedChild(0);
        if (!inner) return n;
        n = inner;
        continue;
      }
      case 'type_assertion': {
        const inner = n.namedChild(n.namedChildCount - 1);
        if (!inner) return n;
        n = inner;
        continue;
      }
      default:
        return n;
    }
  }
  return n;
}

/**
 * Follows an expression through wrappers and `const` identifiers to the node that defines it
 * (an object literal behind `const params = {...}`), with the scope that node lives in.
 */
export function resolveExpr<S>(node: Node, scope: S, r: ConstResolver<S>, depth = 0): { node: Node; scope: S } {
  const n = unwrap(node);
  if (n.type === 'identifier' && depth < MAX_DEPTH) {
    const hit = r.constInit(n.text, scope);
    if (hit) return resolveExpr(hit.node, hit.scope, r, depth + 1);
  }
  return { node: n, scope };
}

export function readValue<S>(node: Node, scope: S, r: ConstResolver<S>, depth = 0): Value {
  if (depth > MAX_DEPTH) return unknownAt(node);
  const n = unwrap(node);
  switch (n.type) {
    case 'string':
      return readString(n);
    case 'template_string':
      return readTemplate(n);
    case 'number': {
      const v = parseNumber(n.text);
      return v === undefined ? unknownAt(n) : { kind: 'number', value: v, ...spanOf(n) };
    }
    case 'true':
    case 'false':
      return { kind: 'boolean', value: n.type === 'true', ...spanOf(n) };
    case 'null':
      return { kind: 'null', ...spanOf(n) };
    case 'unary_expression':
    case 'binary_expression': {
      const fallback = fallbackValue(n, scope, r, depth);
      if (fallback) return fallback;
      const v = evalNumber(n, scope, r, depth);
      return v === undefined ? unknownAt(n) : { kind: 'number', value: v, raw: n.text, ...spanOf(n) };
    }
    case 'array':
      return readArray(n, scope, r, depth);
    case 'object':
      return readObject(n, scope, r, depth);
    case 'identifier': {
      const hit = r.constInit(n.text, scope);
      if (!hit) return unknownAt(n);
      const v = readValue(hit.node, hit.scope, r, depth + 1);
      // A const array filled later (`statements.push(...)` in a loop) is not the literal it started as.
      if (v.kind === 'array' && mutatedInFile(n.text, hit.node.tree.rootNode.text)) return unknownAt(n);
      return v.kind === 'unknown' ? unknownAt(n) : v;
    }
    case 'member_expression': {
      // CONFIG.roleArn where CONFIG is a const object literal
      const obj = n.childForFieldName('object');
      const prop = n.childForFieldName('property');
      if (!obj || !prop || prop.type !== 'property_identifier') return unknownAt(n);
      const base = readValue(obj, scope, r, depth + 1);
      if (base.kind !== 'object') return unknownAt(n);
      const found = base.props.find((p) => p.key === prop.text);
      return found && found.value.kind !== 'unknown' ? found.value : unknownAt(n);
    }
    case 'call_expression': {
      // JSON.stringify({...}) is the object itself, so policy checks see its structure.
      const fn = n.childForFieldName('function');
      if (fn && fn.type === 'member_expression' && fn.text.replace(/\s+/g, '') === 'JSON.stringify') {
        const arg = n.childForFieldName('arguments')?.namedChild(0);
        if (arg) {
          const v = readValue(arg, scope, r, depth + 1);
          if (v.kind === 'object') return { ...v, serialization: 'compact' };
          if (v.kind === 'array') return v;
        }
      }
      return unknownAt(n);
    }
    default:
      return unknownAt(n);
  }
}

function readArray<S>(n: Node, scope: S, r: ConstResolver<S>, depth: number): ArrayValue {
  const items: Value[] = [];
  let complete = true;
  for (const c of n.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'spread_element') {
      complete = false;
      continue;
    }
    items.push(readValue(c, scope, r, depth + 1));
  }
  return { kind: 'array', items, complete, ...spanOf(n) };
}

export function readObject<S>(n: Node, scope: S, r: ConstResolver<S>, depth = 0): ObjectValue {
  const props: JsProperty[] = [];
  let complete = true;
  for (const c of n.namedChildren) {
    if (!c) continue;
    switch (c.type) {
      case 'pair': {
        const keyNode = c.childForFieldName('key');
        const valueNode = c.childForFieldName('value');
        const key = keyNode ? readKey(keyNode) : undefined;
        if (!keyNode || !key || !valueNode) {
          complete = false;
          break;
        }
        props.push({ key: key.key, keySpan: key.span, value: readValue(valueNode, scope, r, depth + 1), entrySpan: spanOf(c) });
        break;
      }
      case 'shorthand_property_identifier': {
        const hit = r.constInit(c.text, scope);
        const v = hit ? readValue(hit.node, hit.scope, r, depth + 1) : undefined;
        props.push({ key: c.text, keySpan: spanOf(c), value: v && v.kind !== 'unknown' ? v : unknownAt(c), entrySpan: spanOf(c) });
        break;
      }
      case 'spread_element':
        complete = false;
        break;
      case 'comment':
      case 'method_definition':
        break;
      default:
        // ERROR nodes and anything we cannot read: the object may hold more than we see.
        complete = false;
    }
  }
  return { kind: 'object', props, complete, ...spanOf(n) };
}

/** An object key: identifier, quoted string (span = its content), number, or `['Literal']`. */
function readKey(k: Node): { key: string; span: Span } | undefined {
  switch (k.type) {
    case 'property_identifier':
    case 'identifier':
    case 'private_property_identifier':
      return { key: k.text, span: spanOf(k) };
    case 'number':
      return { key: String(parseNumber(k.text) ?? k.text), span: spanOf(k) };
    case 'string': {
      const s = readString(k);
      return s.kind === 'string' ? { key: s.value, span: { offset: k.startIndex + 1, length: Math.max(k.endIndex - k.startIndex - 2, 0) } } : undefined;
    }
    case 'computed_property_name': {
      const inner = k.namedChild(0);
      if (inner && (inner.type === 'string' || (inner.type === 'template_string' && inner.namedChildren.every((c) => c?.type !== 'template_substitution')))) {
        const s = inner.type === 'string' ? readString(inner) : readTemplate(inner);
        if (s.kind === 'string') return { key: s.value, span: { offset: inner.startIndex + 1, length: Math.max(inner.endIndex - inner.startIndex - 2, 0) } };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A quoted string literal; escapes decoded, with a map back to the source when they occur. */
export function readString(n: Node): Value {
  return readQuoted(n);
}

function readTemplate(n: Node): Value {
  for (const c of n.namedChildren) if (c?.type === 'template_substitution') return unknownAt(n);
  return readQuoted(n);
}

function readQuoted(n: Node): Value {
  const text = n.text;
  if (text.length < 2) return unknownAt(n);
  const base = n.startIndex;
  let value = '';
  let offsets: number[] | undefined;
  let pos = 1;
  const end = text.length - 1;
  while (pos < end) {
    const ch = text[pos];
    if (ch !== '\\') {
      if (offsets) offsets.push(base + pos);
      value += ch;
      pos++;
      continue;
    }
    offsets ??= Array.from({ length: value.length }, (_, i) => base + 1 + i);
    const esc = decodeEscape(text, pos);
    for (let i = 0; i < esc.value.length; i++) offsets.push(base + pos);
    value += esc.value;
    pos += esc.length;
  }
  const v: StringValue = { kind: 'string', value, ...spanOf(n) };
  if (offsets) {
    const table = offsets;
    v.map = (i: number) => table[Math.min(Math.max(i, 0), table.length - 1)] ?? base + 1;
  }
  return v;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function decodeEscape(text: string, pos: number): { value: string; length: number } {
  const c = text[pos + 1] ?? '';
  if (c in SIMPLE_ESCAPES && !(c === '0' && /[0-9]/.test(text[pos + 2] ?? ''))) return { value: SIMPLE_ESCAPES[c] ?? '', length: 2 };
  if (c === 'x') {
    const hex = text.slice(pos + 2, pos + 4);
    if (/^[0-9a-fA-F]{2}$/.test(hex)) return { value: String.fromCharCode(parseInt(hex, 16)), length: 4 };
  }
  if (c === 'u') {
    if (text[pos + 2] === '{') {
      const close = text.indexOf('}', pos + 3);
      const hex = close > 0 ? text.slice(pos + 3, close) : '';
      if (/^[0-9a-fA-F]{1,6}$/.test(hex)) {
        const cp = parseInt(hex, 16);
        if (cp <= 0x10ffff) return { value: String.fromCodePoint(cp), length: close - pos + 1 };
      }
    } else {
      const hex = text.slice(pos + 2, pos + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) return { value: String.fromCharCode(parseInt(hex, 16)), length: 6 };
    }
  }
  if (c === '\r' && text[pos + 2] === '\n') return { value: '', length: 3 };
  if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return { value: '', length: 2 };
  return { value: c, length: 2 };
}

export function parseNumber(raw: string): number | undefined {
  const t = raw.replace(/_/g, '');
  if (/n$/.test(t)) return undefined; // BigInt
  const v = /^0[oO]/.test(t) ? parseInt(t.slice(2), 8) : /^0[bB]/.test(t) ? parseInt(t.slice(2), 2) : Number(t);
  // `1e309` is Infinity: a value (the rules report it), not an unknown.
  return Number.isNaN(v) ? undefined : v;
}

/** Constant arithmetic over number literals and numeric consts: `60 * 60 * 12`, `2 * HOUR`, `-1`. */
function evalNumber<S>(n: Node, scope: S, r: ConstResolver<S>, depth: number): number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = unwrap(n);
  if (e.type === 'unary_expression') {
    const op = e.childForFieldName('operator')?.text;
    const arg = e.childForFieldName('argument');
    if (!arg || (op !== '-' && op !== '+')) return undefined;
    const v = evalNumber(arg, scope, r, depth + 1);
    return v === undefined ? undefined : op === '-' ? -v : v;
  }
  if (e.type === 'binary_expression') {
    const op = e.childForFieldName('operator')?.text;
    const left = e.childForFieldName('left');
    const right = e.childForFieldName('right');
    if (!left || !right) return undefined;
    const a = evalNumber(left, scope, r, depth + 1);
    const b = a === undefined ? undefined : evalNumber(right, scope, r, depth + 1);
    if (a === undefined || b === undefined) return undefined;
    let v: number;
    switch (op) {
      case '+': v = a + b; break;
      case '-': v = a - b; break;
      case '*': v = a * b; break;
      case '/': v = a / b; break;
      case '%': v = a % b; break;
      case '**': v = a ** b; break;
      default: return undefined;
    }
    // `0 / 0` is NaN and `1e308 * 10` Infinity: values the SDK would send, so the rules see them.
    return v;
  }
  const v = readValue(e, scope, r, depth + 1);
  return v.kind === 'number' ? v.value : undefined;
}

/** Whether the file changes the array named `name` in place: a mutating method, an index assignment, Object.assign. */
function mutatedInFile(name: string, text: string): boolean {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return true;
  const n = name.replace(/\$/g, '\\$');
  const pattern = new RegExp(
    `(?<![\\w$.])${n}\\s*(?:\\.\\s*(?:push|unshift|splice|fill|sort|reverse|copyWithin|pop|shift)\\s*\\(|\\[[^\\]\\n]*\\]\\s*=(?!=))|Object\\.assign\\(\\s*${n}\\b`,
  );
  return pattern.test(text);
}

/**
 * `opts.durationSeconds ?? 7 * 24 * 3600`, `process.env.ROLE || "arn:..."`: when the left side is not a
 * literal, the literal fallback is what is sent whenever the left is missing, so it is checked, and a
 * number is shown as the fallback in the message.
 */
function fallbackValue<S>(n: Node, scope: S, r: ConstResolver<S>, depth: number): Value | undefined {
  if (n.type !== 'binary_expression') return undefined;
  const op = n.childForFieldName('operator')?.text;
  if (op !== '??' && op !== '||') return undefined;
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  if (!left || !right || readValue(left, scope, r, depth + 1).kind !== 'unknown') return undefined;
  const v = readValue(right, scope, r, depth + 1);
  if (v.kind === 'number') return { ...v, raw: `${right.text} (the fallback of ${op})`, ...spanOf(right) };
  return v.kind === 'string' ? v : undefined;
}
