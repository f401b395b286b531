/** Helpers shared by the rules: which sites are STS calls, how to name a parameter, string checks. */
import { DURATION_LIMITS, type StringLimit } from '../limits';
import type { Argument, CallSite, Rule, RuleContext, Span, StringValue, StsApi } from '../types';
import { excerpt, getArg, literalNumber, nonFiniteNumber, quote, spell, stringSpan } from '../values';

export function isStsCall(site: CallSite): site is CallSite & { kind: StsApi } {
  return site.kind in DURATION_LIMITS;
}

/** The parameter name as the user writes it here: `DurationSeconds`, `duration_seconds`, `--duration-seconds`. */
export function nameOf(site: CallSite, arg: Argument | undefined, canonical: string): string {
  return arg?.sourceName !== undefined ? excerpt(arg.sourceName) : spell(canonical, site.nameStyle);
}

/** Each literal string argument with this canonical name, on sites of the given kinds. */
export function* stringArgs(ctx: RuleContext, name: string, kinds?: readonly string[]): Generator<{ site: CallSite; arg: Argument; value: StringValue }> {
  for (const site of ctx.sites) {
    if (kinds && !kinds.includes(site.kind)) continue;
    for (const arg of site.args) {
      if (arg.name === name && arg.value.kind === 'string') yield { site, arg, value: arg.value };
    }
  }
}

/** Each literal numeric argument with this canonical name. */
export function* numberArgs(ctx: RuleContext, name: string, kinds?: readonly string[]): Generator<{ site: CallSite; arg: Argument; value: number }> {
  for (const site of ctx.sites) {
    if (kinds && !kinds.includes(site.kind)) continue;
    const arg = getArg(site, name);
    const value = literalNumber(arg?.value);
    if (arg && value !== undefined) yield { site, arg, value };
  }
}

/**
 * Reports each argument with this name whose literal is a number but not a finite one (Infinity, NaN):
 * the range rules' bounds say nothing about it, yet the call fails all the same.
 */
export function reportNonFinite(ctx: RuleContext, name: string, allowed: (site: CallSite) => { min: number; max: number; context: string } | undefined, kinds?: readonly string[]): void {
  for (const site of ctx.sites) {
    if (kinds && !kinds.includes(site.kind)) continue;
    const arg = getArg(site, name);
    const value = nonFiniteNumber(arg?.value);
    if (!arg || value === undefined) continue;
    const range = allowed(site);
    if (!range) continue;
    // As written: the expression (`0 / 0`), the digits of a string, or the literal's own text (`1e309`).
    const v = arg.value;
    const written = v.kind === 'number' ? (v.raw ?? ctx.text.slice(v.offset, v.offset + v.length)).trim() || String(value) : v.kind === 'string' ? v.value.trim() : String(value);
    const what = Number.isNaN(value) ? 'is not a number (NaN)' : `overflows to ${value > 0 ? '' : '-'}Infinity`;
    ctx.report({
      ...valueSpan(arg),
      message: `${nameOf(site, arg, name)} ${excerpt(written)} ${what}: it must be a whole number of seconds, ${range.min}–${range.max} ${range.context}.`,
    });
  }
}

/**
 * The span a replacement of a numeric value should cover and the text to put there, or undefined when
 * the value is a form we cannot rewrite faithfully (`"13h"`). A product with one integer factor
 * (`36 * HOUR`, `2 * time.Hour`, `12 * 60 * 60`) keeps its form: that factor is scaled, so units and
 * named constants stay. Any other expression (`TWELVE_HOURS + 1`) is replaced by the plain number, except
 * a Go `time.Duration` expression, where a bare number would mean nanoseconds.
 */
export function numberReplacement(arg: Argument, seconds: number): { span: Span; text: string } | undefined {
  const v = arg.value;
  if (v.kind === 'number' && v.raw === undefined) return { span: { offset: v.offset, length: v.length }, text: String(seconds) };
  if (v.kind === 'number' && v.raw !== undefined) {
    const span = { offset: v.offset, length: v.length };
    const scaled = scaleProduct(v.raw, v.value, seconds);
    if (scaled) return { span, text: scaled };
    if (/\btime\.[A-Z]/.test(v.raw) || /[\r\n]/.test(v.raw)) return undefined;
    return { span, text: String(seconds) };
  }
  if (v.kind === 'string' && /^\s*-?\d+\s*$/.test(v.value)) {
    const start = v.value.search(/[-\d]/);
    const digits = v.value.trim();
    return { span: stringSpan(v, start, start + digits.length), text: String(seconds) };
  }
  return undefined;
}

