/**
 * The STS client factory over real HTTP on 127.0.0.1 (a tiny server answering like STS), without Ceph:
 * the retry policy, the backoff, the per-attempt time limit, cancellation and the endpoint recorded.
 * test/integration/sts-faults.test.ts runs the same faults against the real Ceph STS through a proxy.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { abortableSleep, backoffDelay, createStsClientFactory, endpointUsedBy, withCancellation } from '../../client/src/stsClientFactory';
import { isTransientStsError, mapStsError, StsLensError } from '../../client/src/errors';

const OK = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAOK</AccessKeyId><SecretAccessKey>secretsecretsecretsecret</SecretAccessKey><SessionToken>tokentokentoken</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`;

/** Answers with the next scripted reply; 'hang' never answers. */
let script: (number | 'hang')[] = [];
let seen = 0;
const arrivals: (() => void)[] = [];
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    seen++;
    for (const a of arrivals.splice(0)) a();
    const next = script.shift() ?? 200;
    if (next === 'hang') return;
    if (next === 200) return res.writeHead(200, { 'content-type': 'text/xml' }), res.end(OK);
    res.writeHead(next, { 'content-type': 'application/xml' });
    res.end(`<Error><Code>${next === 503 ? 'SlowDown' : next === 403 ? 'AccessDenied' : 'InternalError'}</Code></Error>`);
  });
});
let endpoint = '';
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const cmd = () => new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's' });
const creds = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' };
const limits = { maxAttempts: 3, attemptTimeoutMs: 60_000, connectTimeoutMs: 5_000, baseDelayMs: 100, maxDelayMs: 250 };

test('backoff doubles up to its cap, with full jitter', () => {
  const full = () => 1 - Number.EPSILON;
  assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, limits, full)), [99, 199, 249, 249]);
  assert.deepEqual([1, 2, 3].map((n) => backoffDelay(n, limits, () => 0)), [0, 0, 0]);
});

test('5xx and throttling are retried (bounded), with the backoff; then a mapped message with the attempts', async () => {
  const delays: number[] = [];
  const factory = createStsClientFactory(limits, { sleep: async (ms) => void delays.push(ms), random: () => 0.5 });
  script = [500, 503, 200];
  seen = 0;
  const client = factory({ region: 'us-east-1', endpoint, credentials: creds });
  const out = await client.send(cmd());
  assert.equal(out.Credentials?.AccessKeyId, 'ASIAOK');
  assert.equal(seen, 3);
  assert.deepEqual(delays, [50, 100]);
  assert.equal(endpointUsedBy(client), endpoint);
  // always 500: three attempts, then the error with the count
  script = [500, 500, 500, 500];
  seen = 0;
  delays.length = 0;
  const e = await client.send(cmd()).catch((x: unknown) => x);
  assert.equal(seen, 3, 'bounded: maxAttempts requests, no more');
  assert.deepEqual(delays, [50, 100]);
  const p = mapStsError(e, { operation: 'AssumeRole' });
  assert.equal(p.code, 'ServerError');
  assert.match(p.message, /HTTP 500 InternalError \(3 attempts\)/);
  // 403 is not retried
  script = [403];
  seen = 0;
  delays.length = 0;
  const denied = await client.send(cmd()).catch((x: unknown) => x);
  assert.equal(seen, 1);
  assert.deepEqual(delays, []);
  assert.equal(isTransientStsError(denied), false);
  assert.equal(mapStsError(denied, { operation: 'AssumeRole' }).code, 'AccessDenied');
});

test('an attempt that gets no answer ends at its time limit; the call ends with a Timeout problem', async () => {
  const factory = createStsClientFactory({ ...limits, maxAttempts: 2, attemptTimeoutMs: 300 }, { sleep: async () => undefined });
  script = ['hang', 'hang'];
  seen = 0;
  await assert.rejects(factory({ region: 'us-east-1', endpoint, credentials: creds }).send(cmd()), (e: unknown) => e instanceof StsLensError && e.problem.code === 'Timeout' && /within 0\.3 s \(2 attempts\)/.test(e.message));
  assert.equal(seen, 2);
  server.closeAllConnections();
});

test('cancel ends the call in flight with a Cancelled problem and no further attempt', async () => {
  const factory = createStsClientFactory(limits);
  script = ['hang', 200];
  seen = 0;
  const ctl = new AbortController();
  const arrived = new Promise<void>((r) => arrivals.push(r));
  const call = withCancellation(ctl.signal, () => factory({ region: 'us-east-1', endpoint, credentials: creds }).send(cmd()));
  await arrived;
  ctl.abort();
  await assert.rejects(call, (e: unknown) => e instanceof StsLensError && e.problem.code === 'Cancelled');
  assert.equal(seen, 1);
  // already cancelled: nothing is sent at all
  await assert.rejects(withCancellation(ctl.signal, () => factory({ region: 'us-east-1', endpoint, credentials: creds }).send(cmd())), (e: unknown) => e instanceof StsLensError && e.problem.code === 'Cancelled');
  assert.equal(seen, 1);
  server.closeAllConnections();
  script = [];
});

test('a cancel that comes before or during a backoff wait ends it at once', { timeout: 60_000 }, async () => {
  const ctl = new AbortController();
  ctl.abort();
  await abortableSleep(600_000, ctl.signal); // would hang the test for 10 minutes if the abort were missed
  const later = new AbortController();
  const waiting = abortableSleep(600_000, later.signal);
  later.abort();
  await waiting;
  // through the factory: a 503, then the user cancels while told about the retry; the 10-minute wait ends
  const ctl2 = new AbortController();
  const factory = createStsClientFactory({ ...limits, baseDelayMs: 600_000, maxDelayMs: 600_000 }, { onRetry: () => ctl2.abort() });
  script = [503, 200];
  seen = 0;
  await assert.rejects(withCancellation(ctl2.signal, () => factory({ region: 'us-east-1', endpoint, credentials: creds }).send(cmd())), (e: unknown) => e instanceof StsLensError && e.problem.code === 'Cancelled');
  assert.equal(seen, 1);
  script = [];
});

test('the STS commands run under a progress notification with Cancel wired to the request', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const src = fs.readFileSync(path.join(__dirname, '..', '..', 'client', 'src', 'credentialCommands.ts'), 'utf8');
  const run = src.slice(src.indexOf('async function run('), src.indexOf('function command('));
  assert.match(run, /withProgress\(\{.*cancellable: true/);
  assert.match(run, /token\.onCancellationRequested\(\(\) => abort\.abort\(\)\)/);
  assert.match(run, /withCancellation\(abort\.signal, call\)/);
  assert.match(run, /problem\.code === 'Cancelled'/, 'a cancel is not reported as an error');
});
