import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildConsoleUrl, consoleRefusal, ConsoleFederationError, type FetchLike } from '../../client/src/consoleFederation';
import { awsStsPartitionOfHost, federationRefusalForIssuer } from '../../client/src/consolePolicy';
import type { Session } from '../../client/src/session';
import { recordReliability } from '../reliability/record';

const SECRET = 'cephSecretKey/with+chars0000000000000000';
const TOKEN = 'cephSessionToken/abc+def==';

function session(over: Partial<Session> = {}): Session {
  return {
    id: 's1',
    label: 'deploy',
    kind: 'AssumeRole',
    credentials: { accessKeyId: 'ASIAX', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date('2030-01-01T11:00:00Z') },
    request: { kind: 'AssumeRole', roleArn: 'arn:aws:iam::123456789012:role/deploy', roleSessionName: 'me', source: { type: 'chain' } },
    arn: 'arn:aws:sts::123456789012:assumed-role/deploy/me',
    sourceText: 'default credential chain',
    chained: false,
    region: 'us-east-1',
    createdAt: new Date('2030-01-01T10:00:00Z'),
    ...over,
  };
}

/** A fetch that records every call: a refusal must leave it untouched. */
function recordingFetch() {
  const urls: string[] = [];
  const fetchFn: FetchLike = async (u) => (urls.push(u), { ok: true, status: 200, text: async () => '{"SigninToken":"T"}' });
  return { urls, fetchFn };
}

test('AWS STS hosts are recognised per partition; anything else is not AWS', () => {
  const cases: [string, string | undefined][] = [
    ['sts.amazonaws.com', 'aws'],
    ['sts.eu-west-1.amazonaws.com', 'aws'],
    ['STS.US-EAST-2.AMAZONAWS.COM', 'aws'],
    ['sts-fips.us-east-1.amazonaws.com', 'aws'],
    ['sts.eu-central-1.api.aws', 'aws'],
    ['vpce-0123abcd-xyz.sts.us-east-1.vpce.amazonaws.com', 'aws'],
    ['sts.cn-north-1.amazonaws.com.cn', 'aws-cn'],
    ['sts.us-gov-west-1.amazonaws.com', 'aws-us-gov'],
    ['sts.us-iso-east-1.c2s.ic.gov', undefined],
    ['127.0.0.1', undefined],
    ['localhost', undefined],
    ['ceph.example.com', undefined],
    ['sts.amazonaws.com.evil.example', undefined],
    ['evilsts.amazonaws.com', undefined],
    ['sts.us-east-1.amazonaws.com.attacker.net', undefined],
    ['minio.local', undefined],
  ];
  for (const [host, partition] of cases) assert.equal(awsStsPartitionOfHost(host), partition, host);
});

test('a session from a custom STS endpoint (Ceph) is refused before any request, with a clear message', async () => {
  const issuers = ['http://127.0.0.1:8000', 'https://ceph.internal:7480', 'https://sts.amazonaws.com.evil.example', 'http://sts.amazonaws.com', 'ceph.internal', 'not a url ::'];
  for (const endpoint of issuers) {
    const s = session({ endpoint });
    const refusal = consoleRefusal(s);
    assert.ok(refusal, endpoint);
    assert.match(refusal, /not by AWS|custom STS endpoint/, endpoint);
    assert.match(refusal, /Nothing was sent/);
    assert.ok(!refusal.includes(SECRET) && !refusal.includes(TOKEN));
    const f = recordingFetch();
    await assert.rejects(buildConsoleUrl(s, { sessionDuration: 3600 }, f.fetchFn), (e: unknown) => e instanceof ConsoleFederationError && e.message === refusal);
    assert.deepEqual(f.urls, [], `no request for ${endpoint}`);
  }
  // Ceph's own ARN shape (no account id) is refused even when the endpoint setting was cleared since
  const ceph = session({ endpoint: undefined, arn: 'arn:aws:sts:::assumed-role/lens/it' });
  assert.match(consoleRefusal(ceph)!, /no AWS account id/);
  const f = recordingFetch();
  await assert.rejects(buildConsoleUrl(ceph, { sessionDuration: 3600 }, f.fetchFn), ConsoleFederationError);
  assert.deepEqual(f.urls, []);
  recordReliability({ area: 'credential flow', input: 'console sign-in of sessions from non-AWS STS endpoints (Ceph, look-alike hosts, http)', count: issuers.length + 1, held: 'refused before any request; no secret in the message', test: __filename });
});

test('sessions issued by AWS sign in at their own partition host only', async () => {
  const ok: [Partial<Session>, string][] = [
    [{}, 'signin.aws.amazon.com'],
    [{ endpoint: 'https://sts.eu-west-1.amazonaws.com' }, 'signin.aws.amazon.com'],
    [{ endpoint: 'sts.us-east-1.amazonaws.com' }, 'signin.aws.amazon.com'],
    [{ endpoint: 'https://sts.cn-north-1.amazonaws.com.cn', arn: 'arn:aws-cn:sts::123456789012:assumed-role/r/me', region: 'cn-north-1' }, 'signin.amazonaws.cn'],
    [{ endpoint: 'https://sts.us-gov-west-1.amazonaws.com', arn: 'arn:aws-us-gov:sts::123456789012:assumed-role/r/me', region: 'us-gov-west-1' }, 'signin.amazonaws-us-gov.com'],
  ];
  for (const [over, host] of ok) {
    const s = session(over);
    assert.equal(consoleRefusal(s), undefined, JSON.stringify(over));
    const f = recordingFetch();
    await buildConsoleUrl(s, { sessionDuration: 3600 }, f.fetchFn);
    assert.equal(f.urls.length, 1);
    assert.equal(new URL(f.urls[0]!).host, host);
  }
  // an aws-cn endpoint with an aws ARN (or the reverse) does not agree: refused
  assert.match(consoleRefusal(session({ endpoint: 'https://sts.cn-north-1.amazonaws.com.cn' }))!, /partition aws/);
  assert.match(federationRefusalForIssuer({ endpoint: 'https://sts.us-east-1.amazonaws.com', arn: 'arn:aws-cn:sts::123456789012:assumed-role/r/me' }, 'aws-cn')!, /issued by the aws STS endpoint/);
});
