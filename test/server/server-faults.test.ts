/**
 * Server faults a workspace can cause: a malformed exclude glob, watched files that are huge or FIFOs.
 * The server reports what it ignores once and keeps every other document's diagnostics.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { readRegularFile, readRoleFactSource } from '../../server/src/lsp/workspaceScan';
import { extractSites } from '../../server/src/analysis/analyze';
import { RULES } from '../../server/src/analysis/rules';
import type { Rule } from '../../server/src/analysis/types';
import { recordReliability } from '../reliability/record';
import { codes, startTestServer, type TestClient } from './harness';

const dirs: string[] = [];
const clients: TestClient[] = [];
const fifos: string[] = [];
after(() => {
  clients.forEach((c) => c.close());
  // A reader stuck on a FIFO would keep this process alive: open the write end to release it.
  for (const f of fifos) {
    try {
      fs.closeSync(fs.openSync(f, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch {
      // no reader waiting
    }
  }
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-faults-'));
  dirs.push(dir);
  return dir;
}

const CONFIG = '[profile long]\nrole_arn = arn:aws:iam::111122223333:role/deploy\nsource_profile = base\nduration_seconds = 10800\n';
const template = (max: number): string =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  DeployRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: deploy\n      MaxSessionDuration: ${max}\n`;

async function until(what: string, ok: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('stsLens.exclude with a malformed glob', () => {
  it('is reported once and ignored; diagnostics continue for every document', async () => {
    const c = await startTestServer({ settings: { exclude: ['{foo', 'a*'.repeat(40) + 'b'] } });
    clients.push(c);
    const docs = ['file:///ws/one/.aws/config', 'file:///ws/two/.aws/config'];
    for (const u of docs) c.open(u, 'aws-config', '[profile p]\nrole_arn = arn:aws:iam::111122223333:role/r\nduration_seconds = 50000\n');
    for (const u of docs) assert.deepEqual(codes((await c.waitForDiagnostics(u)).diagnostics), ['duration-out-of-range']);
    const edits = 20;
    for (let i = 0; i < edits; i++) {
      const u = docs[i % 2]!;
      const at = c.text(u).indexOf('50000');
      c.edit(u, at, at + 5, i % 4 < 2 ? '60000' : '50000');
      await c.waitForDiagnostics(u, (p) => p.version === c.version(u));
    }
    const reports = [...c.shown, ...c.logs].filter((m) => m.message.includes('"{foo"'));
    assert.equal(c.shown.filter((m) => m.message.includes('"{foo"')).length, 1, JSON.stringify(c.shown));
    assert.equal(reports.length, 2, 'one window message and one log line');
    assert.match(c.shown[0]?.message ?? '', /stsLens\.exclude pattern "\{foo" is not a valid glob \("\{" at column 1 is never closed with "\}"\); it is ignored/);
    recordReliability({ area: 'server faults', input: 'stsLens.exclude ["{foo", 40-star glob] over 2 documents and 20 edits', count: edits + 2, held: 'reported once (one message, one log line), ignored; every version got diagnostics', test: __filename });
  });
});

describe('watched files', () => {
  it('a 300 MB file, a FIFO and a symlink to /dev/zero are not read; a normal change still applies', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'infra'));
    fs.writeFileSync(path.join(dir, 'infra', 'roles.yaml'), template(7200));
    const c = await startTestServer({ workspaceFolder: dir });
    clients.push(c);
    await until('the workspace scan', () => c.logs.some((l) => /workspace scan found 1 role fact/.test(l.message)));
    const config = pathToFileURL(path.join(dir, '.aws', 'config')).toString();
    c.open(config, 'aws-config', CONFIG);
    assert.deepEqual(codes((await c.waitForDiagnostics(config)).diagnostics), ['duration-exceeds-role-max']);

    const huge = path.join(dir, 'infra', 'huge.json');
    fs.writeFileSync(huge, '{"MaxSessionDuration": 3600, "pad": "');
    fs.truncateSync(huge, 300 * 1024 * 1024); // sparse: 300 MB without using the disk
    const fifo = path.join(dir, 'infra', 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    fifos.push(fifo);
    const zero = path.join(dir, 'infra', 'zero.json');
    fs.symlinkSync('/dev/zero', zero);
    const rssBefore = process.memoryUsage().rss;

    // The role max goes up to 43200 on disk: 10800 becomes fine once this change is read.
    fs.writeFileSync(path.join(dir, 'infra', 'roles.yaml'), template(43200));
    const changes = [huge, fifo, zero, path.join(dir, 'infra', 'roles.yaml')].map((f) => ({ uri: pathToFileURL(f).toString(), type: 2 }));
    void c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    await c.waitForDiagnostics(config, (p) => p.diagnostics.length === 0, 15000);
    const grown = process.memoryUsage().rss - rssBefore;
    assert.ok(grown < 100 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1024 / 1024)} MB`);
    recordReliability({ area: 'server faults', input: 'watched-file changes: 300 MB JSON, FIFO, symlink to /dev/zero, then a real template change', count: changes.length, held: 'none of the three read (RSS +<100 MB, no hang); the real change applied', test: __filename });
  });

  it('reads only regular files under the size limit, with the scan candidate rules', async () => {
    const dir = tempDir();
    const ok = path.join(dir, 'roles.yaml');
    fs.writeFileSync(ok, template(7200));
    const fifo = path.join(dir, 'p.yaml');
    execFileSync('mkfifo', [fifo]);
    fifos.push(fifo);
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules', 'roles.yaml'), template(7200));
    fs.writeFileSync(path.join(dir, 'roles.md'), template(7200));
    fs.symlinkSync(ok, path.join(dir, 'link.yaml'));
    assert.equal((await readRoleFactSource(ok, [dir]))?.text, template(7200));
    assert.equal(await readRoleFactSource(fifo, [dir]), undefined);
    assert.equal(await readRoleFactSource(path.join(dir, 'node_modules', 'roles.yaml'), [dir]), undefined);
    assert.equal(await readRoleFactSource(path.join(dir, 'roles.md'), [dir]), undefined);
    assert.equal(await readRoleFactSource(path.join(dir, 'link.yaml'), [dir]), undefined, 'the scan skips symlinks too');
    assert.equal(await readRoleFactSource(ok, [dir], ['roles.yaml']), undefined, 'excluded');
    assert.equal(await readRegularFile('/dev/zero'), undefined);
    assert.equal(await readRegularFile(ok, 10), undefined, 'over the limit');
  });
});

describe('a document that throws or runs over its time budget', () => {
  it('is set aside and reported once; the other documents keep their diagnostics', async () => {
    let now = 0;
    let slowCalls = 0;
    const throwing: Rule = {
      ...RULES[0]!,
      check(ctx) {
        if (ctx.text.includes('THROW-HERE')) throw new Error(`boom ${Math.random()}`); // a new message every keystroke
      },
    };
    const slow: Rule = {
      ...RULES[0]!,
      check(ctx) {
        if (ctx.text.includes('SLOW-HERE')) {
          slowCalls++;
          now += 10_000; // ten seconds of work, on the injected clock
        }
      },
    };
    const c = await startTestServer({
      server: {
        rules: [throwing, slow, ...RULES],
        clock: () => now,
        analysisBudgetMs: 1000,
        extractSites: (text, languageId, uri, onError) => {
          if (text.includes('CRASH-HERE')) throw new RangeError('Maximum call stack size exceeded');
          return extractSites(text, languageId, uri, onError);
        },
      },
    });
    clients.push(c);
    const doc = (marker: string): string => `# ${marker} 0\n[profile p]\nrole_arn = arn:aws:iam::111122223333:role/r\nduration_seconds = 50000\n`;
    const uris = { throws: 'file:///ws/a/.aws/config', slow: 'file:///ws/b/.aws/config', crash: 'file:///ws/d/.aws/config', clean: 'file:///ws/c/.aws/config' };
    c.open(uris.throws, 'aws-config', doc('THROW-HERE'));
    c.open(uris.slow, 'aws-config', doc('SLOW-HERE'));
    c.open(uris.crash, 'aws-config', doc('CRASH-HERE'));
    c.open(uris.clean, 'aws-config', doc('fine'));
    const latest = async (u: string): Promise<string[]> => codes((await c.waitForDiagnostics(u, (p) => p.version === c.version(u), 10000)).diagnostics);
    const rounds = 10;
    for (let i = 1; i <= rounds; i++) {
      for (const u of Object.values(uris)) {
        const at = c.text(u).indexOf(' 0\n') + 1;
        c.edit(u, at, at + 1, String(i % 10));
        c.edit(u, at, at + 1, '0');
      }
      assert.deepEqual(await latest(uris.clean), ['duration-out-of-range']);
      assert.deepEqual(await latest(uris.throws), ['duration-out-of-range'], 'the other rules still report on the throwing document');
      assert.deepEqual(await latest(uris.slow), ['analysis-stopped']);
      assert.deepEqual(await latest(uris.crash), ['analysis-stopped']);
    }
    assert.equal(slowCalls, 1, 'the slow document is not analysed again on every keystroke');
    const about = (u: string): string[] => c.logs.map((l) => l.message).filter((m) => m.includes(u));
    assert.equal(about(uris.throws).length, 1, about(uris.throws).join('\n'));
    assert.equal(about(uris.slow).length, 1, about(uris.slow).join('\n'));
    assert.match(about(uris.slow)[0] ?? '', /over its 1000 ms budget; the file is set aside/);
    assert.equal(about(uris.crash).length, 1, about(uris.crash).join('\n'));
    const stopped = (await c.waitForDiagnostics(uris.crash, (p) => p.version === c.version(uris.crash))).diagnostics[0];
    assert.match(stopped?.message ?? '', /analysis failed \(nested too deeply\)/);

    // After the cool-down the slow document is tried once more; still reported only once.
    now += 31_000;
    const at = c.text(uris.slow).indexOf(' 0\n') + 1;
    c.edit(uris.slow, at, at + 1, '1');
    assert.deepEqual(await latest(uris.slow), ['analysis-stopped']);
    assert.equal(slowCalls, 2);
    assert.equal(about(uris.slow).length, 1);

    // Reopened without the slow part, it is checked as usual.
    void c.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uris.slow } });
    c.open(uris.slow, 'aws-config', doc('fine now'));
    assert.deepEqual(await latest(uris.slow), ['duration-out-of-range']);
    recordReliability({ area: 'server faults', input: 'documents whose rule throws (new message each time), whose analysis runs 10 s over a 1 s budget, whose extraction overflows the stack; 10 rounds of edits beside a clean document', count: rounds * 8, held: 'each reported once; slow one set aside (analysed once per cool-down); other rules and documents kept their diagnostics', test: __filename });
  });
});
