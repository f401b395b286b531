/**
 * Role facts across files: a role's MaxSessionDuration defined in a template (or the
 * stsLens.roleMaxDurations setting) bounds DurationSeconds for that role in other files.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeAsync, RoleFactTable } from '../../server/src/analysis/analyze';
import { collectRoleFacts, factsFromSettings } from '../../server/src/analysis/roleFacts';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deploy
      MaxSessionDuration: 7200
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Ref CiAccount }
            Action: sts:AssumeRole
`;

const TERRAFORM = `resource "aws_iam_role" "reports" {
  name                 = "reports"
  max_session_duration = 4 * 3600
}
`;

const ROLE = 'arn:aws:iam::111122223333:role/deploy';

const tsCall = (seconds: number) => `import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';

const sts = new STSClient({ region: 'eu-west-1' });
export async function deploySession() {
  return sts.send(new AssumeRoleCommand({
    RoleArn: '${ROLE}',
    RoleSessionName: 'ci-deploy',
    DurationSeconds: ${seconds},
  }));
}
`;

const iniProfile = (seconds: number) => `[profile deploy]\nrole_arn = ${ROLE}\nsource_profile = default\nduration_seconds = ${seconds}\n`;

const workspace = [
  { uri: 'file:///ws/infra/template.yaml', text: TEMPLATE, languageId: 'yaml' },
  { uri: 'file:///ws/infra/main.tf', text: TERRAFORM, languageId: 'terraform' },
  { uri: 'file:///ws/src/app.ts', text: tsCall(900), languageId: 'typescript' },
  { uri: 'file:///ws/README.md', text: '# nothing here', languageId: 'plaintext' },
];

describe('role facts', () => {
  it('collects role definitions from templates and Terraform in the workspace', async () => {
    const facts = await collectRoleFacts(workspace);
    assert.deepEqual(
      facts.map((f) => [f.roleName, f.maxSessionDuration, f.source]),
      [
        ['deploy', 7200, 'template.yaml'],
        ['reports', 14400, 'main.tf'],
      ],
    );
  });

  for (const [languageId, text] of [
    ['typescript', tsCall],
    ['aws-config', iniProfile],
  ] as const) {
    it(`makes DurationSeconds above the template's role max an error in ${languageId}`, async () => {
      const roleFacts = new RoleFactTable(await collectRoleFacts(workspace));
      const over = await analyzeAsync(text(10800), languageId, `file:///ws/src/app.${languageId}`, { roleFacts });
      const exceeds = over.filter((f) => f.ruleId === 'duration-exceeds-role-max');
      assert.equal(exceeds.length, 1, JSON.stringify(over));
      const f = exceeds[0]!;
      assert.equal(f.severity, 'error');
      assert.equal(text(10800).slice(f.offset, f.offset + f.length), '10800');
      assert.match(f.message, /7200/);
      assert.match(f.message, /template\.yaml/);
      assert.equal(f.data?.replacement, '7200', 'the quick fix sets the role maximum');

      for (const ok of [3601, 5400, 7200]) {
        const findings = await analyzeAsync(text(ok), languageId, `file:///ws/src/app.${languageId}`, { roleFacts });
        assert.deepEqual(findings.map((x) => x.ruleId), [], `${ok} is within the role's 7200`);
      }
      // Without the fact, 10800 is a valid AssumeRole duration (the role max may have been raised).
      assert.deepEqual((await analyzeAsync(text(10800), languageId)).filter((x) => x.ruleId === 'duration-exceeds-role-max'), []);
    });
  }

  it('matches a fact on the role name when the ARN differs only in path or account', async () => {
    const roleFacts = new RoleFactTable(await collectRoleFacts(workspace));
    assert.equal(roleFacts.lookup('arn:aws:iam::999999999999:role/ci/deploy')?.maxSessionDuration, 7200);
    assert.equal(roleFacts.lookup('arn:aws:iam::111122223333:role/other'), undefined);
  });

  it('skips files that cannot define a role max without parsing them', async () => {
    const facts = await collectRoleFacts([{ uri: 'file:///x.go', text: 'package main // no roles here', languageId: 'go' }]);
    assert.deepEqual(facts, []);
  });

  it('reads the stsLens.roleMaxDurations setting', () => {
    const facts = factsFromSettings({
      'arn:aws:iam::111122223333:role/deploy': 7200,
      'arn:aws-cn:iam::111122223333:role/path/reader': 43200,
      'bare-name': 10800,
      'arn:aws:s3:::not-a-role': 3600,
      'arn:aws:iam::111122223333:role/bad': -1,
      'arn:aws:iam::111122223333:role/str': '3600' as unknown as number,
    });
    assert.deepEqual(facts, [
      { roleName: 'deploy', arn: 'arn:aws:iam::111122223333:role/deploy', maxSessionDuration: 7200, source: 'setting stsLens.roleMaxDurations' },
      { roleName: 'reader', arn: 'arn:aws-cn:iam::111122223333:role/path/reader', maxSessionDuration: 43200, source: 'setting stsLens.roleMaxDurations' },
      { roleName: 'bare-name', maxSessionDuration: 10800, source: 'setting stsLens.roleMaxDurations' },
    ]);
    assert.deepEqual(factsFromSettings(undefined), []);
  });

  it('makes a setting bound DurationSeconds in code', async () => {
    const roleFacts = new RoleFactTable(factsFromSettings({ [ROLE]: 3600 }, 'workspace settings'));
    const findings = await analyzeAsync(tsCall(5400), 'typescript', 'file:///ws/src/app.ts', { roleFacts });
    assert.deepEqual(findings.map((f) => f.ruleId), ['duration-exceeds-role-max']);
    assert.match(findings[0]!.message, /workspace settings/);
  });
});
