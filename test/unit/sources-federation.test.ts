/**
 * AssumeRoleWithSAML and AssumeRoleWithWebIdentity: request shape and error paths with
 * aws-sdk-client-mock (Ceph RGW has no SAML; web identity runs against Ceph in
 * test/integration/web-identity-ceph.test.ts), input checks at the documented bounds, and the MFA
 * session reuse of Assume Role.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AssumeRoleCommand, AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { CredentialService, type StsClientFactory } from '../../client/src/credentialService';
import { StsLensError } from '../../client/src/errors';
import { SourceRegistry } from '../../client/src/sources';
import { checkWebIdentityToken, jwtFacts, normaliseSamlAssertion, readSecretFile, samlRolePairs } from '../../client/src/sources/federation';
import { MfaSessionCache } from '../../client/src/sources/mfaSession';
import { recordReliability } from '../reliability/record';

const NOW = new Date('2030-01-01T10:00:00Z');
const ROLE = 'arn:aws:iam::123456789012:role/saml-dev';
const PROVIDER = 'arn:aws:iam::123456789012:saml-provider/corp-idp';
const CREDS = { AccessKeyId: 'ASIAFED0000000000001', SecretAccessKey: 'fedsecret', SessionToken: 'fedtoken-abc', Expiration: new Date('2030-01-01T11:00:00Z') };

function samlXml(opts: { notOnOrAfter?: string; roles?: string[] } = {}): string {
  const roles = opts.roles ?? [`${ROLE},${PROVIDER}`, `${PROVIDER},arn:aws:iam::123456789012:role/reversed`];
  return `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:Assertion><saml:Subject><saml:SubjectConfirmation><saml:SubjectConfirmationData NotOnOrAfter="${opts.notOnOrAfter ?? '2030-01-01T10:05:00Z'}"/></saml:SubjectConfirmation></saml:Subject><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">${roles.map((r) => `<saml:AttributeValue>${r}</saml:AttributeValue>`).join('')}</saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>`;
}

function jwt(claims: object): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'RS256', typ: 'JWT' })}.${b(claims)}.c2lnbmF0dXJl`;
}

function registry(sts: STSClient, extra: Partial<ConstructorParameters<typeof SourceRegistry>[0]> = {}) {
  return new SourceRegistry({ env: { AWS_CONFIG_FILE: '/nonexistent/config' }, home: '/nonexistent', sts: () => sts, clock: () => NOW, ...extra });
}

test('AssumeRoleWithSAML: base64, XML and line-wrapped assertions are sent as one base64 string; role pairs read from the assertion', async () => {
  const sts = new STSClient({ region: 'us-east-1' });
  const mock = mockClient(sts);
  mock.on(AssumeRoleWithSAMLCommand).resolves({ Credentials: CREDS, AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/saml-dev/alice', AssumedRoleId: 'AROA:alice' }, Subject: 'alice' });
  const sources = registry(sts);
  const service = new CredentialService({ sources, clock: () => NOW });
  const xml = samlXml();
  const b64 = Buffer.from(xml).toString('base64');
  assert.deepEqual(samlRolePairs(xml), [
    { roleArn: ROLE, principalArn: PROVIDER },
    { roleArn: 'arn:aws:iam::123456789012:role/reversed', principalArn: PROVIDER },
  ]);
  for (const pasted of [b64, xml, b64.replace(/(.{76})/g, '$1\n'), encodeURIComponent(b64)]) {
    const handle = sources.holdSecret(pasted);
    const s = await service.startFromSource({ type: 'saml', roleArn: ROLE, principalArn: PROVIDER, durationSeconds: 3600, secretHandle: handle });
    assert.equal(s.kind, 'AssumeRoleWithSAML');
    assert.equal(s.arn, 'arn:aws:sts::123456789012:assumed-role/saml-dev/alice');
    assert.match(s.sourceText, /SAML assertion \(provider corp-idp, subject alice\)/);
    assert.equal(await service.canRefreshSilently(s.id), false);
  }
  const calls = mock.commandCalls(AssumeRoleWithSAMLCommand);
  assert.equal(calls.length, 4);
  for (const c of calls) assert.deepEqual(c.args[0].input, { RoleArn: ROLE, PrincipalArn: PROVIDER, SAMLAssertion: b64, DurationSeconds: 3600, Policy: undefined });
});

test('AssumeRoleWithSAML refuses bad input before sending, and maps STS errors plainly', async () => {
  const sts = new STSClient({ region: 'us-east-1' });
  const mock = mockClient(sts);
  const sources = registry(sts);
  const service = new CredentialService({ sources, clock: () => NOW });
  const start = (assertion: string, extra: object = {}) => service.startFromSource({ type: 'saml', roleArn: ROLE, principalArn: PROVIDER, secretHandle: sources.holdSecret(assertion), ...extra });
  const bad: [string, object, RegExp][] = [
    ['not base64 !!', {}, /neither base64 nor SAML XML/],
    [Buffer.from('hello world, no saml here').toString('base64'), {}, /not a SAML Response/],
    ['abc', {}, /AWS accepts 4\.\.100000/],
    [Buffer.from(samlXml() + ' '.repeat(75_001)).toString('base64'), {}, /AWS accepts 4\.\.100000/],
    [samlXml({ notOnOrAfter: '2030-01-01T09:59:00Z' }), {}, /has expired/],
    [samlXml(), { principalArn: 'arn:aws:iam::123456789012:role/not-a-provider' }, /saml-provider/],
    [samlXml(), { roleArn: 'arn:aws:iam::12:role/x' }, /12 digits/],
    [samlXml(), { durationSeconds: 899 }, /DurationSeconds|900/],
    [samlXml(), { durationSeconds: 43201 }, /DurationSeconds|43200/],
  ];
  for (const [a, extra, re] of bad) await assert.rejects(start(a, extra), (e: unknown) => e instanceof StsLensError && e.problem.code === 'Validation' && re.test(e.message), re.source);
  assert.equal(mock.commandCalls(AssumeRoleWithSAMLCommand).length, 0);
  // both sides of the bounds that do pass
  mock.on(AssumeRoleWithSAMLCommand).resolves({ Credentials: CREDS });
  for (const d of [900, 43200]) await start(samlXml(), { durationSeconds: d });
  const errors: [string, RegExp][] = [
    ['InvalidIdentityToken', /SAML assertion was refused \(InvalidIdentityToken\)/],
    ['ExpiredTokenException', /SAML assertion has expired/],
    ['IDPRejectedClaim', /refused \(IDPRejectedClaim\)/],
    ['AccessDenied', /not authorized|denied/i],
  ];
  for (const [name, re] of errors) {
    mock.on(AssumeRoleWithSAMLCommand).rejects(Object.assign(new Error('server says no'), { name, $metadata: { httpStatusCode: 400 } }));
    await assert.rejects(start(samlXml()), (e: unknown) => e instanceof StsLensError && re.test(e.message) && !/AssumeRole\b(?!With)/.test(e.message), name);
  }
  recordReliability({ area: 'hostile input', input: 'SAML assertions: not base64, not SAML, too short/long, expired; bad ARNs and durations', count: bad.length, held: 'refused before any request, with the reason', test: __filename });
});

test('AssumeRoleWithWebIdentity: pasted token and token file; request shape, expiry check, errors', async () => {
  const sts = new STSClient({ region: 'us-east-1' });
  const mock = mockClient(sts);
  mock.on(AssumeRoleWithWebIdentityCommand).resolves({ Credentials: CREDS, AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/ci/run-1', AssumedRoleId: 'x' }, SubjectFromWebIdentityToken: 'repo:org/app', Provider: 'token.actions.example.com', Audience: 'sts.amazonaws.com' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-wi-'));
  try {
    const sources = registry(sts);
    const service = new CredentialService({ sources, clock: () => NOW });
    const token = jwt({ iss: 'https://token.actions.example.com', sub: 'repo:org/app', aud: 'sts.amazonaws.com', exp: NOW.getTime() / 1000 + 600 });
    assert.deepEqual(jwtFacts(token), { issuer: 'https://token.actions.example.com', subject: 'repo:org/app', audience: 'sts.amazonaws.com', expiresAt: new Date(NOW.getTime() + 600_000) });
    const ref = { type: 'webIdentity' as const, roleArn: 'arn:aws:iam::123456789012:role/ci', roleSessionName: 'run-1', durationSeconds: 900, secretHandle: sources.holdSecret(token) };
    const s = await service.startFromSource(ref);
    assert.deepEqual(mock.commandCalls(AssumeRoleWithWebIdentityCommand)[0]!.args[0].input, { RoleArn: ref.roleArn, RoleSessionName: 'run-1', WebIdentityToken: token, DurationSeconds: 900, ProviderId: undefined, Policy: undefined });
    assert.equal(s.kind, 'AssumeRoleWithWebIdentity');
    assert.match(s.sourceText, /pasted token, issuer https:\/\/token\.actions\.example\.com, subject repo:org\/app/);
    assert.equal(await service.canRefreshSilently(s.id), true, 'pasted token still valid for 10 min');
    const file = path.join(dir, 'token');
    fs.writeFileSync(file, `${token}\n`);
    await service.startFromSource({ type: 'webIdentity', roleArn: ref.roleArn, roleSessionName: 'run-2', tokenFile: file });
    assert.equal(mock.commandCalls(AssumeRoleWithWebIdentityCommand)[1]!.args[0].input.WebIdentityToken, token);
    // bounds: 4..20000 characters, no whitespace, not expired
    assert.equal(checkWebIdentityToken('abcd', NOW), undefined);
    assert.match(checkWebIdentityToken('abc', NOW)!.message, /AWS accepts 4\.\.20000/);
    assert.equal(checkWebIdentityToken('a'.repeat(20000), NOW), undefined);
    assert.match(checkWebIdentityToken('a'.repeat(20001), NOW)!.message, /AWS accepts 4\.\.20000/);
    assert.match(checkWebIdentityToken('ab cd', NOW)!.message, /spaces/);
    assert.match(checkWebIdentityToken(jwt({ exp: NOW.getTime() / 1000 - 1 }), NOW)!.message, /expired/);
    // file problems
    fs.writeFileSync(path.join(dir, 'bin'), Buffer.from([1, 0, 2]));
    await assert.rejects(readSecretFile(path.join(dir, 'bin'), 'web identity token'), /is binary/);
    await assert.rejects(readSecretFile(dir, 'web identity token'), /not a regular file/);
    await assert.rejects(readSecretFile(path.join(dir, 'missing'), 'web identity token'), /does not exist/);
    fs.writeFileSync(path.join(dir, 'big'), 'x'.repeat(300 * 1024));
    await assert.rejects(readSecretFile(path.join(dir, 'big'), 'web identity token'), /too large/);
    // errors
    mock.on(AssumeRoleWithWebIdentityCommand).rejects(Object.assign(new Error('x'), { name: 'InvalidIdentityToken', $metadata: { httpStatusCode: 400 } }));
    await assert.rejects(service.startFromSource({ ...ref, secretHandle: sources.holdSecret(token) }), /web identity token was refused \(InvalidIdentityToken\)/);
    mock.on(AssumeRoleWithWebIdentityCommand).rejects(Object.assign(new Error('x'), { name: 'IDPCommunicationError', $metadata: { httpStatusCode: 400 } }));
    await assert.rejects(service.startFromSource({ ...ref, secretHandle: sources.holdSecret(token) }), (e: unknown) => e instanceof StsLensError && e.problem.retryable && /could not reach the identity provider/.test(e.message));
    // a pasted token that has expired cannot refresh silently
    const late = registry(sts, { clock: () => new Date(NOW.getTime() + 3600_000) });
    assert.equal(await late.canRefreshSilently({ ...ref, secretHandle: late.holdSecret(token) }), false);
    assert.equal(await late.canRefreshSilently({ ...ref, secretHandle: 'forgotten' }), false);
    await assert.rejects(new CredentialService({ sources: late }).startFromSource({ ...ref, secretHandle: 'forgotten' }), /no longer held/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('MFA once: the first role assumption gets an MFA session with the code; refreshes and other roles reuse it silently', async () => {
  let t = NOW.getTime();
  const clock = () => new Date(t);
  const sent: { name: string; input: Record<string, unknown>; key: string }[] = [];
  const factory: StsClientFactory = ({ credentials }) => ({
    send: (async (cmd: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: cmd.constructor.name, input: cmd.input, key: (credentials as { accessKeyId: string }).accessKeyId });
      if (cmd instanceof GetSessionTokenCommand) return { Credentials: { AccessKeyId: 'ASIAMFASESSION000001', SecretAccessKey: 's', SessionToken: 'mfa-session', Expiration: new Date(t + 12 * 3600_000) } };
      if (cmd instanceof AssumeRoleCommand) return { Credentials: { ...CREDS, AccessKeyId: `ASIAROLE${sent.length}`, Expiration: new Date(t + 3600_000) }, AssumedRoleUser: { Arn: 'arn:aws:sts::123456789012:assumed-role/admin/me', AssumedRoleId: 'x' } };
      throw new Error('unexpected');
    }) as never,
  });
  const mfa = new MfaSessionCache(clock);
  const service = new CredentialService({ stsFactory: factory, clock, mfaSessions: mfa, detectChainingByIdentity: false, policyAnalyzer: async () => [], resolveSource: async () => ({ credentials: { accessKeyId: 'AKIALONGTERM00000001', secretAccessKey: 'x' }, text: 'profile base' }) });
  const serial = 'arn:aws:iam::123456789012:mfa/me';
  const req = { kind: 'AssumeRole' as const, roleArn: 'arn:aws:iam::123456789012:role/admin', roleSessionName: 'me', serialNumber: serial, source: { type: 'profile' as const, profile: 'base' } };
  const s = await service.assumeRole(req, '123456');
  assert.deepEqual(sent.map((x) => [x.name, x.key]), [['GetSessionTokenCommand', 'AKIALONGTERM00000001'], ['AssumeRoleCommand', 'ASIAMFASESSION000001']]);
  assert.deepEqual(sent[0]!.input, { DurationSeconds: 43200, SerialNumber: serial, TokenCode: '123456' });
  assert.equal(sent[1]!.input.SerialNumber, undefined);
  assert.equal(sent[1]!.input.TokenCode, undefined);
  assert.equal(service.needsMfa(s.id), false);
  assert.equal(await service.canRefreshSilently(s.id), true);
  t += 55 * 60_000;
  await service.refresh(s.id);
  assert.deepEqual(sent.slice(2).map((x) => [x.name, x.key]), [['AssumeRoleCommand', 'ASIAMFASESSION000001']]);
  // another role with the same device: no code either
  await service.assumeRole({ ...req, roleArn: 'arn:aws:iam::123456789012:role/other' });
  assert.equal(sent.length, 4);
  // once the MFA session has 5 minutes or less left, the code is asked again
  t = NOW.getTime() + 12 * 3600_000 - 5 * 60_000;
  assert.equal(service.needsMfa(s.id), true);
  assert.equal(await service.canRefreshSilently(s.id), false);
  await assert.rejects(service.refresh(s.id), /exactly 6 digits/);
  // without the cache (default), the code goes to AssumeRole as before
  const plain = new CredentialService({ stsFactory: factory, clock, detectChainingByIdentity: false, policyAnalyzer: async () => [], resolveSource: async () => ({ credentials: { accessKeyId: 'AKIALONGTERM00000001', secretAccessKey: 'x' }, text: 'profile base' }) });
  sent.length = 0;
  await plain.assumeRole(req, '654321');
  assert.deepEqual(sent.map((x) => [x.name, x.input.TokenCode]), [['AssumeRoleCommand', '654321']]);
});