/** `36 * HOUR` worth 129600, to 43200 -> `12 * HOUR`; undefined when no integer factor scales exactly. */
function scaleProduct(raw: string, value: number, target: number): string | undefined {
  const factors = raw.split('*');
  if (factors.length < 2 || raw.includes('**') || /[+\-/%()]/.test(raw.replace(/\btime\.\w+/g, ''))) return undefined;
  for (let i = 0; i < factors.length; i++) {
    const m = /^(\s*)(\d+)(\s*)$/.exec(factors[i]!);
    if (!m) continue;
    const factor = Number(m[2]);
    if (factor === 0 || value % factor !== 0) continue;
    const unit = value / factor;
    if (unit === 0 || target % unit !== 0) continue;
    const next = [...factors];
    next[i] = `${m[1]}${target / unit}${m[3]}`;
    return next.join('*');
  }
  return undefined;
}

/** Where a finding about a value points: the content of a string, the whole of anything else. */
export function valueSpan(arg: Argument): Span {
  const v = arg.value;
  if (v.kind === 'string') return stringSpan(v);
  return { offset: v.offset, length: Math.max(v.length, 1) };
}

/**
 * Checks length and characters of a string parameter; returns the problem in words, or undefined.
 * Characters are reported by the first offender so the message can quote it.
 */
export function stringProblem(value: string, limit: StringLimit): string | undefined {
  return lengthProblem(value, limit) ?? charsProblem(value, limit);
}

export function lengthProblem(value: string, limit: StringLimit): string | undefined {
  const length = [...value].length;
  if (length < limit.min) return `is ${length} character${length === 1 ? '' : 's'} long; it must have at least ${limit.min}`;
  if (length > limit.max) return `is ${length} characters long; the limit is ${limit.max}`;
  return undefined;
}

export function charsProblem(value: string, limit: StringLimit): string | undefined {
  if (limit.chars && !limit.chars.test(value)) {
    const bad = [...value].find((c) => !allowedChar(c, limit));
    const what = bad === undefined ? 'a character' : bad === ' ' ? 'a space' : /\s/.test(bad) ? 'whitespace' : quote(bad);
    return `contains ${what}, which is not allowed (allowed: ${limit.charsText})`;
  }
  return undefined;
}

function allowedChar(c: string, limit: StringLimit): boolean {
  return !limit.chars || limit.chars.test(c);
}

/** Replaces disallowed characters with `-` and cuts to the maximum: a suggested repaired value. */
export function repairString(value: string, limit: StringLimit): string | undefined {
  if (!limit.chars) return undefined;
  let out = [...value].map((c) => (allowedChar(c, limit) ? c : '-')).join('');
  out = out.slice(0, limit.max);
  if (out.length < limit.min) return undefined;
  return out;
}

export function fmtRange(min: number, max: number, unit = ''): string {
  return `${min}–${max}${unit}`;
}

/**
 * A rule that checks one string parameter against its length and character limits (one file per rule
 * still: each names its limit; the checking is the same).
 */
export function stringParamRule(spec: {
  id: Rule['id'];
  param: string;
  limit: StringLimit;
  description: string;
  limitText: string;
  kinds?: readonly string[];
  extraProblem?: (value: string) => string | undefined;
}): Rule {
  return {
    id: spec.id,
    description: spec.description,
    limit: spec.limitText,
    defaultSeverity: 'error',
    check(ctx) {
      for (const { site, arg, value } of stringArgs(ctx, spec.param, spec.kinds)) {
        // The specific problem (reserved `aws:` prefix, ARN shape) before the generic character check,
        // which would otherwise hide it (":" is not an allowed character either).
        const problem = lengthProblem(value.value, spec.limit) ?? spec.extraProblem?.(value.value) ?? charsProblem(value.value, spec.limit);
        if (!problem) continue;
        const repaired = repairString(value.value, spec.limit);
        ctx.report({
          ...stringSpan(value),
          message: `${nameOf(site, arg, spec.param)} ${quote(value.value)} ${problem}.`,
          data: repaired && repaired !== value.value && !spec.extraProblem?.(repaired) ? { replacement: repaired } : undefined,
        });
      }
    },
  };
}

/** A numeric value as the user wrote it, with seconds when the source is an expression: `2 * time.Hour (= 7200 s)`. */
export function shownValue(arg: Argument, seconds: number): string {
  const v = arg.value;
  if (v.kind === 'number' && v.raw !== undefined && v.raw.trim() !== String(seconds)) return `${excerpt(v.raw.trim())} (= ${seconds} s)`;
  return String(seconds);
}
