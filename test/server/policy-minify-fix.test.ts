/** The "minify a too-large session policy" quick fix: titled for what it does, and the result fits. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyzeAsync, extractSites, NO_ROLE_FACTS } from '../../server/src/analysis/analyze';
import { quickFixes } from '../../server/src/lsp/features';

it('offers to minify a pretty-printed policy that is over 2048 characters as sent', async () => {
  const statements = Array.from({ length: 14 }, (_, i) => ({ Sid: `Read${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::bucket-${i}/*`] }));
  const pretty = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
  assert.ok(pretty.length > 2048 && JSON.stringify(JSON.parse(pretty)).length <= 2048, 'the fixture must only fit once minified');
  // A template literal keeps the pretty-printed whitespace, so it is sent as is.
  const text = `import { AssumeRoleCommand } from '@aws-sdk/client-sts';\nnew AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 's', Policy: \`${pretty}\` });\n`;
  const findings = await analyzeAsync(text, 'typescript');
  const tooLarge = findings.find((f) => f.ruleId === 'session-policy-too-large');
  assert.ok(tooLarge, JSON.stringify(findings.map((f) => f.ruleId)));
  const fixes = quickFixes(text, 'typescript', tooLarge, extractSites(text, 'typescript'), NO_ROLE_FACTS);
  const minify = fixes.find((f) => f.title.startsWith('Minify the policy'));
  assert.ok(minify, fixes.map((f) => f.title).join(' | '));
  assert.match(minify.title, new RegExp(`\\(${pretty.length} → \\d+ characters\\)`));
  const edit = minify.edits[0]!;
  const fixed = text.slice(0, edit.offset) + edit.newText + text.slice(edit.offset + edit.length);
  assert.deepEqual((await analyzeAsync(fixed, 'typescript')).filter((f) => f.ruleId === 'session-policy-too-large'), []);
});
