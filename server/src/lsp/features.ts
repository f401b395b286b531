/**
 * Hovers, completions and quick fixes over the call sites and findings of one document. Offsets in,
 * offsets out: the caller (server.ts) turns them into LSP positions.
 */
import { humanDuration } from '../analysis/limits';
import { spell } from '../analysis/values';
import type { CallSite, Finding, RoleFacts, Span } from '../analysis/types';
import { PROFILE_SETTINGS, SITE_PARAMETERS, parameterHover, parameterSummary, validDurations, durationBounds } from './parameters';

export interface HoverResult {
  markdown: string;
  span: Span;
}

const INI_LANGUAGES = new Set(['aws-config', 'aws-credentials', 'ini']);

function contains(span: Span, offset: number): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}

/** Hover on a recognized argument (its name or its value). */
export function hoverAt(sites: readonly CallSite[], offset: number, facts: RoleFacts): HoverResult | undefined {
  for (const site of sites) {
    for (const arg of site.args) {
      const inValue = contains(arg.value, offset) && arg.value.length > 0;
      if (contains(arg.keySpan, offset) || inValue || contains(arg.span, offset)) {
        return { markdown: parameterHover(site, arg.name, facts), span: inValue ? { offset: arg.value.offset, length: arg.value.length } : arg.keySpan };
      }
    }
  }
  return undefined;
}

/** Where a site's argument list ends: the closing bracket after its last argument, or the profile's end. */
export function siteExtent(text: string, languageId: string, site: CallSite): Span {
  const start = site.span.offset;
  if (INI_LANGUAGES.has(languageId)) {
    const next = /^[ \t]*\[/gm;
    next.lastIndex = text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start);
    const m = next.exec(text);
    const end = m ? m.index : text.length;
    return { offset: start, length: end - start };
  }
  let anchor = site.span.offset + site.span.length;
  for (const a of site.args) anchor = Math.max(anchor, a.span.offset + a.span.length, a.value.offset + a.value.length);
  if (site.insertAt) anchor = Math.max(anchor, site.insertAt.offset);
  let i = anchor;
  while (i < text.length && /[\s,;]/.test(text.charAt(i))) i++;
  const end = i < text.length && /[)}\]]/.test(text.charAt(i)) ? i : anchor;
  return { offset: start, length: end - start };
}

export type CompletionKind = 'parameter' | 'value';

export interface CompletionCandidate {
  kind: CompletionKind;
  label: string;
  insertText: string;
  detail: string;
  documentation?: string;
  /** Replace this span instead of the word before the cursor. */
  replace?: Span;
  sortText: string;
  /** Shown beside the label in the list: the human form of a value (" 1 h") and why it is offered. */
  labelDetails?: { detail?: string; description?: string };
}

/**
 * A duration key right before the cursor, then its digits so far. One `\s*` per gap and the
 * separator inside an optional group make each way through unambiguous: two adjacent `\s*` (the old
 * form) split a run of spaces every possible way, 8.7 s on a line of 40,000 spaces.
 */
