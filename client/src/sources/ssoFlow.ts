/**
 * IAM Identity Center sign-in, run by the extension: the OAuth 2.0 device authorization grant of the
 * SSO-OIDC service (RegisterClient, StartDeviceAuthorization, then CreateToken polled at the `interval`
 * the service gave, slower after `slow_down`, until the user approved in the browser), token refresh with
 * the refresh token, and the portal calls that turn the access token into role credentials
 * (GetRoleCredentials, ListAccounts, ListAccountRoles; bearer token in `x-amz-sso_bearer_token`).
 * Clock and sleep are injected so tests step time; endpoints are injectable so tests use a local server.
 */
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { StsLensError } from '../errors';
import type { TemporaryCredentials } from '../session';
import type { SsoCachedToken } from './ssoCache';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const REFRESH_TOKEN_GRANT = 'refresh_token';
/** The scope the AWS CLI registers sso-session clients with; it is what GetRoleCredentials needs. */
export const DEFAULT_SSO_SCOPES = ['sso:account:access'];
/** RFC 8628 section 3.5: after slow_down the interval grows by 5 seconds. */
const SLOW_DOWN_STEP_SECONDS = 5;
const DEFAULT_INTERVAL_SECONDS = 5;

export interface SsoEndpoints {
  /** SSO-OIDC endpoint URL; empty = oidc.<region>.amazonaws.com (tests: a local server). */
  oidc?: string;
  /** Portal endpoint URL; empty = portal.sso.<region>.amazonaws.com. */
  portal?: string;
}

/** The standard per-service endpoint variables of the SDKs, honoured here too. */
export function ssoEndpointsFromEnv(env: Record<string, string | undefined>): SsoEndpoints {
  return { oidc: env.AWS_ENDPOINT_URL_SSO_OIDC || undefined, portal: env.AWS_ENDPOINT_URL_SSO || undefined };
}

type Send = { send(command: unknown): Promise<unknown> };

export interface SsoClients {
  oidc(region: string): Send;
  portal(region: string): Send;
}

export function defaultSsoClients(endpoints: SsoEndpoints = {}): SsoClients {
  const common = { maxAttempts: 2, requestHandler: { connectionTimeout: 5000, requestTimeout: 15000 } };
  return {
    oidc: (region) => new SSOOIDCClient({ region, endpoint: endpoints.oidc || undefined, ...common }),
    portal: (region) => new SSOClient({ region, endpoint: endpoints.portal || undefined, ...common }),
  };
}

/** What the user must see to approve the sign-in. */
export interface DeviceAuthorizationPrompt {
  userCode: string;
  verificationUri: string;
  /** The URL with the code filled in, when the service gives one. */
  verificationUriComplete?: string;
  expiresAt: Date;
}

export interface DeviceFlowOptions {
  startUrl: string;
  region: string;
  /** Registration scopes (sso-session profiles); undefined for legacy profiles, as the CLI does. */
  scopes?: string[];
  /** A registration still valid from the cache, reused instead of registering again. */
  registration?: { clientId: string; clientSecret: string; expiresAt: Date };
  clients: SsoClients;
  clock: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Opens the verification page (vscode.env.openExternal) and shows the code. */
  prompt: (p: DeviceAuthorizationPrompt) => void | Promise<void>;
  signal?: AbortSignal;
  clientName?: string;
}

function errorName(e: unknown): string {
  const x = e as { name?: string; error?: string };
  return x?.name ?? '';
}

function ssoProblem(message: string, nextStep: string, retryable = false, code: 'AccessDenied' | 'ExpiredToken' | 'Network' | 'Validation' | 'Unknown' | 'InvalidCredentials' = 'Unknown'): StsLensError {
  return new StsLensError({ code, message, nextStep, retryable });
}

