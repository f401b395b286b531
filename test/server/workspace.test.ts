/**
 * Role facts across files: a template in the workspace with `MaxSessionDuration: 7200` makes a
 * 10800 s session for that role an error in another file, and 3600 < d <= 7200 clean; editing the
 * template (open in the editor) or changing it on disk updates the other files' diagnostics.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { codes, startTestServer, type TestClient } from './harness';

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy
      MaxSessionDuration: 7200
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: "arn:aws:iam::111122223333:root" }
            Action: sts:AssumeRole
`;

const CONFIG = `[profile base]
region = eu-west-1

[profile long]
role_arn = arn:aws:iam::111122223333:role/deploy
source_profile = base
duration_seconds = 10800

[profile ok]
role_arn = arn:aws:iam::111122223333:role/deploy
source_profile = base
duration_seconds = 7200
`;

const dirs: string[] = [];
const clients: TestClient[] = [];
after(() => {
  clients.forEach((c) => c.close());
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

describe('workspace role facts', () => {
  it('scans templates on start and bounds durations in other files by the role max', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-ws-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'infra'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'infra', 'roles.yaml'), TEMPLATE);
    // A template under node_modules is not the user's and is skipped.
    fs.writeFileSync(path.join(dir, 'node_modules', 'x', 'roles.yaml'), TEMPLATE.replace('7200', '43200'));
    const c = await startTestServer({ workspaceFolder: dir });
    clients.push(c);
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => {
        if (c.logs.some((l) => /workspace scan found 1 role fact/.test(l.message))) {
          clearInterval(t);
          resolve();
        }
      }, 10);
      setTimeout(() => reject(new Error(`scan not logged: ${JSON.stringify(c.logs)}`)), 5000).unref();
    });
    const u = pathToFileURL(path.join(dir, '.aws', 'config')).toString();
    c.open(u, 'aws-config', CONFIG);
    const p = await c.waitForDiagnostics(u);
    assert.deepEqual(codes(p.diagnostics), ['duration-exceeds-role-max']);
    assert.equal(p.diagnostics[0]?.range.start.line, 6);
    assert.match(p.diagnostics[0]?.message ?? '', /roles\.yaml/);

    // Editing the template in the editor lowers the max to 3600: now both profiles are over it.
    const tu = pathToFileURL(path.join(dir, 'infra', 'roles.yaml')).toString();
    c.open(tu, 'yaml', TEMPLATE);
    await c.waitForDiagnostics(tu);
    const at = TEMPLATE.indexOf('7200');
    c.edit(tu, at, at + 4, '3600');
    const both = await c.waitForDiagnostics(u, (d) => d.diagnostics.length === 2);
    assert.deepEqual(codes(both.diagnostics), ['duration-exceeds-role-max', 'duration-exceeds-role-max']);
  });
});
