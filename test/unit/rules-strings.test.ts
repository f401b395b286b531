/**
 * String-parameter rules on both sides of every bound (reference/sts-limits.md, "Strings"):
 * invalid-session-name, invalid-external-id, invalid-mfa-serial, invalid-token-code,
 * invalid-source-identity, invalid-federation-name, invalid-role-arn, invalid-policy-arn.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAsync } from '../../server/src/analysis/analyze';
import { PARTITIONS } from '../../server/src/analysis/limits';
import type { Finding } from '../../server/src/analysis/types';
import { quote } from '../../server/src/analysis/values';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';

function run(text: string, languageId: string): Promise<Finding[]> {
  return analyzeAsync(text, languageId);
}
function slice(text: string, f: { offset: number; length: number }): string {
  return text.slice(f.offset, f.offset + f.length);
}
function describeAll(text: string, fs: Finding[]): string {
  return JSON.stringify(fs.map((f) => ({ ruleId: f.ruleId, at: slice(text, f), message: f.message })), null, 1);
}
function single(text: string, fs: Finding[], ruleId: string): Finding {
  assert.equal(fs.length, 1, `expected exactly one ${ruleId} finding, got ${describeAll(text, fs)}`);
  const f = fs[0]!;
  assert.equal(f.ruleId, ruleId, describeAll(text, fs));
  assert.equal(f.severity, 'error');
  return f;
}
function none(text: string, fs: Finding[]): void {
  assert.deepEqual(fs, [], `expected no findings, got ${describeAll(text, fs)}`);
}
function url(action: string, params: Record<string, string>): string {
  return `https://sts.amazonaws.com/?Version=2011-06-15&Action=${action}${Object.entries(params)
    .map(([k, v]) => `&${k}=${v}`)
    .join('')}`;
}
const assumeRole = (extra: Record<string, string>) => url('AssumeRole', { RoleArn: ROLE, RoleSessionName: 'ci', ...extra });
const x = (n: number, c = 'a') => c.repeat(n);

/**
 * The shared shape of a string-limit finding: range on the value as written, message quoting the value
 * (decoded; a long one as its first 40 characters and an ellipsis) and naming the limit.
 */
function assertString(text: string, f: Finding, written: string, decoded: string, mentions: string[]): void {
  assert.equal(slice(text, f), written, 'range covers the value characters');
  assert.ok(f.message.includes(quote(decoded)), `message quotes the value: ${f.message}`);
  if (decoded.length > 40) assert.ok(!f.message.includes(decoded.slice(0, 41)), `message quotes at most 40 characters: ${f.message}`);
  for (const m of mentions) assert.ok(f.message.includes(m), `message mentions ${m}: ${f.message}`);
}

describe('invalid-session-name (RoleSessionName 2..64, [\\w+=,.@-])', () => {
  const req = (name: string) => url('AssumeRole', { RoleArn: ROLE, RoleSessionName: name });
  it('2 and 64 characters and every allowed punctuation character pass', async () => {
    for (const n of [x(2), x(64), 'a_%2B%3D%2C.%40-z']) none(req(n), await run(req(n), 'plaintext'));
  });
  it('1 character fails, without a replacement (nothing to repair to)', async () => {
    const text = req('a');
    const f = single(text, await run(text, 'plaintext'), 'invalid-session-name');
    assertString(text, f, 'a', 'a', ['1 character', '2']);
    assert.equal(f.data, undefined);
  });
  it('65 characters fails, the replacement is cut to 64', async () => {
    const text = req(x(65));
    const f = single(text, await run(text, 'plaintext'), 'invalid-session-name');
    assertString(text, f, x(65), x(65), ['65 characters', 'limit is 64']);
    assert.equal(f.data?.replacement, x(64));
  });
  it('a space (URL-encoded) fails, range covers the escape, replacement uses "-"', async () => {
    const text = req('my%20session');
    const f = single(text, await run(text, 'plaintext'), 'invalid-session-name');
    assertString(text, f, 'my%20session', 'my session', ['a space', '_+=,.@-']);
    assert.equal(f.data?.replacement, 'my-session');
  });
  it('a disallowed last character written as an escape is inside the range', async () => {
    const text = req('ci%23');
    const f = single(text, await run(text, 'plaintext'), 'invalid-session-name');
    assertString(text, f, 'ci%23', 'ci#', ['"#"']);
  });
  it('~/.aws/config role_session_name and JSON RoleSessionName are checked in the user\'s spelling', async () => {
    const ini = `[profile p]\nrole_arn = ${ROLE}\nrole_session_name = a\n`;
    const fi = single(ini, await run(ini, 'aws-config'), 'invalid-session-name');
    assert.equal(slice(ini, fi), 'a');
    assert.ok(fi.message.startsWith('role_session_name "a"'), fi.message);
    const json = `{"RoleArn": "${ROLE}", "RoleSessionName": "alice smith"}`;
    const fj = single(json, await run(json, 'json'), 'invalid-session-name');
    assert.equal(slice(json, fj), 'alice smith');
    assert.equal(fj.data?.replacement, 'alice-smith');
  });
});

