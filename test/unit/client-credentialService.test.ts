import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { CredentialService, type StsClientFactory } from '../../client/src/credentialService';
import { StsLensError } from '../../client/src/errors';
import { RedactingLogger } from '../../client/src/logger';
import { checkSessionPolicy, corePolicyAnalyzer } from '../../client/src/validation';

const T0 = new Date('2030-01-01T10:00:00Z');
const longTerm = { accessKeyId: 'AKIAEXAMPLE000000001', secretAccessKey: 'longtermsecret' };

interface Sent {
  name: string;
  input: Record<string, unknown>;
  credentials: unknown;
}

/** A hand-written STS for success paths: records requests, answers like STS. */
function fakeSts(opts: { identityArn?: string } = {}) {
  const sent: Sent[] = [];
  let n = 0;
  const factory: StsClientFactory = ({ credentials }) => ({
    send: (async (cmd: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: cmd.constructor.name, input: cmd.input, credentials });
      n++;
      const exp = new Date(T0.getTime() + ((cmd.input.DurationSeconds as number | undefined) ?? 3600) * 1000);
      const Credentials = { AccessKeyId: `ASIATEMP${n}`, SecretAccessKey: `tempsecret${n}xyz`, SessionToken: `token${n}-abcdef`, Expiration: exp };
      if (cmd instanceof AssumeRoleCommand) {
        const role = String(cmd.input.RoleArn).replace(/^arn:aws:iam::(\d+):role\/(.*)$/, 'arn:aws:sts::$1:assumed-role/$2');
        return { Credentials, AssumedRoleUser: { Arn: `${role}/${cmd.input.RoleSessionName}`, AssumedRoleId: 'AROA:x' } };
      }
      if (cmd instanceof GetSessionTokenCommand) return { Credentials };
      if (cmd instanceof GetCallerIdentityCommand) return { Arn: opts.identityArn ?? 'arn:aws:iam::123456789012:user/me', Account: '123456789012', UserId: 'AIDA' };
      throw new Error('unexpected command');
    }) as never,
  });
  return { sent, factory };
}

function service(factory: StsClientFactory, extra: Partial<ConstructorParameters<typeof CredentialService>[0]> = {}) {
  let id = 0;
  return new CredentialService({
    stsFactory: factory,
    clock: () => T0,
    newId: () => `id${++id}`,
    policyAnalyzer: async () => [],
    resolveSource: async (spec) => (spec.type === 'profile' && spec.profile === 'chained' ? { credentials: { ...longTerm, sessionToken: 'x' }, text: 'profile chained', chainedVia: 'profile chained -> base assumes role arn:aws:iam::123456789012:role/base' } : { credentials: longTerm, text: spec.type === 'chain' ? 'default credential chain' : `profile ${spec.profile}` }),
    ...extra,
  });
}

const ROLE = 'arn:aws:iam::123456789012:role/deploy';

test('assumeRole sends the validated request and makes the session active', async () => {
  const sts = fakeSts();
  const svc = service(sts.factory);
  const s = await svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', durationSeconds: 7200, externalId: 'ext-123', source: { type: 'chain' } });
  assert.equal(sts.sent.length, 1);
  assert.deepEqual(sts.sent[0]!.input, { RoleArn: ROLE, RoleSessionName: 'me', DurationSeconds: 7200, ExternalId: 'ext-123', SerialNumber: undefined, TokenCode: undefined, Policy: undefined });
  assert.equal(s.label, 'deploy');
  assert.equal(s.arn, 'arn:aws:sts::123456789012:assumed-role/deploy/me');
  assert.equal(s.account, '123456789012');
  assert.equal(s.credentials.expiration.toISOString(), '2030-01-01T12:00:00.000Z');
  assert.equal(s.chained, false);
  assert.equal(svc.active()?.id, s.id);
});