export const DURATION_KEY = /(duration_seconds|DurationSeconds|durationSeconds|--duration-seconds|-DurationInSeconds|max_session_duration|MaxSessionDuration|maxSessionDuration|SessionDuration)["']?\s*(?:(?:[:=]|=>)\s*)?["']?(\d*)$/;

/** Completions at an offset: parameter names inside a call or profile, valid durations in a duration value. */
export function completionsAt(text: string, languageId: string, sites: readonly CallSite[], offset: number, facts: RoleFacts): CompletionCandidate[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const site = innermostSite(text, languageId, sites, offset);

  const durationMatch = DURATION_KEY.exec(before);
  if (durationMatch) {
    const digits = durationMatch[2] ?? '';
    const target = site ?? (INI_LANGUAGES.has(languageId) ? syntheticProfileSite(offset) : undefined);
    if (!target) return [];
    const replace = { offset: offset - digits.length, length: digits.length + (/^\d*/.exec(text.slice(offset))?.[0].length ?? 0) };
    return validDurations(target, facts).map((d, i) => ({
      kind: 'value',
      label: String(d.value),
      insertText: String(d.value),
      detail: d.label,
      labelDetails: { detail: ` (${d.human})`, ...(d.why ? { description: d.why } : {}) },
      replace,
      sortText: String(i).padStart(3, '0'),
    }));
  }

  // Only where a name can start: the line so far is indentation (plus a partial name).
  const partial = /^[ \t]*(?:-{0,2}|\.)?([A-Za-z_]*)$/.exec(before) ?? /[{(,][ \t]*([A-Za-z_]*)$/.exec(before);
  if (!partial) return [];
  if (INI_LANGUAGES.has(languageId)) return profileSettingCompletions(text, offset);
  if (!site) return [];
  const present = new Set(site.args.map((a) => a.name));
  const assign = site.insertAt?.assign ?? (site.nameStyle === 'kebab' ? ' ' : site.nameStyle === 'snake' && languageId === 'python' ? '=' : ': ');
  return (SITE_PARAMETERS[site.kind] ?? [])
    .filter((p) => !present.has(p))
    .map((p, i) => {
      const name = spell(p, site.nameStyle);
      return { kind: 'parameter' as const, label: name, insertText: `${name}${assign}`, detail: `${site.kind} parameter`, documentation: parameterSummary(p), sortText: String(i).padStart(3, '0') };
    });
}

function innermostSite(text: string, languageId: string, sites: readonly CallSite[], offset: number): CallSite | undefined {
  let best: { site: CallSite; extent: Span } | undefined;
  for (const site of sites) {
    const extent = siteExtent(text, languageId, site);
    if (!contains(extent, offset)) continue;
    if (!best || extent.length < best.extent.length) best = { site, extent };
  }
  return best?.site;
}

/** A profile without role_arn is no call site yet; its durations still follow AssumeRole. */
function syntheticProfileSite(offset: number): CallSite {
  return { kind: 'AssumeRole', span: { offset, length: 0 }, args: [], argsComplete: false, nameStyle: 'snake' };
}

/** Settings of the `[profile ...]` section around the offset that are not written yet. */
function profileSettingCompletions(text: string, offset: number): CompletionCandidate[] {
  // Section headers line by line: a multiline regex treats `\r` as a line start too, and on `[\r[\r…`
  // rescanned the rest of the text from every one (3.4 s for 80 KB).
  let header: { index: number; name: string } | undefined;
  let end = text.length;
  for (let lineStart = 0; lineStart <= text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let k = lineStart;
    while (k < lineEnd && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    const close = text.charCodeAt(k) === 91 /* [ */ ? text.indexOf(']', k) : -1;
    if (close >= 0 && close < lineEnd) {
      if (lineStart < offset) header = { index: lineStart, name: text.slice(k + 1, close) };
      else {
        end = lineStart;
        break;
      }
    }
    lineStart = lineEnd + 1;
  }
  if (!header) return [];
  const name = header.name.trim();
  if (/^(sso-session|services)\b/.test(name)) return [];
  const body = text.slice(header.index, end);
  const present = new Set([...body.matchAll(/^[ \t]*([A-Za-z_]+)[ \t]*=/gm)].map((m) => m[1]));
  return PROFILE_SETTINGS.filter((s) => !present.has(s.setting)).map((s, i) => ({
    kind: 'parameter' as const,
    label: s.setting,
    insertText: `${s.setting} = `,
    detail: s.param ? `AssumeRole ${s.param}` : 'AWS CLI profile setting',
    documentation: s.doc,
    sortText: String(i).padStart(3, '0'),
  }));
}

export interface TextEditOffsets {
  offset: number;
  length: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEditOffsets[];
  preferred?: boolean;
  finding: Finding;
}

/** Line comment syntax per language; undefined where comments are not allowed (JSON). */
export function lineComment(languageId: string): string | undefined {
  switch (languageId) {
    case 'python':
    case 'ruby':
    case 'shellscript':
    case 'powershell':
    case 'yaml':
    case 'aws-config':
    case 'aws-credentials':
    case 'ini':
    case 'terraform':
    case 'makefile':
    case 'dockerfile':
      return '#';
    case 'json':
    case 'plaintext':
    // A comment in a doc would have to be in the language of the code block it sits in.
    case 'markdown':
    case 'restructuredtext':
      return undefined;
    default:
      return '//';
  }
}

export const TRUSTED_INTERMEDIARY_NOTE = 'sent through a trusted intermediary';

function fixSpan(f: Finding): Span {
  const rs = f.data?.replaceSpan as Span | undefined;
  return rs && typeof rs.offset === 'number' && typeof rs.length === 'number' ? rs : { offset: f.offset, length: f.length };
}

function numberTitle(text: string): string {
  return /^\d+$/.test(text) ? `${text} (${humanDuration(Number(text)).replace(/^\d+ s = /, '')})` : `"${text}"`;
}

/** The quick fixes a finding's data allows. */
export function quickFixes(text: string, languageId: string, finding: Finding, sites: readonly CallSite[], facts: RoleFacts): QuickFix[] {
  const data = finding.data ?? {};
  const out: QuickFix[] = [];
  const span = fixSpan(finding);
  if (typeof data.replacement === 'string') {
    const isDuration = /duration/.test(finding.ruleId);
    const title = typeof data.title === 'string'
      ? data.title
      : isDuration
      ? data.roleMax !== undefined
        ? `Set to the role's maximum ${numberTitle(data.replacement)}`
        : `Clamp to ${numberTitle(data.replacement)}`
      : `Replace with ${numberTitle(data.replacement)}`;
    out.push({ title, edits: [{ ...span, newText: data.replacement }], preferred: true, finding });
  }
  for (const alt of data.alternatives ?? []) out.push({ title: alt.title, edits: [{ ...span, newText: alt.replacement }], finding });
  // A duration over a known role maximum can also be clamped to the role's max when the rule only gave the API bound.
  if (/^duration-/.test(finding.ruleId) && data.roleMax === undefined) {
    const site = sites.find((s) => s.args.some((a) => a.name === 'DurationSeconds' && a.value.offset <= finding.offset && finding.offset <= a.value.offset + a.value.length));
    const bounds = site ? durationBounds(site, facts) : undefined;
    if (bounds?.roleFact && String(bounds.max) !== data.replacement && typeof data.replacement === 'string') {
      out.push({ title: `Set to the role's maximum ${numberTitle(String(bounds.max))}`, edits: [{ ...span, newText: String(bounds.max) }], finding });
    }
  }
  if (data.remove) {
    const what = text.slice(data.remove.offset, data.remove.offset + data.remove.length).match(/[-\w]+/)?.[0] ?? 'the argument';
    const title = finding.ruleId === 'unsigned-call-policy' ? `Remove ${what} from this unsigned call` : `Remove ${what}`;
    out.push({ title, edits: [removalEdit(text, data.remove)], preferred: out.length === 0, finding });
  }
  if (data.insert) {
    const missing = Array.isArray(data.missing) ? (data.missing as string[]).join(', ') : data.insert.text.trim().split(/[:=\s]/)[0];
    out.push({ title: `Add missing ${missing}`, edits: [{ offset: data.insert.offset, length: 0, newText: data.insert.text }], preferred: true, finding });
  }
  const comment = lineComment(languageId);
  if (comment) {
    const lineStart = text.lastIndexOf('\n', finding.offset - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const note = finding.ruleId === 'unsigned-call-policy' ? ` -- ${TRUSTED_INTERMEDIARY_NOTE}` : '';
    const title = finding.ruleId === 'unsigned-call-policy' ? 'Keep the policy: the request goes through a trusted intermediary' : `Disable ${finding.ruleId} for this line`;
    out.push({ title, edits: [{ offset: lineStart, length: 0, newText: `${indent}${comment} sts-lens-disable-next-line ${finding.ruleId}${note}${eol}` }], finding });
  }
  return out;
}

/**
 * Removes an argument with its separator: the comma after it (or before it, for the last one), and
 * the whole line when nothing else is left on it.
 */
export function removalEdit(text: string, span: Span): TextEditOffsets {
  let start = span.offset;
  let end = span.offset + span.length;
  const after = /^[ \t]*,/.exec(text.slice(end));
  if (after) end += after[0].length;
  else {
    const before = /,[ \t]*$/.exec(text.slice(Math.max(0, start - 200), start));
    const lineBefore = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
    if (before && !/^[ \t]*$/.test(lineBefore)) start -= before[0].length;
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl === -1 ? text.length : nl;
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?$/.test(text.slice(end, lineEnd))) {
    start = lineStart;
    end = nl === -1 ? text.length : nl + 1;
  }
  return { offset: start, length: end - start, newText: '' };
}
