/**
 * IAM Identity Center sign-in against a local endpoint that follows the SSO-OIDC and portal APIs
 * (test/sso/localSsoServer.ts; it is not AWS): device flow with interval / slow_down /
 * authorization_pending / expired_token, the token cache shared with the AWS CLI, silent refresh,
 * GetRoleCredentials with the bearer header, and no secret in the log.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialService } from '../../client/src/credentialService';
import { StsLensError } from '../../client/src/errors';
import { RedactingLogger } from '../../client/src/logger';
import { SourceRegistry } from '../../client/src/sources';
import { readSsoToken, ssoCacheFile, writeSsoToken } from '../../client/src/sources/ssoCache';
import { defaultSsoClients, listSsoAccounts, listSsoRoles, signInWithDeviceFlow, type DeviceAuthorizationPrompt } from '../../client/src/sources/ssoFlow';
import { recordReliability } from '../reliability/record';
import { LocalSso } from '../sso/localSsoServer';

const START_URL = 'https://corp.awsapps.com/start';
const LEGACY_URL = 'https://legacy.awsapps.com/start';

function setup(server: LocalSso) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-sso-'));
  const config = path.join(home, 'config');
  fs.writeFileSync(
    config,
    [
      '[sso-session corp]',
      `sso_start_url = ${START_URL}`,
      'sso_region = eu-west-1',
      'sso_registration_scopes = sso:account:access',
      '',
      '[profile dev]',
      'sso_session = corp',
      'sso_account_id = 111122223333',
      'sso_role_name = Developer',
      'region = eu-central-1',
      '',
      '[profile pick]',
      'sso_session = corp',
      '',
      '[profile legacy]',
      `sso_start_url = ${LEGACY_URL}`,
      'sso_region = us-east-2',
      'sso_account_id = 111122223333',
      'sso_role_name = ReadOnly',
      '',
      '[profile broken]',
      'sso_session = nowhere',
      '',
    ].join('\n'),
  );
  let now = Date.parse('2030-01-01T10:00:00Z');
  server.now = () => now;
  const clock = () => new Date(now);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    now += ms;
  };
  const prompts: DeviceAuthorizationPrompt[] = [];
  // the "user": opens the verification URL, which approves the code on the local server
  const prompt = async (p: DeviceAuthorizationPrompt) => {
    prompts.push(p);
    await fetch(p.verificationUriComplete!);
  };
  const logLines: string[] = [];
  const logger = new RedactingLogger((l) => logLines.push(l));
  const sources = new SourceRegistry({
    env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials') },
    home,
    ssoClients: defaultSsoClients({ oidc: server.url, portal: server.url }),
    sts: () => {
      throw new Error('no STS in these tests');
    },
    clock,
    sleep,
    addSecret: (v) => logger.addSecret(v),
  });
  const service = new CredentialService({ sources, clock, logger, newId: (() => { let i = 0; return () => `s${++i}`; })() });
  return { home, config, clock, sleeps, prompts, prompt, sources, service, logLines, advance: (ms: number) => (now += ms), cleanup: () => fs.rmSync(home, { recursive: true, force: true }) };
}

describe('IAM Identity Center sources against the local SSO endpoint', () => {
  let server: LocalSso;
  before(async () => {
    server = new LocalSso({ pendingPolls: 2, slowDowns: 1, interval: 1, accounts: [
      { accountId: '111122223333', accountName: 'dev', roles: ['Developer', 'ReadOnly'] },
      { accountId: '444455556666', accountName: 'prod', roles: ['Admin'] },
    ] });
    await server.start();
  });
  after(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
    server.pollGaps.length = 0;
  });

  test('sso-session profile: device flow honours interval and slow_down, writes the CLI cache, gets role credentials', async () => {
    const t = setup(server);
    try {
      const s = await t.service.startFromSource({ type: 'sso', profile: 'dev' }, { prompt: t.prompt });
      // RegisterClient: public client with the session's scopes
      const reg = server.requests.find((r) => r.path === '/client/register')!;
      assert.deepEqual(JSON.parse(reg.body), { clientName: 'sts-lens', clientType: 'public', scopes: ['sso:account:access'] });
      const start = JSON.parse(server.requests.find((r) => r.path === '/device_authorization')!.body);
      assert.equal(start.startUrl, START_URL);
      assert.equal(t.prompts.length, 1);
      assert.match(t.prompts[0]!.userCode, /^[0-9A-F]{4}-[0-9A-F]{4}$/);
      // interval 1 s; slow_down at the first poll adds 5 s; then 2 pendings and the token
      assert.deepEqual(t.sleeps, [1000, 6000, 6000, 6000]);
      assert.deepEqual(server.pollGaps, [6000, 6000, 6000]);
      const polls = server.requests.filter((r) => r.path === '/token').map((r) => JSON.parse(r.body));
      assert.ok(polls.every((p) => p.grantType === 'urn:ietf:params:oauth:grant-type:device_code' && p.deviceCode));
      // the cache file: name, fields, formats and mode as the AWS CLI writes them
      const file = path.join(t.home, '.aws', 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
      assert.equal(ssoCacheFile({ session: 'corp' }, t.home), file);
      const cached = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(Object.keys(cached).sort(), ['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl']);
      assert.equal(cached.startUrl, START_URL);
      assert.equal(cached.region, 'eu-west-1');
      assert.match(cached.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.match(cached.registrationExpiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      // GetRoleCredentials with the bearer header, for the profile's account and role
      const portal = server.requests.find((r) => r.path.startsWith('/federation/credentials'))!;
      assert.equal(portal.headers['x-amz-sso_bearer_token'], cached.accessToken);
      assert.match(portal.path, /account_id=111122223333/);
      assert.match(portal.path, /role_name=Developer/);
      assert.equal(s.kind, 'SSO');
      assert.equal(s.label, 'dev');
      assert.equal(s.account, '111122223333');
      assert.equal(s.region, 'eu-central-1');
      assert.match(s.sourceText, /IAM Identity Center profile dev \(sso-session corp\)/);
      assert.ok(server.issued.has(s.credentials.accessKeyId));
      // nothing secret in the log, even when a message carries one by accident
      for (const secret of [cached.accessToken, cached.clientSecret, cached.refreshToken]) (t.service as unknown as { deps: { logger: RedactingLogger } }).deps.logger.warn(`oops ${secret}`);
      const log = t.logLines.join('\n');
      for (const secret of [cached.accessToken, cached.clientSecret, cached.refreshToken, s.credentials.secretAccessKey, s.credentials.sessionToken]) assert.ok(!log.includes(secret));
    } finally {
      t.cleanup();
    }
  });

  test('a valid cached token is reused: no sign-in, no prompt; refresh is silent', async () => {
    const t = setup(server);
    try {
      await t.service.startFromSource({ type: 'sso', profile: 'dev' }, { prompt: t.prompt });
      server.requests.length = 0;
      const s2 = await t.service.startFromSource({ type: 'sso', profile: 'dev' });
      assert.equal(server.requests.filter((r) => r.path === '/token' || r.path === '/client/register').length, 0);
      assert.equal(t.prompts.length, 1);
      assert.equal(await t.service.canRefreshSilently(s2.id), true);
      const refreshed = await t.service.refresh(s2.id);
      assert.notEqual(refreshed.credentials.accessKeyId, s2.credentials.accessKeyId);
      assert.equal(refreshed.id, s2.id);
    } finally {
      t.cleanup();
    }
  });

  test('a token inside the 15-minute window is refreshed with the refresh token, and the cache updated', async () => {
    const t = setup(server);
    try {
      await t.service.startFromSource({ type: 'sso', profile: 'dev' }, { prompt: t.prompt });
      const before = await readSsoToken({ session: 'corp' }, t.home);
      t.advance(before!.expiresAt.getTime() - t.clock().getTime() - 10 * 60_000);
      server.requests.length = 0;
      const s = await t.service.startFromSource({ type: 'sso', profile: 'dev' });
      const grants = server.requests.filter((r) => r.path === '/token').map((r) => JSON.parse(r.body));
      assert.equal(grants.length, 1);
      assert.equal(grants[0].grantType, 'refresh_token');
      assert.equal(grants[0].refreshToken, before!.refreshToken);
      const after = await readSsoToken({ session: 'corp' }, t.home);
      assert.notEqual(after!.accessToken, before!.accessToken);
      assert.ok(after!.expiresAt > before!.expiresAt);
      assert.equal(after!.clientId, before!.clientId);
      assert.ok(s.credentials.accessKeyId);
      // expired entirely: the refresh token still signs in silently
      t.advance(9 * 3600_000);
      assert.equal(await t.sources.canRefreshSilently({ type: 'sso', profile: 'dev' }), true);
      await t.service.startFromSource({ type: 'sso', profile: 'dev' });
      // a revoked refresh token and an expired access token: sign-in required, said plainly
      const cur = (await readSsoToken({ session: 'corp' }, t.home))!;
      await writeSsoToken({ session: 'corp' }, { ...cur, refreshToken: 'revoked', expiresAt: new Date(t.clock().getTime() - 1000) }, t.home);
      await assert.rejects(t.service.startFromSource({ type: 'sso', profile: 'dev' }), (e: unknown) => e instanceof StsLensError && /Sign In with IAM Identity Center/.test(e.message));
    } finally {
      t.cleanup();
    }
  });

  test('legacy sso_start_url profile: cache keyed by the start URL with the four CLI fields, no scopes, no silent refresh after expiry', async () => {
    const t = setup(server);
    try {
      const s = await t.service.startFromSource({ type: 'sso', profile: 'legacy' }, { prompt: t.prompt });
      const reg = JSON.parse(server.requests.find((r) => r.path === '/client/register')!.body);
      assert.equal(reg.scopes, undefined);
      const file = path.join(t.home, '.aws', 'sso', 'cache', `${createHash('sha1').update(LEGACY_URL).digest('hex')}.json`);
      const cached = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepEqual(Object.keys(cached).sort(), ['accessToken', 'expiresAt', 'region', 'startUrl']);
      assert.equal(cached.region, 'us-east-2');
      assert.equal(s.region, 'us-east-2');
      assert.equal(await t.sources.canRefreshSilently({ type: 'sso', profile: 'legacy' }), true);
      t.advance(9 * 3600_000);
      assert.equal(await t.sources.canRefreshSilently({ type: 'sso', profile: 'legacy' }), false);
      assert.equal(await t.service.canRefreshSilently(s.id), false);
      await assert.rejects(t.service.refresh(s.id), /has expired or was never made/);
    } finally {
      t.cleanup();
    }
  });

  test('sign-in ends plainly when the code expires, the user denies, or the profile is broken', async () => {
    const t = setup(server);
    try {
      // nobody approves: polls until the device code lifetime (600 s) is over
      const idle = async () => {};
      await assert.rejects(
        t.service.startFromSource({ type: 'sso', profile: 'dev' }, { prompt: idle }),
        (e: unknown) => e instanceof StsLensError && e.problem.code === 'ExpiredToken' && /code expired/.test(e.message),
      );
      await assert.rejects(
        t.service.startFromSource({ type: 'sso', profile: 'dev' }, { prompt: (p) => server.deny(p.userCode) }),
        (e: unknown) => e instanceof StsLensError && e.problem.code === 'AccessDenied' && /denied/.test(e.message),
      );
      await assert.rejects(t.service.startFromSource({ type: 'sso', profile: 'broken' }), /not an IAM Identity Center profile/);
      await assert.rejects(t.service.startFromSource({ type: 'sso', profile: 'pick' }, { prompt: t.prompt }), /no sso_account_id/);
      const { problems } = await import('../../client/src/sources/profiles').then((m) => m.readSourceProfiles({ AWS_CONFIG_FILE: t.config }));
      assert.deepEqual(problems.map((p) => p.name), ['broken']);
    } finally {
      t.cleanup();
    }
  });

  test('the server answering expired_token while polling ends the sign-in', async () => {
    const short = new LocalSso({ pendingPolls: 100, interval: 2, deviceExpiresIn: 5 });
    await short.start();
    try {
      let now = 0;
      short.now = () => now;
      await assert.rejects(
        signInWithDeviceFlow({
          startUrl: START_URL,
          region: 'eu-west-1',
          clients: defaultSsoClients({ oidc: short.url, portal: short.url }),
          // our clock runs slower than the server's: the server says expired_token first
          clock: () => new Date(0),
          sleep: async (ms) => void (now += ms),
          prompt: () => {},
        }),
        (e: unknown) => e instanceof StsLensError && e.problem.code === 'ExpiredToken',
      );
      const last = short.requests.at(-1)!;
      assert.equal(last.path, '/token');
    } finally {
      await short.stop();
    }
  });

  test('portal: ListAccounts follows nextToken, ListAccountRoles, GetRoleCredentials of a picked role, 401 after revocation', async () => {
    const t = setup(server);
    try {
      await t.service.startFromSource({ type: 'sso', profile: 'dev' }, { prompt: t.prompt });
      const token = (await readSsoToken({ session: 'corp' }, t.home))!;
      const clients = defaultSsoClients({ oidc: server.url, portal: server.url });
      const accounts = await listSsoAccounts(token, clients);
      assert.deepEqual(accounts.map((a) => a.accountId), ['111122223333', '444455556666']);
      assert.deepEqual(await listSsoRoles(token, '444455556666', clients), ['Admin']);
      const s = await t.service.startFromSource({ type: 'ssoRole', ssoSession: 'corp', startUrl: START_URL, ssoRegion: 'eu-west-1', accountId: '444455556666', roleName: 'Admin' });
      assert.equal(s.label, 'Admin@444455556666');
      assert.equal(server.issued.get(s.credentials.accessKeyId)?.roleName, 'Admin');
      await assert.rejects(t.service.startFromSource({ type: 'ssoRole', ssoSession: 'corp', startUrl: START_URL, ssoRegion: 'eu-west-1', accountId: '444455556666', roleName: 'Nope' }), /not assigned to you/);
      server.revokeAccessTokens();
      await assert.rejects(t.service.startFromSource({ type: 'sso', profile: 'dev' }), (e: unknown) => e instanceof StsLensError && e.problem.code === 'ExpiredToken' && /Sign in again/.test(e.message));
    } finally {
      t.cleanup();
    }
  });

  test('hostile cache files read as "not signed in", never a crash', async () => {
    const t = setup(server);
    try {
      const file = ssoCacheFile({ session: 'corp' }, t.home);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const bad = ['', '{', 'null', '[]', '"x"', '{"accessToken": 5}', '{"accessToken": "a", "expiresAt": "not a date"}', 'x'.repeat(70 * 1024)];
      for (const b of bad) {
        fs.writeFileSync(file, b);
        assert.equal(await readSsoToken({ session: 'corp' }, t.home), undefined, b.slice(0, 20));
        await assert.rejects(t.service.startFromSource({ type: 'sso', profile: 'dev' }), /has expired or was never made/);
      }
      fs.rmSync(file);
      fs.mkdirSync(file);
      assert.equal(await readSsoToken({ session: 'corp' }, t.home), undefined);
      recordReliability({ area: 'credential files', input: 'malformed, truncated, oversized or directory SSO cache entries', count: bad.length + 1, held: 'read as not signed in; sign-in asked for, no crash', test: __filename });
    } finally {
      t.cleanup();
    }
  });
});

test('readProfiles: [sso-session] sections are not profiles; SSO, credential_process and token-file profiles are sources', async () => {
  const { readProfiles, isSourceProfile, sourceProfileDescription } = await import('../../client/src/awsFiles');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-profiles-'));
  try {
    const config = path.join(dir, 'config');
    const creds = path.join(dir, 'credentials');
    fs.writeFileSync(config, `[sso-session corp]\nsso_start_url = ${START_URL}\nsso_region = eu-west-1\n\n[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\n\n[profile proc]\ncredential_process = /bin/true\n\n[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/ci\nweb_identity_token_file = /tmp/t\n\n[profile empty]\nregion = eu-west-1\n`);
    fs.writeFileSync(creds, '[fromcreds]\ncredential_process = /bin/true\n');
    const profiles = await readProfiles({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: creds });
    assert.deepEqual(profiles.map((p) => p.name), ['ci', 'dev', 'empty', 'fromcreds', 'proc']);
    const by = new Map(profiles.map((p) => [p.name, p]));
    assert.equal(by.get('dev')!.ssoSession, 'corp');
    assert.equal(by.get('proc')!.credentialProcess, '/bin/true');
    assert.equal(by.get('fromcreds')!.credentialProcess, undefined, 'credential_process is read from the config file only');
    assert.deepEqual(profiles.filter(isSourceProfile).map((p) => p.name), ['ci', 'dev', 'proc']);
    assert.match(sourceProfileDescription(by.get('dev')!), /IAM Identity Center \(sso-session corp\)/);
    assert.equal(sourceProfileDescription(by.get('proc')!), 'credential_process');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
