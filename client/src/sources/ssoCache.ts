/**
 * The IAM Identity Center token cache shared with the AWS CLI: `~/.aws/sso/cache/<sha1>.json`, where the
 * hash is of the `sso_session` name (sso-session profiles) or of the start URL (legacy `sso_start_url`
 * profiles), exactly as botocore computes it. The fields are the CLI's own (startUrl, region, accessToken,
 * expiresAt, clientId, clientSecret, registrationExpiresAt, refreshToken), timestamps in the CLI's
 * `YYYY-MM-DDTHH:MM:SSZ` form, so a sign-in here is a sign-in for `aws` and the other way round.
 * The file holds secrets: written 0600 in a 0700 directory, through a temp file and a rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SsoCachedToken {
  startUrl: string;
  region: string;
  accessToken: string;
  /** When the access token stops working. */
  expiresAt: Date;
  /** The registered OIDC client (sso-session form only); needed to refresh. */
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: Date;
  refreshToken?: string;
}

/** What names the cache entry: the sso-session name, or the start URL of a legacy profile. */
export type SsoCacheKey = { session: string } | { startUrl: string };

export function ssoCacheDir(home = os.homedir()): string {
  return path.join(home, '.aws', 'sso', 'cache');
}

export function ssoCacheFile(key: SsoCacheKey, home = os.homedir()): string {
  const name = 'session' in key ? key.session : key.startUrl;
  return path.join(ssoCacheDir(home), `${createHash('sha1').update(name, 'utf8').digest('hex')}.json`);
}

/** botocore's timestamp form: UTC, whole seconds, `Z`. */
export function cliTimestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function parseDate(v: unknown): Date | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  // the CLI has written "2024-01-01T00:00:00UTC" in some versions
  const d = new Date(v.replace(/UTC$/, 'Z'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * Reads a cache entry. Missing, unreadable, oversized or malformed files read as undefined: the caller
 * then signs in again, as the CLI would.
 */
export async function readSsoToken(key: SsoCacheKey, home = os.homedir()): Promise<SsoCachedToken | undefined> {
  const file = ssoCacheFile(key, home);
  let text: string;
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size > 64 * 1024) return undefined;
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
    raw = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const accessToken = str(raw.accessToken);
  const expiresAt = parseDate(raw.expiresAt);
  if (!accessToken || !expiresAt) return undefined;
  return {
    startUrl: str(raw.startUrl) ?? ('startUrl' in key ? key.startUrl : ''),
    region: str(raw.region) ?? '',
    accessToken,
    expiresAt,
    clientId: str(raw.clientId),
    clientSecret: str(raw.clientSecret),
    registrationExpiresAt: parseDate(raw.registrationExpiresAt),
    refreshToken: str(raw.refreshToken),
  };
}

/** Writes a cache entry the way the CLI does (field names, timestamp form), atomically and 0600. */
export async function writeSsoToken(key: SsoCacheKey, token: SsoCachedToken, home = os.homedir()): Promise<string> {
  const file = ssoCacheFile(key, home);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const body: Record<string, string> = {
    startUrl: token.startUrl,
    region: token.region,
    accessToken: token.accessToken,
    expiresAt: cliTimestamp(token.expiresAt),
  };
  if (token.clientId) body.clientId = token.clientId;
  if (token.clientSecret) body.clientSecret = token.clientSecret;
  if (token.registrationExpiresAt) body.registrationExpiresAt = cliTimestamp(token.registrationExpiresAt);
  if (token.refreshToken) body.refreshToken = token.refreshToken;
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(body));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return file;
}

/** Removes a cache entry (sign out); a missing file is fine. */
export async function deleteSsoToken(key: SsoCacheKey, home = os.homedir()): Promise<void> {
  await fs.rm(ssoCacheFile(key, home), { force: true });
}