describe('invalid-external-id (ExternalId 2..1224, [\\w+=,.@:/-])', () => {
  const cfg = (id: string) => `[profile vendor]\nrole_arn = ${ROLE}\nexternal_id = ${id}\n`;
  it('2 and 1224 characters, and ":" "/" pass', async () => {
    for (const id of [x(2), x(1224), 'tenant:42/prod', 'a+b=c,d.e@f-g_h']) none(cfg(id), await run(cfg(id), 'aws-config'));
  });
  it('1 character fails', async () => {
    const f = single(cfg('a'), await run(cfg('a'), 'aws-config'), 'invalid-external-id');
    assertString(cfg('a'), f, 'a', 'a', ['external_id', '1 character', '2']);
  });
  it('1225 characters fails, replacement cut to 1224', async () => {
    const text = cfg(x(1225));
    const f = single(text, await run(text, 'aws-config'), 'invalid-external-id');
    assertString(text, f, x(1225), x(1225), ['1225', '1224']);
    assert.equal(f.data?.replacement, x(1224));
  });
  it('a disallowed character fails (query URL), ":" and "/" are kept by the replacement', async () => {
    const text = assumeRole({ ExternalId: 'tenant:42/prod%21' });
    const f = single(text, await run(text, 'plaintext'), 'invalid-external-id');
    assertString(text, f, 'tenant:42/prod%21', 'tenant:42/prod!', ['"!"']);
    assert.equal(f.data?.replacement, 'tenant:42/prod-');
  });
});

describe('invalid-mfa-serial (SerialNumber 9..256, ARN shape)', () => {
  const cfg = (serial: string) => `[profile admin]\nrole_arn = ${ROLE}\nmfa_serial = ${serial}\n`;
  it('a hardware serial of 9 and 256 characters, and a virtual device ARN, pass', async () => {
    for (const s of ['GAHT12345', x(256, 'A'), 'arn:aws:iam::123456789012:mfa/alice', 'arn:aws-us-gov:iam::123456789012:mfa/ops/alice']) {
      none(cfg(s), await run(cfg(s), 'aws-config'));
    }
  });
  it('8 characters fails', async () => {
    const f = single(cfg('GAHT1234'), await run(cfg('GAHT1234'), 'aws-config'), 'invalid-mfa-serial');
    assertString(cfg('GAHT1234'), f, 'GAHT1234', 'GAHT1234', ['8 characters', '9']);
  });
  it('257 characters fails', async () => {
    const text = cfg(x(257, 'A'));
    const f = single(text, await run(text, 'aws-config'), 'invalid-mfa-serial');
    assertString(text, f, x(257, 'A'), x(257, 'A'), ['257', '256']);
  });
  it('an ARN that is not an MFA device (user ARN, bad partition, short account) fails with the ARN problem', async () => {
    const cases: [string, string][] = [
      ['arn:aws:iam::123456789012:user/alice', 'not a mfa'],
      ['arn:aws-xx:iam::123456789012:mfa/alice', 'partition "aws-xx"'],
      ['arn:aws:iam::12345678901:mfa/alice', '12 digits'],
    ];
    for (const [serial, problem] of cases) {
      const text = cfg(serial);
      const f = single(text, await run(text, 'aws-config'), 'invalid-mfa-serial');
      assertString(text, f, serial, serial, [problem]);
    }
  });
  it('a character outside [\\w+=/:,.@-] fails', async () => {
    const f = single(cfg('GAHT 12345'), await run(cfg('GAHT 12345'), 'aws-config'), 'invalid-mfa-serial');
    assertString(cfg('GAHT 12345'), f, 'GAHT 12345', 'GAHT 12345', ['a space']);
    assert.equal(f.data?.replacement, 'GAHT-12345');
  });
});

