/**
 * The text of the AWS shared credentials file, read and edited the way the two parsers that consume it
 * read it: @smithy/core's parseIni (AWS SDK for JavaScript v3) and botocore's configparser (AWS CLI,
 * boto3). Pure: text in, text out.
 *
 * Duplicate sections: @smithy's parseIni merges every `[deploy]` section into one profile, a later key
 * overriding an earlier one; botocore (configparser strict mode) refuses the whole file: awscli 2.9.19
 * prints "Unable to parse config file" for any profile (test/unit/credential-writer.test.ts runs it).
 * So `setProfile` collapses all sections of the profile into the first one, keeping for each key the
 * value @smithy reads (the last), which is also a file the AWS CLI can read again.
 */
import type { TemporaryCredentials } from './session';

export interface ProfileEntries {
  [key: string]: string;
}

/** The keys we write for a temporary-credential profile; `expiration` is ISO 8601 UTC. */
export function credentialEntries(creds: TemporaryCredentials, extra: ProfileEntries = {}): ProfileEntries {
  return {
    aws_access_key_id: creds.accessKeyId,
    aws_secret_access_key: creds.secretAccessKey,
    aws_session_token: creds.sessionToken,
    expiration: creds.expiration.toISOString(),
    ...extra,
  };
}

/** A line without its inline comment, as @smithy cuts it (`;` or `#` at the start or after whitespace). */
function withoutComment(line: string): string {
  return line.split(/(?:^|\s)[;#]/)[0] ?? '';
}

/**
 * The section a header line opens. The name is what lies between the brackets, untrimmed (`[ x ]` is the
 * profile " x " to both parsers, not "x").
 */
function headerName(line: string): string | undefined {
  const t = withoutComment(line).trim();
  return t.length >= 2 && t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : undefined;
}

/** The key of a `key = value` line, lower-cased (botocore lower-cases option names). */
function entryKey(line: string): string | undefined {
  const t = withoutComment(line).trim();
  const eq = t.indexOf('=');
  return eq > 0 ? t.slice(0, eq).trim().toLowerCase() : undefined;
}

interface SectionSpan {
  name: string;
  /** Line index of the header; the body is (header, end). */
  header: number;
  end: number;
}

function sectionSpans(lines: readonly string[]): SectionSpan[] {
  const spans: SectionSpan[] = [];
  lines.forEach((line, i) => {
    const name = headerName(line);
    if (name === undefined) return;
    const last = spans[spans.length - 1];
    if (last) last.end = i;
    spans.push({ name, header: i, end: lines.length });
  });
  return spans;
}

function splitLines(text: string): { lines: string[]; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.length ? text.split(/\r?\n/) : [];
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { lines, eol };
}

/** Every section in file order (a name appears once per header), keys lower-cased, values trimmed. */
export function iniSections(text: string): { name: string; entries: ProfileEntries }[] {
  const { lines } = splitLines(text);
  return sectionSpans(lines).map((s) => {
    const entries: ProfileEntries = {};
    for (const line of lines.slice(s.header + 1, s.end)) {
      const key = entryKey(line);
      if (key === undefined) continue;
      const t = withoutComment(line).trim();
      entries[key] = t.slice(t.indexOf('=') + 1).trim();
    }
    return { name: s.name, entries };
  });
}

/** A profile's key = value pairs as the JS SDK reads them (duplicate sections merged, later keys win). */
export function readProfile(text: string, name: string): ProfileEntries | undefined {
  const mine = iniSections(text).filter((s) => s.name === name);
  return mine.length ? Object.assign({}, ...mine.map((s) => s.entries)) : undefined;
}

/** A body line and the indented lines botocore reads as the continuation of its value. */
interface BodyItem {
  key?: string;
  lines: string[];
}

function bodyItems(body: readonly string[]): BodyItem[] {
  const items: BodyItem[] = [];
  for (const line of body) {
    const last = items[items.length - 1];
    const continuation = /^\s/.test(line) && line.trim() !== '' && !/^\s*[;#]/.test(line);
    if (continuation && last?.key !== undefined) last.lines.push(line);
    else items.push({ key: entryKey(line), lines: [line] });
  }
  return items;
}

function trailingBlankCount(lines: readonly string[]): number {
  let n = 0;
  while (n < lines.length && lines[lines.length - 1 - n]!.trim() === '') n++;
  return n;
}

/**
 * Returns the new text with profile `name` set to `entries`. Managed keys of the existing section are
 * replaced in place (with any continuation lines); other keys and comments inside the section are kept;
 * several sections of that name become one (see the file comment); the section is appended when absent.
 * Line endings follow the file (CRLF kept).
 */
export function setProfile(text: string, name: string, entries: ProfileEntries, managedKeys: readonly string[] = Object.keys(entries)): string {
  const { lines, eol } = splitLines(text);
  const rendered = Object.entries(entries).map(([k, v]) => `${k} = ${v}`);
  const mine = sectionSpans(lines).filter((s) => s.name === name);
  const first = mine[0];
  if (!first) {
    const out = [...lines];
    if (out.length && out[out.length - 1]!.trim() !== '') out.push('');
    out.push(`[${name}]`, ...rendered);
    return out.join(eol) + eol;
  }

  const bodyOf = (s: SectionSpan) => lines.slice(s.header + 1, s.end);
  const firstBody = bodyOf(first);
  const firstTrailing = firstBody.slice(firstBody.length - trailingBlankCount(firstBody));
  const combined = mine.flatMap((s) => {
    const b = bodyOf(s);
    return b.slice(0, b.length - trailingBlankCount(b));
  });

  const items = bodyItems(combined);
  const lastOfKey = new Map<string, number>();
  items.forEach((it, i) => it.key !== undefined && lastOfKey.set(it.key, i));
  const managed = new Set(managedKeys.map((k) => k.toLowerCase()));
  const body: string[] = [];
  let insertAt = -1;
  items.forEach((it, i) => {
    if (it.key !== undefined && managed.has(it.key)) {
      if (insertAt < 0) insertAt = body.length;
      return;
    }
    // a key repeated across the merged sections: keep the value @smithy reads (the last)
    if (it.key !== undefined && lastOfKey.get(it.key) !== i) return;
    body.push(...it.lines);
  });
  if (insertAt < 0) {
    insertAt = body.length;
    while (insertAt > 0 && body[insertAt - 1]!.trim() === '') insertAt--;
  }
  body.splice(insertAt, 0, ...rendered);

  const dropped = new Set<number>();
  for (const s of mine.slice(1)) for (let i = s.header; i < s.end; i++) dropped.add(i);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (i === first.header) {
      out.push(lines[i]!, ...body, ...firstTrailing);
      i = first.end - 1;
    } else if (!dropped.has(i)) out.push(lines[i]!);
  }
  return out.join(eol) + eol;
}

/** Removes every section of a profile (header to the next header). Comments above a header are kept. */
export function removeProfile(text: string, name: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const dropped = new Set<number>();
  for (const s of sectionSpans(lines).filter((x) => x.name === name)) for (let i = s.header; i < s.end; i++) dropped.add(i);
  if (!dropped.size) return text;
  return lines.filter((_, i) => !dropped.has(i)).join(eol);
}

/**
 * Names @smithy's parseIni cannot hold: it stores profiles in a plain object, so `__proto__` throws and
 * `toString`, `constructor`... resolve to Object.prototype members instead of a profile.
 */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Profile names become section headers read by both parsers: no brackets, comment characters, spaces
 * (@smithy takes `[a b]` for a typed section and drops it) or line breaks.
 */
export function checkProfileName(name: string): string | undefined {
  if (!/^[A-Za-z0-9_.+@-][A-Za-z0-9_.+@/-]{0,63}$/.test(name)) return 'A profile name may use letters, digits and _.+@/- (1..64 characters; no spaces, brackets or line breaks).';
  if (PROTOTYPE_NAMES.has(name)) return `"${name}" cannot be a profile name: the AWS SDK for JavaScript cannot read a profile with that name.`;
  return undefined;
}

const VALUE_LABELS: Record<string, string> = {
  aws_access_key_id: 'access key id',
  aws_secret_access_key: 'secret access key',
  aws_session_token: 'session token',
};

function describeChar(c: string): string {
  const code = c.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c === ' ') return 'a space';
  if (c === '\n') return `a line feed (${hex})`;
  if (c === '\r') return `a carriage return (${hex})`;
  if (code < 0x20 || code === 0x7f) return `a control character (${hex})`;
  if (/\s/u.test(c)) return `a whitespace character (${hex})`;
  return `a non-ASCII character (${hex})`;
}

/**
 * A value must come back unchanged from a one-line `key = value`: printable ASCII without whitespace
 * (a line break would start new lines the SDK obeys, e.g. `[default]` + `credential_process = ...`;
 * a lone CR is a line break to Python; botocore strips and @smithy cuts at ` #`/` ;`), not empty (@smithy
 * reads `key =` as the start of a sub-section), not starting with `[`, `;` or `#`. AWS keys, secrets,
 * tokens, regions and ISO dates all fit. The message names the key, never the value (it may be a secret).
 */
export function checkIniValue(key: string, value: string): string | undefined {
  const what = VALUE_LABELS[key] ?? key;
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) return `"${key.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}" cannot be a key in the credentials file.`;
  if (value.length === 0) return `The ${what} is empty.`;
  const bad = /[^\x21-\x7e]/u.exec(value);
  if (bad) return `The ${what} contains ${describeChar(bad[0])} at position ${bad.index + 1}, which would change the meaning of the credentials file.`;
  if (/^[[;#]/.test(value)) return `The ${what} starts with "${value[0]}", which the credentials file would read as a section or a comment.`;
  return undefined;
}

/** The first problem of any entry, or undefined when every key and value can be written safely. */
export function checkEntries(entries: ProfileEntries): string | undefined {
  for (const [k, v] of Object.entries(entries)) {
    const problem = checkIniValue(k, v);
    if (problem) return problem;
  }
  return undefined;
}
