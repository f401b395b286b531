import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildConsoleUrl, consoleRefusal, ConsoleFederationError, loginUrl, partitionOf, signinTokenUrl, type FetchLike } from '../../client/src/consoleFederation';
import type { Session } from '../../client/src/session';

function session(over: Partial<Session> = {}): Session {
  return {
    id: 's1',
    label: 'deploy',
    kind: 'AssumeRole',
    credentials: { accessKeyId: 'ASIAX', secretAccessKey: 'sec/ret+key', sessionToken: 'tok&en=1', expiration: new Date('2030-01-01T11:00:00Z') },
    request: { kind: 'AssumeRole', roleArn: 'arn:aws:iam::123456789012:role/deploy', roleSessionName: 'me', source: { type: 'chain' } },
    arn: 'arn:aws:sts::123456789012:assumed-role/deploy/me',
    sourceText: 'default credential chain',
    chained: false,
    region: 'us-east-1',
    createdAt: new Date('2030-01-01T10:00:00Z'),
    ...over,
  };
}

test('getSigninToken URL carries Action, SessionDuration and the session JSON', () => {
  const url = new URL(signinTokenUrl(session(), { sessionDuration: 43200 }));
  assert.equal(url.origin + url.pathname, 'https://signin.aws.amazon.com/federation');
  assert.equal(url.searchParams.get('Action'), 'getSigninToken');
  assert.equal(url.searchParams.get('SessionDuration'), '43200');
  assert.deepEqual(JSON.parse(url.searchParams.get('Session')!), { sessionId: 'ASIAX', sessionKey: 'sec/ret+key', sessionToken: 'tok&en=1' });
  assert.throws(() => signinTokenUrl(session(), { sessionDuration: 899 }), /900\.\.43200/);
  assert.throws(() => signinTokenUrl(session(), { sessionDuration: 43201 }), /900\.\.43200/);
});

test('sign-in hosts follow the partition (ARN first, then region)', () => {
  const host = (s: Session) => new URL(signinTokenUrl(s, { sessionDuration: 900 })).host;
  assert.equal(host(session({ arn: 'arn:aws-cn:sts::123456789012:assumed-role/r/me', region: 'cn-north-1' })), 'signin.amazonaws.cn');
  assert.equal(host(session({ arn: 'arn:aws-us-gov:sts::123456789012:assumed-role/r/me' })), 'signin.amazonaws-us-gov.com');
  assert.equal(host(session({ arn: undefined, region: 'us-gov-west-1' })), 'signin.amazonaws-us-gov.com');
  assert.equal(partitionOf(undefined, 'eu-west-1'), 'aws');
  const login = new URL(loginUrl(session({ arn: 'arn:aws-cn:sts::1:assumed-role/r/me' }), 'TOKEN', { sessionDuration: 900 }));
  assert.equal(login.host, 'signin.amazonaws.cn');
  assert.equal(login.searchParams.get('Destination'), 'https://console.amazonaws.cn/');
  assert.equal(login.searchParams.get('Action'), 'login');
  assert.equal(login.searchParams.get('SigninToken'), 'TOKEN');
  assert.ok(login.searchParams.get('Issuer'));
});

test('GetSessionToken sessions are refused with the reason; chained role sessions are not', async () => {
  assert.match(consoleRefusal(session({ kind: 'GetSessionToken' }))!, /GetSessionToken cannot sign in to the console/);
  assert.equal(consoleRefusal(session({ chained: true, chainedVia: 'profile a -> b' })), undefined);
  assert.match(consoleRefusal(session({ arn: 'arn:aws-iso:sts::1:assumed-role/r/me' }))!, /aws-iso is not supported/);
  assert.equal(consoleRefusal(session()), undefined);
  let called = false;
  const fetchFn: FetchLike = async () => ((called = true), { ok: true, status: 200, text: async () => '{}' });
  await assert.rejects(buildConsoleUrl(session({ kind: 'GetSessionToken' }), { sessionDuration: 900 }, fetchFn), ConsoleFederationError);
  assert.equal(called, false);
});

test('buildConsoleUrl fetches the token and returns the login URL with the destination', async () => {
  const urls: string[] = [];
  const fetchFn: FetchLike = async (u) => (urls.push(u), { ok: true, status: 200, text: async () => '{"SigninToken":"abc"}' });
  const url = new URL(await buildConsoleUrl(session(), { sessionDuration: 3600, destination: 'https://console.aws.amazon.com/s3/' }, fetchFn));
  assert.equal(urls.length, 1);
  assert.equal(url.searchParams.get('SigninToken'), 'abc');
  assert.equal(url.searchParams.get('Destination'), 'https://console.aws.amazon.com/s3/');
  const bad: FetchLike = async () => ({ ok: false, status: 400, text: async () => 'nope' });
  await assert.rejects(buildConsoleUrl(session(), { sessionDuration: 3600 }, bad), (e: Error) => /HTTP 400/.test(e.message) && !e.message.includes('sec/ret'));
  const noToken: FetchLike = async () => ({ ok: true, status: 200, text: async () => '<html>' });
  await assert.rejects(buildConsoleUrl(session(), { sessionDuration: 3600 }, noToken), /without a SigninToken/);
});

test('a chained role session signs in without SessionDuration; an unchained one sends it', async () => {
  const urls: string[] = [];
  const fetchFn: FetchLike = async (url) => (urls.push(url), { ok: true, status: 200, text: async () => '{"SigninToken":"tok"}' });
  const login = await buildConsoleUrl(session({ chained: true, chainedVia: 'profile a -> b' }), { sessionDuration: 43200 }, fetchFn);
  const chainedQuery = new URL(urls[0]!).searchParams;
  assert.equal(chainedQuery.get('Action'), 'getSigninToken');
  assert.equal(chainedQuery.has('SessionDuration'), false, 'AWS rejects SessionDuration for chained sessions');
  assert.ok(chainedQuery.get('Session'));
  assert.equal(new URL(login).searchParams.get('SigninToken'), 'tok');
  await buildConsoleUrl(session(), { sessionDuration: 3600 }, fetchFn);
  assert.equal(new URL(urls[1]!).searchParams.get('SessionDuration'), '3600');
});