describe('invalid-token-code (exactly 6 digits)', () => {
  const json = (code: string) => `{"RoleArn": "${ROLE}", "RoleSessionName": "ci", "SerialNumber": "arn:aws:iam::123456789012:mfa/alice", "TokenCode": ${code}}`;
  it('"123456", "012345" and the number 123456 pass', async () => {
    for (const c of ['"123456"', '"012345"', '123456']) none(json(c), await run(json(c), 'json'));
  });
  it('5 digits, 7 digits and letters fail as strings', async () => {
    for (const code of ['12345', '1234567', '12345a', 'abcdef']) {
      const text = json(`"${code}"`);
      const f = single(text, await run(text, 'json'), 'invalid-token-code');
      assertString(text, f, code, code, ['6 digits']);
    }
  });
  it('a number literal that lost its leading zero (012345 -> 12345) fails and says to use a string', async () => {
    const text = json('12345');
    const f = single(text, await run(text, 'json'), 'invalid-token-code');
    assert.equal(slice(text, f), '12345');
    assert.ok(f.message.includes('12345') && f.message.includes('6-digit') && f.message.includes('as a string'), f.message);
  });
  it('a 7-digit number literal fails', async () => {
    const text = json('1234567');
    assert.equal(slice(text, single(text, await run(text, 'json'), 'invalid-token-code')), '1234567');
  });
  it('in a query URL the leading zero survives', async () => {
    const ok = url('GetSessionToken', { SerialNumber: 'GAHT12345', TokenCode: '012345' });
    none(ok, await run(ok, 'plaintext'));
    const bad = url('GetSessionToken', { SerialNumber: 'GAHT12345', TokenCode: '12345' });
    assert.equal(slice(bad, single(bad, await run(bad, 'plaintext'), 'invalid-token-code')), '12345');
  });
});

describe('invalid-source-identity (2..64, [\\w+=,.@-], not aws:)', () => {
  const req = (id: string) => assumeRole({ SourceIdentity: id });
  it('2 and 64 characters pass, and "aws" without the colon is not the reserved prefix', async () => {
    for (const id of [x(2), x(64), 'awsadmin', 'aws-admin', 'alice%40example.com']) none(req(id), await run(req(id), 'plaintext'));
  });
  it('1 and 65 characters fail', async () => {
    const one = single(req('a'), await run(req('a'), 'plaintext'), 'invalid-source-identity');
    assertString(req('a'), one, 'a', 'a', ['1 character', '2']);
    const long = single(req(x(65)), await run(req(x(65)), 'plaintext'), 'invalid-source-identity');
    assertString(req(x(65)), long, x(65), x(65), ['65', '64']);
    assert.equal(long.data?.replacement, x(64));
  });
  it('the reserved prefix aws: is named as the problem', async () => {
    const text = req('aws:admin');
    const f = single(text, await run(text, 'plaintext'), 'invalid-source-identity');
    assertString(text, f, 'aws:admin', 'aws:admin', ['reserved prefix', 'aws:']);
    assert.equal(f.data?.replacement, 'aws-admin');
  });
  it('a disallowed character fails', async () => {
    const text = req('alice%2Fbob');
    const f = single(text, await run(text, 'plaintext'), 'invalid-source-identity');
    assertString(text, f, 'alice%2Fbob', 'alice/bob', ['"/"']);
  });
});

