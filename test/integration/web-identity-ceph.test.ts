/**
 * AssumeRoleWithWebIdentity through the extension's sources against the real STS of Ceph RGW (Pacific,
 * started by ./ceph-rgw-sts.sh) with a self-made OpenID provider on 127.0.0.1 (RS256 signed by node
 * crypto, a self-signed x5c certificate made with openssl), as in shared/recipes/ceph-rgw-web-identity.md.
 * Covered: web_identity_token_file profile, token file, pasted token, the duration bounds of the role,
 * refused tokens (wrong audience, wrong subject, foreign key, garbage) with plain messages, expired tokens
 * refused before sending, a refresh that re-reads the token file, and the credentials working for S3.
 * Ceph has no AssumeRoleWithSAML: the SAML path is unit-tested (test/unit/sources-federation.test.ts).
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { CredentialService, defaultStsClientFactory } from '../../client/src/credentialService';
import { addRgwErrorCodeMiddleware, StsLensError } from '../../client/src/errors';
import { RedactingLogger } from '../../client/src/logger';
import { SourceRegistry } from '../../client/src/sources';
import type { TemporaryCredentials } from '../../client/src/session';
import { recordReliability } from '../reliability/record';

import { cephSkipReason, ENDPOINT, REGION, startCeph, stopCeph, USER } from './cephCluster';

const CLIENT_ID = 'sts-lens-wi';

const hasOpenssl = spawnSync('sh', ['-c', 'command -v openssl'], { stdio: 'ignore' }).status === 0;
const skip = cephSkipReason() || (!hasOpenssl ? 'NOT RUN: openssl is not installed (the OIDC key needs an x5c certificate)' : false);
if (skip) console.error(`\n!!! web identity integration tests against Ceph RGW SKIPPED: ${skip}\n`);

interface SigningKey {
  privateKey: crypto.KeyObject;
  jwk: Record<string, unknown>;
  thumbprint: string;
}

/** RSA key + self-signed certificate: Pacific only accepts JWKS keys that carry `x5c`. */
function makeKey(dir: string, cn: string): SigningKey {
  const keyFile = path.join(dir, `${cn}.key`);
  const certFile = path.join(dir, `${cn}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${cn}`], { stdio: 'ignore' });
  const cert = new crypto.X509Certificate(fs.readFileSync(certFile));
  const jwk = cert.publicKey.export({ format: 'jwk' });
  return {
    privateKey: crypto.createPrivateKey(fs.readFileSync(keyFile)),
    thumbprint: cert.fingerprint.replace(/:/g, '').toLowerCase(),
    jwk: { kty: 'RSA', use: 'sig', alg: 'RS256', kid: cn, n: jwk.n, e: jwk.e, x5c: [cert.raw.toString('base64')] },
  };
}

