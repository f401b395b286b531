/**
 * A local stand-in for IAM Identity Center, NOT AWS: one HTTP server on 127.0.0.1 that follows the
 * SSO-OIDC API (RegisterClient POST /client/register, StartDeviceAuthorization POST /device_authorization,
 * CreateToken POST /token with the device_code and refresh_token grants) and the portal API
 * (GetRoleCredentials GET /federation/credentials, ListAccounts GET /assignment/accounts,
 * ListAccountRoles GET /assignment/roles, bearer token in `x-amz-sso_bearer_token`) as the AWS API
 * references describe them: JSON bodies, restJson errors with `x-amzn-errortype` and
 * `{"error": "authorization_pending", "error_description": …}`. It also answers STS GetCallerIdentity
 * (query protocol) so the AWS CLI can use the role credentials it hands out.
 * Tests drive the "user in the browser" through `approve()` / `deny()`.
 */
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface LocalSsoOptions {
  /** CreateToken answers authorization_pending this many times before the approval counts. */
  pendingPolls?: number;
  /** CreateToken answers slow_down this many times first. */
  slowDowns?: number;
  interval?: number;
  /** Device code lifetime (s). */
  deviceExpiresIn?: number;
  /** Access token lifetime (s). */
  tokenExpiresIn?: number;
  /** Approve each device authorization by itself (for the AWS CLI's `sso login --no-browser`). */
  autoApprove?: boolean;
  accounts?: { accountId: string; accountName: string; roles: string[] }[];
}

