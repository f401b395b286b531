/**
 * Size and character checks for a session policy as sent (reference/sts-limits.md, "Strings":
 * Session Policy (inline) 1..2048 plaintext characters, only \u0009 \u000A \u000D \u0020-\u00FF;
 * and the packed binary form shared with session tags and managed policy ARNs).
 */
import { deflateRawSync } from 'node:zlib';
import { SESSION_POLICY_CHARS, STRING_LIMITS } from '../limits';
import type { Span, StringValue, Value } from '../types';
import { quote, stringOffset, stringSpan } from '../values';
import { problem, type PolicyProblem } from './problems';
import { minifyPolicy } from './serialize';
import type { PolicySource } from './source';

/**
 * AWS does not publish the packed format. This estimate deflates the policy, tag and ARN text
 * together and compares it with a nominal budget; it is a heuristic to warn early, not a limit
 * AWS states (the real figure comes back as PackedPolicySize, in percent).
 */
export const PACKED_ESTIMATE = { budgetBytes: 1024, warnAtPercent: 90 } as const;

export interface PackedInputs {
  /** Tag keys and values (literal parts only). */
  tags?: { key: string; value: string }[];
  policyArns?: string[];
}

export function estimatePackedPercent(policyText: string, inputs: PackedInputs = {}): number {
  const parts = [policyText];
  for (const t of inputs.tags ?? []) parts.push(`${t.key}=${t.value}`);
  for (const a of inputs.policyArns ?? []) parts.push(a);
  const bytes = deflateRawSync(Buffer.from(parts.join('\n'), 'latin1'), { level: 9 }).length;
  return Math.round((bytes / PACKED_ESTIMATE.budgetBytes) * 100);
}

export interface SizeCheckOptions extends PackedInputs {
  /** Where to point findings about the policy as a whole (the argument's value). */
  value: Value;
}

export function checkPolicySize(src: PolicySource, options: SizeCheckOptions): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const max = STRING_LIMITS.SessionPolicy.max;
  const v = options.value;
  const whole: Span = v.kind === 'string' && v.value.length > 0 ? stringSpan(v) : { offset: v.offset, length: v.length };

  if (src.sizeAsSent > max) {
    const how = src.form === 'object' ? ` after ${src.serialization === 'python' ? 'json.dumps' : src.serialization === 'terraform' ? 'jsonencode' : 'JSON.stringify'}` : '';
    const atLeast = src.exact ? '' : 'at least ';
    const minified = src.form === 'string' && v.kind === 'string' && !v.map ? minifyPolicy(src.text) : undefined;
    const fits = minified !== undefined && minified.length <= max;
    const advice = fits ? ` Minified it is ${minified.length} characters: remove the whitespace.` : src.form === 'object' ? ' Split it into managed policies (PolicyArns) or shorten it: use wildcards, drop Sids.' : ' Shorten it: remove whitespace, use wildcards, or move parts into managed policies (PolicyArns).';
    out.push(problem('too-large', whole, `The session policy is ${atLeast}${src.sizeAsSent} characters as sent${how}; AWS accepts at most ${max}.${advice}`, fits ? { data: { replacement: minified, minifiedLength: minified.length, title: `Minify the policy (${src.sizeAsSent} → ${minified.length} characters)` } } : {}));
  }

  if (src.form === 'string' && v.kind === 'string') {
    const bad = firstBadChar(v.value);
    if (bad !== undefined) out.push(problem('invalid-character', charSpan(v, bad), badCharMessage(v.value, bad)));
  } else if (src.form === 'object' && src.serialization !== 'python') {
    // JSON.stringify and jsonencode keep non-Latin-1 characters as they are; json.dumps escapes them.
    for (const s of stringsIn(src.root)) {
      const bad = firstBadChar(s.value);
      if (bad !== undefined) {
        out.push(problem('invalid-character', charSpan(s, bad), badCharMessage(s.value, bad)));
        break;
      }
    }
  } else if (src.form === 'string' && !SESSION_POLICY_CHARS.test(src.text)) {
    const i = firstBadChar(src.text) ?? 0;
    out.push(problem('invalid-character', whole, badCharMessage(src.text, i)));
  }

  const hasExtras = (options.tags?.length ?? 0) > 0 || (options.policyArns?.length ?? 0) > 0;
  if (src.sizeAsSent <= max && hasExtras) {
    const pct = estimatePackedPercent(src.text, options);
    if (pct >= PACKED_ESTIMATE.warnAtPercent)
      out.push(
        problem('packed-size-near-limit', whole, `Estimated packed size of this policy with ${options.tags?.length ?? 0} tags and ${options.policyArns?.length ?? 0} policy ARNs: about ${pct}% of the limit (an estimate; AWS reports PackedPolicySize). The call can fail with PackedPolicyTooLarge: shorten the policy or pass fewer or shorter tags.`, { severity: 'warning', data: { estimatePercent: pct } }),
      );
  }
  return out;
}

function firstBadChar(s: string): number | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c === 0x09 || c === 0x0a || c === 0x0d || (c >= 0x20 && c <= 0xff))) return i;
  }
  return undefined;
}

function charSpan(v: StringValue, i: number): Span {
  const c = v.value.charCodeAt(i);
  const width = c >= 0xd800 && c <= 0xdbff && i + 1 < v.value.length ? 2 : 1;
  const from = stringOffset(v, i);
  // The next character's start, so an escape (`\u0100`) is covered whole.
  const to = i + width < v.value.length ? stringOffset(v, i + width) : v.map ? v.offset + v.length - 1 : from + width;
  return { offset: from, length: to - from };
}

function badCharMessage(s: string, i: number): string {
  const cp = s.codePointAt(i) ?? 0;
  const shown = cp < 0x20 ? '' : ` ${quote(String.fromCodePoint(cp))}`;
  return `The session policy contains U+${cp.toString(16).toUpperCase().padStart(4, '0')}${shown}; AWS accepts only tab, line feed, carriage return and U+0020..U+00FF. Replace it (or escape it as \\u${cp.toString(16).padStart(4, '0')} inside a JSON string if the program sends it escaped).`;
}

function* stringsIn(v: Value): Generator<StringValue> {
  if (v.kind === 'string') yield v;
  else if (v.kind === 'array') for (const i of v.items) yield* stringsIn(i);
  else if (v.kind === 'object')
    for (const p of v.props) {
      yield { kind: 'string', value: p.key, offset: p.keySpan.offset - 1, length: p.keySpan.length + 2, map: (i) => p.keySpan.offset + i };
      yield* stringsIn(p.value);
    }
}
