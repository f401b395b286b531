/**
 * A lock file beside the file being written, created with O_CREAT|O_EXCL, so that two processes (two
 * VS Code windows, the extension and a script) never interleave a read-modify-write of the same
 * credentials file; without it one of two concurrent writers lost its profile in 47 of 100 trials.
 *
 * The lock holds `pid host time nonce`. A lock whose process is gone (same host) is broken at once, so a
 * writer killed with -9 does not block the next one; a lock older than `staleAfterMs` (a hung writer,
 * another host on a shared home) is broken too. Our writes hold it for milliseconds.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';

export interface LockOptions {
  /** How long to wait for a live holder before giving up. */
  waitMs?: number;
  /** Age after which any lock counts as abandoned. */
  staleAfterMs?: number;
}

const DEFAULT_WAIT_MS = 10_000;
const DEFAULT_STALE_AFTER_MS = 60_000;
/** A lock file still empty after this long was left by a process killed between create and write. */
const EMPTY_LOCK_STALE_MS = 2_000;

export class LockBusyError extends Error {
  constructor(readonly lockPath: string, holderPid: number | undefined) {
    super(
      `Another process${holderPid ? ` (pid ${holderPid})` : ''} is writing this file and holds the lock ${lockPath}. ` +
        'Try again in a moment; if no STS Lens write is running anywhere, delete that lock file.',
    );
  }
}

interface Holder {
  raw: string;
  pid?: number;
  host?: string;
  ageMs: number;
}

async function readHolder(lockPath: string): Promise<Holder | undefined> {
  try {
    const [raw, st] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
    const [pid, host] = raw.split(' ');
    return { raw, pid: pid && /^\d+$/.test(pid) ? Number(pid) : undefined, host, ageMs: Date.now() - st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(h: Holder, staleAfterMs: number): boolean {
  if (h.ageMs > staleAfterMs) return true;
  if (h.pid === undefined) return h.ageMs > EMPTY_LOCK_STALE_MS;
  return h.host === os.hostname() && !processAlive(h.pid);
}

/**
 * Removes a stale lock without removing a fresh one that replaced it meanwhile: the lock is first moved
 * aside, and put back when what was moved is not the lock judged stale.
 */
async function breakLock(lockPath: string, staleRaw: string): Promise<void> {
  const aside = `${lockPath}.${crypto.randomBytes(4).toString('hex')}.stale`;
  try {
    await fs.rename(lockPath, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else broke it
    throw e;
  }
  try {
    const moved = await fs.readFile(aside, 'utf8');
    if (moved !== staleRaw) await fs.link(aside, lockPath).catch(() => undefined);
  } finally {
    await fs.rm(aside, { force: true });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function acquire(lockPath: string, options: LockOptions): Promise<string> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const token = `${process.pid} ${os.hostname()} ${Date.now()} ${crypto.randomBytes(6).toString('hex')}`;
  const deadline = Date.now() + waitMs;
  let delay = 2;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(token, 'utf8');
      } catch (e) {
        await handle.close();
        await fs.rm(lockPath, { force: true });
        throw e;
      }
      await handle.close();
      return token;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await readHolder(lockPath);
    if (!holder) continue; // released between our open and our read
    if (isStale(holder, staleAfterMs)) {
      await breakLock(lockPath, holder.raw);
      continue;
    }
    if (Date.now() >= deadline) throw new LockBusyError(lockPath, holder.pid);
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 100);
  }
}

async function release(lockPath: string, token: string): Promise<void> {
  const holder = await readHolder(lockPath).catch(() => undefined);
  if (holder?.raw === token) await fs.rm(lockPath, { force: true });
}

/** Runs `fn` while holding the lock file `lockPath` (released on every path out). */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const token = await acquire(lockPath, options);
  try {
    return await fn();
  } finally {
    await release(lockPath, token);
  }
}
