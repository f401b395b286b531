/**
 * What a finding's message may show of a hostile value: at most 40 characters, escaped (no newline,
 * ESC or bidi control reaches the output), and non-finite numbers are findings, not silence.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeAsync } from '../../server/src/analysis/analyze';
import { checkSessionPolicyText } from '../../server/src/analysis/policy/sessionText';
import { MAX_QUOTED_CHARS, quote } from '../../server/src/analysis/values';
import { recordReliability } from '../reliability/record';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';

/** A value a message must not reproduce: long, with a line break, an ESC sequence, a bidi override. */
function hostile(tag: string): string {
  return `${tag}\n::error file=x::forged\u001b[31m\u202e` + 'Z'.repeat(300);
}

/** True when `message` contains any run of more than MAX_QUOTED_CHARS characters of `value`. */
function quotesTooMuch(message: string, value: string): boolean {
  for (let i = 0; i + MAX_QUOTED_CHARS < value.length; i++) if (message.includes(value.slice(i, i + MAX_QUOTED_CHARS + 1))) return true;
  return false;
}

function assertSafe(message: string, value: string): void {
  assert.ok(!/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(message), `control character in ${JSON.stringify(message)}`);
  assert.ok(!quotesTooMuch(message, value), `more than ${MAX_QUOTED_CHARS} characters of the value in ${JSON.stringify(message)}`);
}

describe('messages quote values briefly and escaped', () => {
  it('quote() cuts, escapes and marks the cut', () => {
    assert.equal(quote('deploy'), '"deploy"');
    assert.equal(quote('a\nb\t"c"\\'), '"a\\nb\\t\\"c\\"\\\\"');
    assert.equal(quote('\u001b[31m'), '"\\u001b[31m"');
    assert.equal(quote('\u202e'), '"\\u202e"');
    assert.equal(quote('x'.repeat(41)), `"${'x'.repeat(40)}…"`);
    assert.equal(quote('x'.repeat(40)), `"${'x'.repeat(40)}"`);
    assert.equal(quote('😀'.repeat(41)), `"${'😀'.repeat(40)}…"`, 'counts characters, not UTF-16 units');
  });

  it('every string rule, the ARN rules, tags and the policy checks keep hostile values short and escaped', async () => {
    const v = hostile('v');
    const esc = (s: string) => JSON.stringify(s);
    const python = [
      `import boto3\nsts = boto3.client('sts')`,
      `sts.assume_role(RoleArn=${esc(ROLE)}, RoleSessionName=${esc(v)}, ExternalId=${esc(v)}, SerialNumber=${esc(v)}, TokenCode=${esc(v)}, SourceIdentity=${esc(v)}, Tags=[{'Key': ${esc(v)}, 'Value': ${esc(v + 'x'.repeat(300))}}], TransitiveTagKeys=[${esc(v + 'q')}], PolicyArns=[{'arn': ${esc('arn:' + v)}}])`,
      `sts.assume_role(RoleArn=${esc('arn:aws:iam::123456789012:' + v)}, RoleSessionName='ok')`,
      `sts.assume_role(RoleArn=${esc('arn:' + v + ':iam::123456789012:role/x')}, RoleSessionName='ok')`,
      `sts.assume_role(RoleArn=${esc('arn:aws:iam::' + v + ':role/x')}, RoleSessionName='ok')`,
      `sts.get_federation_token(Name=${esc(v)}, Policy=${esc(JSON.stringify({ Version: v, Statement: [{ Sid: v, Effect: v, Action: [v, 's3:' + v, v + ':x'], Resource: [v, 'arn:aws:' + v], Condition: { [v]: { [v]: 'x' } }, [v]: 1 }] }))})`,
    ].join('\n');
    const findings = await analyzeAsync(python + '\n', 'python');
    assert.ok(findings.length >= 12, `expected many findings, got ${findings.length}: ${findings.map((f) => f.ruleId).join(', ')}`);
    for (const f of findings) assertSafe(f.message, v);
    const policy = checkSessionPolicyText(JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: v, Effect: 'Allow', Action: 's3:' + v, Resource: v }] }));
    assert.ok(policy.length >= 2);
    for (const f of policy) assertSafe(f.message, v);
    recordReliability({ area: 'hostile input', input: 'values with newline, ESC, bidi override and 300+ characters in every string parameter and policy element', count: findings.length + policy.length, held: 'messages quote at most 40 characters, escaped', test: __filename });
  });

  it('parameter names written in the source are cut and escaped too', async () => {
    const name = 'DurationSeconds';
    const text = `https://sts.amazonaws.com/?Action=AssumeRole&RoleArn=${ROLE}&RoleSessionName=ci&${name}=1&${'Tags.member.1.Key=' + 'k'.repeat(200)}\n`;
    const findings = await analyzeAsync(text, 'plaintext');
    assert.ok(findings.length > 0);
    for (const f of findings) assertSafe(f.message, 'k'.repeat(200));
  });
});