interface Device {
  deviceCode: string;
  userCode: string;
  clientId: string;
  startUrl: string;
  state: 'pending' | 'approved' | 'denied';
  expiresAt: number;
  polls: number;
  lastPoll?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class LocalSso {
  readonly requests: RecordedRequest[] = [];
  readonly clients = new Map<string, { secret: string; scopes?: string[] }>();
  readonly devices = new Map<string, Device>();
  readonly tokens = new Map<string, { expiresAt: number; clientId: string }>();
  readonly refreshTokens = new Map<string, string>();
  /** Role credentials handed out, by access key id. */
  readonly issued = new Map<string, { accountId: string; roleName: string }>();
  /** Poll intervals seen by CreateToken (ms between polls of one device code). */
  readonly pollGaps: number[] = [];
  private server!: http.Server;
  url = '';
  now: () => number = () => Date.now();

  constructor(private readonly o: LocalSsoOptions = {}) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        try {
          this.handle(req, body, res);
        } catch (e) {
          this.error(res, 500, 'InternalServerException', 'server_error', String(e));
        }
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  approve(userCode?: string): void {
    for (const d of this.devices.values()) if (!userCode || d.userCode === userCode) d.state = 'approved';
  }

  deny(userCode?: string): void {
    for (const d of this.devices.values()) if (!userCode || d.userCode === userCode) d.state = 'denied';
  }

  /** Revokes every access token (the portal then answers 401). */
  revokeAccessTokens(): void {
    this.tokens.clear();
  }

  private json(res: http.ServerResponse, status: number, obj: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
  }

  private error(res: http.ServerResponse, status: number, type: string, error: string, description: string): void {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type }).end(JSON.stringify({ error, error_description: description }));
  }

  private portalError(res: http.ServerResponse, status: number, type: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type }).end(JSON.stringify({ message }));
  }

  private handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const now = this.now();
    const input = () => (body ? (JSON.parse(body) as Record<string, unknown>) : {});
    if (req.method === 'POST' && url.pathname === '/client/register') {
      const i = input();
      if (typeof i.clientName !== 'string' || i.clientType !== 'public') return this.error(res, 400, 'InvalidClientMetadataException', 'invalid_client_metadata', 'clientName and clientType public are required');
      const clientId = `client-${randomBytes(6).toString('hex')}`;
      const secret = `clientsecret-${randomBytes(24).toString('hex')}`;
      this.clients.set(clientId, { secret, scopes: i.scopes as string[] | undefined });
      return this.json(res, 200, { clientId, clientSecret: secret, clientIdIssuedAt: Math.floor(now / 1000), clientSecretExpiresAt: Math.floor(now / 1000) + 90 * 86400 });
    }
    if (req.method === 'POST' && url.pathname === '/device_authorization') {
      const i = input();
      const c = this.clients.get(String(i.clientId));
      if (!c || c.secret !== i.clientSecret) return this.error(res, 401, 'InvalidClientException', 'invalid_client', 'unknown client');
      if (typeof i.startUrl !== 'string' || !/^https?:\/\//.test(i.startUrl)) return this.error(res, 400, 'InvalidRequestException', 'invalid_request', 'startUrl');
      const d: Device = {
        deviceCode: `device-${randomBytes(16).toString('hex')}`,
        userCode: `${randomBytes(2).toString('hex').toUpperCase()}-${randomBytes(2).toString('hex').toUpperCase()}`,
        clientId: String(i.clientId),
        startUrl: i.startUrl,
        state: this.o.autoApprove ? 'approved' : 'pending',
        expiresAt: now + (this.o.deviceExpiresIn ?? 600) * 1000,
        polls: 0,
      };
      this.devices.set(d.deviceCode, d);
      return this.json(res, 200, {
        deviceCode: d.deviceCode,
        userCode: d.userCode,
        verificationUri: `${this.url}/device`,
        verificationUriComplete: `${this.url}/device?user_code=${d.userCode}`,
        expiresIn: this.o.deviceExpiresIn ?? 600,
        interval: this.o.interval ?? 1,
      });
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const i = input();
      const c = this.clients.get(String(i.clientId));
      if (!c || c.secret !== i.clientSecret) return this.error(res, 401, 'InvalidClientException', 'invalid_client', 'unknown client');
      if (i.grantType === 'refresh_token') {
        const owner = this.refreshTokens.get(String(i.refreshToken));
        if (owner !== i.clientId) return this.error(res, 400, 'InvalidGrantException', 'invalid_grant', 'refresh token not valid');
        this.refreshTokens.delete(String(i.refreshToken));
        return this.json(res, 200, this.issueToken(String(i.clientId), c.scopes !== undefined));
      }
      if (i.grantType !== 'urn:ietf:params:oauth:grant-type:device_code') return this.error(res, 400, 'UnsupportedGrantTypeException', 'unsupported_grant_type', String(i.grantType));
      const d = this.devices.get(String(i.deviceCode));
      if (!d || d.clientId !== i.clientId) return this.error(res, 400, 'InvalidGrantException', 'invalid_grant', 'unknown device code');
      if (d.lastPoll !== undefined) this.pollGaps.push(now - d.lastPoll);
      d.lastPoll = now;
      d.polls++;
      if (now >= d.expiresAt) return this.error(res, 400, 'ExpiredTokenException', 'expired_token', 'device code expired');
      if (d.polls <= (this.o.slowDowns ?? 0)) return this.error(res, 400, 'SlowDownException', 'slow_down', 'slow down');
      if (d.state === 'denied') return this.error(res, 400, 'AccessDeniedException', 'access_denied', 'denied');
      if (d.state !== 'approved' || d.polls <= (this.o.slowDowns ?? 0) + (this.o.pendingPolls ?? 0)) return this.error(res, 400, 'AuthorizationPendingException', 'authorization_pending', 'pending');
      this.devices.delete(d.deviceCode);
      return this.json(res, 200, this.issueToken(d.clientId, c.scopes !== undefined));
    }
    const bearer = req.headers['x-amz-sso_bearer_token'];
    if (req.method === 'GET' && (url.pathname.startsWith('/federation/') || url.pathname.startsWith('/assignment/'))) {
      const t = typeof bearer === 'string' ? this.tokens.get(bearer) : undefined;
      if (!t || t.expiresAt <= now) return this.portalError(res, 401, 'UnauthorizedException', 'Session token not found or invalid');
      const accounts = this.o.accounts ?? [{ accountId: '111122223333', accountName: 'dev', roles: ['Developer', 'ReadOnly'] }];
      if (url.pathname === '/federation/credentials') {
        const accountId = url.searchParams.get('account_id');
        const roleName = url.searchParams.get('role_name');
        const acct = accounts.find((a) => a.accountId === accountId);
        if (!acct || !roleName || !acct.roles.includes(roleName)) return this.portalError(res, 404, 'ResourceNotFoundException', 'No access');
        const accessKeyId = `ASIASSO${randomBytes(6).toString('hex').toUpperCase()}`;
        this.issued.set(accessKeyId, { accountId: acct.accountId, roleName });
        return this.json(res, 200, {
          roleCredentials: { accessKeyId, secretAccessKey: `ssosecret${randomBytes(14).toString('hex')}`, sessionToken: `ssosession${randomBytes(30).toString('hex')}`, expiration: now + 3600_000 },
        });
      }
      if (url.pathname === '/assignment/accounts') {
        // two pages of one account each, when there are two
        const next = url.searchParams.get('next_token');
        const idx = next ? Number(next) : 0;
        const page = accounts.slice(idx, idx + 1);
        return this.json(res, 200, { accountList: page.map((a) => ({ accountId: a.accountId, accountName: a.accountName, emailAddress: 'x@example.com' })), nextToken: idx + 1 < accounts.length ? String(idx + 1) : undefined });
      }
      if (url.pathname === '/assignment/roles') {
        const acct = accounts.find((a) => a.accountId === url.searchParams.get('account_id'));
        return this.json(res, 200, { roleList: (acct?.roles ?? []).map((r) => ({ roleName: r, accountId: acct?.accountId })) });
      }
    }
    if (req.method === 'POST' && url.pathname === '/' && /Action=GetCallerIdentity/.test(body)) {
      const key = /Credential=([A-Z0-9]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
      const who = this.issued.get(key);
      if (!who) return void res.writeHead(403, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>unknown key</Message></Error></ErrorResponse>');
      const arn = `arn:aws:sts::${who.accountId}:assumed-role/AWSReservedSSO_${who.roleName}_0123456789abcdef/local-user`;
      return void res
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(`<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AROA:local-user</UserId><Account>${who.accountId}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`);
    }
    if (req.method === 'GET' && url.pathname === '/device') {
      // the "browser": opening the verification URL with the code approves it
      const code = url.searchParams.get('user_code');
      if (code) this.approve(code);
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('approved');
    }
    return this.portalError(res, 404, 'ResourceNotFoundException', `no route ${req.method} ${url.pathname}`);
  }

  private issueToken(clientId: string, withRefresh: boolean): Record<string, unknown> {
    const accessToken = `ssoaccess-${randomBytes(24).toString('hex')}`;
    const expiresIn = this.o.tokenExpiresIn ?? 28800;
    this.tokens.set(accessToken, { expiresAt: this.now() + expiresIn * 1000, clientId });
    const out: Record<string, unknown> = { accessToken, tokenType: 'Bearer', expiresIn };
    if (withRefresh) {
      const refreshToken = `ssorefresh-${randomBytes(24).toString('hex')}`;
      this.refreshTokens.set(refreshToken, clientId);
      out.refreshToken = refreshToken;
    }
    return out;
  }
}
