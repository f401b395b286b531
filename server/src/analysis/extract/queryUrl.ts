/**
 * STS query-API requests written as URLs or query strings, in any text: code, docs, HTTP files
 * (`https://sts.amazonaws.com/?Version=2011-06-15&Action=AssumeRole&DurationSeconds=7200&...`), and
 * console federation sign-in requests (`Action=getSigninToken&SessionDuration=...`).
 * A URL is data, not code, so a scan of the text is the right parser here.
 */
import type { Argument, ArrayValue, CallSite, Extractor, ObjectValue, SiteKind, Span, StringValue, Value } from '../types';
import { RegionBuilder, remapSites, type Region } from './embedded';

const ACTIONS: Record<string, SiteKind> = {
  AssumeRole: 'AssumeRole',
  AssumeRoleWithWebIdentity: 'AssumeRoleWithWebIdentity',
  AssumeRoleWithSAML: 'AssumeRoleWithSAML',
  GetSessionToken: 'GetSessionToken',
  GetFederationToken: 'GetFederationToken',
  AssumeRoot: 'AssumeRoot',
  GetWebIdentityToken: 'GetWebIdentityToken',
  getSigninToken: 'ConsoleFederation',
};

const ACTION_RE = /(?:^|[?&;\s"'`])Action=(\w+)/g;
/** Template placeholders mean the value is filled in at run time. */
const PLACEHOLDER = /\.\.\.|…|\$\{|\{\{|%[sd]\b|<[^<>]*>|\$[A-Za-z_]/;

/** Characters that end a URL written in text: whitespace, quotes, brackets, `\`, `|`. */
function isUrlChar(code: number): boolean {
  switch (code) {
    case 34: // "
    case 39: // '
    case 96: // `
    case 60: // <
    case 62: // >
    case 40: // (
    case 41: // )
    case 92: // \
    case 124: // |
      return false;
    default:
      return !(code <= 32 || code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff);
  }
}

interface Param {
  name: string;
  nameSpan: Span;
  value: StringValue | undefined;
  span: Span;
}

export const queryUrlExtractor: Extractor = {
  grammars: [],
  extract(text) {
    if (!text.includes('Action=')) return [];
    // A request printed one parameter a line (as the STS API reference prints them) is read joined.
    const blocks = multiLineRequests(text);
    const inBlock = (offset: number): boolean => blocks.some((b) => offset >= (b.offsets[0] ?? 0) && offset < (b.offsets[b.text.length] ?? 0));
    const sites = singleLineSites(text).filter((s) => !inBlock(s.span.offset));
    for (const block of blocks) sites.push(...remapSites(singleLineSites(block.text), block, text));
    return sites.sort((a, b) => a.span.offset - b.span.offset);
  },
};

function singleLineSites(text: string): CallSite[] {
  const sites: CallSite[] = [];
  // The end of the last URL read: a later `Action=` before it is in the same URL. Each character is
  // scanned once, however many `Action=` a 400 KB line holds.
  let coveredEnd = 0;
  for (const m of text.matchAll(ACTION_RE)) {
    const action = m[1] ?? '';
    const kind = ACTIONS[action];
    if (!kind) continue;
    const actionOffset = m.index + m[0].length - action.length - 'Action='.length;
    if (actionOffset < coveredEnd) continue;
    let start = actionOffset;
    while (start > coveredEnd && isUrlChar(text.charCodeAt(start - 1))) start--;
    const end = tokenEnd(text, actionOffset);
    coveredEnd = end;
    const site = siteOfToken(text, start, end, kind, actionOffset, action.length);
    if (site) sites.push(site);
  }
  return sites;
}

/**
 * Where a request token ends: at the first character a URL cannot hold, except that a value written
 * as unencoded JSON (`Policy={"Version": ...}`) runs to its closing bracket, spaces and quotes included.
 */
function tokenEnd(text: string, from: number): number {
  let end = from;
  // One failed JSON scan per token at most: hostile text with many `={` stays linear.
  let jsonTried = false;
  while (end < text.length) {
    const c = text.charAt(end);
    if (!jsonTried && (c === '{' || c === '[') && text.charAt(end - 1) === '=') {
      const close = jsonEnd(text, end, Math.min(text.length, end + 20000));
      if (close > end) {
        end = close;
        continue;
      }
      jsonTried = true;
    }
    if (!isUrlChar(text.charCodeAt(end))) break;
    end++;
  }
  return end;
}

/** The offset just past the JSON object or array opening at `from`, or `from` when it does not close. */
function jsonEnd(text: string, from: number, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = from; i < limit; i++) {
    const c = text.charAt(i);
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      else if (c === '\n') return from;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    } else if (c === '\n') return from;
  }
  return from;
}

/**
 * Requests spread over lines, one parameter a line (`https://sts.amazonaws.com/` then `?Version=...`,
 * `&Action=AssumeRole`, ...): the lines joined without their breaks and indentation, each character
 * mapped to the document.
 */
function multiLineRequests(text: string): Region[] {
  const out: Region[] = [];
  const lines: { start: number; end: number }[] = [];
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    lines.push({ start, end });
    if (nl < 0) break;
    start = nl + 1;
  }
  const param = /^\s*[?&][A-Za-z][\w.]*(=|\s*$)/;
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i] as { start: number; end: number };
    let j = i + 1;
    while (j < lines.length && param.test(text.slice((lines[j] as { start: number }).start, (lines[j] as { end: number }).end))) j++;
    if (j - i < 3) continue;
    const body = lines.slice(i, j);
    if (!body.some((l) => /[?&]Action=/.test(text.slice(l.start, l.end)))) continue;
    const b = new RegionBuilder();
    // The first line joins only when it is the URL the parameters belong to (`https://host/`).
    const head = text.slice(first.start, first.end);
    const url = trailingUrl(head);
    if (url) b.take(text, first.start + url.start, first.start + url.end);
    for (const l of body.slice(1)) {
      const lineText = text.slice(l.start, l.end);
      const lead = lineText.length - lineText.trimStart().length;
      const trail = lineText.trimEnd().length;
      b.take(text, l.start + lead, l.start + trail);
    }
    const last = body[body.length - 1] as { start: number; end: number };
    const region = b.finish(last.start + text.slice(last.start, last.end).trimEnd().length);
    // Placeholders the docs print for the signature (`&AUTHPARAMS`) are not parameters.
    out.push(region);
    i = j - 1;
  }
  return out;
}

