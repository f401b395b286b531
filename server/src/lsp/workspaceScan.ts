/**
 * The workspace scan for role facts at start: walks the workspace folders for files that can define
 * an IAM role (CloudFormation / SAM templates, Terraform), reads them in parallel, keeps only those
 * that mention a role maximum (one RegExp before any parsing), and hands their text to
 * `collectRoleFacts`. Skips dependency and build folders and the `stsLens.exclude` globs.
 *
 * Watched-file changes go through the same gate (`readRoleFactSource`): only regular files (no FIFO,
 * device, socket or symlink) with a candidate name, outside skipped folders, under the size limit.
 * A changed 300 MB JSON file once took the server to 3 GB; a FIFO blocked a read forever.
 */
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { languageIdForPath } from '../analysis/languages';
import type { RoleFactSource } from '../analysis/roleFacts';
import { isExcluded } from './settings';

const CANDIDATE = /\.(ya?ml|json|template|tf)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', 'build', '.terraform', '.venv', 'venv', '__pycache__', 'target', 'vendor', 'cdk.out', '.aws-sam']);
const MENTIONS_ROLE_MAX = /MaxSessionDuration|max_session_duration/;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface ScanOptions {
  exclude?: readonly string[];
  /** Stop after this many candidate files (a huge monorepo should not stall the server start). */
  maxFiles?: number;
}

/** Whether a watched file could be a scan candidate: its name, no skipped folder on the way, not excluded. */
export function isScanCandidate(file: string, folders: readonly string[], exclude: readonly string[] = []): boolean {
  if (!CANDIDATE.test(path.basename(file))) return false;
  const folder = folders.find((f) => file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
  const inside = folder ? path.relative(folder, file) : file;
  if (inside.split(path.sep).slice(0, -1).some((seg) => SKIP_DIRS.has(seg))) return false;
  return !isExcluded(file, exclude, folders);
}

/**
 * A file's text when it is a regular file (not a symlink, FIFO, device or socket) of at most
 * MAX_FILE_BYTES, else undefined. Opened non-blocking and without following links, then checked
 * again on the open handle, so a file swapped after the first look cannot block or overflow the read.
 */
export async function readRegularFile(file: string, maxBytes = MAX_FILE_BYTES): Promise<string | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    const first = await fs.lstat(file);
    if (!first.isFile() || first.size > maxBytes) return undefined;
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | (fsConstants.O_NOFOLLOW ?? 0));
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    const buf = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buf.length) {
      const { bytesRead } = await handle.read(buf, read, buf.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    const text = buf.subarray(0, read).toString('utf8');
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** A watched file as a role-fact source, under the scan's limits; undefined when it is not one. */
export async function readRoleFactSource(file: string, folders: readonly string[], exclude: readonly string[] = []): Promise<RoleFactSource | undefined> {
  if (!isScanCandidate(file, folders, exclude)) return undefined;
  const text = await readRegularFile(file);
  if (text === undefined || !MENTIONS_ROLE_MAX.test(text)) return undefined;
  return { uri: pathToFileURL(file).toString(), text, languageId: languageIdForPath(file) };
}

export async function findRoleFactSources(folders: readonly string[], options: ScanOptions = {}): Promise<RoleFactSource[]> {
  const maxFiles = options.maxFiles ?? 20000;
  const candidates: string[] = [];
  const queue = [...folders];
  while (queue.length > 0 && candidates.length < maxFiles) {
    const dir = queue.shift() as string;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !isExcluded(full, options.exclude ?? [], folders)) queue.push(full);
      } else if (e.isFile() && CANDIDATE.test(e.name) && !isExcluded(full, options.exclude ?? [], folders)) {
        candidates.push(full);
      }
    }
  }
  const out: RoleFactSource[] = [];
  const BATCH = 64;
  for (let i = 0; i < candidates.length; i += BATCH) {
    const texts = await Promise.all(
      candidates.slice(i, i + BATCH).map(async (file) => {
        const text = await readRegularFile(file);
        return text !== undefined && MENTIONS_ROLE_MAX.test(text) ? { file, text } : undefined;
      }),
    );
    for (const t of texts) if (t) out.push({ uri: pathToFileURL(t.file).toString(), text: t.text, languageId: languageIdForPath(t.file) });
  }
  return out;
}
