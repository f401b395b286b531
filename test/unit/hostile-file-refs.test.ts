/**
 * `file://` references from a hostile repository: outside the checked tree, through symlinks, to
 * devices and FIFOs, too large, and scalars that hold secrets. The CLI (text, JSON, SARIF) finishes,
 * reads nothing it should not, and never shows the referenced content; the reader refuses devices and
 * FIFOs by type without blocking or growing memory.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli';
import { MAX_REFERENCED_FILE_BYTES, referencedFileReader, workspaceReader } from '../../server/src/referencedFiles';
import { recordReliability } from '../reliability/record';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETKEY';
const CREDENTIALS = `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n`;

let dir: string;
let ws: string;
let script: string;

/** The lines of the hostile script, with the reason each reference must be refused (or read). */
const LINES: { line: string; notRead?: RegExp }[] = [
  { line: 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/a --role-session-name ok --policy file://policy.json' },
  { line: 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/a --role-session-name out --policy file://../outside/credentials', notRead: /outside the checked folders/ },
  { line: 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/a --role-session-name abs --policy file://ABS_CREDENTIALS', notRead: /outside the checked folders/ },
  { line: 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/a --role-session-name link --policy file://link-out.json', notRead: /outside the checked folders/ },
  { line: 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/a --role-session-name zero --policy file:///dev/zero', notRead: /outside the checked folders/ },
  { line: 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/a --role-session-name zl --policy file://zero-link', notRead: /outside the checked folders/ },
  { line: 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/a --role-session-name ul --tags file://urandom-link', notRead: /outside the checked folders/ },
  { line: 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/a --role-session-name fifo --policy file://pipe', notRead: /not a regular file/ },
  { line: 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/a --role-session-name big --policy file://big.json', notRead: /larger than the 64 KB/ },
  { line: 'aws sts assume-role --role-arn arn:aws:iam::123456789012:role/a --role-session-name dir --policy file://sub', notRead: /not a regular file/ },
  // Scalars are never read (they hold secrets): no finding about them, no content.
  { line: 'aws sts assume-role --role-arn file://../outside/credentials --role-session-name s1 --external-id file://inside-secret.txt' },
  { line: 'aws sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/a --role-session-name s2 --web-identity-token file://inside-secret.txt' },
];

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-fileref-')));
  ws = path.join(dir, 'ws');
  fs.mkdirSync(ws);
  fs.mkdirSync(path.join(ws, 'sub'));
  fs.mkdirSync(path.join(dir, 'outside'));
  fs.writeFileSync(path.join(dir, 'outside', 'credentials'), CREDENTIALS);
  fs.writeFileSync(path.join(dir, 'outside', 'policy.json'), `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "${SECRET}", "Resource": "*"}]}`);
  fs.writeFileSync(path.join(ws, 'inside-secret.txt'), CREDENTIALS);
  fs.writeFileSync(path.join(ws, 'policy.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}');
  fs.writeFileSync(path.join(ws, 'big.json'), `{"Version": "2012-10-17", "Statement": [], "Pad": "${'x'.repeat(MAX_REFERENCED_FILE_BYTES)}"}`);
  fs.symlinkSync(path.join(dir, 'outside', 'policy.json'), path.join(ws, 'link-out.json'));
  fs.symlinkSync('/dev/zero', path.join(ws, 'zero-link'));
  fs.symlinkSync('/dev/urandom', path.join(ws, 'urandom-link'));
  execFileSync('mkfifo', [path.join(ws, 'pipe')]);
  script = path.join(ws, 'deploy.sh');
  fs.writeFileSync(script, '#!/bin/sh\n' + LINES.map((l) => l.line.replace('ABS_CREDENTIALS', path.join(dir, 'outside', 'credentials'))).join('\n') + '\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

function assertNoContent(output: string, what: string): void {
  assert.ok(!output.includes(SECRET), `${what} shows the secret key`);
  assert.ok(!output.includes('AKIAIOSFODNN7EXAMPLE'), `${what} shows the access key`);
  assert.ok(!output.includes('aws_secret_access_key'), `${what} shows the credentials file`);
  assert.ok(!output.includes('x'.repeat(64)), `${what} shows the big file`);
}

describe('file:// references in the CLI', () => {
  it('reads only regular files inside the checked tree, refuses the rest with a reason, never shows content', { timeout: 60_000 }, async () => {
    const rssBefore = process.memoryUsage().rss;
    const json = await cli(['check', ws, '--format', 'json']);
    const findings = JSON.parse(json.out) as { ruleId: string; line: number; message: string }[];
    for (const [i, l] of LINES.entries()) {
      const line = i + 2;
      const notRead = findings.filter((f) => f.line === line && f.ruleId === 'file-reference-not-read');
      if (l.notRead) {
        assert.equal(notRead.length, 1, `line ${line}: ${l.line}\n${JSON.stringify(findings)}`);
        assert.match(notRead[0]!.message, l.notRead);
      } else assert.equal(notRead.length, 0, `line ${line} has no refusal`);
    }
    // The file inside the tree was read and checked.
    assert.ok(findings.some((f) => f.line === 2 && f.ruleId === 'policy-unknown-action' && f.message.includes('GetObjekt')), JSON.stringify(findings));
    assertNoContent(json.out + json.err, 'json');
    const text = await cli(['check', ws]);
    assertNoContent(text.out + text.err, 'text');
    assert.match(text.out, /file-reference-not-read/);
    const sarif = await cli(['check', ws, '--format', 'sarif']);
    assertNoContent(sarif.out + sarif.err, 'sarif');
    // /dev/zero and /dev/urandom (directly and through symlinks) were never read into memory.
    assert.ok(process.memoryUsage().rss - rssBefore < 200 * 1024 * 1024, 'memory stayed flat');
    recordReliability({ area: 'hostile input', input: 'file:// to outside files, symlinks, /dev/zero, /dev/urandom, a FIFO, a directory, a >64 KB file, secrets in scalars (CLI text/json/sarif)', count: LINES.length * 3, held: 'only regular files inside the checked tree read; each refusal reported; no content in any output; no hang', test: __filename });
  });

  it('a single file checked on its own may reference files beside it, not above it', async () => {
    const { out } = await cli(['check', script, '--format', 'json']);
    const findings = JSON.parse(out) as { ruleId: string; line: number }[];
    assert.ok(findings.some((f) => f.line === 2 && f.ruleId === 'policy-unknown-action'));
    assert.ok(findings.some((f) => f.line === 3 && f.ruleId === 'file-reference-not-read'));
  });
});

describe('the referenced-file reader', () => {
  it('refuses devices and FIFOs by type even when the root allows them, without blocking', { timeout: 30_000 }, () => {
    const everywhere = referencedFileReader(['/'], 'the root');
    for (const device of ['/dev/zero', '/dev/urandom', path.join(ws, 'zero-link'), path.join(ws, 'pipe')]) {
      assert.deepEqual(everywhere(device), { notRead: 'it is not a regular file' }, device);
    }
    assert.deepEqual(everywhere(path.join(ws, 'big.json')), { notRead: 'it is larger than the 64 KB read for a referenced file' });
    assert.equal(typeof everywhere(path.join(ws, 'policy.json')), 'string');
    assert.equal(everywhere(path.join(ws, 'missing.json')), undefined, 'a file the script writes itself is not reported');
    recordReliability({ area: 'hostile input', input: 'referenced-file reader on /dev/zero, /dev/urandom, symlink to /dev/zero, a FIFO', count: 4, held: 'refused by type before reading; no block', test: __filename });
  });

  it('in the server: confined to the workspace folders, or the document folder when none is open', () => {
    const inWs = workspaceReader([ws], 'file://' + script);
    assert.equal(typeof inWs(path.join(ws, 'policy.json')), 'string');
    assert.deepEqual(inWs(path.join(dir, 'outside', 'credentials')), { notRead: 'it resolves outside the workspace folders' });
    const alone = workspaceReader([], 'file://' + script);
    assert.equal(typeof alone(path.join(ws, 'policy.json')), 'string');
    assert.deepEqual(alone(path.join(dir, 'outside', 'credentials')), { notRead: "it resolves outside the document's folder" });
    assert.deepEqual(workspaceReader([], 'untitled:Untitled-1')(path.join(ws, 'policy.json')), { notRead: 'no folder is open to read it from' });
  });
});
