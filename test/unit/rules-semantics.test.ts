/**
 * Rules about what a call means rather than a value's bounds (reference/sts-limits.md, "Semantics worth a
 * diagnostic" and the required parameters of the STS API model): unsigned-call-policy,
 * federation-token-without-policy, long-term-access-key, missing-required-parameter.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAsync } from '../../server/src/analysis/analyze';
import type { Finding } from '../../server/src/analysis/types';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';
const POLICY = '%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D';
const MANAGED = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

function run(text: string, languageId = 'plaintext'): Promise<Finding[]> {
  return analyzeAsync(text, languageId);
}
function slice(text: string, f: { offset: number; length: number }): string {
  return text.slice(f.offset, f.offset + f.length);
}
function describeAll(text: string, fs: Finding[]): string {
  return JSON.stringify(fs.map((f) => ({ ruleId: f.ruleId, at: slice(text, f), message: f.message })), null, 1);
}
function of(fs: Finding[], ruleId: string): Finding[] {
  return fs.filter((f) => f.ruleId === ruleId);
}
function single(text: string, fs: Finding[], ruleId: string): Finding {
  assert.equal(fs.length, 1, `expected exactly one ${ruleId} finding, got ${describeAll(text, fs)}`);
  const f = fs[0]!;
  assert.equal(f.ruleId, ruleId, describeAll(text, fs));
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

describe('unsigned-call-policy', () => {
  const web = { RoleArn: ROLE, RoleSessionName: 'ci', WebIdentityToken: 'eyJhbGciOi' };
  const saml = { RoleArn: ROLE, PrincipalArn: 'arn:aws:iam::123456789012:saml-provider/okta', SAMLAssertion: 'PHNhbWw6' };

  it('Policy on AssumeRoleWithWebIdentity: a warning on the parameter name, removal of the whole parameter', async () => {
    const text = url('AssumeRoleWithWebIdentity', { ...web, Policy: POLICY });
    const f = single(text, of(await run(text), 'unsigned-call-policy'), 'unsigned-call-policy');
    assert.equal(slice(text, f), 'Policy');
    assert.equal(f.severity, 'warning');
    assert.ok(f.message.includes('AssumeRoleWithWebIdentity') && f.message.includes('not signed'), f.message);
    const remove = f.data?.remove;
    assert.ok(remove);
    assert.equal(text.slice(remove.offset, remove.offset + remove.length), `Policy=${POLICY}`);
  });

  it('PolicyArns on AssumeRoleWithSAML: the range is the PolicyArns list', async () => {
    const text = url('AssumeRoleWithSAML', { ...saml, 'PolicyArns.member.1.arn': MANAGED });
    const f = single(text, of(await run(text), 'unsigned-call-policy'), 'unsigned-call-policy');
    assert.equal(slice(text, f), `PolicyArns.member.1.arn=${MANAGED}`);
    assert.ok(f.message.includes('AssumeRoleWithSAML'), f.message);
  });

  it('both Policy and PolicyArns are reported, each once', async () => {
    const text = url('AssumeRoleWithWebIdentity', { ...web, Policy: POLICY, 'PolicyArns.member.1.arn': MANAGED });
    assert.deepEqual(
      of(await run(text), 'unsigned-call-policy').map((f) => slice(text, f).split('.')[0]),
      ['Policy', 'PolicyArns'],
    );
  });

  it('CLI input JSON for AssumeRoleWithSAML with a Policy', async () => {
    const text = `{"RoleArn": "${ROLE}", "PrincipalArn": "arn:aws:iam::123456789012:saml-provider/okta", "SAMLAssertion": "PHNhbWw6", "PolicyArns": [{"arn": "${MANAGED}"}]}`;
    const f = single(text, of(await run(text, 'json'), 'unsigned-call-policy'), 'unsigned-call-policy');
    assert.equal(slice(text, f), 'PolicyArns');
  });

  it('not on AssumeRole (a signed call), and not on the unsigned calls without a session policy', async () => {
    for (const text of [
      url('AssumeRole', { RoleArn: ROLE, RoleSessionName: 'ci', Policy: POLICY, 'PolicyArns.member.1.arn': MANAGED }),
      url('AssumeRoleWithWebIdentity', web),
      url('AssumeRoleWithSAML', saml),
    ]) {
      assert.deepEqual(of(await run(text), 'unsigned-call-policy'), [], text);
    }
  });
});

describe('federation-token-without-policy', () => {
  it('GetFederationToken without Policy or PolicyArns: a warning on the action', async () => {
    const text = url('GetFederationToken', { Name: 'bob' });
    const f = single(text, await run(text), 'federation-token-without-policy');
    assert.equal(slice(text, f), 'Action=GetFederationToken');
    assert.equal(f.severity, 'warning');
    assert.ok(f.message.includes('no permissions') && f.message.includes('Policy'), f.message);
  });
  it('with Policy, or with PolicyArns, it passes', async () => {
    for (const extra of [{ Policy: POLICY }, { 'PolicyArns.member.1.arn': MANAGED }] as Record<string, string>[]) {
      const text = url('GetFederationToken', { Name: 'bob', ...extra });
      assert.deepEqual(of(await run(text), 'federation-token-without-policy'), [], text);
    }
  });
  it('silent when the arguments are not all visible (concatenated, placeholder)', async () => {
    const concatenated = `const u = "${url('GetFederationToken', { Name: 'bob' })}" + extraParams;`;
    const placeholder = `${url('GetFederationToken', { Name: 'bob' })}&\${more}`;
    for (const text of [concatenated, placeholder]) {
      assert.deepEqual(of(await run(text), 'federation-token-without-policy'), [], text);
    }
    // The same request without the concatenation is reported: the silence above is argsComplete=false.
    const whole = `const u = "${url('GetFederationToken', { Name: 'bob' })}";`;
    assert.equal(of(await run(whole), 'federation-token-without-policy').length, 1);
  });
});

describe('long-term-access-key', () => {
  const KEY = 'AKIAZ2X3Y4W5V6U7TQRS';
  const doc = (key: string) => `# deploy notes (sts)\naws_access_key_id = ${key}\n`;

  it('an AKIA key in plain text is an error at the key; the message does not repeat the whole key', async () => {
    const text = doc(KEY);
    const f = single(text, await run(text), 'long-term-access-key');
    assert.equal(slice(text, f), KEY);
    assert.equal(f.severity, 'error');
    assert.ok(f.message.includes('AKIAZ2X3') && !f.message.includes(KEY), f.message);
  });
  it('also in ~/.aws/config, which is not the credentials file', async () => {
    const text = `[default]\nregion = eu-west-1\naws_access_key_id = ${KEY}\n`;
    assert.equal(slice(text, single(text, await run(text, 'aws-config'), 'long-term-access-key')), KEY);
  });
  it('the AWS documentation placeholder AKIAIOSFODNN7EXAMPLE is not a secret', async () => {
    none(doc('AKIAIOSFODNN7EXAMPLE'), await run(doc('AKIAIOSFODNN7EXAMPLE')));
  });
  it('nor is a placeholder with EXAMPLE in the middle (AWS CLI docs: AKIAEXAMPLEBJ5XSAF4A)', async () => {
    none(doc('AKIAEXAMPLEBJ5XSAF4A'), await run(doc('AKIAEXAMPLEBJ5XSAF4A')));
  });
  it('~/.aws/credentials is where the key belongs', async () => {
    const text = `[default]\naws_access_key_id = ${KEY}\n`;
    none(text, await run(text, 'aws-credentials'));
    assert.equal((await run(text, 'plaintext')).length, 1, 'the same text in another file is reported');
  });
  it('a temporary ASIA key is not long-term', async () => {
    none(doc('ASIAZ2X3Y4W5V6U7TQRS'), await run(doc('ASIAZ2X3Y4W5V6U7TQRS')));
  });
  it('an AKIA run inside a longer token is not a key', async () => {
    none(doc(`X${KEY}`), await run(doc(`X${KEY}`)));
    none(doc(`${KEY}Z`), await run(doc(`${KEY}Z`)));
  });
});

describe('missing-required-parameter', () => {
  const cases: [api: string, given: Record<string, string>, missing: string[]][] = [
    ['AssumeRole', {}, ['RoleArn', 'RoleSessionName']],
    ['AssumeRole', { RoleArn: ROLE }, ['RoleSessionName']],
    ['AssumeRoleWithWebIdentity', { RoleArn: ROLE, RoleSessionName: 'ci' }, ['WebIdentityToken']],
    ['AssumeRoleWithSAML', {}, ['RoleArn', 'PrincipalArn', 'SAMLAssertion']],
    ['GetFederationToken', { Policy: POLICY }, ['Name']],
    ['AssumeRoot', {}, ['TargetPrincipal', 'TaskPolicyArn']],
  ];
  for (const [api, given, missing] of cases) {
    it(`${api} without ${missing.join(', ')}: error on the action, insertable fix that repairs it`, async () => {
      const text = url(api, given);
      const f = single(text, of(await run(text), 'missing-required-parameter'), 'missing-required-parameter');
      assert.equal(slice(text, f), `Action=${api}`);
      assert.equal(f.severity, 'error');
      for (const m of missing) assert.ok(f.message.includes(m), f.message);
      assert.ok(f.message.includes(api), f.message);
      assert.deepEqual(f.data?.['missing'], missing);
      const insert = f.data?.insert;
      assert.ok(insert, 'a query request can take the parameters at its end');
      assert.equal(insert.offset, text.length);
      for (const m of missing) assert.ok(insert.text.includes(`&${m}=`), insert.text);
      assert.ok(!insert.text.includes('"') && !insert.text.includes(': '), `query syntax, not JSON: ${insert.text}`);
      const fixed = text.slice(0, insert.offset) + insert.text + text.slice(insert.offset);
      assert.deepEqual(of(await run(fixed), 'missing-required-parameter'), [], fixed);
    });
  }
  it('complete requests, and GetSessionToken / GetWebIdentityToken with no parameters, pass', async () => {
    for (const text of [
      url('AssumeRole', { RoleArn: ROLE, RoleSessionName: 'ci' }),
      url('AssumeRoleWithWebIdentity', { RoleArn: ROLE, RoleSessionName: 'ci', WebIdentityToken: 'eyJ0' }),
      url('GetSessionToken', {}),
      url('GetWebIdentityToken', {}),
    ]) {
      none(text, await run(text));
    }
  });
  it('silent when the arguments are not all visible: concatenation, a placeholder, a config profile', async () => {
    for (const [text, lang] of [
      [`fetch("${url('AssumeRole', { RoleArn: ROLE })}" + "&RoleSessionName=" + name)`, 'plaintext'],
      [`${url('AssumeRole', { RoleArn: ROLE })}&\${rest}`, 'plaintext'],
      [`[profile p]\nrole_arn = ${ROLE}\n`, 'aws-config'],
    ] as const) {
      assert.deepEqual(of(await run(text, lang), 'missing-required-parameter'), [], text);
    }
  });
  it('CLI input JSON for AssumeRoleWithSAML without PrincipalArn (no insert position in JSON)', async () => {
    const text = `{"RoleArn": "${ROLE}", "SAMLAssertion": "PHNhbWw6"}`;
    const f = single(text, of(await run(text, 'json'), 'missing-required-parameter'), 'missing-required-parameter');
    assert.deepEqual(f.data?.['missing'], ['PrincipalArn']);
    assert.equal(slice(text, f), 'RoleArn');
  });
});