function siteOfToken(text: string, start: number, end: number, kind: SiteKind, actionOffset: number, actionLength: number): CallSite | undefined {
  const token = text.slice(start, end);
  const q = token.indexOf('?');
  const queryStart = q >= 0 && q < actionOffset - start ? start + q + 1 : start;
  const params = readParams(text, queryStart, end).filter((p) => p.name !== 'AUTHPARAMS');
  const version = params.find((p) => p.name === 'Version')?.value?.value;
  // Another STS API (Alibaba Cloud's is 2015-04-01) has other parameters and limits.
  if (version !== undefined && version !== '2011-06-15' && kind !== 'ConsoleFederation') return undefined;
  const args = toArguments(params);
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+/i.exec(token)?.[0];
  const after = text.slice(end, end + 40);
  const concatenated = /^["'`]?\s*(\+|\.\.|\$\{)/.test(after) || /[=&]$/.test(token) || PLACEHOLDER.test(token);
  return {
    kind,
    span: { offset: actionOffset, length: 'Action='.length + actionLength },
    args,
    argsComplete: !concatenated && kind !== 'ConsoleFederation',
    nameStyle: 'query',
    insertAt: { offset: end, prefix: '&', suffix: '', assign: '=', quote: '' },
    label: kind === 'ConsoleFederation' ? 'getSigninToken request' : `${kind} query request`,
    ...(origin !== undefined ? { endpoint: PLACEHOLDER.test(origin) ? '' : origin } : {}),
  };
}

function readParams(text: string, from: number, to: number): Param[] {
  const params: Param[] = [];
  let i = from;
  // The next `=` at or after i, kept between parameters: `&a&b&c…` without one must not rescan the rest.
  let eq = -1;
  while (i < to) {
    let j = text.indexOf('&', i);
    if (j < 0 || j > to) j = to;
    if (eq !== Infinity && eq < i) {
      eq = text.indexOf('=', i);
      if (eq < 0 || eq >= to) eq = Infinity;
    }
    if (eq > i && eq < j) {
      const name = text.slice(i, eq);
      params.push({ name, nameSpan: { offset: i, length: eq - i }, value: decode(text, eq + 1, j), span: { offset: i, length: j - i } });
    } else if (j > i) {
      params.push({ name: text.slice(i, j), nameSpan: { offset: i, length: j - i }, value: undefined, span: { offset: i, length: j - i } });
    }
    i = j + 1;
  }
  return params;
}

/** Percent-decodes a query value, keeping where each decoded character came from. */
function decode(text: string, from: number, to: number): StringValue {
  const raw = text.slice(from, to);
  // Most values are plain ASCII: the value is the text itself, one character per offset.
  if (/^[\x21-\x24\x26-\x2a\x2c-\x7e]*$/.test(raw)) return { kind: 'string', value: raw, offset: from, length: to - from, map: (i) => from + Math.min(i, raw.length) };
  const starts: number[] = [];
  const bytes: number[] = [];
  const byteStarts: number[] = [];
  for (let i = 0; i < raw.length; ) {
    if (raw[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      byteStarts.push(from + i);
      i += 3;
    } else {
      const code = raw[i] === '+' ? 0x20 : raw.charCodeAt(i);
      // Plain characters go through as UTF-8 bytes so multi-byte sequences decode together.
      const enc = Buffer.from(String.fromCharCode(code), 'utf8');
      for (const b of enc) {
        bytes.push(b);
        byteStarts.push(from + i);
      }
      i += 1;
    }
  }
  // Decode UTF-8, recording the offset of the first byte of each character.
  let value = '';
  for (let b = 0; b < bytes.length; ) {
    const first = bytes[b] ?? 0;
    const len = first < 0x80 ? 1 : first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
    const ch = Buffer.from(bytes.slice(b, b + len)).toString('utf8');
    for (let k = 0; k < ch.length; k++) starts.push(byteStarts[b] ?? from);
    value += ch;
    b += len;
  }
  const lastEnd = to;
  return {
    kind: 'string',
    value,
    offset: from,
    length: to - from,
    map: (i) => (i < starts.length ? (starts[i] ?? from) : lastEnd),
  };
}

/** Groups `Tags.member.N.Key`, `TransitiveTagKeys.member.N`, `PolicyArns.member.N.arn` into lists. */
function toArguments(params: Param[]): Argument[] {
  const args: Argument[] = [];
  const lists = new Map<string, { span: Span; members: Map<number, { span: Span; fields: Map<string, Param> }> }>();
  for (const p of params) {
    if (p.name === 'Action' || p.name === 'Version') continue;
    const member = /^(\w+)\.member\.(\d+)(?:\.(\w+))?$/.exec(p.name);
    if (member) {
      const [, list = '', n = '0', field = ''] = member;
      let l = lists.get(list);
      if (!l) lists.set(list, (l = { span: { ...p.span }, members: new Map() }));
      l.span = union(l.span, p.span);
      let m = l.members.get(Number(n));
      if (!m) l.members.set(Number(n), (m = { span: { ...p.span }, fields: new Map() }));
      m.span = union(m.span, p.span);
      m.fields.set(field, p);
      continue;
    }
    args.push({ name: p.name, sourceName: p.name, span: p.span, keySpan: p.nameSpan, value: valueOf(p) });
  }
  for (const [list, l] of lists) {
    const items: Value[] = [...l.members.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, m]) => {
        const plain = m.fields.get('');
        if (plain) return valueOf(plain);
        const obj: ObjectValue = {
          kind: 'object',
          props: [...m.fields.entries()].map(([key, fp]) => ({ key, keySpan: fp.nameSpan, value: valueOf(fp) })),
          complete: true,
          offset: m.span.offset,
          length: m.span.length,
        };
        return obj;
      });
    const value: ArrayValue = { kind: 'array', items, complete: true, offset: l.span.offset, length: l.span.length };
    args.push({ name: list, sourceName: `${list}.member.N`, span: l.span, keySpan: l.span, value });
  }
  return args;
}

