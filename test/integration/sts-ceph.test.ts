/**
 * The credential service against a real STS server: Ceph RADOS Gateway (Pacific, Debian packages) on
 * 127.0.0.1, started by ./ceph-rgw-sts.sh (apt-installs ceph when missing, needs root for that).
 * Skipped only when not root and ceph is not installed, and then loudly.
 *   STS_LENS_CEPH_DIR (default /tmp/ceph-sts-lens), STS_LENS_CEPH_PORT (default 8000),
 *   STS_LENS_CEPH_KEEP=1 keeps the cluster running afterwards.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { CredentialService, defaultSourceResolver } from '../../client/src/credentialService';
import { addRgwErrorCodeMiddleware, StsLensError } from '../../client/src/errors';
import { buildConsoleUrl, ConsoleFederationError } from '../../client/src/consoleFederation';
import { credentialEntries, writeProfileFile } from '../../client/src/iniWriter';
import type { Session, TemporaryCredentials } from '../../client/src/session';

import { cephSkipReason, ENDPOINT, REGION, startCeph, stopCeph, USER } from './cephCluster';

const USER_ARN = 'arn:aws:iam:::user/tester';

const skip = cephSkipReason();
if (skip) {
  const bar = '!'.repeat(100);
  console.error(`\n${bar}\n!!! STS Lens integration tests against Ceph RGW SKIPPED: ${skip}.\n!!! Run as root (or install ceph-mon ceph-osd radosgw ceph-common) to run them.\n${bar}\n`);
}

function s3For(c: TemporaryCredentials | typeof USER): S3Client {
  return addRgwErrorCodeMiddleware(new S3Client({ endpoint: ENDPOINT, region: REGION, forcePathStyle: true, credentials: c }));
}

const trust = (condition?: object) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: [USER_ARN] }, Action: ['sts:AssumeRole'], ...(condition ? { Condition: condition } : {}) }] });
const S3_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::*' }] });

describe('credential service against Ceph RGW STS', { skip, timeout: 15 * 60_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-it-'));
  const awsEnv = { AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'credentials'), AWS_CONFIG_FILE: path.join(tmp, 'config') };
  const stamp = Date.now().toString(36);
  const role = `lens${stamp}`;
  const roleArn = `arn:aws:iam:::role/${role}`;
  let service: CredentialService;
  let iam: IAMClient;
  const assume = (extra: Partial<Parameters<CredentialService['assumeRole']>[0]> = {}) =>
    service.assumeRole({ kind: 'AssumeRole', roleArn, roleSessionName: 'it', source: { type: 'profile', profile: 'tester' }, ...extra });

  before(async () => {
    console.log(`# Ceph RGW up on ${ENDPOINT} in ${(startCeph() / 1000).toFixed(1)} s`);
    // the source profile the service reads through @smithy/shared-ini-file-loader / fromIni
    fs.writeFileSync(awsEnv.AWS_SHARED_CREDENTIALS_FILE, `[tester]\naws_access_key_id = ${USER.accessKeyId}\naws_secret_access_key = ${USER.secretAccessKey}\n`, { mode: 0o600 });
    fs.writeFileSync(awsEnv.AWS_CONFIG_FILE, `[profile tester]\nregion = ${REGION}\n`);
    service = new CredentialService({ settings: () => ({ endpoint: ENDPOINT, region: REGION }), resolveSource: defaultSourceResolver(awsEnv) });
    iam = addRgwErrorCodeMiddleware(new IAMClient({ endpoint: ENDPOINT, region: REGION, credentials: USER }));
    await iam.send(new CreateRoleCommand({ RoleName: role, MaxSessionDuration: 7200, AssumeRolePolicyDocument: trust() }));
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'p', PolicyDocument: S3_ALL }));
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    stopCeph();
  });

  test('AssumeRole with valid durations (900, default, 7200 = the role max) gives credentials expiring then', async () => {
    for (const d of [900, undefined, 7200]) {
      const before = Date.now();
      const s = await assume({ durationSeconds: d });
      const expected = before + (d ?? 3600) * 1000;
      assert.ok(Math.abs(s.credentials.expiration.getTime() - expected) < 15_000, `duration ${d}: expiration ${s.credentials.expiration.toISOString()}`);
      assert.match(s.credentials.accessKeyId, /\S{8,}/);
      assert.equal(s.arn, `arn:aws:sts:::assumed-role/${role}/it`);
      assert.equal(s.label, role);
      assert.equal(s.chained, false);
      assert.equal(s.sourceText, 'profile tester');
    }
  });

  test('7201 (over the role MaxSessionDuration 7200) is rejected by the server and mapped to a plain message', async () => {
    await assert.rejects(assume({ durationSeconds: 7201 }), (e: unknown) => {
      assert.ok(e instanceof StsLensError);
      assert.equal(e.problem.code, 'DurationExceedsRoleMax');
      assert.equal(e.problem.httpStatus, 400);
      assert.equal(e.problem.serverCode, 'InvalidArgument', 'the RGW code recovered from the S3-style error body');
      assert.match(e.message, /The duration 7201 s exceeds the maximum session duration of the role arn:aws:iam:::role\/lens/);
      assert.match(e.message, /MaxSessionDuration/);
      return true;
    });
  });

  test('out-of-range durations never reach the server (validated by the core limits)', async () => {
    for (const d of [899, 43201]) await assert.rejects(assume({ durationSeconds: d }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'Validation' && /900\.\.43200/.test(e.message));
  });

  test('a session policy narrows the role: CreateBucket allowed for the role, denied for the narrowed session', async () => {
    const full = await assume({ durationSeconds: 900 });
    const narrowPolicy = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": "*" }]\n}';
    const narrow = await assume({ durationSeconds: 900, policy: narrowPolicy });
    const bucket = `b${stamp}`;
    const created = await s3For(full.credentials).send(new CreateBucketCommand({ Bucket: bucket }));
    assert.equal(created.$metadata.httpStatusCode, 200);
    await assert.rejects(s3For(narrow.credentials).send(new CreateBucketCommand({ Bucket: `${bucket}x` })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === 'AccessDenied' && e.$metadata?.httpStatusCode === 403);
    const listed = await s3For(narrow.credentials).send(new ListBucketsCommand({}));
    assert.ok(listed.Buckets?.some((b) => b.Name === bucket), 'the narrowed session may still list');
  });

  test('an invalid session policy is refused with its findings before any call', async () => {
    await assert.rejects(
      assume({ policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}' }),
      (e: unknown) => e instanceof StsLensError && e.problem.code === 'Validation' && /may not contain "?Principal/.test(e.message),
    );
    await assert.rejects(assume({ policy: '{"bad' }), /not valid JSON/);
  });

  test('external id: Ceph Pacific ignores it without a condition, and cannot match a sts:ExternalId condition at all', async () => {
    // No ExternalId condition in the trust policy: AWS and Ceph both accept any id, wrong or right.
    const s = await assume({ externalId: 'definitely-wrong-id', durationSeconds: 900 });
    assert.ok(s.credentials.sessionToken);
    // A trust policy with StringEquals sts:ExternalId: on AWS only the right id passes; Ceph 16.2 never
    // puts sts:ExternalId into the request context, so even the right id is denied. We assert what Ceph
    // does and that the wrong id gives our mapped AccessDenied message naming the external id.
    const strict = `ext${stamp}`;
    await iam.send(new CreateRoleCommand({ RoleName: strict, AssumeRolePolicyDocument: trust({ StringEquals: { 'sts:ExternalId': 'right-id' } }) }));
    const strictArn = `arn:aws:iam:::role/${strict}`;
    await assert.rejects(assume({ roleArn: strictArn, externalId: 'wrong-id' }), (e: unknown) => {
      assert.ok(e instanceof StsLensError);
      assert.equal(e.problem.code, 'AccessDenied');
      assert.equal(e.problem.httpStatus, 403);
      assert.match(e.message, /Access denied for AssumeRole arn:aws:iam:::role\/ext/);
      assert.match(e.message, /external id matches the sts:ExternalId condition/);
      return true;
    });
    await assert.rejects(assume({ roleArn: strictArn, externalId: 'right-id' }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'AccessDenied', 'Ceph denies the right id too');
  });

  test('tampered credentials are rejected; expired sessions are refused by the client clock', async () => {
    const s = await assume({ durationSeconds: 900 });
    // One character changed in the middle of the token: RGW cannot decrypt it and answers 400
    // InvalidArgument (S3 and STS alike); a token that is not even base64 of the right size gets 403.
    const t = s.credentials.sessionToken;
    const mid = Math.floor(t.length / 2);
    const altered = { ...s.credentials, sessionToken: t.slice(0, mid) + (t[mid] === 'A' ? 'B' : 'A') + t.slice(mid + 1) };
    const garbage = { ...s.credentials, sessionToken: 'x'.repeat(40) };
    const status = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    await assert.rejects(s3For(altered).send(new ListBucketsCommand({})), (e: unknown) => status(e) === 400);
    await assert.rejects(s3For(garbage).send(new ListBucketsCommand({})), (e: unknown) => status(e) === 403);
    // the same tokens as the source of an AssumeRole, through the service
    service.add({ ...s, id: 'altered', credentials: altered });
    await assert.rejects(assume({ source: { type: 'session', sessionId: 'altered' }, durationSeconds: 900 }), (e: unknown) => {
      assert.ok(e instanceof StsLensError);
      assert.equal(e.problem.code, 'InvalidCredentials');
      assert.equal(e.problem.httpStatus, 400);
      assert.match(e.message, /source session token is not valid/);
      assert.ok(!e.message.includes(t.slice(10, 40)), 'no token in the message');
      return true;
    });
    service.add({ ...s, id: 'garbage', credentials: garbage });
    await assert.rejects(assume({ source: { type: 'session', sessionId: 'garbage' }, durationSeconds: 900 }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'AccessDenied' && e.problem.httpStatus === 403);
    service.remove('altered');
    service.remove('garbage');
    // Ceph cannot be made to issue an already-expired token (900 s minimum), so expiry is judged by the
    // injected clock: a session 901 s later is expired and is not used as a source, nor restored.
    const later = new CredentialService({ settings: () => ({ endpoint: ENDPOINT }), clock: () => new Date(Date.now() + 901_000), resolveSource: defaultSourceResolver(awsEnv) });
    later.add(s);
    await assert.rejects(later.assumeRole({ kind: 'AssumeRole', roleArn, roleSessionName: 'it', source: { type: 'session', sessionId: s.id } }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'ExpiredToken');
    assert.equal(new CredentialService({ clock: () => new Date(Date.now() + 901_000) }).restore(later.serialize()), 0, "an expired session is not restored");
    assert.equal(new CredentialService().restore(later.serialize()), 1, "while valid it is");
  });

  test('role chaining: a held role session as the source is capped at 1 h before any call', async () => {
    const first = await assume({ durationSeconds: 900 });
    await assert.rejects(assume({ source: { type: 'session', sessionId: first.id }, durationSeconds: 7200 }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'ChainedDurationTooLong' && /at most 3600 seconds/.test(e.message));
    // what Ceph does with a chained AssumeRole (role credentials as the caller): recorded, either way mapped
    try {
      const chained = await assume({ source: { type: 'session', sessionId: first.id }, durationSeconds: 900 });
      assert.equal(chained.chained, true);
      console.log('# Ceph accepted AssumeRole signed by role credentials (chained session)');
    } catch (e) {
      assert.ok(e instanceof StsLensError);
      console.log(`# Ceph refused AssumeRole signed by role credentials: ${e.problem.code} HTTP ${e.problem.httpStatus} (${e.problem.serverCode})`);
    }
  });

  test('GetCallerIdentity is not implemented by Ceph Pacific and says so plainly', async () => {
    await assert.rejects(service.getCallerIdentity({ type: 'profile', profile: 'tester' }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'NotSupported' && /does not support GetCallerIdentity/.test(e.message));
  });

  test('GetSessionToken: denied without an identity policy, works after PutUserPolicy; console refuses it', async () => {
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: ['sts:GetSessionToken'], Resource: '*' }] });
    await iam.send(new PutUserPolicyCommand({ UserName: 'tester', PolicyName: 'gst', PolicyDocument: deny }));
    await assert.rejects(service.getSessionToken({ kind: 'GetSessionToken', durationSeconds: 900, source: { type: 'profile', profile: 'tester' } }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'AccessDenied' && /allows sts:GetSessionToken/.test(e.message));
    await iam.send(new PutUserPolicyCommand({ UserName: 'tester', PolicyName: 'gst', PolicyDocument: deny.replace('Deny', 'Allow') }));
    const gst = await service.getSessionToken({ kind: 'GetSessionToken', durationSeconds: 900, source: { type: 'profile', profile: 'tester' } });
    assert.equal(gst.kind, 'GetSessionToken');
    const listed = await s3For(gst.credentials).send(new ListBucketsCommand({}));
    assert.equal(listed.$metadata.httpStatusCode, 200);
    await assert.rejects(buildConsoleUrl(gst, { sessionDuration: 3600, federationEndpoint: 'http://127.0.0.1:1/never-called' }), (e: unknown) => e instanceof ConsoleFederationError && /GetSessionToken cannot sign in/.test((e as Error).message));
  });

  test('a profile written by "Write to profile" works with the real AWS CLI against the same server', async (t) => {
    const aws = ensureAwsCli();
    if (!aws) return t.skip('NOT RUN: /usr/bin/aws missing and cannot be installed (not root)');
    const s = await assume({ durationSeconds: 900 });
    const file = path.join(tmp, 'cli', 'credentials');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '# kept comment\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other\n');
    await writeProfileFile(file, 'lens', credentialEntries(s.credentials, { region: REGION }));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.startsWith('# kept comment\n[other]\naws_access_key_id = AKIAOTHER\n'));
    assert.match(text, /\[lens\]\naws_access_key_id = .+\naws_secret_access_key = .+\naws_session_token = .+\nexpiration = \d{4}-\d\d-\d\dT/);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: tmp, AWS_SHARED_CREDENTIALS_FILE: file, AWS_CONFIG_FILE: path.join(tmp, 'cli', 'none'), AWS_PAGER: '' };
    const run = (...args: string[]) => spawnSync(aws, ['--profile', 'lens', '--endpoint-url', ENDPOINT, '--region', REGION, '--output', 'json', ...args], { env, encoding: 'utf8', timeout: 60_000 });
    const r = run('s3api', 'list-buckets');
    assert.equal(r.status, 0, `aws s3api list-buckets failed: ${r.stderr}`);
    assert.ok(Array.isArray(JSON.parse(r.stdout).Buckets));
    // and the CLI can chain from it the way a user would: assume-role with the written profile
    const a = run('sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'cli', '--duration-seconds', '900');
    assert.equal(a.status, 0, `aws sts assume-role failed: ${a.stderr}`);
  });

  test('console federation: a Ceph session is refused before any request; the protocol checked against a local endpoint', async () => {
    const ceph = await assume({ durationSeconds: 900 });
    // issued by Ceph (stsLens.stsEndpoint): its secret must never go to a sign-in service
    await assert.rejects(buildConsoleUrl(ceph, { sessionDuration: 3600, federationEndpoint: 'http://127.0.0.1:1/never-called' }), (e: unknown) => e instanceof ConsoleFederationError && /not by AWS/.test((e as Error).message));
    // the protocol itself, with the Ceph credentials dressed as an AWS session, against a local endpoint
    const s: Session = { ...ceph, endpoint: undefined, arn: 'arn:aws:sts::123456789012:assumed-role/lens/it' };
    const seen: URL[] = [];
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      seen.push(url);
      const q = url.searchParams;
      const fail = (why: string) => (res.writeHead(400, { 'content-type': 'text/plain' }), res.end(why));
      if (req.method !== 'GET' || url.pathname !== '/federation') return fail('path');
      if (q.get('Action') !== 'getSigninToken') return fail('Action');
      // SessionDuration is optional (AWS refuses it for a role-chained session); when sent it must be in range
      const d = Number(q.get('SessionDuration'));
      if (q.has('SessionDuration') && (!/^\d+$/.test(q.get('SessionDuration') ?? '') || d < 900 || d > 43200)) return fail('SessionDuration');
      let session: Record<string, unknown>;
      try {
        session = JSON.parse(q.get('Session') ?? '') as Record<string, unknown>;
      } catch {
        return fail('Session JSON');
      }
      const keys = Object.keys(session).sort().join(',');
      if (keys !== 'sessionId,sessionKey,sessionToken' || Object.values(session).some((v) => typeof v !== 'string' || !v)) return fail('Session shape');
      if (session.sessionId !== s.credentials.accessKeyId || session.sessionToken !== s.credentials.sessionToken) return fail('Session values');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ SigninToken: 'TOKEN-123' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const federationEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/federation`;
    try {
      const url = new URL(await buildConsoleUrl(s, { sessionDuration: 43200, destination: 'https://console.aws.amazon.com/s3/home', federationEndpoint }));
      assert.equal(seen.length, 1);
      assert.equal(seen[0]!.searchParams.get('SessionDuration'), '43200');
      assert.equal(url.searchParams.get('Action'), 'login');
      assert.equal(url.searchParams.get('SigninToken'), 'TOKEN-123');
      assert.equal(url.searchParams.get('Destination'), 'https://console.aws.amazon.com/s3/home');
      assert.ok(url.searchParams.get('Issuer'));
      // a chained session signs in too, without SessionDuration (AWS rejects it for chained sessions)
      const chained: Session = { ...s, chained: true, chainedVia: 'the source is the role session x' };
      const chainedUrl = new URL(await buildConsoleUrl(chained, { sessionDuration: 3600, federationEndpoint }));
      assert.equal(seen.length, 2);
      assert.equal(seen[1]!.searchParams.has('SessionDuration'), false);
      assert.equal(chainedUrl.searchParams.get('SigninToken'), 'TOKEN-123');
      // an endpoint refusal is a plain message without the secret
      await assert.rejects(buildConsoleUrl(s, { sessionDuration: 3600, federationEndpoint: federationEndpoint.replace('/federation', '/wrong') }), (e: Error) => /HTTP 400/.test(e.message) && !e.message.includes(s.credentials.secretAccessKey));
    } finally {
      server.close();
    }
  });
});

/** /usr/bin/aws (Debian awscli v2; a pyenv shim `aws` may come first in PATH), installed when root. */
function ensureAwsCli(): string | undefined {
  const aws = '/usr/bin/aws';
  if (fs.existsSync(aws)) return aws;
  if (process.getuid?.() !== 0) {
    console.error('!!! /usr/bin/aws is missing and this user cannot apt-install awscli: the AWS CLI check is NOT RUN');
    return undefined;
  }
  execFileSync('sh', ['-c', 'DEBIAN_FRONTEND=noninteractive apt-get install -y -q awscli >/dev/null || (apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q awscli >/dev/null)'], { stdio: 'inherit', timeout: 10 * 60_000 });
  return fs.existsSync(aws) ? aws : undefined;
}
