/**
 * An IAM Identity Center profile as a credential source: the access token comes from the cache shared
 * with the AWS CLI when it is still valid, from a silent refresh (sso-session profiles hold a refresh
 * token), or from the device sign-in when the caller allows a prompt; then the portal's
 * GetRoleCredentials gives the role credentials.
 */
import { StsLensError } from '../errors';
import type { TemporaryCredentials } from '../session';
import { readSsoToken, writeSsoToken, type SsoCacheKey, type SsoCachedToken } from './ssoCache';
import { canRefreshToken, getRoleCredentials, refreshSsoToken, signInWithDeviceFlow, type DeviceAuthorizationPrompt, type SsoClients } from './ssoFlow';

/** botocore refreshes sso-session tokens this long before they expire; so do we. */
export const SSO_REFRESH_WINDOW_MS = 15 * 60_000;
/** A token with less than this left is not used for a new call. */
const MIN_TOKEN_LIFE_MS = 60_000;

export interface SsoTarget {
  /** The sso-session name, undefined for a legacy profile (cache keyed by start URL). */
  ssoSession?: string;
  startUrl: string;
  ssoRegion: string;
  scopes?: string[];
}

export interface SsoDeps {
  home: string;
  clients: SsoClients;
  clock: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Shows the user code and opens the browser; absent = no interactive sign-in allowed. */
  prompt?: (p: DeviceAuthorizationPrompt) => void | Promise<void>;
  signal?: AbortSignal;
  /** Registers the access token, refresh token and client secret with the redacting logger. */
  addSecret?: (value: string | undefined) => void;
}

function registerSecrets(t: SsoCachedToken | undefined, deps: Pick<SsoDeps, 'addSecret'>): void {
  if (!t || !deps.addSecret) return;
  deps.addSecret(t.accessToken);
  deps.addSecret(t.refreshToken);
  deps.addSecret(t.clientSecret);
}

export function cacheKeyOf(t: SsoTarget): SsoCacheKey {
  return t.ssoSession ? { session: t.ssoSession } : { startUrl: t.startUrl };
}

export class SsoSignInRequired extends StsLensError {
  constructor(target: SsoTarget) {
    super({ code: 'ExpiredToken', message: `The IAM Identity Center sign-in for ${target.ssoSession ? `sso-session ${target.ssoSession}` : target.startUrl} has expired or was never made.`, nextStep: 'Run "STS Lens: Sign In with IAM Identity Center".', retryable: false });
  }
}

/** What the cache says without calling anything: valid until when, and whether a refresh can extend it. */
export async function ssoTokenState(t: SsoTarget, deps: Pick<SsoDeps, 'home' | 'clock'>): Promise<{ validUntil?: Date; refreshable: boolean }> {
  const cached = await readSsoToken(cacheKeyOf(t), deps.home);
  if (!cached) return { refreshable: false };
  const now = deps.clock();
  const refreshable = Boolean(t.ssoSession) && canRefreshToken(cached, now);
  return { validUntil: cached.expiresAt.getTime() > now.getTime() ? cached.expiresAt : undefined, refreshable };
}

/** A usable access token: cached, refreshed silently, or (when `deps.prompt` is set) from a new sign-in. */
export async function ssoAccessToken(t: SsoTarget, deps: SsoDeps): Promise<SsoCachedToken> {
  const key = cacheKeyOf(t);
  const cached = await readSsoToken(key, deps.home);
  registerSecrets(cached, deps);
  const now = deps.clock();
  const left = cached ? cached.expiresAt.getTime() - now.getTime() : -1;
  // a token of another start URL under the same session name is not ours to use
  const usable = cached && (!cached.startUrl || cached.startUrl === t.startUrl) ? cached : undefined;
  if (usable && left > SSO_REFRESH_WINDOW_MS) return usable;
  if (usable && t.ssoSession && canRefreshToken(usable, now)) {
    try {
      const next = await refreshSsoToken(usable, deps.clients, deps.clock);
      registerSecrets(next, deps);
      await writeSsoToken(key, next, deps.home);
      return next;
    } catch (e) {
      // refresh failed: a token that still works is still used; otherwise a sign-in is needed
      if (left > MIN_TOKEN_LIFE_MS) return usable;
      if (!deps.prompt) throw e instanceof StsLensError && e.problem.code !== 'ExpiredToken' ? e : new SsoSignInRequired(t);
    }
  } else if (usable && left > MIN_TOKEN_LIFE_MS) {
    return usable;
  }
  if (!deps.prompt) throw new SsoSignInRequired(t);
  const registration =
    usable?.clientId && usable.clientSecret && usable.registrationExpiresAt ? { clientId: usable.clientId, clientSecret: usable.clientSecret, expiresAt: usable.registrationExpiresAt } : undefined;
  const token = await signInWithDeviceFlow({
    startUrl: t.startUrl,
    region: t.ssoRegion,
    scopes: t.ssoSession ? t.scopes : undefined,
    registration,
    clients: deps.clients,
    clock: deps.clock,
    sleep: deps.sleep,
    prompt: deps.prompt,
    signal: deps.signal,
  });
  registerSecrets(token, deps);
  // legacy profiles: only the four fields the CLI writes for them
  const toCache: SsoCachedToken = t.ssoSession ? token : { startUrl: token.startUrl, region: token.region, accessToken: token.accessToken, expiresAt: token.expiresAt };
  await writeSsoToken(key, toCache, deps.home);
  return token;
}

/** Role credentials of an account + permission set through the portal. */
export async function ssoRoleCredentials(t: SsoTarget, accountId: string, roleName: string, deps: SsoDeps): Promise<TemporaryCredentials> {
  const token = await ssoAccessToken(t, deps);
  return getRoleCredentials(token, accountId, roleName, deps.clients);
}
