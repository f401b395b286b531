/**
 * The AWS STS limits the rules enforce, transcribed from reference/sts-limits.md (STS API model
 * 2011-06-15 and the IAM user guide). Every rule cites the entry it uses.
 */
import type { StsApi } from './types';

export interface DurationLimit {
  min: number;
  max: number;
  /** The default when DurationSeconds is omitted. */
  defaultSeconds?: number;
  /** True when the role's MaxSessionDuration also bounds the value. */
  boundedByRoleMax: boolean;
  note?: string;
}

export const DURATION_LIMITS: Record<StsApi, DurationLimit> = {
  AssumeRole: { min: 900, max: 43200, defaultSeconds: 3600, boundedByRoleMax: true, note: 'more than 3600 is valid only if the role\'s MaxSessionDuration was raised' },
  AssumeRoleWithWebIdentity: { min: 900, max: 43200, defaultSeconds: 3600, boundedByRoleMax: true },
  AssumeRoleWithSAML: { min: 900, max: 43200, defaultSeconds: 3600, boundedByRoleMax: true },
  GetSessionToken: { min: 900, max: 129600, defaultSeconds: 43200, boundedByRoleMax: false, note: 'root user: max 3600' },
  GetFederationToken: { min: 900, max: 129600, defaultSeconds: 43200, boundedByRoleMax: false, note: 'root user: max 3600' },
  AssumeRoot: { min: 0, max: 900, defaultSeconds: 900, boundedByRoleMax: false },
  GetWebIdentityToken: { min: 60, max: 3600, boundedByRoleMax: false },
};

/** AssumeRole while role chaining: AWS rejects more than one hour. */
export const ROLE_CHAINING_MAX = 3600;
/** IAM role MaxSessionDuration (CreateRole/UpdateRole, CloudFormation, Terraform). */
export const MAX_SESSION_DURATION = { min: 3600, max: 43200, defaultSeconds: 3600 } as const;
/** Console federation SessionDuration (signin endpoint, Action=getSigninToken). */
export const CONSOLE_SESSION_DURATION = { min: 900, max: 43200 } as const;

export interface StringLimit {
  min: number;
  max: number;
  /** The allowed characters, as one character class (used with ^[...]+$). */
  chars?: RegExp;
  charsText?: string;
}

const W = 'A-Za-z0-9_';
export const STRING_LIMITS = {
  RoleArn: { min: 20, max: 2048 },
  PolicyArn: { min: 20, max: 2048 },
  RoleSessionName: { min: 2, max: 64, chars: new RegExp(`^[${W}+=,.@-]+$`), charsText: 'letters, digits and _+=,.@-' },
  ExternalId: { min: 2, max: 1224, chars: new RegExp(`^[${W}+=,.@:/-]+$`), charsText: 'letters, digits and _+=,.@:/-' },
  SerialNumber: { min: 9, max: 256, chars: new RegExp(`^[${W}+=/:,.@-]+$`), charsText: 'letters, digits and _+=/:,.@-' },
  SourceIdentity: { min: 2, max: 64, chars: new RegExp(`^[${W}+=,.@-]+$`), charsText: 'letters, digits and _+=,.@-' },
  FederationName: { min: 2, max: 32, chars: new RegExp(`^[${W}+=,.@-]+$`), charsText: 'letters, digits and _+=,.@-' },
  WebIdentityToken: { min: 4, max: 20000 },
  ProviderId: { min: 4, max: 2048 },
  SAMLAssertion: { min: 4, max: 100000 },
  TagKey: { min: 1, max: 128, chars: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, charsText: 'letters, digits, spaces and _.:/=+-@' },
  TagValue: { min: 0, max: 256, chars: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, charsText: 'letters, digits, spaces and _.:/=+-@' },
  SessionPolicy: { min: 1, max: 2048 },
} satisfies Record<string, StringLimit>;

export const LIST_LIMITS = {
  Tags: 50,
  TransitiveTagKeys: 50,
  PolicyArns: 10,
} as const;

/** Partitions an IAM ARN may name. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'] as const;

/** Session-policy plaintext characters: tab, LF, CR and U+0020..U+00FF. */
export const SESSION_POLICY_CHARS = /^[\u0009\u000A\u000D\u0020-\u00FF]*$/;

/** Calls that are not signed with AWS credentials: a session policy on them can be altered in transit. */
export const UNSIGNED_APIS: readonly StsApi[] = ['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'];

/** Required parameters per API (STS API model). */
export const REQUIRED_PARAMS: Record<StsApi, readonly string[]> = {
  AssumeRole: ['RoleArn', 'RoleSessionName'],
  AssumeRoleWithWebIdentity: ['RoleArn', 'RoleSessionName', 'WebIdentityToken'],
  AssumeRoleWithSAML: ['RoleArn', 'PrincipalArn', 'SAMLAssertion'],
  GetSessionToken: [],
  GetFederationToken: ['Name'],
  AssumeRoot: ['TargetPrincipal', 'TaskPolicyArn'],
  GetWebIdentityToken: [],
};

/** Human form of a duration: "7200 s = 2 h", "900 s = 15 min", "129600 s = 36 h". */
export function humanDuration(seconds: number): string {
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds} s = ${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 60) {
    const h = Math.floor(seconds / 3600);
    const m = (seconds % 3600) / 60;
    return h > 0 ? `${seconds} s = ${h} h ${m} min` : `${seconds} s = ${m} min`;
  }
  return `${seconds} s`;
}
