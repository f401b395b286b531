/**
 * Network faults between the credential service and a real STS server (Ceph RGW on 127.0.0.1, started by
 * ./ceph-rgw-sts.sh or reused), through a fault-injecting HTTP proxy this test runs on 127.0.0.1:
 * server down (connection refused), connection reset, an endpoint that never answers, 5xx, throttling
 * (AWS's 400 Throttling and Ceph's 503 SlowDown) and malformed XML. For each: a clear message, bounded
 * retries with backoff for what is worth retrying, the time limit honoured, cancel honoured, and the
 * session held before still usable and unchanged (nothing half-stored, no change event for the status bar).
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { CredentialService } from '../../client/src/credentialService';
import { addRgwErrorCodeMiddleware, StsLensError, type ProblemCode } from '../../client/src/errors';
import { createStsClientFactory, withCancellation, type StsCallLimits } from '../../client/src/stsClientFactory';
import type { Session, TemporaryCredentials } from '../../client/src/session';
import { recordReliability } from '../reliability/record';
import { cephRunning, cephSkipReason, ENDPOINT as CEPH, REGION, startCeph, stopCeph, USER } from './cephCluster';

const ROLE_ARN = 'arn:aws:iam:::role/demo';

const skip = cephSkipReason();
if (skip) console.error(`\n${'!'.repeat(100)}\n!!! STS Lens network-fault tests against Ceph RGW SKIPPED: ${skip}.\n${'!'.repeat(100)}\n`);

type Mode = 'pass' | 'reset' | 'hang' | 'http500' | 'slowdown503' | 'throttling400' | 'malformed' | 'html502';

/** An HTTP proxy in front of Ceph whose behaviour the test switches; it counts the requests it saw. */
class FaultProxy {
  mode: Mode = 'pass';
  requests = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly hung = new Set<net.Socket>();
  readonly server = http.createServer((req, res) => {
    this.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      for (const w of this.waiters.splice(0)) w();
      const body = Buffer.concat(chunks);
      const reply = (status: number, type: string, text: string) => (res.writeHead(status, { 'content-type': type }), res.end(text));
      switch (this.mode) {
        case 'pass': {
          const up = http.request(`${CEPH}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          });
          up.on('error', () => reply(502, 'text/plain', 'upstream down'));
          return up.end(body);
        }
        case 'reset':
          return req.socket.destroy();
        case 'hang':
          this.hung.add(req.socket);
          return; // never answers
        case 'http500':
          return reply(500, 'application/xml', '<?xml version="1.0"?><Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>');
        case 'slowdown503':
          return reply(503, 'application/xml', '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>tx0</RequestId></Error>');
        case 'throttling400':
          return reply(400, 'text/xml', '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>');
        case 'malformed':
          return reply(200, 'text/xml', '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA');
        case 'html502':
          return reply(502, 'text/html', '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>');
      }
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves when the next request has been read. */
  nextRequest(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }

  releaseHung(): void {
    for (const s of this.hung) s.destroy();
    this.hung.clear();
  }

  close(): void {
    this.releaseHung();
    this.server.closeAllConnections();
    this.server.close();
  }
}

/** A port on 127.0.0.1 where nothing listens (connection refused). */
async function deadPort(): Promise<string> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

const listBuckets = (c: TemporaryCredentials) =>
  addRgwErrorCodeMiddleware(new S3Client({ endpoint: CEPH, region: REGION, forcePathStyle: true, credentials: c })).send(new ListBucketsCommand({}));

describe('network faults against Ceph RGW STS through a fault-injecting proxy', { skip, timeout: 15 * 60_000 }, () => {
  const proxy = new FaultProxy();
  let proxyUrl = '';
  let endpoint = '';
  let wasRunning = false;
  const delays: number[] = [];
  const limits: StsCallLimits = { maxAttempts: 3, attemptTimeoutMs: 1500, connectTimeoutMs: 1500, baseDelayMs: 200, maxDelayMs: 1000 };
  // the backoff is recorded, not slept (no timed tests); with the jitter fixed at 0.5 it is 100, 200 ms
  const factory = createStsClientFactory(limits, { sleep: async (ms) => void delays.push(ms), random: () => 0.5 });
  let service: CredentialService;
  let changes = 0;

  before(async () => {
    wasRunning = cephRunning();
    startCeph();
    proxyUrl = await proxy.listen();
    endpoint = proxyUrl;
    service = new CredentialService({
      stsFactory: factory,
      settings: () => ({ endpoint, region: REGION }),
      resolveSource: async () => ({ credentials: USER, text: 'user tester' }),
      detectChainingByIdentity: false,
    });
    service.onDidChange(() => changes++);
  });

  after(() => {
    proxy.close();
    if (!wasRunning) stopCeph();
  });

  /** A fresh session through the proxy in pass mode: the one every fault must leave alone. */
  async function heldSession(): Promise<Session> {
    proxy.mode = 'pass';
    endpoint = proxyUrl;
    const s = await service.assumeRole({ kind: 'AssumeRole', roleArn: ROLE_ARN, roleSessionName: 'faults', durationSeconds: 900, source: { type: 'chain' } });
    assert.equal((await listBuckets(s.credentials)).$metadata.httpStatusCode, 200);
    return s;
  }

  /** Refreshes `held` under a fault; checks the message, the attempts, and that nothing changed. */
  async function underFault(held: Session, expect: { code: ProblemCode; message: RegExp; requests: number; retried: boolean }, call?: () => Promise<unknown>): Promise<StsLensError> {
    const before = { json: service.serialize(), active: service.active()?.id, changes, requests: proxy.requests };
    delays.length = 0;
    let caught: StsLensError | undefined;
    await assert.rejects(call ? call() : service.refresh(held.id), (e: unknown) => {
      assert.ok(e instanceof StsLensError, `not a mapped error: ${String(e)}`);
      caught = e;
      return true;
    });
    const e = caught!;
    assert.equal(e.problem.code, expect.code, e.message);
    assert.match(e.message, expect.message);
    assert.ok(!e.message.includes(held.credentials.secretAccessKey) && !e.message.includes(held.credentials.sessionToken), 'no secret in the message');
    assert.equal(proxy.requests - before.requests, expect.requests, 'requests the proxy saw');
    if (expect.retried) assert.deepEqual(delays, [100, 200], 'exponential backoff between the attempts');
    else assert.deepEqual(delays, [], 'no retry');
    // the held session: unchanged, still active, no change event (the status bar did not move), still works
    assert.equal(service.serialize(), before.json, 'nothing stored or half-stored');
    assert.equal(service.active()?.id, before.active);
    assert.equal(changes, before.changes, 'no change event');
    assert.deepEqual(service.get(held.id)?.credentials, held.credentials);
    assert.equal((await listBuckets(held.credentials)).$metadata.httpStatusCode, 200, 'the previous session still works against Ceph');
    return e;
  }

  test('every fault: a clear message, bounded retries with backoff where worth it, the previous session intact', async () => {
    const held = await heldSession();
    const cases: { mode: Mode | 'down'; code: ProblemCode; message: RegExp; retried: boolean }[] = [
      { mode: 'down', code: 'Network', message: /could not be reached.*ECONNREFUSED \(3 attempts\).*stsLens\.stsEndpoint/, retried: true },
      { mode: 'reset', code: 'Network', message: /could not be reached.*\(3 attempts\)/, retried: true },
      { mode: 'http500', code: 'ServerError', message: /failed to answer AssumeRole: HTTP 500 InternalError \(3 attempts\)\. The server has a problem, not your request/, retried: true },
      { mode: 'html502', code: 'ServerError', message: /HTTP 502 .*\(3 attempts\)/, retried: true },
      { mode: 'slowdown503', code: 'Throttling', message: /throttling requests from this account \(3 attempts\)\. Wait a few seconds/, retried: true },
      { mode: 'throttling400', code: 'Throttling', message: /throttling .*\(3 attempts\)/, retried: true },
      { mode: 'malformed', code: 'MalformedResponse', message: /response that could not be read \(HTTP 200\); nothing was stored\. Check that stsLens\.stsEndpoint points at an STS server/, retried: false },
    ];
    for (const c of cases) {
      if (c.mode === 'down') endpoint = await deadPort();
      else proxy.mode = c.mode;
      try {
        await underFault(held, { code: c.code, message: c.message, requests: c.mode === 'down' ? 0 : c.retried ? 3 : 1, retried: c.retried });
      } finally {
        endpoint = proxyUrl;
      }
    }
    recordReliability({ area: 'network faults', input: 'STS down, reset, 500, 502 page, 503 SlowDown, 400 Throttling, malformed XML (Ceph RGW via a fault proxy)', count: cases.length, held: 'clear message per fault; 3 attempts with exponential backoff (100, 200 ms at half jitter) for transient faults, 1 otherwise; previous session unchanged, no change event, still accepted by Ceph', test: __filename });
  });

  test('an endpoint that never answers: the time limit ends each attempt, then a Timeout message', async () => {
    const held = await heldSession();
    proxy.mode = 'hang';
    try {
      await underFault(held, { code: 'Timeout', message: /did not answer within 1\.5 s \(3 attempts\); nothing changed\. Check the network/, requests: 3, retried: true });
    } finally {
      proxy.releaseHung();
    }
    recordReliability({ area: 'network faults', input: 'STS endpoint that accepts and never answers', count: 3, held: 'each attempt ended by its time limit; Timeout message; previous session intact', test: __filename });
  });

  test('cancel ends a request in flight, and a backoff wait, without another attempt', async () => {
    const held = await heldSession();
    // in flight: the proxy holds the request; cancel as soon as it has arrived
    proxy.mode = 'hang';
    const slow = new CredentialService({ stsFactory: createStsClientFactory({ ...limits, attemptTimeoutMs: 600_000 }), settings: () => ({ endpoint: proxyUrl, region: REGION }), resolveSource: async () => ({ credentials: USER, text: 'user tester' }), detectChainingByIdentity: false });
    slow.add(held);
    const before = slow.serialize();
    const ctl = new AbortController();
    const arrived = proxy.nextRequest();
    const requests = proxy.requests;
    const call = withCancellation(ctl.signal, () => slow.refresh(held.id));
    await arrived;
    ctl.abort();
    await assert.rejects(call, (e: unknown) => e instanceof StsLensError && e.problem.code === 'Cancelled' && /cancelled; nothing changed/.test(e.message));
    assert.equal(proxy.requests - requests, 1, 'no attempt after the cancel');
    assert.equal(slow.serialize(), before);
    proxy.releaseHung();
    // during the backoff wait after a 503: the real (abortable) sleep of a 10-minute delay ends at once
    proxy.mode = 'slowdown503';
    const ctl2 = new AbortController();
    const waiting = createStsClientFactory({ ...limits, baseDelayMs: 600_000, maxDelayMs: 600_000 }, { onRetry: () => ctl2.abort() });
    const svc2 = new CredentialService({ stsFactory: waiting, settings: () => ({ endpoint: proxyUrl, region: REGION }), resolveSource: async () => ({ credentials: USER, text: 'user tester' }), detectChainingByIdentity: false });
    svc2.add(held);
    const r2 = proxy.requests;
    await assert.rejects(withCancellation(ctl2.signal, () => svc2.refresh(held.id)), (e: unknown) => e instanceof StsLensError && e.problem.code === 'Cancelled');
    assert.equal(proxy.requests - r2, 1);
    assert.deepEqual(svc2.get(held.id)?.credentials, held.credentials);
    assert.equal((await listBuckets(held.credentials)).$metadata.httpStatusCode, 200);
    recordReliability({ area: 'network faults', input: 'user cancel during a hung request and during a retry backoff', count: 2, held: 'call ends at once with "cancelled; nothing changed", no further attempt, session intact', test: __filename });
  });

  test('after the faults, the same service and endpoint work again (no poisoned state)', async () => {
    proxy.mode = 'pass';
    endpoint = proxyUrl;
    const s = await service.assumeRole({ kind: 'AssumeRole', roleArn: ROLE_ARN, roleSessionName: 'after', durationSeconds: 900, source: { type: 'chain' } });
    assert.equal((await listBuckets(s.credentials)).$metadata.httpStatusCode, 200);
    assert.equal(s.endpoint, proxyUrl);
  });
});