describe('non-finite numbers are findings', () => {
  const cases: [string, string, string, RegExp][] = [
    ['typescript', 'a.ts', `import { AssumeRoleCommand } from '@aws-sdk/client-sts';\nnew AssumeRoleCommand({ RoleArn: '${ROLE}', RoleSessionName: 'ab', DurationSeconds: 1e309 });\n`, /DurationSeconds 1e309 overflows to Infinity: .*900–43200 for AssumeRole/],
    ['typescript', 'b.ts', `import { AssumeRoleCommand } from '@aws-sdk/client-sts';\nnew AssumeRoleCommand({ RoleArn: '${ROLE}', RoleSessionName: 'ab', DurationSeconds: 0 / 0 });\n`, /DurationSeconds 0 \/ 0 is not a number \(NaN\)/],
    ['javascript', 'c.js', `const { STS } = require('aws-sdk');\nnew STS().assumeRole({ RoleArn: '${ROLE}', RoleSessionName: 'ab', DurationSeconds: 1e308 * 10 });\n`, /DurationSeconds 1e308 \* 10 overflows to Infinity/],
    ['python', 'd.py', `import boto3\nboto3.client('sts').assume_role(RoleArn='${ROLE}', RoleSessionName='ab', DurationSeconds=1e309)\n`, /DurationSeconds 1e309 overflows to Infinity/],
    ['ruby', 'e.rb', `sts = Aws::STS::Client.new\nsts.assume_role(role_arn: '${ROLE}', role_session_name: 'ab', duration_seconds: 1e309)\n`, /duration_seconds 1e309 overflows to Infinity/],
    ['json', 'f.json', `{"RoleArn": "${ROLE}", "RoleSessionName": "ab", "DurationSeconds": 1e309}`, /DurationSeconds 1e309 overflows to Infinity/],
    ['yaml', 'g.yaml', `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: x\n      MaxSessionDuration: 1e309\n      AssumeRolePolicyDocument: {}\n`, /MaxSessionDuration 1e309 overflows to Infinity: .*3600–43200 for a role/],
    ['aws-config', 'config', `[profile a]\nrole_arn = ${ROLE}\nsource_profile = b\nduration_seconds = ${'9'.repeat(400)}\n[profile b]\n`, /duration_seconds 9{40}… overflows to Infinity/],
    ['shellscript', 'h.sh', `aws sts assume-role --role-arn ${ROLE} --role-session-name ab --duration-seconds ${'9'.repeat(400)}\n`, /--duration-seconds 9{40}… overflows to Infinity/],
  ];
  for (const [lang, name, text, expected] of cases) {
    it(`${lang} (${name})`, async () => {
      const findings = (await analyzeAsync(text, lang, `file:///w/${name}`)).filter((f) => /Infinity|NaN/.test(f.message));
      assert.equal(findings.length, 1, JSON.stringify(findings));
      const f = findings[0]!;
      assert.equal(f.ruleId, lang === 'yaml' ? 'max-session-duration-out-of-range' : 'duration-out-of-range');
      assert.equal(f.severity, 'error');
      assert.match(f.message, expected);
      assert.ok(f.offset >= 0 && f.offset + f.length <= text.length);
    });
  }
  it('is recorded', () => {
    recordReliability({ area: 'hostile input', input: 'DurationSeconds / MaxSessionDuration of 1e309, 0 / 0, 1e308 * 10 and 400 digits in 8 languages', count: cases.length, held: 'reported as out of range with a clear message, not silently passed', test: __filename });
  });
});
