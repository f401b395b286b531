/**
 * The profiles of the AWS config that are credential sources of their own: IAM Identity Center
 * (`sso_session` + `[sso-session name]`, or the legacy `sso_start_url` settings), `credential_process`
 * (read from the config file only, never from the credentials file or a workspace), and
 * `web_identity_token_file` + `role_arn`. Settings are read with @smithy/shared-ini-file-loader, the
 * parser the SDK itself uses.
 */
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import { configFilePath, credentialsFilePath, type Env } from '../awsFiles';
import { DEFAULT_SSO_SCOPES } from './ssoFlow';

export interface SsoProfile {
  kind: 'sso';
  name: string;
  /** The `[sso-session NAME]` the profile uses; undefined for a legacy profile. */
  ssoSession?: string;
  startUrl: string;
  ssoRegion: string;
  accountId?: string;
  roleName?: string;
  /** sso-session registration scopes (default sso:account:access). */
  scopes?: string[];
  region?: string;
}

export interface ProcessProfile {
  kind: 'process';
  name: string;
  command: string;
  /** The file that set it (always the config file). */
  file: string;
  region?: string;
}

export interface WebIdentityProfile {
  kind: 'webIdentity';
  name: string;
  roleArn: string;
  tokenFile: string;
  roleSessionName?: string;
  durationSeconds?: number;
  region?: string;
}

export type SourceProfile = SsoProfile | ProcessProfile | WebIdentityProfile;

/** A profile that names an sso_session which is not defined, or misses a setting: shown, not hidden. */
export interface ProfileProblem {
  name: string;
  problem: string;
}

export interface SourceProfiles {
  profiles: SourceProfile[];
  problems: ProfileProblem[];
}

type Section = Record<string, string | undefined>;

export async function readSourceProfiles(env: Env = process.env): Promise<SourceProfiles> {
  const configFile = configFilePath(env);
  const files = await loadSharedConfigFiles({ filepath: credentialsFilePath(env), configFilepath: configFile, ignoreCache: true });
  const sections = files.configFile as Record<string, Section>;
  const ssoSessions = new Map<string, Section>();
  for (const [key, value] of Object.entries(sections)) if (key.startsWith('sso-session.')) ssoSessions.set(key.slice('sso-session.'.length), value);
  const profiles: SourceProfile[] = [];
  const problems: ProfileProblem[] = [];
  for (const [name, s] of Object.entries(sections)) {
    if (name.includes('.') && /^(sso-session|services)\./.test(name)) continue;
    const region = s.region;
    if (s.sso_session) {
      const session = ssoSessions.get(s.sso_session);
      if (!session) {
        problems.push({ name, problem: `sso_session ${s.sso_session} has no [sso-session ${s.sso_session}] section` });
        continue;
      }
      if (!session.sso_start_url || !session.sso_region) {
        problems.push({ name, problem: `[sso-session ${s.sso_session}] needs sso_start_url and sso_region` });
        continue;
      }
      if (s.sso_start_url && s.sso_start_url !== session.sso_start_url) {
        problems.push({ name, problem: `sso_start_url differs from the one of [sso-session ${s.sso_session}]` });
        continue;
      }
      const scopes = session.sso_registration_scopes?.split(',').map((x) => x.trim()).filter(Boolean);
      profiles.push({ kind: 'sso', name, ssoSession: s.sso_session, startUrl: session.sso_start_url, ssoRegion: session.sso_region, accountId: s.sso_account_id, roleName: s.sso_role_name, scopes: scopes?.length ? scopes : DEFAULT_SSO_SCOPES, region });
    } else if (s.sso_start_url) {
      if (!s.sso_region || !s.sso_account_id || !s.sso_role_name) {
        problems.push({ name, problem: 'a legacy SSO profile needs sso_region, sso_account_id and sso_role_name' });
        continue;
      }
      profiles.push({ kind: 'sso', name, startUrl: s.sso_start_url, ssoRegion: s.sso_region, accountId: s.sso_account_id, roleName: s.sso_role_name, region });
    } else if (s.credential_process) {
      profiles.push({ kind: 'process', name, command: s.credential_process, file: configFile, region });
    } else if (s.web_identity_token_file && s.role_arn) {
      const d = s.duration_seconds && /^\d+$/.test(s.duration_seconds) ? Number(s.duration_seconds) : undefined;
      profiles.push({ kind: 'webIdentity', name, roleArn: s.role_arn, tokenFile: s.web_identity_token_file, roleSessionName: s.role_session_name, durationSeconds: d, region });
    }
  }
  profiles.sort((a, b) => a.name.localeCompare(b.name));
  return { profiles, problems };
}

/** The sso-session sections alone (sign in once for every profile using one). */
export async function readSsoSessions(env: Env = process.env): Promise<{ name: string; startUrl: string; ssoRegion: string; scopes: string[] }[]> {
  const files = await loadSharedConfigFiles({ filepath: credentialsFilePath(env), configFilepath: configFilePath(env), ignoreCache: true });
  const out: { name: string; startUrl: string; ssoRegion: string; scopes: string[] }[] = [];
  for (const [key, s] of Object.entries(files.configFile as Record<string, Section>)) {
    if (!key.startsWith('sso-session.') || !s.sso_start_url || !s.sso_region) continue;
    const scopes = s.sso_registration_scopes?.split(',').map((x) => x.trim()).filter(Boolean);
    out.push({ name: key.slice('sso-session.'.length), startUrl: s.sso_start_url, ssoRegion: s.sso_region, scopes: scopes?.length ? scopes : DEFAULT_SSO_SCOPES });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
