/**
 * Writes a session into a profile of the shared credentials file without losing anything a user wrote:
 * - a profile with long-term keys, or one a role is assumed from, is refused (profileGuard.ts); another
 *   existing profile is replaced only when the caller says the user confirmed;
 * - keys, values and the profile name are checked so they cannot break the INI format (iniText.ts);
 * - other profiles, comments and blank lines stay byte for byte; duplicate sections become one;
 * - the previous file is kept as `<file>.sts-lens.bak` (0600) until the next write;
 * - the write is atomic (atomicFile.ts) and serialised between processes by a lock file (fileLock.ts);
 * - a symlinked credentials file is written through: its target changes, the link stays.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { removeOrphanTemps, writeFileAtomic, type AtomicWriteHooks } from './atomicFile';
import { LockBusyError, withFileLock, type LockOptions } from './fileLock';
import { checkEntries, checkProfileName, setProfile, type ProfileEntries } from './iniText';
import { profileWriteVerdict, type ProfileWriteVerdict } from './profileGuard';

export { checkEntries, checkIniValue, checkProfileName, credentialEntries, iniSections, readProfile, removeProfile, setProfile, type ProfileEntries } from './iniText';

/** A refusal or failure whose message says what happened and what to do; it never holds a secret. */
export class CredentialFileError extends Error {}

export interface WriteProfileOptions {
  /** The user confirmed replacing an existing (non long-term) profile. */
  replaceExisting?: boolean;
  /** The config file, to see which profiles are source_profile of a role or assume one themselves. */
  configFile?: string;
  lock?: LockOptions;
  /** Test seam for fault injection. */
  hooks?: AtomicWriteHooks;
}

export interface WriteProfileResult {
  /** The file really written (the target when `file` is a symlink). */
  written: string;
  /** Where the previous content is kept, when there was a previous file. */
  backup?: string;
  replaced: boolean;
}

/** A credentials file is small; anything bigger is not one and is not rewritten. */
const MAX_CREDENTIALS_BYTES = 1024 * 1024;
const MAX_SYMLINKS = 40;

export function backupPathFor(target: string): string {
  return `${target}.sts-lens.bak`;
}

function lockPathFor(target: string): string {
  return `${target}.sts-lens.lock`;
}

/**
 * The file a write must replace: symlinks followed (a dangling link names the file to create), folders
 * resolved, the folder created 0700 when missing. Renaming over `file` itself would replace the link.
 */
export async function resolveWriteTarget(file: string, createFolder = true): Promise<string> {
  let p = path.resolve(file);
  for (let hops = 0; ; hops++) {
    if (hops > MAX_SYMLINKS) throw new CredentialFileError(`${file} is a chain of more than ${MAX_SYMLINKS} symbolic links; nothing was written.`);
    let st;
    try {
      st = await fs.lstat(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') break;
      throw e;
    }
    if (!st.isSymbolicLink()) break;
    p = path.resolve(path.dirname(p), await fs.readlink(p));
  }
  const dir = path.dirname(p);
  if (createFolder) await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    return path.join(await fs.realpath(dir), path.basename(p));
  } catch (e) {
    if (!createFolder && (e as NodeJS.ErrnoException).code === 'ENOENT') return p;
    throw e;
  }
}

/** The current bytes, or undefined when there is no file. Opened non-blocking: a FIFO must not hang us. */
async function readExisting(target: string, shownAs: string): Promise<Buffer | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(target, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new CredentialFileError(`${shownAs} is not a regular file; nothing was written.`);
    if (st.size > MAX_CREDENTIALS_BYTES) throw new CredentialFileError(`${shownAs} is larger than 1 MiB, too big for a credentials file; nothing was written.`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function decodeUtf8(bytes: Buffer, shownAs: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CredentialFileError(`${shownAs} is not UTF-8 text; STS Lens does not rewrite it (nothing was written).`);
  }
}

async function readConfigText(configFile: string | undefined): Promise<string> {
  if (!configFile) return '';
  try {
    const bytes = await readExisting(path.resolve(configFile), configFile);
    return bytes ? bytes.toString('utf8') : '';
  } catch (e) {
    if (e instanceof CredentialFileError) throw e;
    throw new CredentialFileError(`Could not read ${configFile} (${(e as NodeJS.ErrnoException).code ?? 'error'}) to check which profiles a role uses; nothing was written.`);
  }
}

/** The verdict on writing `name` into `file` as the files are now (for the prompt; the write checks again). */
export async function checkProfileWrite(name: string, file: string, configFile?: string): Promise<ProfileWriteVerdict> {
  try {
    const target = await resolveWriteTarget(file, false);
    const previous = await readExisting(target, file);
    const credentialsText = previous ? decodeUtf8(previous, file) : '';
    return profileWriteVerdict(name, { credentialsFile: file, credentialsText, configFile, configText: await readConfigText(configFile) });
  } catch (e) {
    if (e instanceof CredentialFileError) return { kind: 'refuse', message: e.message };
    const code = (e as NodeJS.ErrnoException).code;
    return { kind: 'refuse', message: `Could not read ${file}${code ? ` (${code})` : ''}; nothing was written.` };
  }
}

/**
 * Sets profile `name` of the credentials file `file` to `entries`. The guard runs again under the lock,
 * on the file as it is then, so a profile that changed since the user was asked is not overwritten.
 */
export async function writeProfileFile(file: string, name: string, entries: ProfileEntries, options: WriteProfileOptions = {}): Promise<WriteProfileResult> {
  const problem = checkProfileName(name) ?? checkEntries(entries);
  if (problem) throw new CredentialFileError(`${problem} Nothing was written.`);
  try {
    return await writeLocked(file, name, entries, options);
  } catch (e) {
    if (e instanceof CredentialFileError || e instanceof LockBusyError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new CredentialFileError(`Could not write ${file}${code ? ` (${code})` : ''}; the file is as it was. Check that its folder is writable.`);
  }
}

async function writeLocked(file: string, name: string, entries: ProfileEntries, options: WriteProfileOptions): Promise<WriteProfileResult> {
  const target = await resolveWriteTarget(file);
  const backup = backupPathFor(target);
  return withFileLock(
    lockPathFor(target),
    async () => {
      await removeOrphanTemps([target, backup]);
      const previous = await readExisting(target, file);
      const text = previous ? decodeUtf8(previous, file) : '';
      const verdict = profileWriteVerdict(name, { credentialsFile: file, credentialsText: text, configFile: options.configFile, configText: await readConfigText(options.configFile) });
      if (verdict.kind === 'refuse') throw new CredentialFileError(verdict.message);
      if (verdict.kind === 'replace' && !options.replaceExisting) {
        throw new CredentialFileError(`Profile [${name}] already exists in ${file} and replacing it was not confirmed; nothing was written.`);
      }
      const next = setProfile(text, name, entries);
      if (previous) await writeFileAtomic(backup, previous);
      await writeFileAtomic(target, next, options.hooks);
      return { written: target, backup: previous ? backup : undefined, replaced: verdict.kind === 'replace' };
    },
    options.lock,
  );
}
