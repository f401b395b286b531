/** Small readers the extractor tests share: arguments by name, source text under a span, typed values. */
import assert from 'node:assert/strict';
import type { CallSite, StringValue, Value } from '../../server/src/analysis/types';

export const arg = (site: CallSite | undefined, name: string) => site?.args.find((a) => a.name === name);

export const at = (text: string, v: { offset: number; length: number }) => text.slice(v.offset, v.offset + v.length);

/** The source text a string value's content maps to, character by character. */
export const mapped = (text: string, v: StringValue) => [...v.value].map((_, i) => text.charAt(v.map ? v.map(i) : v.offset + 1 + i)).join('');

export function str(v: Value | undefined): StringValue {
  assert.equal(v?.kind, 'string', `expected a string value, got ${v?.kind}`);
  return v as StringValue;
}

export function num(v: Value | undefined): number {
  assert.equal(v?.kind, 'number', `expected a number value, got ${v?.kind}`);
  return (v as Value & { kind: 'number' }).value;
}
