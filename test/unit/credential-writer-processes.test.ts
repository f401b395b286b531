// The credentials writer across real processes: killed with -9 mid-write, two writers at once, and the
// system calls it makes (strace), so atomicity and durability are seen, not assumed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { credentialEntries, readProfile, writeProfileFile } from '../../client/src/iniWriter';
import { recordReliability } from '../reliability/record';

const AREA = 'credential files';
const CHILD = path.join(__dirname, 'credentialWriterChild.ts');
const KEEP = '# team keys\n[keep]\naws_access_key_id = AKIAKEEP\naws_secret_access_key = keepSecret\n';
const session = { accessKeyId: 'ASIAPARENT', secretAccessKey: 'parentSecret', sessionToken: 'parentToken', expiration: new Date('2030-01-01T00:00:00Z') };

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sts-writer-proc-'));
}

function startChild(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the first stdout line matching `pattern`; rejects if the child exits first. */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => pattern.test(l));
      if (line) {
        child.stdout!.off('data', onData);
        resolve(line);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before ${pattern}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

async function kill9(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await exited(child);
}

test('kill -9 between temp write and rename: previous file intact; the next write removes the orphan temp and the dead lock', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  fs.writeFileSync(file, KEEP, { mode: 0o600 });
  const child = startChild(['pause', file, 'lens']);
  const temp = (await waitForLine(child, /^paused /)).slice('paused '.length);
  await kill9(child);
  assert.equal(fs.readFileSync(file, 'utf8'), KEEP, 'the previous file is intact');
  assert.ok(fs.readFileSync(temp, 'utf8').includes(`SECRET-${child.pid}-0`), 'the killed writer left its temp file (with a secret) behind');
  assert.ok(fs.existsSync(`${file}.sts-lens.lock`), 'and its lock');

  await writeProfileFile(file, 'next', credentialEntries(session), { lock: { waitMs: 0 } });
  assert.equal(fs.existsSync(temp), false, 'orphan temp removed by the next write');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['credentials', 'credentials.sts-lens.bak']);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.startsWith(KEEP));
  assert.equal(readProfile(text, 'lens'), undefined, 'the killed write never landed');
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'kill -9 of a writer paused between temp write and rename', count: 1, held: 'previous file byte for byte; orphan temp and dead lock cleared by the next write (no wait)', test: __filename });
});

test('kill -9 at random moments of a writer in a loop: the file is always whole, never torn, and no temp survives the next write', async () => {
  const trials = 8;
  for (let trial = 0; trial < trials; trial++) {
    const dir = tmpDir();
    const file = path.join(dir, 'credentials');
    fs.writeFileSync(file, KEEP, { mode: 0o600 });
    const child = startChild(['forever', file, 'lens']);
    await waitForLine(child, /^started$/);
    await new Promise((r) => setTimeout(r, Math.random() * 40));
    await kill9(child);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith(KEEP), `trial ${trial}: other profiles kept`);
    const lens = readProfile(text, 'lens');
    const round = /R(\d+)$/.exec(lens?.aws_access_key_id ?? '')?.[1];
    assert.ok(round !== undefined, `trial ${trial}: the profile is there`);
    // all three values from one and the same write
    assert.deepEqual(lens, { aws_access_key_id: `ASIA${child.pid}R${round}`, aws_secret_access_key: `SECRET-${child.pid}-${round}`, aws_session_token: `TOKEN-${child.pid}-${round}` });
    // no waitMs: 0 here: a kill between creating the lock file and writing its pid leaves it empty, and
    // an empty lock counts as abandoned only after 2 s
    await writeProfileFile(file, 'after', credentialEntries(session));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['credentials', 'credentials.sts-lens.bak'], `trial ${trial}: no orphan temp or lock left`);
    fs.rmSync(dir, { recursive: true });
  }
  recordReliability({ area: AREA, input: 'kill -9 at a random moment of a writer looping over the same file', count: trials, held: 'file whole (all keys from one write, other profiles kept); no temp or lock left after the next write', test: __filename });
});

