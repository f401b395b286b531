/**
 * `file://` references in the editor: the server reads only regular files inside the workspace folder,
 * refuses the rest with an info diagnostic that names the reference, never shows a referenced file's
 * content in any diagnostic, and a FIFO or /dev/zero does not stop diagnostics for the document.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, it } from 'node:test';
import { startTestServer, type TestClient } from './harness';
import { recordReliability } from '../reliability/record';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRETKEY';
const ROLE = 'arn:aws:iam::123456789012:role/a';

const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-lsp-fileref-')));
let client: TestClient | undefined;
after(() => {
  client?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('reads only regular files inside the workspace and never shows their content', { timeout: 60_000 }, async () => {
  const ws = path.join(dir, 'ws');
  fs.mkdirSync(path.join(dir, 'outside'), { recursive: true });
  fs.mkdirSync(ws);
  const credentials = `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n`;
  fs.writeFileSync(path.join(dir, 'outside', 'credentials'), credentials);
  fs.writeFileSync(path.join(ws, 'secret.txt'), credentials);
  fs.writeFileSync(path.join(ws, 'policy.json'), `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]}`);
  fs.symlinkSync('/dev/zero', path.join(ws, 'zero'));
  execFileSync('mkfifo', [path.join(ws, 'pipe')]);
  const lines = [
    `aws sts assume-role --role-arn ${ROLE} --role-session-name a --policy file://policy.json`,
    `aws sts assume-role --role-arn ${ROLE} --role-session-name b --policy file://../outside/credentials`,
    `aws sts assume-role --role-arn ${ROLE} --role-session-name c --policy file://zero`,
    `aws sts assume-role --role-arn ${ROLE} --role-session-name d --tags file://pipe`,
    `aws sts assume-role --role-arn file://secret.txt --role-session-name e --external-id file://../outside/credentials --duration-seconds 60`,
  ];
  const text = lines.join('\n') + '\n';
  const script = path.join(ws, 'deploy.sh');
  fs.writeFileSync(script, text);

  client = await startTestServer({ workspaceFolder: ws, settings: { debounceMs: 0 } });
  const uri = pathToFileURL(script).href;
  client.open(uri, 'shellscript', text);
  const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 30_000);
  const at = (line: number, code: string) => published.diagnostics.filter((d) => d.range.start.line === line && d.code === code);
  assert.equal(at(0, 'policy-unknown-action').length, 1, 'the policy inside the workspace is checked');
  assert.match(at(1, 'file-reference-not-read')[0]?.message ?? '', /outside the workspace folders/);
  assert.match(at(2, 'file-reference-not-read')[0]?.message ?? '', /outside the workspace folders/);
  assert.match(at(3, 'file-reference-not-read')[0]?.message ?? '', /not a regular file/);
  assert.equal(at(4, 'duration-out-of-range').length, 1, 'the rest of the document is still checked');
  assert.equal(at(4, 'file-reference-not-read').length, 0, 'scalars are never read, so nothing to refuse');
  const all = JSON.stringify(published.diagnostics) + JSON.stringify(client.logs);
  for (const secret of [SECRET, 'AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key']) assert.ok(!all.includes(secret), `diagnostics or logs show ${secret}`);
  recordReliability({ area: 'hostile input', input: 'file:// to outside files, /dev/zero symlink, a FIFO and secrets in scalars (language server)', count: lines.length, held: 'only workspace files read; refusals as info diagnostics; no content in diagnostics or logs; no hang', test: __filename });
});
