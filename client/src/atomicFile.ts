/**
 * Atomic replacement of a file that holds secrets: a sibling temp file (same folder, so the rename stays
 * on one file system) created 0600 with O_EXCL, written and fsynced, renamed over the target, then the
 * folder fsynced so the rename itself survives a power cut. The temp file is removed on every error
 * path; one left by a process killed mid-write is removed by the next write (`removeOrphanTemps`).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export interface AtomicWriteHooks {
  /** Test seam: runs after the temp file is written and synced, before the rename. */
  beforeRename?: (tempPath: string) => Promise<void> | void;
}

/** `.credentials.<pid>.<8 hex>.tmp`: the name this module (and earlier STS Lens versions) use. */
function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Deletes the temp files a killed writer left for any of `targets` (they may hold secrets). Call it
 * while holding the lock that every writer of those targets takes, so no live writer's temp is removed.
 */
export async function removeOrphanTemps(targets: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  const byDir = new Map<string, string[]>();
  for (const t of targets) byDir.set(path.dirname(t), [...(byDir.get(path.dirname(t)) ?? []), path.basename(t)]);
  for (const [dir, bases] of byDir) {
    const orphan = new RegExp(`^\\.(?:${bases.map(escapeRegExp).join('|')})\\.\\d+\\.[0-9a-f]{8}\\.tmp$`);
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => orphan.test(n))) {
      await fs.rm(path.join(dir, name), { force: true });
      removed.push(name);
    }
  }
  return removed;
}

/** fsync of the folder makes the rename durable. Some file systems cannot fsync a folder: that is not an error. */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!['EINVAL', 'ENOTSUP', 'EPERM', 'EISDIR', 'EBADF', 'EACCES'].includes(code ?? '')) throw e;
  } finally {
    await handle?.close();
  }
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, hooks: AtomicWriteHooks = {}, mode = 0o600): Promise<void> {
  const tmp = tempPathFor(target);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', mode);
    await handle.writeFile(data);
    await handle.chmod(mode); // the umask may have narrowed it; never widened
    await handle.sync();
    await handle.close();
    handle = undefined;
    await hooks.beforeRename?.(tmp);
    await fs.rename(tmp, target);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDir(path.dirname(target));
}