test('two writer processes at once, 100 writes each into one file: no profile is lost', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  const go = path.join(dir, 'go');
  fs.writeFileSync(file, KEEP, { mode: 0o600 });
  const n = 100;
  const writers = [startChild(['loop', file, 'a', String(n), go]), startChild(['loop', file, 'b', String(n), go])];
  await Promise.all(writers.map((w) => waitForLine(w, /^ready$/)));
  fs.writeFileSync(go, '');
  const done = await Promise.all(writers.map((w) => waitForLine(w, /^done$/).then(() => exited(w))));
  assert.deepEqual(done, [0, 0]);
  const profiles = (await loadSharedConfigFiles({ filepath: file, configFilepath: path.join(dir, 'none'), ignoreCache: true })).credentialsFile;
  const expected = ['keep', ...Array.from({ length: n }, (_, i) => [`a${i}`, `b${i}`]).flat()].sort();
  const missing = expected.filter((p) => !profiles[p]);
  assert.deepEqual(missing, [], `${missing.length} of ${2 * n} profiles lost`);
  assert.equal(Object.keys(profiles).length, expected.length);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['credentials', 'credentials.sts-lens.bak', 'go']);
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'two writer processes, 100 interleaved writes each, one file', count: 2 * n, held: `all ${2 * n} profiles present, no duplicate section, no temp or lock left`, test: __filename });
});

test('strace: temp created O_EXCL 0600, fsynced, renamed over the target, then the folder fsynced', async (t) => {
  if (spawnSync('strace', ['-V']).status !== 0) return t.skip('NOT RUN: strace missing');
  const dir = tmpDir();
  const file = path.join(dir, 'credentials');
  fs.writeFileSync(file, KEEP, { mode: 0o600 });
  const log = path.join(dir, 'strace.log');
  const script = `require('${path.join(__dirname, '..', '..', 'client', 'src', 'iniWriter.ts').replace(/\\/g, '/')}').writeProfileFile(${JSON.stringify(file)}, 'lens', { aws_access_key_id: 'ASIAX', aws_secret_access_key: 's', aws_session_token: 't' })`;
  const r = spawnSync('strace', ['-f', '-qq', '-y', '-e', 'trace=openat,fsync,fdatasync,rename,renameat,renameat2', '-o', log, process.execPath, '--import', 'tsx', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0 && /ptrace|Operation not permitted/.test(r.stderr)) return t.skip(`NOT RUN: strace cannot trace here (${r.stderr.trim()})`);
  assert.equal(r.status, 0, r.stderr);
  const calls = fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.includes(dir) && !l.includes('strace.log'));
  const idx = (re: RegExp, from = 0) => calls.findIndex((l, i) => i >= from && re.test(l));
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tempRe = `${esc(dir)}/\\.credentials\\.\\d+\\.[0-9a-f]{8}\\.tmp`;
  const open = idx(new RegExp(`openat\\(.*"${tempRe}", O_WRONLY\\|O_CREAT\\|O_EXCL.*0600\\)`));
  const sync = idx(new RegExp(`fsync\\(\\d+<${tempRe}>\\)`), open);
  const rename = idx(new RegExp(`rename\\w*\\(.*"${tempRe}".*"${esc(file)}"`), sync);
  const dirSync = idx(new RegExp(`fsync\\(\\d+<${esc(fs.realpathSync(dir))}>\\)`), rename);
  assert.ok(open >= 0 && sync > open && rename > sync && dirSync > rename, `order open ${open} < fsync ${sync} < rename ${rename} < dir fsync ${dirSync}:\n${calls.join('\n')}`);
  fs.rmSync(dir, { recursive: true });
  recordReliability({ area: AREA, input: 'system calls of one write, traced with strace', count: 1, held: 'O_EXCL 0600 temp, fsync, rename over the target, fsync of the folder, in that order', test: __filename });
});
