/**
 * `credential_process` profiles: the configured command is split into words the way botocore does
 * (`shlex.split`, POSIX rules) and run without a shell, with a timeout and an output cap. Its stdout must
 * be the documented JSON: `Version` 1, `AccessKeyId`, `SecretAccessKey`, and for temporary credentials
 * `SessionToken` and an ISO 8601 `Expiration`. The output is never logged, not even on failure: it holds
 * the secret key. Only the user's own config file may name a command (see {@link isWorkspaceFile}).
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { StsLensError } from '../errors';

export const DEFAULT_PROCESS_TIMEOUT_MS = 60_000;
/** A credentials JSON is a few KB; anything past this is not one. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface ProcessCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Absent for long-term keys. */
  expiration?: Date;
}

/**
 * POSIX shell-like word splitting as Python's `shlex.split(s)` does it (which botocore uses for
 * credential_process): whitespace separates words, '...' is literal, "..." keeps spaces and lets \ escape
 * only \ " $ ` and newline, a \ outside quotes escapes the next character. No variables, no globbing,
 * no pipes: `a | b` is three words. Throws on an unterminated quote or a trailing backslash.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error('No closing quotation');
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (ch === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error('No closing quotation');
        const c = line[i]!;
        if (c === '"') break;
        if (c === '\\' && i + 1 < line.length && '\\"$`\n'.includes(line[i + 1]!)) {
          cur += line[i + 1];
          i += 2;
          continue;
        }
        cur += c;
        i++;
      }
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) throw new Error('No escaped character');
      if (line[i + 1] !== '\n') cur += line[i + 1];
      i++;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

function problem(profile: string, message: string, nextStep: string, retryable = false): StsLensError {
  return new StsLensError({ code: 'NoSourceCredentials', message: `credential_process of profile ${profile}: ${message}`, nextStep, retryable });
}

/** Validates the documented output; the message names the field, never its value. */
export function parseProcessOutput(stdout: string, profile: string, now: Date): ProcessCredentials {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    throw problem(profile, 'the command did not print JSON.', 'It must print {"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …, "Expiration": …}.');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw problem(profile, 'the output is not a JSON object.', 'Fix the command output.');
  const o = data as Record<string, unknown>;
  if (o.Version !== 1) throw problem(profile, `"Version" must be 1 (got ${o.Version === undefined ? 'none' : JSON.stringify(o.Version).slice(0, 20)}).`, 'Fix the command output.');
  for (const k of ['AccessKeyId', 'SecretAccessKey'] as const) {
    if (typeof o[k] !== 'string' || !(o[k] as string).length) throw problem(profile, `"${k}" is missing or empty.`, 'Fix the command output.');
  }
  if (o.SessionToken !== undefined && (typeof o.SessionToken !== 'string' || !o.SessionToken)) throw problem(profile, '"SessionToken" must be a non-empty string.', 'Fix the command output.');
  let expiration: Date | undefined;
  if (o.Expiration !== undefined) {
    expiration = typeof o.Expiration === 'string' ? new Date(o.Expiration) : undefined;
    if (!expiration || Number.isNaN(expiration.getTime())) throw problem(profile, '"Expiration" is not an ISO 8601 timestamp.', 'Fix the command output.');
    if (expiration.getTime() <= now.getTime()) throw problem(profile, `the credentials it printed expired at ${expiration.toISOString()}.`, 'Check the command; it returned stale credentials.', true);
  }
  if (o.SessionToken === undefined && expiration) throw problem(profile, '"Expiration" is set but "SessionToken" is missing.', 'Temporary credentials need both.');
  return { accessKeyId: o.AccessKeyId as string, secretAccessKey: o.SecretAccessKey as string, sessionToken: o.SessionToken as string | undefined, expiration };
}

export interface RunProcessOptions {
  timeoutMs?: number;
  now?: () => Date;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs the command of a credential_process profile and returns its validated credentials. */
export async function runCredentialProcess(profile: string, commandLine: string, o: RunProcessOptions = {}): Promise<ProcessCredentials> {
  let argv: string[];
  try {
    argv = splitCommandLine(commandLine);
  } catch (e) {
    throw problem(profile, `the command line cannot be split into words (${(e as Error).message}).`, 'Fix the quotes in credential_process.');
  }
  if (!argv.length) throw problem(profile, 'the command is empty.', 'Set credential_process to a command.');
  const timeoutMs = o.timeoutMs ?? DEFAULT_PROCESS_TIMEOUT_MS;
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      argv[0]!,
      argv.slice(1),
      { shell: false, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true, encoding: 'utf8', env: o.env ?? process.env, cwd: o.cwd },
      (err, out) => {
        if (!err) return resolve(out);
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number | null };
        if (e.code === 'ENOENT') return reject(problem(profile, `the program ${path.basename(argv[0]!)} was not found.`, 'Check the path in credential_process (it runs without a shell: no ~, no $VARS, no pipes).'));
        if (e.code === 'EACCES') return reject(problem(profile, `the program ${path.basename(argv[0]!)} is not executable.`, 'Check its permissions.'));
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(problem(profile, `the command printed more than ${MAX_OUTPUT_BYTES} bytes.`, 'It must print only the credentials JSON.'));
        if (e.killed && e.signal === 'SIGKILL') return reject(problem(profile, `the command did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`, 'Check that it does not wait for input.', true));
        reject(problem(profile, `the command failed (${typeof e.code === 'number' ? `exit code ${e.code}` : e.signal ? `signal ${e.signal}` : 'error'}).`, 'Run it in a terminal to see why.', true));
      },
    );
  });
  return parseProcessOutput(stdout, profile, (o.now ?? (() => new Date()))());
}

/**
 * True when `file` lies inside one of the workspace folders. A credential_process named by a file that
 * came with a repository would run a command the repository chose: such files are never used.
 */
export function isWorkspaceFile(file: string, workspaceFolders: readonly string[]): boolean {
  const f = path.resolve(file);
  return workspaceFolders.some((w) => {
    const rel = path.relative(path.resolve(w), f);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}
