/**
 * The AWS shared files: where they are (AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE honoured), the
 * profiles in them (read with @smithy/shared-ini-file-loader), and role chaining as the config shows it.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

export type Env = Record<string, string | undefined>;

export function credentialsFilePath(env: Env = process.env, home = os.homedir()): string {
  return env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials');
}

export function configFilePath(env: Env = process.env, home = os.homedir()): string {
  return env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config');
}

export interface ProfileInfo {
  name: string;
  roleArn?: string;
  sourceProfile?: string;
  credentialSource?: string;
  mfaSerial?: string;
  externalId?: string;
  roleSessionName?: string;
  durationSeconds?: number;
  region?: string;
  /** The profile has long-term keys in the credentials file (or inline in config). */
  hasKeys: boolean;
  /** IAM Identity Center: the sso-session it uses, or the legacy start URL. */
  ssoSession?: string;
  ssoStartUrl?: string;
  /** credential_process (as written; run only through client/src/sources). */
  credentialProcess?: string;
  webIdentityTokenFile?: string;
}

/** True when the profile yields credentials by itself (keys, a role, SSO, a process, a token file). */
export function isSourceProfile(p: ProfileInfo): boolean {
  return Boolean(p.hasKeys || p.roleArn || p.credentialSource || p.ssoSession || p.ssoStartUrl || p.credentialProcess || p.webIdentityTokenFile);
}

/** A short description of how a profile gets credentials, for pick lists. */
export function sourceProfileDescription(p: ProfileInfo): string {
  if (p.roleArn) return p.webIdentityTokenFile ? `web identity token file, role ${p.roleArn} (role session)` : `role ${p.roleArn} (role chaining: max 1 h)`;
  if (p.ssoSession || p.ssoStartUrl) return `IAM Identity Center${p.ssoSession ? ` (sso-session ${p.ssoSession})` : ''} (role session: max 1 h for a chained role)`;
  if (p.credentialProcess) return 'credential_process';
  return 'profile';
}

/** Every profile of the config and credentials files, merged by name, sorted. */
export async function readProfiles(env: Env = process.env): Promise<ProfileInfo[]> {
  const files = await loadSharedConfigFiles({ filepath: credentialsFilePath(env), configFilepath: configFilePath(env), ignoreCache: true });
  const names = new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)]);
  const out: ProfileInfo[] = [];
  for (const name of names) {
    // [sso-session x] and [services x] sections are not profiles
    if (/^(sso-session|services)\./.test(name) && files.configFile[name]) continue;
    const c = { ...(files.configFile[name] ?? {}), ...(files.credentialsFile[name] ?? {}) } as Record<string, string | undefined>;
    const dur = c.duration_seconds && /^\d+$/.test(c.duration_seconds) ? Number(c.duration_seconds) : undefined;
    out.push({
      name,
      roleArn: c.role_arn,
      sourceProfile: c.source_profile,
      credentialSource: c.credential_source,
      mfaSerial: c.mfa_serial,
      externalId: c.external_id,
      roleSessionName: c.role_session_name,
      durationSeconds: dur,
      region: c.region,
      hasKeys: Boolean(c.aws_access_key_id && c.aws_secret_access_key),
      ssoSession: c.sso_session,
      ssoStartUrl: c.sso_start_url,
      credentialProcess: files.configFile[name]?.credential_process,
      webIdentityTokenFile: c.web_identity_token_file,
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Whether credentials of `profile` are a role session: the profile assumes a role itself (it has a
 * role_arn), or its temporary keys came from one. Returns the chain as text for messages.
 */
export function roleChainOf(profileName: string, profiles: readonly ProfileInfo[]): string | undefined {
  const byName = new Map(profiles.map((p) => [p.name, p]));
  const p = byName.get(profileName);
  if (!p?.roleArn) return undefined;
  const chain = [profileName];
  let cur: ProfileInfo | undefined = p;
  const seen = new Set<string>();
  while (cur?.sourceProfile && !seen.has(cur.name)) {
    seen.add(cur.name);
    chain.push(cur.sourceProfile);
    cur = byName.get(cur.sourceProfile);
    if (!cur?.roleArn) break;
  }
  return `profile ${chain.join(' -> ')} assumes role ${p.roleArn}`;
}
