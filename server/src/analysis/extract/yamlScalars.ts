/**
 * YAML scalars as regions and values that point back at the exact characters of the file, in every
 * style a CI file uses: plain, single- and double-quoted, literal `|` and folded `>` blocks. The parser
 * gives the decoded value; this module aligns it with the source text. Every character that is not
 * whitespace must match the source (or an escape in it), so a misaligned map is impossible: when the
 * two cannot be aligned the scalar is skipped, which is silence, never a wrong range.
 */
import { isScalar, type Scalar } from 'yaml';
import type { StringValue, Value } from '../types';
import type { Region } from './embedded';

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** The source range of a scalar's content (after the block header or opening quote, before the closing quote). */
function contentRange(node: Scalar, text: string): { start: number; end: number } | undefined {
  const range = node.range;
  if (!range) return undefined;
  let [start, end] = range;
  switch (node.type) {
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      const nl = text.indexOf('\n', start);
      start = nl < 0 || nl >= end ? end : nl + 1;
      break;
    }
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      start += 1;
      end -= 1;
      break;
    default:
      break;
  }
  return start <= end ? { start, end } : undefined;
}

/** The host offset of each character of a scalar's decoded value, or undefined when they do not align. */
export function scalarOffsets(node: Scalar, text: string): number[] | undefined {
  const value = node.value;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  const decoded = typeof value === 'string' ? value : (node.source ?? String(value));
  const range = contentRange(node, text);
  if (!range) return undefined;
  const { end } = range;
  const double = node.type === 'QUOTE_DOUBLE';
  const single = node.type === 'QUOTE_SINGLE';
  const offsets: number[] = [];
  let r = range.start;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charAt(i);
    let matched = false;
    while (r < end) {
      const rc = text.charAt(r);
      if (double && rc === '\\') {
        const next = text.charAt(r + 1);
        if (next === '\n' || next === '\r') {
          // An escaped line break: nothing in the value; skip it and the next line's indentation.
          r += next === '\r' && text.charAt(r + 2) === '\n' ? 3 : 2;
          while (r < end && (text.charAt(r) === ' ' || text.charAt(r) === '\t')) r++;
          continue;
        }
        const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
        const seqEnd = r + 2 + hex;
        const out = hex ? String.fromCodePoint(parseInt(text.slice(r + 2, seqEnd), 16) || 0) : DOUBLE_ESCAPES[next];
        if (out === undefined || decoded.slice(i, i + out.length) !== out) return undefined;
        for (let k = 0; k < out.length; k++) offsets.push(r);
        i += out.length - 1;
        r = seqEnd;
        matched = true;
        break;
      }
      if (single && rc === "'" && c === "'" && text.charAt(r + 1) === "'") {
        offsets.push(r);
        r += 2;
        matched = true;
        break;
      }
      if (rc === c || (isSpace(c) && isSpace(rc))) {
        offsets.push(r);
        r += 1;
        matched = true;
        break;
      }
      // Only indentation, folded line breaks and trailing blanks may be skipped.
      if (!isSpace(rc)) return undefined;
      r += 1;
    }
    if (!matched) {
      if (!isSpace(c)) return undefined;
      offsets.push(end); // a kept final line break past the content
    }
  }
  // Whatever is left must be whitespace (chomped line breaks, trailing indentation).
  for (let k = r; k < end; k++) if (!isSpace(text.charAt(k))) return undefined;
  offsets.push(Math.min(r, end));
  return offsets;
}

/** A scalar as a region for an embedded language; undefined when it is not a string or cannot be aligned. */
export function scalarRegion(node: unknown, text: string): Region | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const offsets = scalarOffsets(node, text);
  if (!offsets) return undefined;
  return { text: node.value, offsets, unknownZones: expressionZones(node.value, offsets) };
}

/**
 * A scalar as a core Value: a string with a map to its characters, a number, a boolean. A string with
 * a `${{ … }}` expression (filled in by the CI runner) is not a literal.
 */
export function scalarValue(node: unknown, text: string): Value | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [start, , nodeEnd] = node.range;
  const valueEnd = node.range[1] ?? nodeEnd;
  const span = { offset: start, length: Math.max(valueEnd - start, 0) };
  const v = node.value;
  if (typeof v === 'number' && node.type === 'PLAIN') return { kind: 'number', value: v, ...span };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v, ...span };
  if (v === null) return { kind: 'null', ...span };
  if (typeof v !== 'string') return { kind: 'unknown', ...span };
  if (v.includes('${{')) return { kind: 'unknown', ...span };
  const offsets = scalarOffsets(node, text);
  if (!offsets) return { kind: 'unknown', ...span };
  const str: StringValue = { kind: 'string', value: v, ...span, map: (i) => offsets[Math.min(Math.max(i, 0), offsets.length - 1)] ?? start };
  return str;
}

/** The host spans of `${{ … }}` expressions in a decoded scalar. */
function expressionZones(value: string, offsets: readonly number[]): { offset: number; length: number }[] {
  const zones: { offset: number; length: number }[] = [];
  for (let at = value.indexOf('${{'); at >= 0; at = value.indexOf('${{', at + 3)) {
    const close = value.indexOf('}}', at + 3);
    const end = close < 0 ? value.length : close + 2;
    const from = offsets[at] ?? 0;
    const to = (offsets[end - 1] ?? from) + 1;
    zones.push({ offset: from, length: to - from });
  }
  return zones;
}

/**
 * The region text with each `${{ … }}` expression replaced by a shell variable of the same length
 * (`$________`): the shell then sees an expansion, not a syntax error, and offsets stay one to one.
 */
export function maskExpressions(region: Region): Region {
  if (!region.text.includes('${{')) return region;
  // By hand: each `${{` to the first `}}` after it (a regex search restarts at every `${{` left open).
  const src = region.text;
  let text = '';
  let copied = 0;
  for (let start = src.indexOf('${{'); start >= 0; start = src.indexOf('${{', copied)) {
    const close = src.indexOf('}}', start + 3);
    if (close < 0) break;
    text += src.slice(copied, start) + '$' + '_'.repeat(close + 1 - start);
    copied = close + 2;
  }
  return { ...region, text: text + src.slice(copied) };
}