/** Maps SSO-OIDC / portal errors to plain messages; never includes a token. */
export function mapSsoError(e: unknown, operation: string): StsLensError {
  if (e instanceof StsLensError) return e;
  const name = errorName(e);
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const code = (e as { code?: string })?.code;
  if (code && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH)$/.test(code)) {
    return ssoProblem(`${operation}: the IAM Identity Center endpoint could not be reached (${code}).`, 'Check the network and the sso_region, then try again.', true, 'Network');
  }
  switch (name) {
    case 'UnauthorizedException':
      return ssoProblem(`${operation}: the IAM Identity Center sign-in is no longer valid.`, 'Sign in again.', false, 'ExpiredToken');
    case 'ForbiddenException':
    case 'AccessDeniedException':
      return ssoProblem(`${operation}: IAM Identity Center denied the request (${name}).`, 'Check that your user is assigned this account and permission set.', false, 'AccessDenied');
    case 'ResourceNotFoundException':
      return ssoProblem(`${operation}: the account or role name is not assigned to you in IAM Identity Center.`, 'Check sso_account_id and sso_role_name in the profile.', false, 'AccessDenied');
    case 'InvalidClientException':
    case 'UnauthorizedClientException':
      return ssoProblem(`${operation}: the registered sign-in client is not accepted any more (${name}).`, 'Sign in again (a new client is registered).', false, 'ExpiredToken');
    case 'InvalidGrantException':
    case 'ExpiredTokenException':
      return ssoProblem(`${operation}: the sign-in grant expired or was revoked (${name}).`, 'Sign in again.', false, 'ExpiredToken');
    case 'InvalidRequestException':
    case 'InvalidScopeException':
      return ssoProblem(`${operation}: IAM Identity Center refused the request (${name}).`, 'Check sso_start_url, sso_region and sso_registration_scopes in the AWS config.', false, 'Validation');
    case 'TooManyRequestsException':
    case 'SlowDownException':
      return ssoProblem(`${operation}: IAM Identity Center asks to slow down.`, 'Wait a minute and try again.', true, 'Unknown');
    default:
      return ssoProblem(`${operation} failed${name ? ` (${name}${status ? `, HTTP ${status}` : ''})` : ''}.`, 'Try again; the log has the details.', true, 'Unknown');
  }
}

/** Runs the whole device sign-in and returns the token to cache. Cancelled through `signal`. */
export async function signInWithDeviceFlow(o: DeviceFlowOptions): Promise<SsoCachedToken> {
  const oidc = o.clients.oidc(o.region);
  const now = o.clock();
  let registration = o.registration && o.registration.expiresAt.getTime() > now.getTime() + 60_000 ? o.registration : undefined;
  if (!registration) {
    let reg: { clientId?: string; clientSecret?: string; clientSecretExpiresAt?: number };
    try {
      reg = (await oidc.send(new RegisterClientCommand({ clientName: o.clientName ?? 'sts-lens', clientType: 'public', scopes: o.scopes }))) as typeof reg;
    } catch (e) {
      throw mapSsoError(e, 'RegisterClient');
    }
    if (!reg.clientId || !reg.clientSecret) throw ssoProblem('RegisterClient answered without a client id or secret.', 'Try again.', true);
    registration = { clientId: reg.clientId, clientSecret: reg.clientSecret, expiresAt: new Date((reg.clientSecretExpiresAt ?? 0) * 1000) };
  }
  let auth: { deviceCode?: string; userCode?: string; verificationUri?: string; verificationUriComplete?: string; expiresIn?: number; interval?: number };
  try {
    auth = (await oidc.send(new StartDeviceAuthorizationCommand({ clientId: registration.clientId, clientSecret: registration.clientSecret, startUrl: o.startUrl }))) as typeof auth;
  } catch (e) {
    throw mapSsoError(e, 'StartDeviceAuthorization');
  }
  if (!auth.deviceCode || !auth.userCode || !auth.verificationUri) throw ssoProblem('StartDeviceAuthorization answered without a device code.', 'Try again.', true);
  const deadline = new Date(o.clock().getTime() + (auth.expiresIn ?? 600) * 1000);
  await o.prompt({ userCode: auth.userCode, verificationUri: auth.verificationUri, verificationUriComplete: auth.verificationUriComplete, expiresAt: deadline });
  let intervalSeconds = auth.interval && auth.interval > 0 ? auth.interval : DEFAULT_INTERVAL_SECONDS;
  for (;;) {
    if (o.signal?.aborted) throw ssoProblem('Sign-in cancelled.', '', false, 'Validation');
    await o.sleep(intervalSeconds * 1000, o.signal);
    if (o.signal?.aborted) throw ssoProblem('Sign-in cancelled.', '', false, 'Validation');
    if (o.clock().getTime() >= deadline.getTime()) {
      throw ssoProblem('The sign-in code expired before it was approved in the browser.', 'Run the sign-in again and approve it within the time shown.', false, 'ExpiredToken');
    }
    try {
      const out = (await oidc.send(
        new CreateTokenCommand({ clientId: registration.clientId, clientSecret: registration.clientSecret, grantType: DEVICE_CODE_GRANT, deviceCode: auth.deviceCode }),
      )) as { accessToken?: string; expiresIn?: number; refreshToken?: string };
      if (!out.accessToken) throw ssoProblem('CreateToken answered without an access token.', 'Try again.', true);
      return {
        startUrl: o.startUrl,
        region: o.region,
        accessToken: out.accessToken,
        expiresAt: new Date(o.clock().getTime() + (out.expiresIn ?? 3600) * 1000),
        clientId: registration.clientId,
        clientSecret: registration.clientSecret,
        registrationExpiresAt: registration.expiresAt,
        refreshToken: out.refreshToken,
      };
    } catch (e) {
      const name = errorName(e);
      if (name === 'AuthorizationPendingException') continue;
      if (name === 'SlowDownException') {
        intervalSeconds += SLOW_DOWN_STEP_SECONDS;
        continue;
      }
      if (name === 'ExpiredTokenException') {
        throw ssoProblem('The sign-in code expired before it was approved in the browser.', 'Run the sign-in again and approve it within the time shown.', false, 'ExpiredToken');
      }
      if (name === 'AccessDeniedException') throw ssoProblem('The sign-in was denied in the browser.', 'Run the sign-in again and choose Allow.', false, 'AccessDenied');
      throw mapSsoError(e, 'CreateToken');
    }
  }
}