function jwt(claims: Record<string, unknown>, key: SigningKey): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.jwk.kid })}.${b64(claims)}`;
  return `${data}.${crypto.sign('sha256', Buffer.from(data), key.privateKey).toString('base64url')}`;
}

describe('AssumeRoleWithWebIdentity against Ceph RGW STS with a local OpenID provider', { skip, timeout: 15 * 60_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-wi-'));
  const stamp = Date.now().toString(36);
  const role = `wi${stamp}`;
  const roleArn = `arn:aws:iam:::role/${role}`;
  const config = path.join(tmp, 'config');
  const tokenFile = path.join(tmp, 'token');
  let key: SigningKey;
  let otherKey: SigningKey;
  let oidc: http.Server;
  let iss = '';
  let sources: SourceRegistry;
  let service: CredentialService;
  const logLines: string[] = [];
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (o: Record<string, unknown> = {}) => ({ iss, aud: CLIENT_ID, sub: 'alice', iat: now(), exp: now() + 600, ...o });
  const s3For = (c: TemporaryCredentials) => addRgwErrorCodeMiddleware(new S3Client({ endpoint: ENDPOINT, region: REGION, forcePathStyle: true, credentials: c }));

  before(async () => {
    const t0 = Date.now();
    startCeph();
    console.log(`# Ceph RGW up on ${ENDPOINT} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    key = makeKey(tmp, `signer-${stamp}`);
    otherKey = makeKey(tmp, `other-${stamp}`);
    oidc = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (o: object) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
      if (url.pathname === '/.well-known/openid-configuration') return json({ issuer: iss, jwks_uri: `${iss}/jwks`, id_token_signing_alg_values_supported: ['RS256'], response_types_supported: ['id_token'], subject_types_supported: ['public'] });
      if (url.pathname === '/jwks') return json({ keys: [key.jwk] });
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => oidc.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(oidc.address() as AddressInfo).port}`;
    iss = `http://${host}`;
    const iam = addRgwErrorCodeMiddleware(new IAMClient({ endpoint: ENDPOINT, region: REGION, credentials: USER }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'tester', PolicyName: 'oidc-admin', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:CreateOIDCProvider', 'iam:DeleteOIDCProvider', 'iam:GetOIDCProvider', 'iam:ListOIDCProviders'], Resource: '*' }] }) }));
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: iss, ClientIDList: [CLIENT_ID], ThumbprintList: [key.thumbprint] }));
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: [`arn:aws:iam:::oidc-provider/${host}`] }, Action: ['sts:AssumeRoleWithWebIdentity'], Condition: { StringEquals: { [`${host}:app_id`]: CLIENT_ID, [`${host}:sub`]: 'alice' } } }] };
    await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 's3all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::*' }] }) }));
    fs.writeFileSync(tokenFile, jwt(claims(), key), { mode: 0o600 });
    fs.writeFileSync(config, `[profile ci]\nrole_arn = ${roleArn}\nweb_identity_token_file = ${tokenFile}\nrole_session_name = ci-run\nduration_seconds = 900\n`);
    const logger = new RedactingLogger((l) => logLines.push(l));
    const settings = () => ({ endpoint: ENDPOINT, region: REGION });
    // the production factory (retries, timeouts, RGW error codes), without credentials: the call is unsigned
    sources = new SourceRegistry({ env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'credentials') }, home: tmp, sts: ({ region, endpoint }) => defaultStsClientFactory({ region, endpoint }), settings, addSecret: (v) => logger.addSecret(v) });
    service = new CredentialService({ sources, settings, logger });
  });

  after(() => {
    oidc?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    stopCeph();
  });

  test('a web_identity_token_file profile gives a session whose credentials work for S3; refresh re-reads the file', async () => {
    const [listed] = (await sources.listSources()).filter((s) => s.kind === 'AssumeRoleWithWebIdentity');
    assert.equal(listed?.label, 'ci');
    const before = Date.now();
    const s = await service.startFromSource(listed!.ref);
    assert.equal(s.kind, 'AssumeRoleWithWebIdentity');
    assert.equal(s.arn, `arn:aws:sts:::assumed-role/${role}/ci-run`);
    assert.match(s.sourceText, new RegExp(`web identity \\(profile ci, issuer ${iss.replace(/[.]/g, '\\.')}, subject alice\\)`));
    assert.ok(Math.abs(s.credentials.expiration.getTime() - (before + 900_000)) < 15_000, 'duration_seconds = 900 of the profile');
    const bucket = `wi${stamp}`;
    assert.equal((await s3For(s.credentials).send(new CreateBucketCommand({ Bucket: bucket }))).$metadata.httpStatusCode, 200);
    assert.ok((await s3For(s.credentials).send(new ListBucketsCommand({}))).Buckets?.some((b) => b.Name === bucket));
    assert.equal(await service.canRefreshSilently(s.id), true);
    // the token file is rotated (as Kubernetes / CI runners do): refresh reads the new one
    fs.writeFileSync(tokenFile, jwt(claims({ jti: 'rotated' }), key));
    const refreshed = await service.refresh(s.id);
    assert.notEqual(refreshed.credentials.accessKeyId, s.credentials.accessKeyId);
    // neither the token nor the credentials reached the log
    const log = logLines.join('\n');
    for (const secret of [fs.readFileSync(tokenFile, 'utf8'), refreshed.credentials.secretAccessKey, refreshed.credentials.sessionToken]) assert.ok(!log.includes(secret));
  });

  test('a pasted token and a token file both work; durations 900 and 3600 (the role max) pass, 3601 is refused by the server', async () => {
    for (const d of [900, 3600]) {
      const before = Date.now();
      const s = await service.startFromSource({ type: 'webIdentity', roleArn, roleSessionName: 'pasted', durationSeconds: d, secretHandle: sources.holdSecret(jwt(claims(), key)) });
      assert.ok(Math.abs(s.credentials.expiration.getTime() - (before + d * 1000)) < 15_000, `duration ${d}`);
    }
    const viaFile = await service.startFromSource({ type: 'webIdentity', roleArn, roleSessionName: 'file', tokenFile });
    assert.ok(viaFile.credentials.sessionToken);
    await assert.rejects(service.startFromSource({ type: 'webIdentity', roleArn, roleSessionName: 'long', durationSeconds: 3601, secretHandle: sources.holdSecret(jwt(claims(), key)) }), (e: unknown) => {
      assert.ok(e instanceof StsLensError);
      assert.equal(e.problem.httpStatus, 400);
      assert.match(e.message, /AssumeRoleWithWebIdentity|maximum session duration/);
      return true;
    });
    // outside 900..43200: refused before sending
    for (const d of [899, 43201]) await assert.rejects(service.startFromSource({ type: 'webIdentity', roleArn, roleSessionName: 'x', durationSeconds: d, secretHandle: sources.holdSecret(jwt(claims(), key)) }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'Validation');
  });

  test('tokens the server refuses give a plain message; expired tokens are refused before sending', async () => {
    const refused: [string, string][] = [
      ['audience not registered', jwt(claims({ aud: 'someone-else' }), key)],
      ['subject not allowed by the trust policy', jwt(claims({ sub: 'mallory' }), key)],
      ['signed by another key', jwt(claims(), otherKey)],
      ['not a JWT', 'not-a-jwt-token'],
    ];
    for (const [what, token] of refused) {
      await assert.rejects(service.startFromSource({ type: 'webIdentity', roleArn, roleSessionName: 'bad', secretHandle: sources.holdSecret(token) }), (e: unknown) => {
        assert.ok(e instanceof StsLensError, what);
        assert.equal(e.problem.code, 'AccessDenied', what);
        assert.equal(e.problem.httpStatus, 403, what);
        assert.match(e.message, /refused the web identity token|trust policy/, what);
        assert.ok(!e.message.includes(token), 'the token is never in a message');
        return true;
      });
    }
    await assert.rejects(service.startFromSource({ type: 'webIdentity', roleArn, roleSessionName: 'old', secretHandle: sources.holdSecret(jwt(claims({ iat: now() - 900, exp: now() - 60 }), key)) }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'Validation' && /expired at/.test(e.message));
    recordReliability({ area: 'credential flow', input: 'web identity tokens: foreign audience, foreign subject, foreign signing key, garbage, expired (Ceph RGW STS)', count: refused.length + 1, held: 'plain AccessDenied / refused before sending; token never in a message', test: __filename });
  });
});