test('invalid inputs are refused before any call', async () => {
  const sts = fakeSts();
  const svc = service(sts.factory);
  const bad = [
    { roleArn: 'arn:aws:iam::12:role/x', roleSessionName: 'me' },
    { roleArn: ROLE, roleSessionName: 'a b' },
    { roleArn: ROLE, roleSessionName: 'me', durationSeconds: 899 },
    { roleArn: ROLE, roleSessionName: 'me', durationSeconds: 43201 },
    { roleArn: ROLE, roleSessionName: 'me', externalId: 'x' },
  ];
  for (const b of bad) {
    await assert.rejects(svc.assumeRole({ kind: 'AssumeRole', source: { type: 'chain' }, ...b }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'Validation');
  }
  for (const code of ['12345', '1234567', 'abcdef', '']) {
    await assert.rejects(
      svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', serialNumber: 'arn:aws:iam::123456789012:mfa/me', source: { type: 'chain' } }, code),
      /exactly 6 digits/,
    );
  }
  assert.equal(sts.sent.length, 0);
  await svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', serialNumber: 'arn:aws:iam::123456789012:mfa/me', source: { type: 'chain' } }, '123456');
  assert.equal(sts.sent[0]!.input.TokenCode, '123456');
});

test('role chaining caps the duration at one hour with an explanation', async () => {
  const sts = fakeSts();
  const svc = service(sts.factory);
  await assert.rejects(
    svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', durationSeconds: 7200, source: { type: 'profile', profile: 'chained' } }),
    (e: unknown) => e instanceof StsLensError && e.problem.code === 'ChainedDurationTooLong' && /at most 3600 seconds/.test(e.message) && /profile chained -> base/.test(e.message),
  );
  assert.equal(sts.sent.length, 0);
  const s = await svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', durationSeconds: 3600, source: { type: 'profile', profile: 'chained' } });
  assert.equal(s.chained, true);
});

test('a held role session as source is role chaining; its credentials sign the call', async () => {
  const sts = fakeSts();
  const svc = service(sts.factory);
  const first = await svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', source: { type: 'chain' } });
  await assert.rejects(svc.assumeRole({ kind: 'AssumeRole', roleArn: 'arn:aws:iam::123456789012:role/next', roleSessionName: 'me', durationSeconds: 3601, source: { type: 'session', sessionId: first.id } }), /Role chaining/);
  const second = await svc.assumeRole({ kind: 'AssumeRole', roleArn: 'arn:aws:iam::123456789012:role/next', roleSessionName: 'me', source: { type: 'session', sessionId: first.id } });
  assert.equal(second.chained, true);
  assert.equal((sts.sent[1]!.credentials as { accessKeyId: string }).accessKeyId, first.credentials.accessKeyId);
  assert.equal(svc.sessions().length, 2);
});

test('temporary source credentials whose identity is an assumed role are detected as chained', async () => {
  const sts = fakeSts({ identityArn: 'arn:aws:sts::123456789012:assumed-role/base/me' });
  const svc = service(sts.factory, { resolveSource: async () => ({ credentials: { ...longTerm, sessionToken: 'tok' }, text: 'default credential chain' }) });
  const src = await svc.resolveSource({ type: 'chain' });
  assert.match(src.chainedVia ?? '', /assumed-role\/base/);
});

test('session policy is validated by the analyzer first and refused with its findings', async () => {
  const sts = fakeSts();
  const svc = service(sts.factory, {
    policyAnalyzer: async () => [{ ruleId: 'session-policy-invalid', offset: 0, length: 1, severity: 'error', message: 'Unknown action s3:Nope' }],
  });
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Nope', Resource: '*' }] });
  await assert.rejects(svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', policy, source: { type: 'chain' } }), /Unknown action s3:Nope \[session-policy-invalid\]/);
  await assert.rejects(
    // the real core checks: a Principal is refused in a session policy
    service(sts.factory, { policyAnalyzer: corePolicyAnalyzer }).assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', policy: '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":"*"}]}', source: { type: 'chain' } }),
    /may not contain "?Principal/,
  );
  assert.equal(sts.sent.length, 0);
  const ok = service(sts.factory);
  await ok.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', policy: '{\n  "Version": "2012-10-17",\n  "Statement": {"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}\n}', source: { type: 'chain' } });
  assert.equal(sts.sent[0]!.input.Policy, '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}}');
});

test('getSessionToken, refresh keeps the id and the active session, MFA is asked only when needed', async () => {
  const sts = fakeSts();
  const svc = service(sts.factory);
  const gst = await svc.getSessionToken({ kind: 'GetSessionToken', durationSeconds: 129600, source: { type: 'profile', profile: 'dev' } });
  assert.equal(gst.kind, 'GetSessionToken');
  assert.equal(gst.label, 'dev (token)');
  assert.equal(svc.needsMfa(gst.id), false);
  const role = await svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', serialNumber: 'arn:aws:iam::123456789012:mfa/me', source: { type: 'chain' } }, '000111');
  assert.equal(svc.needsMfa(role.id), true);
  const before = gst.credentials.accessKeyId;
  const again = await svc.refresh(gst.id);
  assert.equal(again.id, gst.id);
  assert.notEqual(again.credentials.accessKeyId, before);
  assert.equal(svc.active()?.id, role.id, 'refreshing a background session keeps the active one');
  await assert.rejects(svc.refresh(role.id), /6 digits/);
  await assert.rejects(svc.getSessionToken({ kind: 'GetSessionToken', source: { type: 'profile', profile: 'chained' } }), /cannot be called with role credentials/);
});

test('sessions survive serialize/restore only while valid; clear and remove pick the next active', async () => {
  const sts = fakeSts();
  const svc = service(sts.factory);
  const a = await svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', durationSeconds: 900, source: { type: 'chain' } });
  const b = await svc.assumeRole({ kind: 'AssumeRole', roleArn: 'arn:aws:iam::123456789012:role/other', roleSessionName: 'me', durationSeconds: 7200, source: { type: 'chain' } });
  svc.setActive(a.id);
  const json = svc.serialize();
  const later = new CredentialService({ clock: () => new Date(T0.getTime() + 1000 * 1000), stsFactory: sts.factory });
  assert.equal(later.restore(json), 1);
  assert.equal(later.active()?.id, b.id, 'the expired active session is dropped');
  assert.ok(later.active()!.credentials.expiration instanceof Date);
  const same = new CredentialService({ clock: () => T0, stsFactory: sts.factory });
  assert.equal(same.restore(json), 2);
  assert.equal(same.active()?.id, a.id);
  same.remove(a.id);
  assert.equal(same.active()?.id, b.id);
  same.clear();
  assert.equal(same.active(), undefined);
  assert.equal(same.restore('not json'), 0);
});

test('STS errors (AWS names) become plain messages with a next step, secrets never in them', async () => {
  const mock = mockClient(STSClient);
  const lines: string[] = [];
  const logger = new RedactingLogger((l) => lines.push(l));
  const svc = service(() => new STSClient({ region: 'us-east-1', credentials: longTerm }), { logger });
  const call = (d?: number) => svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', durationSeconds: d, source: { type: 'chain' } });
  const cases: [Error, RegExp, string, boolean][] = [
    [Object.assign(new Error('User: arn:aws:iam::1:user/me is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }), /trust policy/, 'AccessDenied', false],
    [Object.assign(new Error('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'), { name: 'ValidationError', $metadata: { httpStatusCode: 400 } }), /exceeds the maximum session duration/, 'DurationExceedsRoleMax', false],
    [Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredToken', $metadata: { httpStatusCode: 400 } }), /expired/, 'ExpiredToken', false],
    [Object.assign(new Error('STS is not activated in this region'), { name: 'RegionDisabledException', $metadata: { httpStatusCode: 403 } }), /not activated in region us-east-1/, 'RegionDisabled', false],
    [Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }), /throttling/, 'Throttling', true],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), /could not be reached/, 'Network', true],
    [Object.assign(new Error('socket timeout'), { name: 'TimeoutError' }), /could not be reached/, 'Network', true],
  ];
  for (const [err, re, code, retryable] of cases) {
    mock.reset();
    mock.on(AssumeRoleCommand).rejects(err);
    await assert.rejects(call(7200), (e: unknown) => {
      assert.ok(e instanceof StsLensError, String(e));
      assert.equal(e.problem.code, code);
      assert.equal(e.problem.retryable, retryable);
      assert.match(e.message, re);
      assert.ok(e.problem.nextStep.length > 10);
      assert.doesNotMatch(e.message, /longtermsecret/);
      return true;
    });
  }
  mock.restore();
  assert.ok(lines.some((l) => /AssumeRole failed: Throttling/.test(l)));
  assert.ok(lines.every((l) => !l.includes('longtermsecret')));
});

test('Ceph RGW errors (name Unknown) map by the recovered code and the HTTP status', async () => {
  const mock = mockClient(STSClient);
  const svc = service(() => new STSClient({ region: 'us-east-1', credentials: longTerm }));
  const rgw = (status: number, code?: string) =>
    Object.assign(new Error('UnknownError'), { name: 'Unknown', $fault: 'client', $metadata: { httpStatusCode: status }, $response: { statusCode: status, headers: code ? { 'x-rgw-error-code': code } : {} } });
  const cases: [ReturnType<typeof rgw>, number | undefined, string][] = [
    [rgw(400, 'InvalidArgument'), 7201, 'DurationExceedsRoleMax'],
    [rgw(400), 7201, 'DurationExceedsRoleMax'],
    [rgw(400, 'InvalidArgument'), 900, 'InvalidParameter'],
    [rgw(403, 'AccessDenied'), undefined, 'AccessDenied'],
    [rgw(403), undefined, 'AccessDenied'],
    [rgw(400, 'MalformedPolicyDocument'), undefined, 'MalformedPolicy'],
    [Object.assign(rgw(404), { name: 'NotFound' }), undefined, 'RoleNotFound'],
    [rgw(405, 'MethodNotAllowed'), undefined, 'NotSupported'],
  ];
  for (const [err, d, code] of cases) {
    mock.reset();
    mock.on(AssumeRoleCommand).rejects(err);
    await assert.rejects(svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', durationSeconds: d, source: { type: 'chain' } }), (e: unknown) => e instanceof StsLensError && e.problem.code === code);
  }
  mock.reset();
  mock.on(AssumeRoleCommand).rejects(rgw(400, 'InvalidArgument'));
  const chained = service(() => new STSClient({ region: 'us-east-1', credentials: longTerm }), { resolveSource: async () => ({ credentials: longTerm, text: 'x', chainedVia: 'via x' }) });
  // the cap is enforced before the call, so STS never sees 3601 for a chained source
  await assert.rejects(chained.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', durationSeconds: 3601, source: { type: 'chain' } }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'ChainedDurationTooLong');
  assert.equal(mock.commandCalls(AssumeRoleCommand).length, 0);
  mock.restore();
});

test('GetCallerIdentity not implemented by the server is a plain "not supported"', async () => {
  const mock = mockClient(STSClient);
  mock.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('UnknownError'), { name: 'Unknown', $metadata: { httpStatusCode: 405 } }));
  const svc = service(() => new STSClient({ region: 'us-east-1', credentials: longTerm }));
  await assert.rejects(svc.getCallerIdentity({ type: 'chain' }), /does not support GetCallerIdentity/);
  // chaining detection is best effort: temporary source credentials on such a server still resolve
  const tmp = service(() => new STSClient({ region: 'us-east-1', credentials: longTerm }), { resolveSource: async () => ({ credentials: { ...longTerm, sessionToken: 't' }, text: 'env' }) });
  assert.equal((await tmp.resolveSource({ type: 'chain' })).chainedVia, undefined);
  mock.restore();
});

test('a session policy is judged as sent (minified): pretty-printing over 2048 is fine, content over 2048 is refused', async () => {
  const statements = Array.from({ length: 14 }, (_, i) => ({ Sid: `Read${i}`, Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::bucket-${i}/*`] }));
  const pretty = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
  assert.ok(pretty.length > 2048);
  const fits = await checkSessionPolicy(pretty);
  assert.equal(fits.ok, true, fits.problems.join('\n'));
  assert.ok(fits.minified!.length <= 2048);
  const big = JSON.stringify({ Version: '2012-10-17', Statement: [...statements, ...statements.map((s) => ({ ...s, Sid: `${s.Sid}b` }))] });
  const refused = await checkSessionPolicy(big);
  assert.equal(refused.ok, false);
  assert.match(refused.problems.join('\n'), new RegExp(`${big.length} characters as sent; AWS accepts at most 2048.*\\[session-policy-too-large\\]`));
  const typo = await checkSessionPolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Action":"s3:GetObject","Resource":"*"}]}');
  assert.equal(typo.ok, false);
  assert.match(typo.problems.join('\n'), /Effect.*\[session-policy-invalid\]/);
});

test('the region of the request (a profile\'s own region) wins over the setting; update() keeps the active session', async () => {
  const regions: string[] = [];
  const sts = fakeSts();
  const factory: StsClientFactory = (o) => (regions.push(o.region), sts.factory(o));
  const svc = service(factory, { settings: () => ({ region: 'us-west-2' }) });
  const a = await svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', source: { type: 'chain' }, profile: 'prod', region: 'eu-west-1' });
  assert.equal(a.region, 'eu-west-1');
  const b = await svc.assumeRole({ kind: 'AssumeRole', roleArn: ROLE, roleSessionName: 'me', source: { type: 'chain' } });
  assert.equal(b.region, 'us-west-2', 'without one, the setting decides');
  assert.deepEqual(regions, ['eu-west-1', 'us-west-2']);
  // a refresh repeats the request, region included
  const again = await svc.refresh(a.id);
  assert.equal(again.region, 'eu-west-1');
  svc.setActive(b.id);
  svc.update({ ...svc.get(a.id)!, region: 'eu-central-1' });
  assert.equal(svc.get(a.id)?.region, 'eu-central-1');
  assert.equal(svc.active()?.id, b.id, 'changing a background session does not make it active');
});
