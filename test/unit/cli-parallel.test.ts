/**
 * The CLI on worker threads gives byte-for-byte the output of one thread: same findings, same notes
 * and problems in the same order, same exit status, whatever the number of threads.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkBatchInProcess, mergeChecked, mergeOutcomes } from '../../server/src/checkBatch';
import { checkBatch, checkInWorkers, workerCount } from '../../server/src/cliPool';
import { recordReliability } from '../reliability/record';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
let dir: string;

function check(workers: number, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'check', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, STS_LENS_WORKERS: String(workers) }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  if (!fs.existsSync(cli)) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
  // A tree with role facts in one file bounding a call in another, a binary file and an unreadable one (unless root),
  // spread over more files than one message carries, so every thread gets some.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-parallel-'));
  for (let i = 0; i < 600; i++) fs.writeFileSync(path.join(dir, `plain${String(i).padStart(3, '0')}.ts`), `export const n${i} = ${i};\n`);
  fs.writeFileSync(path.join(dir, 'roles.yaml'), 'Resources:\n  Deploy:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: deploy\n      MaxSessionDuration: 3600\n');
  fs.writeFileSync(path.join(dir, 'zz-call.py'), 'import boto3\nsts = boto3.client("sts")\nsts.assume_role(RoleArn="arn:aws:iam::111122223333:role/deploy", RoleSessionName="s", DurationSeconds=7200)\n');
  fs.writeFileSync(path.join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 0x41, 0x4b, 0x49, 0x41]));
  fs.writeFileSync(path.join(dir, 'secret.ts'), 'export const k = "AKIA";\n');
  fs.chmodSync(path.join(dir, 'secret.ts'), 0);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('CLI on worker threads', () => {
  for (const args of [['examples', '--format', 'json'], ['test/fixtures', '--format', 'sarif'], ['test/fixtures', 'examples']]) {
    it(`check ${args.join(' ')}: 1, 2 and 3 threads print what one thread prints`, () => {
      const one = check(0, args);
      assert.ok(one.stdout.length > 1000, 'the run found something to compare');
      for (const n of [1, 2, 3]) assert.deepEqual(check(n, args), one, `${n} threads`);
    });
  }

  it('role facts cross threads; notes for binary and unreadable files keep their order', () => {
    const one = check(0, [dir]);
    assert.match(one.stdout, /zz-call\.py:3:\d+ error duration-exceeds-role-max/, one.stdout + one.stderr);
    assert.match(one.stderr, /blob\.bin: skipped: binary file/);
    for (const n of [2, 4]) assert.deepEqual(check(n, [dir]), one, `${n} threads`);
  });
});

describe('checkBatch merge', () => {
  it('worker threads running dist/cli.js return what one thread does', async () => {
    const files = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
    const one = await checkBatchInProcess(files);
    assert.ok(one.findings.length > 0 && one.failures.length > 0);
    assert.deepEqual(await checkInWorkers(cli, files, 3), one);
  });

  it('orders failures, facts, findings and internal errors by file, whatever the shard order', () => {
    const { failures, facts } = mergeOutcomes([
      { index: 7, facts: [{ roleName: 'b', maxSessionDuration: 3600, source: 'b.yaml' }] },
      { index: 2, failure: { reason: 'permission denied', skipped: false } },
      { index: 3, facts: [{ roleName: 'a', maxSessionDuration: 7200, source: 'a.yaml' }] },
    ]);
    assert.deepEqual(failures, [{ index: 2, reason: 'permission denied', skipped: false }]);
    assert.deepEqual(facts.map((f) => f.roleName), ['a', 'b']);
    const finding = (file: string) => ({ ruleId: 'duration-out-of-range' as const, offset: 0, length: 1, message: file, severity: 'error' as const, file, line: 1, column: 1, endLine: 1, endColumn: 2 });
    const merged = mergeChecked(failures, [
      { findings: [{ index: 9, findings: [finding('i')] }], internal: [{ pass: 2, index: 9, message: 'late check' }, { pass: 1, index: 9, message: 'late read' }] },
      { findings: [{ index: 1, findings: [finding('a')] }], internal: [{ pass: 2, index: 1, message: 'early check' }] },
    ]);
    assert.deepEqual(merged.findings.map((f) => f.file), ['a', 'i']);
    assert.deepEqual(merged.internal.map((e) => e.message), ['late read', 'early check', 'late check']);
  });

  it('a worker thread that dies loses nothing: the batch is checked again in this thread', async () => {
    const files = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
    const one = await checkBatchInProcess(files);
    const faults = [
      ['exits at start', 'process.exit(3);'],
      ['throws at start', 'throw new Error("boom");'],
      ['dies on its first message', 'require("node:worker_threads").parentPort.on("message", () => { throw new RangeError("Maximum call stack size exceeded"); });'],
    ] as const;
    const saved = process.env.STS_LENS_WORKERS;
    process.env.STS_LENS_WORKERS = '2';
    try {
      for (const [what, body] of faults) {
        const script = path.join(dir, `fault-${faults.findIndex(([w]) => w === what)}.cjs`);
        fs.writeFileSync(script, body);
        await assert.rejects(checkInWorkers(script, files, 2), Error, what);
        assert.deepEqual(await checkBatch(files, undefined, undefined, script), one, what);
        fs.rmSync(script);
      }
    } finally {
      if (saved === undefined) delete process.env.STS_LENS_WORKERS;
      else process.env.STS_LENS_WORKERS = saved;
    }
    recordReliability({ area: 'output', input: 'CLI worker thread that exits, throws at start or dies mid-batch', count: faults.length, held: 'same findings and notes as one thread, no hang', test: __filename });
  });

  it('runs small batches in this thread and caps threads at the cores', () => {
    assert.equal(workerCount(50, undefined), 0);
    assert.equal(workerCount(500, undefined), 0, 'one worker would only add its start-up');
    assert.ok(workerCount(100_000, undefined) <= os.availableParallelism());
    assert.equal(workerCount(10, '3'), 3);
    assert.equal(workerCount(2, '3'), 2);
    assert.equal(workerCount(5000, '0'), 0);
  });
});
