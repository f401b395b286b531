/**
 * What each STS parameter is, in plain words, with its allowed range or pattern and its default:
 * the text of hovers and completion items. Numbers come from limits.ts only.
 */
import { roleNameOfArn } from '../analysis/analyze';
import {
  CONSOLE_SESSION_DURATION,
  DURATION_LIMITS,
  LIST_LIMITS,
  MAX_SESSION_DURATION,
  ROLE_CHAINING_MAX,
  STRING_LIMITS,
  humanDuration,
  type StringLimit,
} from '../analysis/limits';
import { getArg, literalNumber, literalString } from '../analysis/values';
import type { CallSite, RoleFact, RoleFacts, SiteKind, StsApi } from '../analysis/types';

/** Parameters each kind of site accepts, in the order completions offer them. */
export const SITE_PARAMETERS: Record<SiteKind, readonly string[]> = {
  AssumeRole: ['RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SerialNumber', 'TokenCode', 'SourceIdentity', 'Policy', 'PolicyArns', 'Tags', 'TransitiveTagKeys'],
  AssumeRoleWithWebIdentity: ['RoleArn', 'RoleSessionName', 'WebIdentityToken', 'ProviderId', 'DurationSeconds', 'Policy', 'PolicyArns'],
  AssumeRoleWithSAML: ['RoleArn', 'PrincipalArn', 'SAMLAssertion', 'DurationSeconds', 'Policy', 'PolicyArns'],
  GetSessionToken: ['DurationSeconds', 'SerialNumber', 'TokenCode'],
  GetFederationToken: ['Name', 'DurationSeconds', 'Policy', 'PolicyArns', 'Tags'],
  AssumeRoot: ['TargetPrincipal', 'TaskPolicyArn', 'DurationSeconds'],
  GetWebIdentityToken: ['DurationSeconds'],
  RoleDefinition: ['RoleName', 'MaxSessionDuration'],
  ConsoleFederation: ['SessionDuration'],
  PolicyDocument: [],
};

/** `~/.aws/config` profile settings that map to STS parameters (the CLI's names). */
export const PROFILE_SETTINGS: readonly { setting: string; param?: string; doc: string }[] = [
  { setting: 'role_arn', param: 'RoleArn', doc: 'The role the profile assumes.' },
  { setting: 'source_profile', doc: 'The profile whose credentials call AssumeRole. If it assumes a role itself, this is role chaining (1 h maximum).' },
  { setting: 'credential_source', doc: 'Where the calling credentials come from instead of a source profile: Environment, Ec2InstanceMetadata or EcsContainer.' },
  { setting: 'role_session_name', param: 'RoleSessionName', doc: 'The session name shown in CloudTrail.' },
  { setting: 'duration_seconds', param: 'DurationSeconds', doc: 'How long the role session lasts.' },
  { setting: 'external_id', param: 'ExternalId', doc: 'The external ID the role trust policy requires.' },
  { setting: 'mfa_serial', param: 'SerialNumber', doc: 'The MFA device; the CLI prompts for the code.' },
  { setting: 'source_identity', param: 'SourceIdentity', doc: 'The source identity set on the session.' },
  { setting: 'web_identity_token_file', doc: 'A file holding an OIDC token: the profile then calls AssumeRoleWithWebIdentity.' },
];

const DESCRIPTIONS: Record<string, string> = {
  RoleArn: 'The ARN of the role to assume.',
  RoleSessionName: 'A name for the role session; it appears in CloudTrail and in the assumed-role ARN.',
  DurationSeconds: 'How long the temporary credentials last, in seconds.',
  ExternalId: 'The external ID the role\'s trust policy expects (third-party access).',
  SerialNumber: 'The MFA device: an ARN `arn:aws:iam::<account>:mfa/<name>` or a hardware serial number.',
  TokenCode: 'The one-time code from the MFA device.',
  SourceIdentity: 'A source identity that follows the session through role chaining; it must not start with `aws:`.',
  Policy: 'An inline session policy (JSON). It can only narrow the role\'s permissions.',
  PolicyArns: 'Managed policies used as session policies; they can only narrow the role\'s permissions.',
  Tags: 'Session tags (key/value pairs) passed to the session.',
  TransitiveTagKeys: 'Session tag keys that persist through role chaining; each must be a key in Tags.',
  WebIdentityToken: 'The OIDC / OAuth 2.0 token from the identity provider.',
  ProviderId: 'The OAuth 2.0 provider (only for Login with Amazon and Facebook tokens).',
  SAMLAssertion: 'The base64-encoded SAML authentication response.',
  PrincipalArn: 'The ARN of the SAML provider in IAM.',
  Name: 'The name of the federated user.',
  TargetPrincipal: 'The member account to run privileged tasks on.',
  TaskPolicyArn: 'The AWS managed task policy that scopes the root session.',
  RoleName: 'The name of the IAM role.',
  MaxSessionDuration: 'The longest session anyone can get when assuming this role, in seconds.',
  SessionDuration: 'How long the AWS console session lasts, in seconds (console federation sign-in).',
};

