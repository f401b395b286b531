// Assume Role with Web Identity in real VS Code against Ceph RGW's STS, with an OpenID provider served
// from this extension host on 127.0.0.1 (RS256 by node crypto, an x5c certificate made with openssl:
// shared/recipes/ceph-rgw-web-identity.md). The command runs with its automation arguments (the token
// pasted), the status bar names the role, a new terminal gets credentials that work for S3, and a token
// the server refuses ends in an error notification.
const assert = require('assert');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { extension, bridge, hasBridge, nextEvent } = require('./helpers');

const ENDPOINT = process.env.STS_LENS_E2E_STS_ENDPOINT;
const STATUS = '.statusbar-item[id*="stsLens.credentials"]';
const CLIENT_ID = 'sts-lens-e2e';

function hasOpenssl() {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function terminalEnv() {
  const out = path.join(os.tmpdir(), `sts-lens-e2e-wi-env-${process.pid}-${Date.now()}.json`);
  const terminal = vscode.window.createTerminal({ name: 'sts-lens e2e env', shellPath: process.execPath, shellArgs: ['-e', `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.env))`] });
  await nextEvent(vscode.window.onDidCloseTerminal, (t) => t === terminal, 'the env terminal to exit');
  try {
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  } finally {
    fs.rmSync(out, { force: true });
  }
}

describe('credential sources: Assume Role with Web Identity against Ceph STS', function () {
  this.timeout(120000);
  let server;
  let key;
  let iss;
  let roleArn;
  const stamp = Date.now().toString(36);
  const role = `wie2e${stamp}`;
  const now = () => Math.floor(Date.now() / 1000);
  const jwt = (claims) => {
    const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const data = `${b64({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${b64(claims)}`;
    return `${data}.${crypto.sign('sha256', Buffer.from(data), key.privateKey).toString('base64url')}`;
  };

  before(async function () {
    if (!ENDPOINT || !process.env.AWS_ACCESS_KEY_ID || !hasOpenssl()) {
      console.log('    !!! no STS server or no openssl: web identity e2e skipped');
      this.skip();
    }
    await extension().activate();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-e2e-oidc-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'k'), '-out', path.join(dir, 'c'), '-days', '2', '-subj', '/CN=sts-lens-e2e'], { stdio: 'ignore' });
      const cert = new crypto.X509Certificate(fs.readFileSync(path.join(dir, 'c')));
      const jwk = cert.publicKey.export({ format: 'jwk' });
      key = { kid: `e2e-${stamp}`, privateKey: crypto.createPrivateKey(fs.readFileSync(path.join(dir, 'k'))), thumbprint: cert.fingerprint.replace(/:/g, '').toLowerCase() };
      key.jwk = { kty: 'RSA', use: 'sig', alg: 'RS256', kid: key.kid, n: jwk.n, e: jwk.e, x5c: [cert.raw.toString('base64')] };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    server = http.createServer((req, res) => {
      const json = (o) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
      if (req.url === '/.well-known/openid-configuration') return json({ issuer: iss, jwks_uri: `${iss}/jwks`, id_token_signing_alg_values_supported: ['RS256'], response_types_supported: ['id_token'], subject_types_supported: ['public'] });
      if (req.url === '/jwks') return json({ keys: [key.jwk] });
      res.writeHead(404).end();
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${server.address().port}`;
    iss = `http://${host}`;
    const { IAMClient, PutUserPolicyCommand, CreateOpenIDConnectProviderCommand, CreateRoleCommand, PutRolePolicyCommand } = require('@aws-sdk/client-iam');
    const iam = new IAMClient({ endpoint: ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY } });
    await iam.send(new PutUserPolicyCommand({ UserName: 'tester', PolicyName: 'oidc-admin', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:CreateOIDCProvider', 'iam:GetOIDCProvider', 'iam:ListOIDCProviders', 'iam:DeleteOIDCProvider'], Resource: '*' }] }) }));
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: iss, ClientIDList: [CLIENT_ID], ThumbprintList: [key.thumbprint] }));
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: [`arn:aws:iam:::oidc-provider/${host}`] }, Action: ['sts:AssumeRoleWithWebIdentity'], Condition: { StringEquals: { [`${host}:app_id`]: CLIENT_ID } } }] };
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role.Arn;
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 's3all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::*' }] }) }));
  });

  after(async () => {
    if (server) server.close();
    await vscode.commands.executeCommand('stsLens.clearSession').then(undefined, () => undefined);
  });

  it('a pasted token gives a role session: the status bar names it and a new terminal gets working credentials', async () => {
    const token = jwt({ iss, aud: CLIENT_ID, sub: 'e2e', iat: now(), exp: now() + 600 });
    await vscode.commands.executeCommand('stsLens.assumeRoleWithWebIdentity', { roleArn, roleSessionName: 'e2e-wi', durationSeconds: 900, token });
    if (hasBridge()) {
      const shown = await bridge('/wait', { selector: STATUS, text: role, timeout: 30000 });
      assert.match(shown.text, new RegExp(`${role} · 1[45]m`), `status bar text: ${shown.text}`);
    }
    await vscode.commands.executeCommand('stsLens.applyToTerminals');
    const env = await terminalEnv();
    assert.ok(env.AWS_SESSION_TOKEN && env.AWS_ACCESS_KEY_ID !== process.env.AWS_ACCESS_KEY_ID, 'the terminal has the web identity session');
    const { S3Client, ListBucketsCommand } = require('@aws-sdk/client-s3');
    const s3 = new S3Client({ endpoint: ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN } });
    const out = await s3.send(new ListBucketsCommand({}));
    assert.strictEqual(out.$metadata.httpStatusCode, 200);
  });

  it('a token the server refuses ends in an error notification that says so', async function () {
    if (!hasBridge()) this.skip();
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('stsLens.assumeRoleWithWebIdentity', { roleArn, roleSessionName: 'e2e-bad', durationSeconds: 900, token: jwt({ iss, aud: 'someone-else', sub: 'e2e', iat: now(), exp: now() + 600 }) });
    const toast = await bridge('/wait', { selector: '.notifications-toasts .notification-toast', text: 'web identity token', timeout: 30000 });
    assert.match(toast.text, /refused the web identity token|trust policy/);
  });
});