/** True when the cached token can be refreshed without the browser (sso-session tokens). */
export function canRefreshToken(t: SsoCachedToken, now: Date): boolean {
  return Boolean(t.refreshToken && t.clientId && t.clientSecret && (!t.registrationExpiresAt || t.registrationExpiresAt.getTime() > now.getTime()));
}

/** CreateToken with the refresh token; the new token keeps the registration. */
export async function refreshSsoToken(t: SsoCachedToken, clients: SsoClients, clock: () => Date): Promise<SsoCachedToken> {
  if (!t.refreshToken || !t.clientId || !t.clientSecret) throw ssoProblem('This sign-in cannot be refreshed without the browser.', 'Sign in again.', false, 'ExpiredToken');
  try {
    const out = (await clients.oidc(t.region).send(
      new CreateTokenCommand({ clientId: t.clientId, clientSecret: t.clientSecret, grantType: REFRESH_TOKEN_GRANT, refreshToken: t.refreshToken }),
    )) as { accessToken?: string; expiresIn?: number; refreshToken?: string };
    if (!out.accessToken) throw ssoProblem('CreateToken answered without an access token.', 'Sign in again.', true);
    return { ...t, accessToken: out.accessToken, expiresAt: new Date(clock().getTime() + (out.expiresIn ?? 3600) * 1000), refreshToken: out.refreshToken ?? t.refreshToken };
  } catch (e) {
    throw mapSsoError(e, 'CreateToken (refresh)');
  }
}

/** Portal GetRoleCredentials: the role credentials of one account and permission set. */
export async function getRoleCredentials(token: SsoCachedToken, accountId: string, roleName: string, clients: SsoClients): Promise<TemporaryCredentials> {
  let out: { roleCredentials?: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; expiration?: number } };
  try {
    out = (await clients.portal(token.region).send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId, roleName }))) as typeof out;
  } catch (e) {
    throw mapSsoError(e, 'GetRoleCredentials');
  }
  const c = out.roleCredentials;
  if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || !c.expiration) {
    throw ssoProblem('GetRoleCredentials answered without complete credentials.', 'Try again.', true);
  }
  return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: new Date(c.expiration) };
}

export interface SsoAccount {
  accountId: string;
  accountName?: string;
}

/** Every account the signed-in user is assigned (all pages). */
export async function listSsoAccounts(token: SsoCachedToken, clients: SsoClients): Promise<SsoAccount[]> {
  const out: SsoAccount[] = [];
  let nextToken: string | undefined;
  const portal = clients.portal(token.region);
  for (let page = 0; page < 100; page++) {
    let res: { accountList?: { accountId?: string; accountName?: string }[]; nextToken?: string };
    try {
      res = (await portal.send(new ListAccountsCommand({ accessToken: token.accessToken, nextToken }))) as typeof res;
    } catch (e) {
      throw mapSsoError(e, 'ListAccounts');
    }
    for (const a of res.accountList ?? []) if (a.accountId) out.push({ accountId: a.accountId, accountName: a.accountName });
    nextToken = res.nextToken;
    if (!nextToken) break;
  }
  return out;
}

/** The permission sets (role names) of one account (all pages). */
export async function listSsoRoles(token: SsoCachedToken, accountId: string, clients: SsoClients): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  const portal = clients.portal(token.region);
  for (let page = 0; page < 100; page++) {
    let res: { roleList?: { roleName?: string }[]; nextToken?: string };
    try {
      res = (await portal.send(new ListAccountRolesCommand({ accessToken: token.accessToken, accountId, nextToken }))) as typeof res;
    } catch (e) {
      throw mapSsoError(e, 'ListAccountRoles');
    }
    for (const r of res.roleList ?? []) if (r.roleName) out.push(r.roleName);
    nextToken = res.nextToken;
    if (!nextToken) break;
  }
  return out;
}