describe('invalid-federation-name (GetFederationToken Name 2..32)', () => {
  const req = (name: string) => url('GetFederationToken', { Name: name, 'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
  it('2 and 32 characters pass', async () => {
    for (const n of [x(2), x(32), 'bob%40example.com']) none(req(n), await run(req(n), 'plaintext'));
  });
  it('1 and 33 characters fail', async () => {
    assertString(req('a'), single(req('a'), await run(req('a'), 'plaintext'), 'invalid-federation-name'), 'a', 'a', ['1 character', '2']);
    const f = single(req(x(33)), await run(req(x(33)), 'plaintext'), 'invalid-federation-name');
    assertString(req(x(33)), f, x(33), x(33), ['33', '32']);
    assert.equal(f.data?.replacement, x(32));
  });
  it('a space fails', async () => {
    const text = req('bob+smith');
    const f = single(text, await run(text, 'plaintext'), 'invalid-federation-name');
    assertString(text, f, 'bob+smith', 'bob smith', ['a space']);
    assert.equal(f.data?.replacement, 'bob-smith');
  });
  it('a Name on another API is not a federation name', async () => {
    const text = assumeRole({ Name: 'a' });
    none(text, await run(text, 'plaintext'));
  });
});

describe('invalid-role-arn', () => {
  const req = (arn: string) => url('AssumeRole', { RoleArn: arn, RoleSessionName: 'ci' });
  it('a role with a path, a plain role and a 64-character role name pass', async () => {
    for (const arn of ['arn:aws:iam::123456789012:role/service-role/team/deploy', ROLE, `arn:aws:iam::123456789012:role/${x(64)}`]) {
      none(req(arn), await run(req(arn), 'plaintext'));
    }
  });
  for (const partition of PARTITIONS) {
    it(`partition ${partition} passes`, async () => {
      const text = req(`arn:${partition}:iam::123456789012:role/deploy`);
      none(text, await run(text, 'plaintext'));
    });
  }
  const bad: [what: string, arn: string, mentions: string[], replacement?: string][] = [
    ['a user ARN', 'arn:aws:iam::123456789012:user/alice', ['names a user', 'not a role']],
    [
      'an assumed-role session ARN',
      'arn:aws:sts::123456789012:assumed-role/deploy/ci-session',
      ['assumed-role session ARN', 'arn:aws:iam::123456789012:role/deploy'],
      'arn:aws:iam::123456789012:role/deploy',
    ],
    ['a region', 'arn:aws:iam:us-east-1:123456789012:role/deploy', ['region "us-east-1"'], ROLE],
    ['an 11-digit account', 'arn:aws:iam::12345678901:role/deploy', ['"12345678901"', '12 digits']],
    ['an account with dashes', 'arn:aws:iam::1234-5678-9012:role/deploy', ['without dashes'], ROLE],
    ['a bad partition', 'arn:amazon:iam::123456789012:role/deploy', ['partition "amazon"', 'aws-eusc']],
    ['a 65-character role name', `arn:aws:iam::123456789012:role/${x(65)}`, ['65 characters', '64']],
    ['no role name', 'arn:aws:iam::123456789012:role/', ['no role name']],
    ['not an ARN', 'deploy-role-in-account-1234', ['not an ARN']],
    ['too short', 'arn:aws:iam::1:role', ['19 characters', '20']],
    ['the aws alias as account (only for policies)', 'arn:aws:iam::aws:role/deploy', ['"aws"', '12 digits']],
  ];
  for (const [what, arn, mentions, replacement] of bad) {
    it(`${what} fails${replacement ? ' with a suggested replacement' : ''}`, async () => {
      const text = req(arn);
      const f = single(text, await run(text, 'plaintext'), 'invalid-role-arn');
      assertString(text, f, arn, arn, mentions);
      assert.equal(f.data?.replacement, replacement);
    });
  }
  it('~/.aws/config role_arn is checked too', async () => {
    const text = `[profile p]\nrole_arn = arn:aws:iam::123456789012:user/alice\n`;
    const f = single(text, await run(text, 'aws-config'), 'invalid-role-arn');
    assertString(text, f, 'arn:aws:iam::123456789012:user/alice', 'arn:aws:iam::123456789012:user/alice', ['role_arn']);
  });
  it('AssumeRoleWithSAML PrincipalArn must be a saml-provider ARN', async () => {
    const req = (principal: string) => url('AssumeRoleWithSAML', { RoleArn: ROLE, PrincipalArn: principal, SAMLAssertion: 'PHNhbWw6' });
    const ok = req('arn:aws:iam::123456789012:saml-provider/okta');
    none(ok, await run(ok, 'plaintext'));
    const text = req(ROLE);
    const f = single(text, await run(text, 'plaintext'), 'invalid-role-arn');
    assertString(text, f, ROLE, ROLE, ['PrincipalArn', 'saml-provider']);
  });
});

describe('invalid-policy-arn', () => {
  const req = (...arns: string[]) => assumeRole(Object.fromEntries(arns.map((a, i) => [`PolicyArns.member.${i + 1}.arn`, a])));
  it('AWS managed (account "aws", with and without a path) and customer managed policies pass', async () => {
    const text = req(
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::123456789012:policy/team/deploy-boundary',
      'arn:aws-cn:iam::aws:policy/ReadOnlyAccess',
    );
    none(text, await run(text, 'plaintext'));
  });
  const bad: [what: string, arn: string, mentions: string[], replacement?: string][] = [
    ['a role ARN', ROLE, ['names a role', 'not a policy']],
    ['an alias other than aws', 'arn:aws:iam::amazon:policy/ReadOnlyAccess', ['"amazon"']],
    ['a region', 'arn:aws:iam:eu-west-1:aws:policy/ReadOnlyAccess', ['region "eu-west-1"'], 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ['a bad partition', 'arn:aws-mars:iam::aws:policy/ReadOnlyAccess', ['partition "aws-mars"']],
    ['another service', 'arn:aws:s3::123456789012:policy/x', ['service "s3"']],
  ];
  for (const [what, arn, mentions, replacement] of bad) {
    it(`${what} fails`, async () => {
      const text = req('arn:aws:iam::aws:policy/ReadOnlyAccess', arn);
      const f = single(text, await run(text, 'plaintext'), 'invalid-policy-arn');
      assertString(text, f, arn, arn, ['PolicyArns', ...mentions]);
      assert.equal(f.data?.replacement, replacement);
    });
  }
  it('AssumeRoot TaskPolicyArn is a policy ARN too', async () => {
    const req = (arn: string) => url('AssumeRoot', { TargetPrincipal: '123456789012', TaskPolicyArn: arn });
    const ok = req('arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials');
    none(ok, await run(ok, 'plaintext'));
    const text = req('arn:aws:iam::aws:role/root-task');
    const f = single(text, await run(text, 'plaintext'), 'invalid-policy-arn');
    assertString(text, f, 'arn:aws:iam::aws:role/root-task', 'arn:aws:iam::aws:role/root-task', ['TaskPolicyArn']);
  });
});
