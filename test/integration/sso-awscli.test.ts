/**
 * The IAM Identity Center token cache is shared with the real AWS CLI (/usr/bin/aws, awscli 2.9 from
 * Debian), in both directions, against the local SSO endpoint of test/sso/localSsoServer.ts (NOT AWS).
 * awscli 2.9 has no AWS_ENDPOINT_URL; its botocore loads endpoint rule sets from AWS_DATA_PATH first, so
 * a rule set there sends its sso and sso-oidc calls to 127.0.0.1. Checked:
 *   - a sign-in made here is used by `aws sts get-caller-identity --profile dev` (the CLI reads our cache
 *     entry and sends its access token to GetRoleCredentials);
 *   - the CLI refreshes our expired token with our clientId/clientSecret/refreshToken;
 *   - `aws sso login --no-browser` writes a cache entry this extension then uses without a sign-in.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CredentialService } from '../../client/src/credentialService';
import { SourceRegistry } from '../../client/src/sources';
import { readSsoToken, writeSsoToken } from '../../client/src/sources/ssoCache';
import { defaultSsoClients } from '../../client/src/sources/ssoFlow';
import { LocalSso } from '../sso/localSsoServer';

const AWS = '/usr/bin/aws';
const skip = fs.existsSync(AWS) ? false : 'NOT RUN: /usr/bin/aws (Debian awscli) is not installed';
const START_URL = 'https://corp.awsapps.com/start';

function ruleSet(url: string): string {
  const boolParam = (builtIn: string) => ({ builtIn, required: true, default: false, type: 'Boolean' });
  return JSON.stringify({
    version: '1.0',
    parameters: { Region: { builtIn: 'AWS::Region', required: false, type: 'String' }, UseDualStack: boolParam('AWS::UseDualStack'), UseFIPS: boolParam('AWS::UseFIPS'), Endpoint: { builtIn: 'SDK::Endpoint', required: false, type: 'String' } },
    rules: [{ conditions: [], endpoint: { url, properties: {}, headers: {} }, type: 'endpoint' }],
  });
}

describe('IAM Identity Center token cache shared with the AWS CLI 2.9 (local endpoint, not AWS)', { skip }, () => {
  const server = new LocalSso({ autoApprove: true, interval: 1 });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-awscli-'));
  const config = path.join(home, '.aws', 'config');
  let env: NodeJS.ProcessEnv;
  let sources: SourceRegistry;
  let service: CredentialService;
  // async: the local server answers from this same process
  const aws = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
      execFile(AWS, args, { env, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })),
    );

  before(async () => {
    const url = await server.start();
    fs.mkdirSync(path.dirname(config), { recursive: true });
    fs.writeFileSync(config, `[sso-session corp]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\nregion = us-east-1\n`);
    const data = path.join(home, 'aws-data');
    for (const svc of ['sso', 'sso-oidc']) {
      fs.mkdirSync(path.join(data, svc, '2019-06-10'), { recursive: true });
      fs.writeFileSync(path.join(data, svc, '2019-06-10', 'endpoint-rule-set-1.json'), ruleSet(url));
    }
    // only what the CLI needs: no credentials of the machine, no real AWS
    env = { PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'), AWS_DATA_PATH: data, AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true' };
    sources = new SourceRegistry({ env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE }, home, ssoClients: defaultSsoClients({ oidc: url, portal: url }), sts: () => { throw new Error('unused'); }, sleep: async () => {} });
    service = new CredentialService({ sources });
  });

  after(async () => {
    await server.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  test('the CLI uses the sign-in made here (our cache entry, our access token)', async () => {
    await service.startFromSource({ type: 'sso', profile: 'dev' }, { prompt: () => {} });
    const ours = (await readSsoToken({ session: 'corp' }, home))!;
    server.requests.length = 0;
    const r = await aws('sts', 'get-caller-identity', '--profile', 'dev', '--endpoint-url', server.url, '--output', 'json');
    assert.equal(r.status, 0, r.stderr);
    const id = JSON.parse(r.stdout);
    assert.equal(id.Account, '111122223333');
    assert.match(id.Arn, /assumed-role\/AWSReservedSSO_Developer_/);
    const portal = server.requests.filter((q) => q.path.startsWith('/federation/credentials'));
    assert.equal(portal.length, 1);
    assert.equal(portal[0]!.headers['x-amz-sso_bearer_token'], ours.accessToken);
    assert.equal(server.requests.filter((q) => q.path === '/token' || q.path === '/client/register').length, 0, 'no new sign-in by the CLI');
  });

  test('the CLI refreshes our expired token with the registration and refresh token we cached', async () => {
    const ours = (await readSsoToken({ session: 'corp' }, home))!;
    await writeSsoToken({ session: 'corp' }, { ...ours, expiresAt: new Date(Date.now() - 60_000) }, home);
    fs.rmSync(path.join(home, '.aws', 'cli', 'cache'), { recursive: true, force: true });
    server.requests.length = 0;
    const r = await aws('sts', 'get-caller-identity', '--profile', 'dev', '--endpoint-url', server.url, '--output', 'json');
    assert.equal(r.status, 0, r.stderr);
    const grants = server.requests.filter((q) => q.path === '/token').map((q) => JSON.parse(q.body));
    assert.equal(grants.length, 1);
    assert.equal(grants[0].grantType, 'refresh_token');
    assert.equal(grants[0].clientId, ours.clientId);
    assert.equal(grants[0].refreshToken, ours.refreshToken);
    const after = (await readSsoToken({ session: 'corp' }, home))!;
    assert.notEqual(after.accessToken, ours.accessToken);
    assert.ok(after.expiresAt.getTime() > Date.now());
  });

  test('a sign-in made by `aws sso login` is used here without a new sign-in', async () => {
    fs.rmSync(path.join(home, '.aws', 'sso', 'cache'), { recursive: true, force: true });
    const r = await aws('sso', 'login', '--profile', 'dev', '--no-browser');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const cli = (await readSsoToken({ session: 'corp' }, home))!;
    assert.ok(cli.accessToken && cli.refreshToken && cli.clientId && cli.clientSecret, 'the CLI wrote the sso-session fields');
    assert.equal(cli.startUrl, START_URL);
    server.requests.length = 0;
    let prompted = false;
    const s = await service.startFromSource({ type: 'sso', profile: 'dev' }, { prompt: () => void (prompted = true) });
    assert.equal(prompted, false);
    assert.equal(server.requests.filter((q) => q.path === '/token' || q.path === '/client/register' || q.path === '/device_authorization').length, 0);
    assert.equal(server.requests.find((q) => q.path.startsWith('/federation/credentials'))!.headers['x-amz-sso_bearer_token'], cli.accessToken);
    assert.ok(server.issued.has(s.credentials.accessKeyId));
  });
});