const STRING_LIMIT_OF: Record<string, StringLimit> = {
  RoleArn: STRING_LIMITS.RoleArn,
  PrincipalArn: STRING_LIMITS.RoleArn,
  RoleSessionName: STRING_LIMITS.RoleSessionName,
  ExternalId: STRING_LIMITS.ExternalId,
  SerialNumber: STRING_LIMITS.SerialNumber,
  SourceIdentity: STRING_LIMITS.SourceIdentity,
  Name: STRING_LIMITS.FederationName,
  WebIdentityToken: STRING_LIMITS.WebIdentityToken,
  ProviderId: STRING_LIMITS.ProviderId,
  SAMLAssertion: STRING_LIMITS.SAMLAssertion,
  Policy: STRING_LIMITS.SessionPolicy,
};

export function isStsApi(kind: SiteKind): kind is StsApi {
  return kind in DURATION_LIMITS;
}

/** "1 h", "15 min", "36 h": the short form used inside sentences. */
export function shortDuration(seconds: number): string {
  const human = humanDuration(seconds);
  const eq = human.indexOf(' = ');
  return eq === -1 ? human : human.slice(eq + 3);
}

export interface DurationBounds {
  min: number;
  max: number;
  /** How the max reads: "43200 s", "role max", "7200 s (role max from template.yaml)". */
  maxText: string;
  defaultSeconds?: number;
  /** Known role maximum that bounds the value. */
  roleFact?: RoleFact;
  chained: boolean;
}

/** The duration range that applies at a site: the API's, narrowed by role chaining or a known role max. */
export function durationBounds(site: CallSite, facts: RoleFacts): DurationBounds | undefined {
  if (site.kind === 'RoleDefinition') {
    return { min: MAX_SESSION_DURATION.min, max: MAX_SESSION_DURATION.max, maxText: `${MAX_SESSION_DURATION.max} s`, defaultSeconds: MAX_SESSION_DURATION.defaultSeconds, chained: false };
  }
  if (site.kind === 'ConsoleFederation') {
    return { min: CONSOLE_SESSION_DURATION.min, max: CONSOLE_SESSION_DURATION.max, maxText: `${CONSOLE_SESSION_DURATION.max} s`, chained: false };
  }
  if (!isStsApi(site.kind)) return undefined;
  const limit = DURATION_LIMITS[site.kind];
  if (site.chainedVia && limit.boundedByRoleMax) {
    return { min: limit.min, max: ROLE_CHAINING_MAX, maxText: `${ROLE_CHAINING_MAX} s (role chaining)`, defaultSeconds: limit.defaultSeconds, chained: true };
  }
  if (limit.boundedByRoleMax) {
    const arn = literalString(getArg(site, 'RoleArn')?.value);
    const fact = arn ? facts.lookup(arn) : undefined;
    if (fact) {
      const max = Math.min(fact.maxSessionDuration, limit.max);
      return { min: limit.min, max, maxText: `${max} s (role max, from ${fact.source})`, defaultSeconds: limit.defaultSeconds, roleFact: fact, chained: false };
    }
    return { min: limit.min, max: limit.max, maxText: 'role max', defaultSeconds: limit.defaultSeconds, chained: false };
  }
  return { min: limit.min, max: limit.max, maxText: `${limit.max} s`, defaultSeconds: limit.defaultSeconds, chained: false };
}

function isDurationParam(name: string): boolean {
  return name === 'DurationSeconds' || name === 'MaxSessionDuration' || name === 'SessionDuration';
}

