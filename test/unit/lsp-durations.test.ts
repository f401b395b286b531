/**
 * Duration help in the editor: value completion offers the useful values of each operation with their
 * human form, and the duration quick fixes work when the value is an expression (`36 * HOUR`).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeAsync, extractSites, NO_ROLE_FACTS, prepare } from '../../server/src/analysis/analyze';
import { completionsAt, quickFixes } from '../../server/src/lsp/features';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'src', 'deploy-v3.ts');

function applied(text: string, edit: { offset: number; length: number; newText: string }): string {
  return text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
}

async function fixesFor(text: string, languageId: string, ruleId: string, at: string) {
  await prepare(languageId);
  const findings = await analyzeAsync(text, languageId);
  const f = findings.find((x) => x.ruleId === ruleId && text.slice(x.offset, x.offset + x.length) === at);
  assert.ok(f, `no ${ruleId} on "${at}": ${findings.map((x) => `${x.ruleId}:${text.slice(x.offset, x.offset + x.length)}`).join(', ')}`);
  return quickFixes(text, languageId, f, extractSites(text, languageId), NO_ROLE_FACTS);
}

describe('duration quick fix on an expression', () => {
  it('36 * HOUR (129600 s on AssumeRole) clamps to 12 * HOUR, keeping the constant', async () => {
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    const fixes = await fixesFor(text, 'typescript', 'duration-out-of-range', '36 * HOUR');
    const clamp = fixes.find((x) => x.preferred);
    assert.ok(clamp, fixes.map((x) => x.title).join(' | '));
    assert.equal(clamp.title, 'Clamp to "12 * HOUR"');
    const fixed = applied(text, clamp.edits[0]!);
    assert.match(fixed, /DurationSeconds: 12 \* HOUR,/);
    const after = (await analyzeAsync(fixed, 'typescript')).filter((x) => x.ruleId === 'duration-out-of-range' && x.offset < fixed.indexOf('Tags:'));
    assert.deepEqual(after, [], 'the fixed value is in range');
  });

  it('a product of literals scales its first factor that divides exactly (600 s -> 900 s)', async () => {
    const text = `import boto3\nsts = boto3.client("sts")\nsts.assume_role(RoleArn="arn:aws:iam::123456789012:role/x", RoleSessionName="s", DurationSeconds=60 * 10)\n`;
    const fixes = await fixesFor(text, 'python', 'duration-out-of-range', '60 * 10');
    const fixed = applied(text, fixes.find((x) => x.preferred)!.edits[0]!);
    assert.match(fixed, /DurationSeconds=90 \* 10\)/);
  });

  it('a sum is replaced by the plain number', async () => {
    const text = `const AWS = require('aws-sdk');\nconst sts = new AWS.STS();\nconst TWELVE_HOURS = 43200;\nsts.assumeRole({ RoleArn: 'arn:aws:iam::123456789012:role/x', RoleSessionName: 's', DurationSeconds: TWELVE_HOURS + 1 });\n`;
    const fixes = await fixesFor(text, 'javascript', 'duration-out-of-range', 'TWELVE_HOURS + 1');
    assert.match(applied(text, fixes.find((x) => x.preferred)!.edits[0]!), /DurationSeconds: 43200 \}/);
  });

  it('Go: 36 * time.Hour becomes 12 * time.Hour; a Duration sum gets no bare-number fix (it would mean nanoseconds)', async () => {
    const go = (expr: string) => `package main\n\nimport (\n\t"time"\n\t"github.com/aws/aws-sdk-go-v2/credentials/stscreds"\n)\n\nfunc f(client *sts.Client) {\n\tp := stscreds.NewAssumeRoleProvider(client, "arn:aws:iam::123456789012:role/x", func(o *stscreds.AssumeRoleOptions) {\n\t\to.Duration = ${expr}\n\t})\n\t_ = p\n}\n`;
    const text = go('36 * time.Hour');
    const fixes = await fixesFor(text, 'go', 'duration-out-of-range', '36 * time.Hour');
    assert.match(applied(text, fixes.find((x) => x.preferred)!.edits[0]!), /o\.Duration = 12 \* time\.Hour/);
    const sum = go('36*time.Hour + time.Minute');
    const sumFixes = await fixesFor(sum, 'go', 'duration-out-of-range', '36*time.Hour + time.Minute');
    assert.ok(!sumFixes.some((x) => x.preferred && /Clamp/.test(x.title)), sumFixes.map((x) => x.title).join(' | '));
  });
});

describe('duration value completion per operation', () => {
  async function valuesAt(text: string, languageId: string, marker: string) {
    await prepare(languageId);
    const offset = text.indexOf(marker) + marker.length;
    return completionsAt(text, languageId, extractSites(text, languageId), offset, NO_ROLE_FACTS);
  }

  it('GetSessionToken: 15 min to 36 h, the 12 h default marked', async () => {
    const items = await valuesAt(`const AWS = require('aws-sdk');\nconst sts = new AWS.STS();\nsts.getSessionToken({ DurationSeconds: 1 });\n`, 'javascript', 'DurationSeconds: ');
    assert.deepEqual(items.map((i) => i.label), ['900', '3600', '14400', '28800', '43200', '86400', '129600']);
    assert.deepEqual(items.map((i) => i.labelDetails?.detail), [' (15 min)', ' (1 h)', ' (4 h)', ' (8 h)', ' (12 h)', ' (24 h)', ' (36 h)']);
    assert.equal(items.find((i) => i.label === '43200')?.labelDetails?.description, 'the default');
    assert.equal(items.find((i) => i.label === '129600')?.labelDetails?.description, 'the maximum');
  });

  it('AssumeRole with role chaining: nothing above one hour is offered', async () => {
    const text = '[profile base]\nrole_arn = arn:aws:iam::123456789012:role/base\nsource_profile = admin\n\n[profile chained]\nrole_arn = arn:aws:iam::123456789012:role/next\nsource_profile = base\nduration_seconds = 1\n\n[profile admin]\naws_access_key_id = x\n';
    const items = await valuesAt(text, 'aws-config', 'duration_seconds = ');
    assert.deepEqual(items.map((i) => i.label), ['900', '1800', '3600']);
    assert.equal(items.at(-1)?.labelDetails?.description, 'the default');
  });

  it('IAM role MaxSessionDuration: 1 h to 12 h', async () => {
    const text = `resource "aws_iam_role" "r" {\n  name = "r"\n  max_session_duration = 1\n}\n`;
    const items = await valuesAt(text, 'terraform', 'max_session_duration = ');
    assert.deepEqual(items.map((i) => i.label), ['3600', '7200', '14400', '28800', '43200']);
  });
});