function valueOf(p: Param): Value {
  if (!p.value) return { kind: 'unknown', offset: p.span.offset + p.span.length, length: 0 };
  if (PLACEHOLDER.test(p.value.value)) return { kind: 'unknown', offset: p.value.offset, length: p.value.length };
  return p.value;
}

function union(a: Span, b: Span): Span {
  const start = Math.min(a.offset, b.offset);
  const end = Math.max(a.offset + a.length, b.offset + b.length);
  return { offset: start, length: end - start };
}

/**
 * The `http(s)://…` URL that ends a line (before trailing blanks), as [start, end). By hand: the search
 * `(https?:\/\/[^\s"'`<>]+)\s*$` restarted at every `http` of a long line and rescanned the rest.
 */
function trailingUrl(line: string): { start: number; end: number } | undefined {
  let end = line.length;
  while (end > 0 && /\s/.test(line.charAt(end - 1))) end--;
  let start = end;
  while (start > 0 && !/[\s"'`<>]/.test(line.charAt(start - 1))) start--;
  const token = line.slice(start, end);
  const at = token.search(/https?:\/\//);
  if (at < 0) return undefined;
  const scheme = token.startsWith('https://', at) ? 8 : 7;
  return at + scheme < token.length ? { start: start + at, end } : undefined;
}