/** Hover markdown for one argument of a site. */
export function parameterHover(site: CallSite, argName: string, facts: RoleFacts): string {
  const arg = getArg(site, argName);
  const lines: string[] = [];
  const shown = arg && arg.sourceName !== argName ? `\`${arg.sourceName}\` (${argName})` : `\`${argName}\``;
  const where = site.kind === 'RoleDefinition' ? 'IAM role' : site.kind === 'ConsoleFederation' ? 'console federation' : site.kind;
  lines.push(`**${shown}** — ${where}${site.label ? ` · ${site.label}` : ''}`);
  const description = DESCRIPTIONS[argName];
  if (description) lines.push('', description);

  if (isDurationParam(argName)) {
    const bounds = durationBounds(site, facts);
    if (bounds) {
      const value = literalNumber(arg?.value);
      const api = site.kind === 'RoleDefinition' ? 'MaxSessionDuration' : site.kind === 'ConsoleFederation' ? 'SessionDuration' : site.kind;
      const range = `${api} allows ${bounds.min} s–${bounds.maxText}`;
      const dflt = bounds.defaultSeconds !== undefined ? ` (default ${shortDuration(bounds.defaultSeconds)})` : '';
      lines.push('', `${value !== undefined ? `${humanDuration(value)}; ` : ''}${range}${dflt}`);
      if (bounds.chained && site.chainedVia) lines.push('', `Role chaining: ${site.chainedVia}; AWS allows at most ${shortDuration(ROLE_CHAINING_MAX)}.`);
      else if (isStsApi(site.kind) && DURATION_LIMITS[site.kind].note) lines.push('', `Note: ${DURATION_LIMITS[site.kind].note}.`);
    }
  } else {
    const limit = STRING_LIMIT_OF[argName];
    if (limit) {
      const unit = argName === 'Policy' ? 'characters (plaintext)' : 'characters';
      lines.push('', `Length ${limit.min}–${limit.max} ${unit}${limit.charsText ? `; ${limit.charsText}` : ''}.`);
    }
    if (argName === 'TokenCode') lines.push('', 'Exactly 6 digits.');
    if (argName === 'RoleArn') {
      lines.push('', 'Form: `arn:<partition>:iam::<12-digit account>:role/<path/>name`.');
      const arn = literalString(arg?.value);
      const fact = arn ? facts.lookup(arn) : undefined;
      if (fact) lines.push('', `Role \`${roleNameOfArn(arn ?? '') ?? fact.roleName}\`: MaxSessionDuration ${humanDuration(fact.maxSessionDuration)} (from ${fact.source}).`);
    }
    if (argName === 'Tags' || argName === 'TransitiveTagKeys' || argName === 'PolicyArns') {
      lines.push('', `At most ${LIST_LIMITS[argName]} entries.`);
      if (argName === 'Tags') lines.push('', `Keys ${STRING_LIMITS.TagKey.min}–${STRING_LIMITS.TagKey.max} and values ${STRING_LIMITS.TagValue.min}–${STRING_LIMITS.TagValue.max} characters; ${STRING_LIMITS.TagKey.charsText}.`);
    }
  }
  return lines.join('\n');
}

/** One line for a completion item's detail. */
export function parameterSummary(argName: string): string {
  return DESCRIPTIONS[argName] ?? '';
}

/**
 * The durations people actually pick, per kind of site: quarter hours to the API's maximum. Values
 * outside the site's bounds are dropped by {@link validDurations}.
 */
const DURATION_LADDER: Record<string, readonly number[]> = {
  role: [900, 1800, 3600, 7200, 14400, 28800, 43200],
  token: [900, 3600, 14400, 28800, 43200, 86400, 129600],
  AssumeRoot: [60, 300, 600, 900],
  GetWebIdentityToken: [60, 300, 900, 1800, 3600],
  RoleDefinition: [3600, 7200, 14400, 28800, 43200],
  ConsoleFederation: [900, 3600, 14400, 28800, 43200],
};

function ladderOf(kind: string): readonly number[] {
  if (kind === 'GetSessionToken' || kind === 'GetFederationToken') return DURATION_LADDER.token!;
  return DURATION_LADDER[kind] ?? DURATION_LADDER.role!;
}

export interface DurationChoice {
  value: number;
  /** "1 h", "15 min". */
  human: string;
  /** Why this value, or what it needs: "the default", "needs MaxSessionDuration ≥ 2 h". */
  why: string;
  /** `${humanDuration} — ${why}` for a completion item's detail. */
  label: string;
}

/**
 * Duration values valid at a site, with their human form: the useful steps of the operation (15 min to
 * its maximum), the default, and a known role maximum. Above one hour on a role whose maximum is
 * unknown, each value says what it needs.
 */
export function validDurations(site: CallSite, facts: RoleFacts): DurationChoice[] {
  const bounds = durationBounds(site, facts);
  if (!bounds) return [];
  const values = new Set<number>(ladderOf(site.kind));
  if (bounds.defaultSeconds !== undefined) values.add(bounds.defaultSeconds);
  values.add(bounds.min === 0 ? 60 : bounds.min);
  if (bounds.roleFact || bounds.maxText !== 'role max') values.add(bounds.max);
  const roleMaxUnknown = bounds.maxText === 'role max';
  const out: DurationChoice[] = [];
  for (const value of [...values].sort((a, b) => a - b)) {
    if (value < bounds.min || value > bounds.max) continue;
    let why: string;
    if (value === bounds.defaultSeconds) why = 'the default';
    else if (bounds.roleFact && value === bounds.max) why = `the role's MaxSessionDuration (${bounds.roleFact.source})`;
    else if (value === bounds.max) why = bounds.chained ? 'the maximum for role chaining' : 'the maximum';
    else if (value === bounds.min) why = 'the minimum';
    else why = '';
    if (roleMaxUnknown && value > MAX_SESSION_DURATION.defaultSeconds) why = [why, `needs the role's MaxSessionDuration ≥ ${shortDuration(value)}`].filter(Boolean).join('; ');
    const human = shortDuration(value);
    out.push({ value, human, why, label: why ? `${humanDuration(value)} — ${why}` : humanDuration(value) });
  }
  return out;
}
