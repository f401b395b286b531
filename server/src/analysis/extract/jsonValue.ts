/** jsonc-parser nodes -> core Values, with offsets optionally mapped (JSON inside a string literal). */
import type { Node as JsonNode } from 'jsonc-parser';
import type { Value } from '../types';

/**
 * Converts a jsonc-parser node. `mapOffset` turns an offset in the parsed text into a document
 * offset (identity for a JSON file; through the string's map for JSON embedded in a string).
 */
export function jsonNodeToValue(node: JsonNode, text: string, mapOffset: (o: number) => number = (o) => o): Value {
  const offset = mapOffset(node.offset);
  const end = node.length > 0 ? mapOffset(node.offset + node.length - 1) + 1 : offset;
  const length = end - offset;
  switch (node.type) {
    case 'string': {
      const contentStart = node.offset + 1;
      return { kind: 'string', value: String(node.value), offset, length, map: stringContentMap(node, text, contentStart, mapOffset) };
    }
    case 'number':
      return { kind: 'number', value: Number(node.value), offset, length };
    case 'boolean':
      return { kind: 'boolean', value: Boolean(node.value), offset, length };
    case 'null':
      return { kind: 'null', offset, length };
    case 'array':
      return { kind: 'array', items: (node.children ?? []).map((c) => jsonNodeToValue(c, text, mapOffset)), complete: true, offset, length };
    case 'object': {
      const props = [];
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        if (!k) continue;
        const keyStart = mapOffset(k.offset + 1);
        const keyEnd = k.length > 2 ? mapOffset(k.offset + k.length - 2) + 1 : keyStart;
        const value: Value = v ? jsonNodeToValue(v, text, mapOffset) : { kind: 'unknown', offset: keyEnd, length: 0 };
        props.push({ key: String(k.value), keySpan: { offset: keyStart, length: keyEnd - keyStart }, value });
      }
      return { kind: 'object', props, complete: true, offset, length };
    }
    default:
      return { kind: 'unknown', offset, length };
  }
}

/**
 * Maps an index in the decoded JSON string to a document offset. Without escapes the mapping is
 * linear; with escapes (`\"`, `\u00e9`) we walk the raw text once and remember where each character began.
 */
function stringContentMap(node: JsonNode, text: string, contentStart: number, mapOffset: (o: number) => number): (i: number) => number {
  const value = String(node.value);
  if (value.length === node.length - 2) return (i) => mapOffset(contentStart + i);
  const starts: number[] = [];
  const end = node.offset + node.length - 1;
  for (let r = contentStart; r < end; ) {
    starts.push(r);
    if (text.charCodeAt(r) === 92 /* \ */) r += text.charAt(r + 1) === 'u' ? 6 : 2;
    else r += 1;
  }
  return (i) => mapOffset(i >= starts.length ? end : (starts[i] ?? contentStart));
}
