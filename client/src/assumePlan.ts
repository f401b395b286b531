/**
 * What "Assume Role" on a profile needs, decided before any prompt: the profile's own settings
 * (`role_arn`, `role_session_name`, `duration_seconds`, `external_id`, `mfa_serial`, `source_profile`,
 * `region`) make the request, and only what is missing is asked (the MFA code). Also the recent
 * targets, newest first. Pure: no vscode, no I/O; the flow (assumeFlow.ts) asks and sends.
 */
import type { ProfileInfo } from './awsFiles';
import { roleNameFromArn, type AssumeRoleRequest, type SourceSpec } from './session';

/**
 * Where the source credentials of a profile come from. The only place that maps a profile to a source:
 * new kinds of sources (IAM Identity Center, credential_process, web identity) plug in here.
 */
export function sourceOfProfile(p: Pick<ProfileInfo, 'sourceProfile'>): SourceSpec {
  return p.sourceProfile ? { type: 'profile', profile: p.sourceProfile } : { type: 'chain' };
}

export interface PlanDefaults {
  /** The session name when the profile sets none (the OS user name, cleaned). */
  sessionName: string;
  /** stsLens.defaultDurationSeconds, used when the profile sets no duration_seconds. */
  durationSeconds: number;
}

export interface AssumePlan {
  request: AssumeRoleRequest;
  /** The profile sets an MFA device: the code is the one question left. */
  needsMfaCode: boolean;
  /** Which values came from the profile, for the progress text ("session name, duration from the profile"). */
  fromProfile: string[];
}

/** The request a role profile makes on its own, or undefined when the profile assumes no role. */
export function planFromProfile(p: ProfileInfo, d: PlanDefaults): AssumePlan | undefined {
  if (!p.roleArn) return undefined;
  const fromProfile = [
    p.roleSessionName && 'role_session_name',
    p.durationSeconds !== undefined && 'duration_seconds',
    p.externalId && 'external_id',
    p.mfaSerial && 'mfa_serial',
    p.sourceProfile && 'source_profile',
    p.region && 'region',
  ].filter((x): x is string => Boolean(x));
  return {
    request: {
      kind: 'AssumeRole',
      roleArn: p.roleArn,
      roleSessionName: p.roleSessionName ?? d.sessionName,
      durationSeconds: p.durationSeconds ?? d.durationSeconds,
      externalId: p.externalId || undefined,
      serialNumber: p.mfaSerial || undefined,
      source: sourceOfProfile(p),
      profile: p.name,
      region: p.region || undefined,
    },
    needsMfaCode: Boolean(p.mfaSerial),
    fromProfile,
  };
}

/**
 * A target used before: a profile (its settings are read again at use, so edits to ~/.aws/config
 * count), or a role ARN with the answers given then. Never credentials, never a session policy.
 */
export interface RecentTarget {
  /** `profile:<name>` or `arn:<role arn>|<session name>`. */
  key: string;
  profile?: string;
  roleArn: string;
  roleSessionName?: string;
  durationSeconds?: number;
  externalId?: string;
  serialNumber?: string;
  source?: SourceSpec;
  region?: string;
  /** Epoch milliseconds of the last successful assume. */
  lastUsed: number;
}

export const MAX_RECENT = 8;

export function recentKey(req: Pick<AssumeRoleRequest, 'profile' | 'roleArn' | 'roleSessionName'>): string {
  return req.profile ? `profile:${req.profile}` : `arn:${req.roleArn}|${req.roleSessionName}`;
}

/** The recent list after a successful assume: this target first, older duplicates dropped, capped. */
export function rememberTarget(list: readonly RecentTarget[], req: AssumeRoleRequest, now: number): RecentTarget[] {
  const key = recentKey(req);
  const entry: RecentTarget = req.profile
    ? { key, profile: req.profile, roleArn: req.roleArn, lastUsed: now }
    : {
        key,
        roleArn: req.roleArn,
        roleSessionName: req.roleSessionName,
        durationSeconds: req.durationSeconds,
        externalId: req.externalId,
        serialNumber: req.serialNumber,
        // a held session as source does not outlive the session: fall back to the default chain
        source: req.source.type === 'session' ? { type: 'chain' } : req.source,
        region: req.region,
        lastUsed: now,
      };
  return [entry, ...list.filter((r) => r.key !== key)].slice(0, MAX_RECENT);
}

/** Reads a stored recent list defensively (globalState may hold anything an older version wrote). */
export function parseRecent(raw: unknown): RecentTarget[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((r): r is RecentTarget => typeof r === 'object' && r !== null && typeof (r as RecentTarget).key === 'string' && typeof (r as RecentTarget).roleArn === 'string' && typeof (r as RecentTarget).lastUsed === 'number');
}

/** The plan of a recent target: a profile is planned from its current settings; gone profiles are dropped. */
export function planFromRecent(r: RecentTarget, profiles: readonly ProfileInfo[], d: PlanDefaults): AssumePlan | undefined {
  if (r.profile) {
    const p = profiles.find((x) => x.name === r.profile);
    return p ? planFromProfile(p, d) : undefined;
  }
  return {
    request: {
      kind: 'AssumeRole',
      roleArn: r.roleArn,
      roleSessionName: r.roleSessionName ?? d.sessionName,
      durationSeconds: r.durationSeconds ?? d.durationSeconds,
      externalId: r.externalId,
      serialNumber: r.serialNumber,
      source: r.source ?? { type: 'chain' },
      region: r.region,
    },
    needsMfaCode: Boolean(r.serialNumber),
    fromProfile: [],
  };
}

export interface TargetChoice {
  plan: AssumePlan;
  recent?: RecentTarget;
  /** Label for the pick list: the profile name, or the role name with the session name. */
  label: string;
}

/** Recent targets first (newest first), then the other role profiles by name. */
export function orderedTargets(profiles: readonly ProfileInfo[], recent: readonly RecentTarget[], d: PlanDefaults): TargetChoice[] {
  const out: TargetChoice[] = [];
  const seen = new Set<string>();
  for (const r of [...recent].sort((a, b) => b.lastUsed - a.lastUsed)) {
    const plan = planFromRecent(r, profiles, d);
    if (!plan || seen.has(r.key)) continue;
    seen.add(r.key);
    out.push({ plan, recent: r, label: r.profile ?? `${roleName(r.roleArn)} as ${plan.request.roleSessionName}` });
  }
  for (const p of profiles) {
    const plan = planFromProfile(p, d);
    if (!plan || seen.has(`profile:${p.name}`)) continue;
    out.push({ plan, label: p.name });
  }
  return out;
}

function roleName(arn: string): string {
  return roleNameFromArn(arn);
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(thenMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  const days = Math.floor(s / 86400);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** One line that says what the one-step request will do, for the pick item's detail. */
export function planSummary(plan: AssumePlan, durationText: (s: number) => string): string {
  const r = plan.request;
  const parts = [`as ${r.roleSessionName}`, r.durationSeconds !== undefined ? durationText(r.durationSeconds) : undefined, r.region, r.externalId ? 'external id' : undefined, plan.needsMfaCode ? 'asks the MFA code' : undefined];
  const source = r.source.type === 'profile' ? `from ${r.source.profile}` : r.source.type === 'session' ? 'from a held session' : 'from the default chain';
  return [...parts.filter(Boolean), source].join(' · ');
}
