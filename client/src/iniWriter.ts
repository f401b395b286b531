/**
 * Writes a profile into the shared credentials file without disturbing anything else: other profiles,
 * comments and blank lines stay byte for byte; the file is written to a temp file in the same folder
 * and renamed over the original (atomic on POSIX), with mode 0600.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
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

const SECTION = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[;#].*)?$/;
const ENTRY = /^\s*([^=\s;#][^=]*?)\s*=/;

/** The section name a header line names (`[profile x]` in config, `[x]` in credentials). */
function sectionName(line: string): string | undefined {
  return SECTION.exec(line)?.[1];
}

/**
 * Returns the new text with profile `name` set to `entries`. Keys of the existing section that we manage
 * are replaced in place; other keys and comments inside the section are kept; the section is appended
 * when absent. Line endings follow the file (CRLF kept).
 */
export function setProfile(text: string, name: string, entries: ProfileEntries, managedKeys: readonly string[] = Object.keys(entries)): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.length ? text.split(/\r?\n/) : [];
  const trailingNewline = text.length === 0 || /\r?\n$/.test(text);
  if (trailingNewline && lines.length && lines[lines.length - 1] === '') lines.pop();

  let start = -1;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const s = sectionName(lines[i]!);
    if (s === undefined) continue;
    if (start >= 0) {
      end = i;
      break;
    }
    if (s === name) start = i;
  }
  const managed = new Set(managedKeys.map((k) => k.toLowerCase()));
  const rendered = Object.entries(entries).map(([k, v]) => `${k} = ${v}`);

  if (start < 0) {
    const out = [...lines];
    if (out.length && out[out.length - 1]!.trim() !== '') out.push('');
    out.push(`[${name}]`, ...rendered);
    return out.join(eol) + eol;
  }
  const body = lines.slice(start + 1, end);
  const kept: string[] = [];
  let insertAt = -1;
  for (const line of body) {
    const key = ENTRY.exec(line)?.[1]?.toLowerCase();
    if (key && managed.has(key)) {
      if (insertAt < 0) insertAt = kept.length;
      continue;
    }
    kept.push(line);
  }
  if (insertAt < 0) {
    // after the last non-blank line of the section, so a blank separator before the next section stays
    insertAt = kept.length;
    while (insertAt > 0 && kept[insertAt - 1]!.trim() === '') insertAt--;
  }
  kept.splice(insertAt, 0, ...rendered);
  return [...lines.slice(0, start + 1), ...kept, ...lines.slice(end)].join(eol) + eol;
}

/** Removes a profile section (header to the next header). Comments above the header are kept. */
export function removeProfile(text: string, name: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => sectionName(l) === name);
  if (start < 0) return text;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) if (sectionName(lines[i]!) !== undefined) { end = i; break; }
  return [...lines.slice(0, start), ...lines.slice(end)].join(eol);
}

/** Reads a section's key = value pairs (for tests and for "is this profile ours"). */
export function readProfile(text: string, name: string): ProfileEntries | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => sectionName(l) === name);
  if (start < 0) return undefined;
  const out: ProfileEntries = {};
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (sectionName(line) !== undefined) break;
    const m = /^\s*([^=\s;#][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Profile names become INI section headers: no brackets, no line breaks. */
export function checkProfileName(name: string): string | undefined {
  if (!/^[A-Za-z0-9_.+@-][A-Za-z0-9 _.+@/-]{0,63}$/.test(name)) return 'A profile name may use letters, digits, spaces and _.+@/- (1..64 characters).';
  return undefined;
}

/**
 * Sets the profile in `file` atomically: read, modify, write a sibling temp file (mode 0600), fsync,
 * rename over the original. Creates the folder (0700) and the file when missing.
 */
export async function writeProfileFile(file: string, name: string, entries: ProfileEntries): Promise<void> {
  const bad = checkProfileName(name);
  if (bad) throw new Error(bad);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let text = '';
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const next = setProfile(text, name, entries);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(next, 'utf8');
    await handle.chmod(0o600);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await fs.chmod(file, 0o600);
}
