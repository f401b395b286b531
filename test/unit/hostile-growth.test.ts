/**
 * Hostile shapes that used to cost super-linear time or overflow the stack: time grows linearly with
 * the input (t(4n) / t(n) well under the 16 a quadratic cost gives), and 5,000- and 10,000-deep nesting
 * in every language leaves no internal error and keeps the findings beside it.
 *
 * The ratio is the median over seven alternating runs of both sizes, so a burst of load or a collection
 * does not decide it; the bound (8) leaves a factor of two over linear for noise. The inputs are the ones from issue 11.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeAsync, NO_ROLE_FACTS, prepare } from '../../server/src/analysis/analyze';
import { completionsAt } from '../../server/src/lsp/features';
import { checkSessionPolicyText } from '../../server/src/analysis/policy/sessionText';
import type { Finding } from '../../server/src/analysis/types';
import { checkSessionPolicy } from '../../client/src/validation';
import { recordReliability } from '../reliability/record';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';

async function timeOf(text: string, languageId: string): Promise<number> {
  const t0 = performance.now();
  await analyzeAsync(text, languageId);
  return Math.max(performance.now() - t0, 0.5);
}

/**
 * Asserts t(4n) / t(n) < 8 for the document `make(n)`; returns the ratio. Sizes are timed in
 * alternation and the median of the pairs' ratios taken, so a burst of load on a shared machine slows
 * one pair, not the verdict.
 */
async function assertLinear(what: string, languageId: string, make: (n: number) => string, n: number): Promise<number> {
  await prepare(languageId);
  const small = make(n);
  const large = make(4 * n);
  await analyzeAsync(small, languageId); // warm up the JIT and the grammar
  const ratios: string[] = [];
  const values: number[] = [];
  for (let r = 0; r < 7; r++) {
    const a = await timeOf(small, languageId);
    const b = await timeOf(large, languageId);
    values.push(b / a);
    ratios.push(`${a.toFixed(0)}/${b.toFixed(0)} ms`);
  }
  const ratio = values.sort((x, y) => x - y)[3] ?? Infinity;
  assert.ok(ratio < 8, `${what}: sizes ${n} and ${4 * n} took ${ratios.join(', ')}; median ratio ${ratio.toFixed(1)}: not linear`);
  return ratio;
}

describe('hostile shapes take linear time', () => {
  const cases: { what: string; languageId: string; n: number; make: (n: number) => string }[] = [
    {
      what: 'suppression comment line (200 KB took 72 s)',
      languageId: 'python',
      n: 50_000,
      make: (n) => `import boto3\nboto3.client('sts').assume_role(RoleArn='${ROLE}', RoleSessionName='ab', DurationSeconds=5)  # sts-lens-disable-line ${'a'.repeat(n)}\n`,
    },
    {
      what: 'one-line query-URL file (400 KB took 95 s)',
      languageId: 'plaintext',
      n: 100_000,
      make: (n) => `https://sts.amazonaws.com/?Action=AssumeRole&${'x&'.repeat(n / 2)}DurationSeconds=5 ` + ' Action=AssumeRole&a'.repeat(n / 40) + '\n',
    },
    {
      what: 'Terraform line with 40,000 spaces (took 35 s)',
      languageId: 'terraform',
      n: 50_000,
      make: (n) => `resource "aws_iam_role" "r" {\n  name = "x"\n  max_session_duration = 99999\n  tags = merge({${' '.repeat(n)}a = "b"${' '.repeat(n)}}, [${' '.repeat(n)}])\n}\n`,
    },
    {
      what: '1 MB line of a policy string',
      languageId: 'json',
      n: 250_000,
      make: (n) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:${'*?'.repeat(n / 2)}", "Resource": "arn:aws:s3:::${'*a'.repeat(n / 2)}"}]}`,
    },
  ];
  for (const c of cases) {
    it(c.what, { timeout: 300_000 }, async () => {
      const ratio = await assertLinear(c.what, c.languageId, c.make, c.n);
      recordReliability({ area: 'hostile input', input: `${c.what}, sizes ${c.n} and ${4 * c.n}`, count: 2, held: `linear time (t(4n)/t(n) = ${ratio.toFixed(1)} < 8)`, test: __filename });
    });
  }
});

