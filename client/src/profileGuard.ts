/**
 * Whether a session may be written under a profile name, decided from the text of the credentials and
 * config files. Pure. Users' keys are sacred: a profile with long-term keys, the source_profile a role is
 * assumed with, or a profile that gets its credentials another way (role_arn, SSO, a process) is never
 * written; any other existing profile is replaced only after the user confirmed.
 */
import * as path from 'node:path';
import { iniSections, type ProfileEntries } from './iniText';
import type { Session } from './session';

export type ProfileWriteVerdict = { kind: 'new' } | { kind: 'replace'; message: string } | { kind: 'refuse'; message: string };

export interface ProfileFilesText {
  credentialsFile: string;
  credentialsText: string;
  configFile?: string;
  configText?: string;
}

/** Keys by which a profile gets credentials other than the keys in the credentials file. */
const OWN_SOURCE_KEYS = ['role_arn', 'credential_source', 'credential_process', 'sso_session', 'sso_start_url', 'web_identity_token_file'];

/** `[profile x]` and `[default]` of the config file are profiles; `[sso-session x]`, `[services x]` are not. */
function configProfileName(section: string): string | undefined {
  if (section === 'default') return 'default';
  // By hand: `profile`, whitespace, then the name, in matching quotes or bare (a regex with a
  // back-reference after `.+` backtracked polynomially on a long run of whitespace).
  if (!section.startsWith('profile') || !/\s/.test(section.charAt(7))) return undefined;
  let i = 7;
  while (i < section.length && /\s/.test(section.charAt(i))) i++;
  const rest = section.slice(i);
  if (rest === '' || /[\n\r\u2028\u2029]/.test(rest)) return undefined;
  const q = rest.charAt(0);
  return (q === '"' || q === "'") && rest.length >= 3 && rest.endsWith(q) ? rest.slice(1, -1) : rest;
}

function hasLongTermKeys(e: ProfileEntries): boolean {
  return Boolean(e.aws_access_key_id) && !e.aws_session_token;
}

/** A name for the session next to `name` that says what it is. */
export function sessionProfileName(name: string): string {
  const base = name.endsWith('-session') ? name.slice(0, -'-session'.length) : name;
  return `${base}-session`.slice(0, 64);
}

/**
 * `<profile>-session`: the profile the session was obtained through (the role profile, or the source
 * profile of GetSessionToken), else the role name. Never the profile's own name: that one already means
 * something in ~/.aws/config.
 */
export function defaultProfileName(session: Pick<Session, 'label' | 'request'>): string {
  const r = session.request;
  const from = r.kind === 'AssumeRole' && r.profile ? r.profile : r.source.type === 'profile' && r.kind === 'GetSessionToken' ? r.source.profile : session.label;
  const cleaned = from.replace(/[^A-Za-z0-9_.+@-]/g, '-').replace(/^[^A-Za-z0-9_.+@-]+/, '') || 'sts-lens';
  return sessionProfileName(cleaned);
}

export function profileWriteVerdict(name: string, files: ProfileFilesText): ProfileWriteVerdict {
  const credentials = iniSections(files.credentialsText);
  const config = iniSections(files.configText ?? '').flatMap((s) => {
    const profile = configProfileName(s.name);
    return profile === undefined ? [] : [{ name: profile, entries: s.entries }];
  });
  const credFile = path.basename(files.credentialsFile);
  const confFile = files.configFile ? path.basename(files.configFile) : 'config';
  const alternative = `Write the session to another profile, such as [${name === sessionProfileName(name) ? `${name}-2` : sessionProfileName(name)}].`;

  const mineInCredentials = credentials.filter((s) => s.name === name);
  if (mineInCredentials.some((s) => hasLongTermKeys(s.entries))) {
    return { kind: 'refuse', message: `Profile [${name}] in ${files.credentialsFile} holds long-term access keys (aws_access_key_id without aws_session_token). STS Lens never overwrites them; nothing was written. ${alternative}` };
  }
  const mineInConfig = config.filter((s) => s.name === name);
  if (mineInConfig.some((s) => hasLongTermKeys(s.entries))) {
    return { kind: 'refuse', message: `Profile ${name} in ${files.configFile ?? confFile} holds long-term access keys; session keys written under that name would hide them. Nothing was written. ${alternative}` };
  }
  const dependents = [...credentials, ...config].filter((s) => s.entries.source_profile === name).map((s) => s.name);
  if (dependents.length) {
    const list = [...new Set(dependents)].map((d) => `[${d}]`).join(', ');
    return { kind: 'refuse', message: `Profile [${name}] is the source_profile of ${list}: roles are assumed with its credentials, so STS Lens does not write a session into it. Nothing was written. ${alternative}` };
  }
  for (const s of [...mineInCredentials.map((x) => ({ ...x, file: credFile })), ...mineInConfig.map((x) => ({ ...x, file: confFile }))]) {
    const key = OWN_SOURCE_KEYS.find((k) => s.entries[k]);
    if (key) {
      return { kind: 'refuse', message: `Profile ${name} gets its credentials from ${key} in ${s.file}; the AWS SDKs would ignore keys written under that name or mix the two. Nothing was written. ${alternative}` };
    }
  }
  if (mineInCredentials.length) {
    const merged: ProfileEntries = Object.assign({}, ...mineInCredentials.map((s) => s.entries));
    const what = merged.aws_session_token ? `session credentials${merged.expiration ? ` (expiry ${merged.expiration})` : ''}` : `the keys ${Object.keys(merged).join(', ') || '(none)'}`;
    return {
      kind: 'replace',
      message: `Profile [${name}] already exists in ${files.credentialsFile} with ${what}. Replace it with this session? The file as it is now is kept as ${credFile}.sts-lens.bak.`,
    };
  }
  return { kind: 'new' };
}
