/**
 * Reading what a `file://` reference names (`aws sts assume-role --policy file://policy.json`), for the
 * CLI and the language server. The reference comes from the repository being checked, so it is hostile
 * until proven otherwise: `file://../../.aws/credentials`, `file:///dev/zero`, a committed symlink to
 * `/dev/urandom`, a FIFO that never answers.
 *
 * A file is read only when, after resolving every symbolic link, it lies inside one of the allowed roots
 * (the workspace folders; the folders the CLI was asked to check), is a regular file, and is at most
 * {@link MAX_REFERENCED_FILE_BYTES}. The type is checked before the file is opened and again on the open
 * descriptor (opened non-blocking, so a FIFO swapped in between cannot hang the read); at most the cap
 * plus one byte is ever read. Anything else is refused with a reason that names no content.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReadFile } from './analysis/extract/fileRefs';

/**
 * The largest referenced file read: many times a session policy's 2048-character limit (and pretty
 * printing), small enough that a hostile reference costs nothing.
 */
export const MAX_REFERENCED_FILE_BYTES = 64 * 1024;

/**
 * A reader confined to `roots` (absolute folders). `rootsName` says what the roots are in a refusal:
 * "the workspace folders", "the checked folders".
 */
export function referencedFileReader(roots: readonly string[], rootsName: string): ReadFile {
  const realRoots: string[] = [];
  for (const r of roots) {
    try {
      realRoots.push(realpathSync(path.resolve(r)));
    } catch {
      // A root that does not exist holds no files.
    }
  }
  return (file) => readConfined(file, realRoots, rootsName);
}

/**
 * The language server's reader for one document: confined to the workspace folders, or to the
 * document's own folder when no folder is open (a single file opened on its own).
 */
export function workspaceReader(workspaceFolders: readonly string[], documentUri: string): ReadFile {
  if (workspaceFolders.length > 0) return referencedFileReader(workspaceFolders, 'the workspace folders');
  let file: string | undefined;
  try {
    file = documentUri.startsWith('file:') ? fileURLToPath(documentUri) : undefined;
  } catch {
    file = undefined; // `file://host/share/...` has no local path
  }
  return referencedFileReader(file ? [path.dirname(file)] : [], "the document's folder");
}

function readConfined(file: string, realRoots: readonly string[], rootsName: string): ReturnType<ReadFile> {
  if (realRoots.length === 0) return { notRead: 'no folder is open to read it from' };
  let real: string;
  try {
    real = realpathSync(file);
  } catch (e) {
    // A missing file is often written by the script itself before the call (`cat > policy.json`).
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : { notRead: reasonOf(e) };
  }
  if (!realRoots.some((root) => isInside(real, root))) return { notRead: `it resolves outside ${rootsName}` };
  let fd: number | undefined;
  try {
    if (!statSync(real).isFile()) return { notRead: 'it is not a regular file' };
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { notRead: 'it is not a regular file' };
    if (stat.size > MAX_REFERENCED_FILE_BYTES) return { notRead: tooLarge() };
    // Read at most one byte past the cap: a file that grew since fstat is refused, not read whole.
    const buf = Buffer.allocUnsafe(MAX_REFERENCED_FILE_BYTES + 1);
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, read);
      if (n === 0) break;
      read += n;
    }
    if (read > MAX_REFERENCED_FILE_BYTES) return { notRead: tooLarge() };
    const bytes = buf.subarray(0, read);
    if (bytes.includes(0)) return { notRead: 'it is a binary file' };
    return bytes.toString('utf8');
  } catch (e) {
    return { notRead: reasonOf(e) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel);
}

function tooLarge(): string {
  return `it is larger than the ${MAX_REFERENCED_FILE_BYTES / 1024} KB read for a referenced file`;
}

function reasonOf(e: unknown): string {
  switch ((e as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'there is no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return 'it cannot be read';
  }
}