describe('duration completions on a line of spaces (8.7 s per request on 40,000 spaces)', () => {
  it('take linear time', { timeout: 300_000 }, () => {
    // The key, then spaces and something that is not a duration: every way to split the spaces was tried.
    const line = (n: number) => `aws sts assume-role --duration-seconds${' '.repeat(n)}x`;
    const time = (text: string): number => {
      const t0 = performance.now();
      completionsAt(text, 'shellscript', [], text.length, NO_ROLE_FACTS);
      return Math.max(performance.now() - t0, 0.05);
    };
    const n = 250_000;
    time(line(n));
    const ratios: number[] = [];
    for (let r = 0; r < 7; r++) ratios.push(time(line(4 * n)) / time(line(n)));
    const ratio = ratios.sort((a, b) => a - b)[3] ?? Infinity;
    assert.ok(ratio < 8, `median ratio ${ratio.toFixed(1)}`);
    const withKey = 'aws sts assume-role --duration-seconds' + ' '.repeat(40_000);
    assert.ok(completionsAt(withKey, 'shellscript', [], withKey.length, NO_ROLE_FACTS).length >= 0);
    recordReliability({ area: 'hostile input', input: `duration completion on lines of ${n} and ${4 * n} spaces`, count: 14, held: `linear time (t(4n)/t(n) = ${ratio.toFixed(1)} < 8)`, test: __filename });
  });
});

describe('deep nesting: no stack overflow, findings kept', () => {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const nestObj = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  const docs: { lang: string; make: (n: number) => string; rule: string }[] = [
    { lang: 'json', rule: 'duration-out-of-range', make: (n) => `{"RoleArn": "${ROLE}", "RoleSessionName": "ab", "DurationSeconds": 5, "Tags": ${nest(n)}}` },
    { lang: 'json', rule: 'policy-unknown-action', make: (n) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*", "Condition": ${nestObj(n)}}]}` },
    { lang: 'yaml', rule: 'max-session-duration-out-of-range', make: (n) => `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      MaxSessionDuration: 5\n      X: ${nest(n)}\n` },
    { lang: 'yaml', rule: 'max-session-duration-out-of-range', make: (n) => `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      MaxSessionDuration: 5\n      Y:\n` + Array.from({ length: n }, (_, i) => ' '.repeat(8 + i) + 'a:').join('\n') + ' 1\n' },
    { lang: 'typescript', rule: 'duration-out-of-range', make: (n) => `import { AssumeRoleCommand } from '@aws-sdk/client-sts';\nnew AssumeRoleCommand({ RoleArn: '${ROLE}', RoleSessionName: 'ab', DurationSeconds: 5, Tags: ${nest(n)} });\n` },
    { lang: 'python', rule: 'duration-out-of-range', make: (n) => `import boto3\nboto3.client('sts').assume_role(RoleArn='${ROLE}', RoleSessionName='ab', DurationSeconds=5, Tags=${nest(n)})\n` },
    { lang: 'terraform', rule: 'max-session-duration-out-of-range', make: (n) => `resource "aws_iam_role" "r" {\n  name = "x"\n  max_session_duration = 5\n  tags = ${nest(n)}\n}\n` },
    { lang: 'ruby', rule: 'duration-out-of-range', make: (n) => `sts = Aws::STS::Client.new\nsts.assume_role(role_arn: '${ROLE}', role_session_name: 'ab', duration_seconds: 5, tags: ${nest(n)})\n` },
    { lang: 'shellscript', rule: 'duration-out-of-range', make: (n) => `aws sts assume-role --role-arn ${ROLE} --role-session-name ab --duration-seconds 5 --tags '${nest(n)}'\n` },
  ];
  for (const depth of [5_000, 10_000]) {
    it(`${depth} deep in ${docs.length} documents`, { timeout: 300_000 }, async () => {
      for (const d of docs) {
        const errors: string[] = [];
        const findings: Finding[] = await analyzeAsync(d.make(depth), d.lang, undefined, { onInternalError: (where, e) => errors.push(`${where}: ${String(e)}`) });
        assert.deepEqual(errors, [], `${d.lang}: internal errors`);
        assert.ok(findings.some((f) => f.ruleId === d.rule), `${d.lang}: the ${d.rule} finding beside the deep value is kept: ${findings.map((f) => f.ruleId).join(', ')}`);
      }
      const policy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*", "Condition": ${nestObj(depth)}}]}`;
      assert.ok(checkSessionPolicyText(policy).some((f) => f.ruleId === 'policy-unknown-action'));
      const client = await checkSessionPolicy(`{"Version": "2012-10-17", "Statement": ${nest(depth * 10)}}`);
      assert.equal(client.ok, false);
      recordReliability({ area: 'hostile input', input: `${depth}-deep nesting in JSON, policy, YAML (flow and block), TypeScript, Python, Terraform, Ruby, shell`, count: docs.length + 2, held: 'no stack overflow or internal error; the findings beside the deep value kept', test: __filename });
    });
  }
});
