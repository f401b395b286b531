/** Small readers over call sites and values, shared by the rules. */
import type { Argument, CallSite, NameStyle, Span, StringValue, Value } from './types';

export function getArg(site: CallSite, name: string): Argument | undefined {
  return site.args.find((a) => a.name === name);
}

export function hasArg(site: CallSite, name: string): boolean {
  return site.args.some((a) => a.name === name);
}

/** The number a value literally is: a number literal, or a string of digits (INI, query strings, CLI). */
export function literalNumber(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.kind === 'number') return Number.isFinite(v.value) ? v.value : undefined;
  if (v.kind === 'string' && /^\s*-?\d+\s*$/.test(v.value)) {
    const n = Number(v.value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * A literal that is a number but not a finite one: `1e309` and a 400-digit string overflow to
 * Infinity, `0 / 0` folds to NaN. No STS parameter accepts either; {@link literalNumber} skips them.
 */
export function nonFiniteNumber(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.kind === 'number') return Number.isFinite(v.value) ? undefined : v.value;
  if (v.kind === 'string' && /^\s*-?\d+\s*$/.test(v.value)) {
    const n = Number(v.value);
    return Number.isFinite(n) ? undefined : n;
  }
  return undefined;
}

export function literalString(v: Value | undefined): string | undefined {
  return v && v.kind === 'string' ? v.value : undefined;
}

/** The document offset of character `index` of a string value's content. */
export function stringOffset(v: StringValue, index: number): number {
  if (v.map) return v.map(index);
  return v.offset + 1 + index;
}

/** The span of the content characters [start, end) of a string value. */
export function stringSpan(v: StringValue, start = 0, end = v.value.length): Span {
  if (v.value.length === 0) return { offset: v.offset, length: v.length };
  const from = stringOffset(v, start);
  let to = end > start ? stringOffset(v, end - 1) + 1 : from;
  // A last character written as several (`%23`, `\u0023`) ends where the content ends: map(length).
  if (v.map && end > start && end === v.value.length) {
    const after = v.map(end);
    if (Number.isFinite(after) && after > to && after <= v.offset + v.length) to = after;
  }
  return { offset: from, length: Math.max(to - from, 1) };
}

export function span(v: Span): Span {
  return { offset: v.offset, length: v.length };
}

/**
 * The most characters of a value a message quotes. Values come from the document (or a file it
 * references): a message shows enough to recognise one, never a whole secret, file or 1 MB line.
 */
export const MAX_QUOTED_CHARS = 40;

/**
 * A value as a message quotes it: in double quotes, at most {@link MAX_QUOTED_CHARS} characters of it
 * with an ellipsis after a cut, and control, line-break and bidirectional characters escaped so that
 * no value can forge a line of output or reorder what a terminal shows. Every message quotes through here.
 */
export function quote(value: string): string {
  return '"' + excerpt(value) + '"';
}

/** {@link quote} without the quotes: for names and expressions shown as they are written. */
export function excerpt(value: string): string {
  let out = '';
  let count = 0;
  for (const ch of value) {
    if (count === MAX_QUOTED_CHARS) return out + '…';
    out += escapeChar(ch);
    count++;
  }
  return out;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

function escapeChar(ch: string): string {
  const named = NAMED_ESCAPES[ch];
  if (named) return named;
  const cp = ch.codePointAt(0) ?? 0;
  // C0, DEL, C1, line/paragraph separators, bidi embeddings/overrides/isolates, BOM.
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0xfeff) {
    return '\\u' + cp.toString(16).padStart(4, '0');
  }
  // A lone surrogate (broken UTF-16 from a decoder) is shown as the replacement character.
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  return ch;
}

const CONTROL_CHARS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Escapes control and bidirectional characters in a whole message: every finding passes through it
 * once (in analyze), so text a message shows without {@link quote} (a profile name in a role chain)
 * cannot forge an output line either.
 */
export function escapeControls(message: string): string {
  return message.replace(CONTROL_CHARS, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')));
}

/** Spells a canonical PascalCase parameter name the way the source does. */
export function spell(name: string, style: NameStyle): string {
  switch (style) {
    case 'pascal':
    case 'query':
      return name;
    case 'camel':
      return name.charAt(0).toLowerCase() + name.slice(1);
    case 'snake':
      return words(name).join('_');
    case 'kebab':
      return '--' + words(name).join('-');
  }
}

function words(name: string): string[] {
  return name
    .replace(/SAML/g, 'Saml')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(' ')
    .map((w) => w.toLowerCase());
}

/** The canonical name of a source spelling: `duration_seconds`, `--duration-seconds`, `durationSeconds` -> `DurationSeconds`. */
export function canonicalName(sourceName: string): string {
  const cleaned = sourceName.replace(/^-+/, '');
  const parts = cleaned.split(/[_-]/).filter(Boolean);
  const pascal = parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  return pascal.replace(/^SamlAssertion$/, 'SAMLAssertion');
}

export interface TagEntry {
  key?: Value;
  value?: Value;
  span: Span;
}

/**
 * Reads session tags in any of the shapes the languages use: a list of `{Key, Value}` objects
 * (SDKs, query API), or a map `{key = "value"}` (Terraform). Undefined when the tags are not a literal.
 */
export function readTags(v: Value | undefined): { entries: TagEntry[]; complete: boolean } | undefined {
  if (!v) return undefined;
  if (v.kind === 'array') {
    const entries: TagEntry[] = [];
    for (const item of v.items) {
      if (item.kind === 'object') {
        const key = item.props.find((p) => /^key$/i.test(p.key))?.value;
        const value = item.props.find((p) => /^value$/i.test(p.key))?.value;
        entries.push({ key, value, span: span(item) });
      } else {
        entries.push({ span: span(item) });
      }
    }
    return { entries, complete: v.complete };
  }
  if (v.kind === 'object') {
    const entries = v.props.map((p) => ({
      key: { kind: 'string', value: p.key, offset: p.keySpan.offset - 1, length: p.keySpan.length + 2, map: (i: number) => p.keySpan.offset + i } as StringValue,
      value: p.value,
      span: { offset: p.keySpan.offset, length: p.value.offset + p.value.length - p.keySpan.offset },
    }));
    return { entries, complete: v.complete };
  }
  return undefined;
}

/** The items of a list argument, or undefined when it is not a literal list. */
export function readList(v: Value | undefined): { items: Value[]; complete: boolean } | undefined {
  if (!v || v.kind !== 'array') return undefined;
  return { items: v.items, complete: v.complete };
}

/** A policy ARN list item: a string, or an object `{arn: "..."}` (SDKs: `PolicyArns: [{arn}]`). */
export function policyArnValue(item: Value): Value | undefined {
  if (item.kind === 'string') return item;
  if (item.kind === 'object') return item.props.find((p) => p.key.toLowerCase() === 'arn')?.value;
  return undefined;
}
