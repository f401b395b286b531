/**
 * Input checks run before any STS call, from the analysis core's limits (server/src/analysis/limits.ts;
 * no limit is written down twice). Session policies go through the core's analyzer as a JSON document.
 */
import {
  CONSOLE_SESSION_DURATION,
  DURATION_LIMITS,
  humanDuration,
  PARTITIONS,
  ROLE_CHAINING_MAX,
  STRING_LIMITS,
  type StringLimit,
} from '../../server/src/analysis/limits';
import { checkSessionPolicyText } from '../../server/src/analysis/policy/sessionText';
import type { Finding } from '../../server/src/analysis/types';

/** A failed check: the message says what is wrong and what is allowed. */
export interface InputProblem {
  field: string;
  message: string;
}

export type Check = InputProblem | undefined;

function checkString(field: string, value: string, limit: StringLimit): Check {
  if (value.length < limit.min || value.length > limit.max) {
    return { field, message: `${field} must be ${limit.min}..${limit.max} characters long (got ${value.length}).` };
  }
  if (limit.chars && !limit.chars.test(value)) {
    return { field, message: `${field} may contain only ${limit.charsText ?? 'allowed characters'}.` };
  }
  return undefined;
}

export function checkRoleSessionName(value: string): Check {
  return checkString('RoleSessionName', value, STRING_LIMITS.RoleSessionName);
}

export function checkExternalId(value: string): Check {
  return checkString('ExternalId', value, STRING_LIMITS.ExternalId);
}

export function checkSerialNumber(value: string): Check {
  return checkString('SerialNumber', value, STRING_LIMITS.SerialNumber);
}

/** The MFA code is exactly six digits. */
export function checkTokenCode(value: string): Check {
  return /^\d{6}$/.test(value) ? undefined : { field: 'TokenCode', message: 'The MFA code must be exactly 6 digits.' };
}

/**
 * A role ARN: `arn:<partition>:iam::<12 digits>:role/<path/>name`. S3-compatible STS servers (Ceph RGW)
 * use ARNs without an account (`arn:aws:iam:::role/demo`); those are accepted when `allowEmptyAccount`.
 */
export function checkRoleArn(value: string, allowEmptyAccount = false): Check {
  const length = checkString('RoleArn', value, STRING_LIMITS.RoleArn);
  if (length) return length;
  const m = /^arn:([^:]+):iam::([^:]*):role\/(.+)$/.exec(value);
  if (!m) return { field: 'RoleArn', message: 'RoleArn must look like arn:aws:iam::123456789012:role/name.' };
  if (!(PARTITIONS as readonly string[]).includes(m[1]!)) return { field: 'RoleArn', message: `Unknown partition "${m[1]}" (expected one of ${PARTITIONS.join(', ')}).` };
  const account = m[2]!;
  if (!(/^\d{12}$/.test(account) || (allowEmptyAccount && account === ''))) {
    return { field: 'RoleArn', message: 'The account id in RoleArn must be 12 digits.' };
  }
  return undefined;
}

export interface DurationBounds {
  min: number;
  max: number;
  /** Why the max is what it is, for the message. */
  reason: string;
}

/** The allowed duration range of a call; role chaining caps AssumeRole at one hour. */
export function durationBounds(api: 'AssumeRole' | 'GetSessionToken', chained = false): DurationBounds {
  const lim = DURATION_LIMITS[api];
  if (api === 'AssumeRole' && chained) {
    return {
      min: lim.min,
      max: ROLE_CHAINING_MAX,
      reason: `role chaining: the source credentials are a role session, and AWS allows at most ${humanDuration(ROLE_CHAINING_MAX)} for a role assumed with role credentials`,
    };
  }
  return { min: lim.min, max: lim.max, reason: lim.note ? `the ${api} limit (${lim.note})` : `the ${api} limit` };
}

export function checkDuration(api: 'AssumeRole' | 'GetSessionToken', seconds: number, chained = false): Check {
  const b = durationBounds(api, chained);
  if (!Number.isInteger(seconds)) return { field: 'DurationSeconds', message: 'DurationSeconds must be a whole number of seconds.' };
  if (seconds < b.min || seconds > b.max) {
    return { field: 'DurationSeconds', message: `DurationSeconds ${humanDuration(seconds)} is outside ${b.min}..${b.max} (${b.reason}).` };
  }
  return undefined;
}

/** Parses a typed duration ("3600", "1h", "90m") into seconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const m = /^(\d+)\s*(s|sec|m|min|h|hr|hours?)?$/.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  if (unit.startsWith('h')) return n * 3600;
  if (unit.startsWith('m')) return n * 60;
  return n;
}

/** Quick-pick values that are valid for a call (default first). */
export function durationChoices(api: 'AssumeRole' | 'GetSessionToken', chained = false): number[] {
  const b = durationBounds(api, chained);
  const candidates = [900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 129600];
  return candidates.filter((s) => s >= b.min && s <= b.max);
}

export function checkConsoleSessionDuration(seconds: number): Check {
  if (!Number.isInteger(seconds) || seconds < CONSOLE_SESSION_DURATION.min || seconds > CONSOLE_SESSION_DURATION.max) {
    return { field: 'SessionDuration', message: `The console SessionDuration must be ${CONSOLE_SESSION_DURATION.min}..${CONSOLE_SESSION_DURATION.max} seconds (got ${seconds}).` };
  }
  return undefined;
}

/** Runs the core's analyzer on a policy document; injected so tests and the client can choose. */
export type PolicyAnalyzer = (text: string, uri?: string) => Promise<Finding[]>;

/** The core's session-policy checks (grammar, IAM catalog, size as sent) on the policy text. */
export const corePolicyAnalyzer: PolicyAnalyzer = async (text) => checkSessionPolicyText(text);

export interface PolicyCheck {
  ok: boolean;
  /** The policy with insignificant whitespace removed, as sent to STS. */
  minified?: string;
  problems: string[];
}

/**
 * Validates a session policy before it is sent: it must be JSON, and the core's session-policy checks
 * (grammar, the IAM catalog, 2048 plaintext characters, allowed characters) must report no error.
 */
export async function checkSessionPolicy(text: string, analyzer: PolicyAnalyzer = corePolicyAnalyzer, uri?: string): Promise<PolicyCheck> {
  let minified: string;
  try {
    minified = JSON.stringify(JSON.parse(text));
  } catch (e) {
    // JSON.stringify recurses: 100,000 nested brackets overflow the stack.
    if (e instanceof RangeError) return { ok: false, problems: ['The session policy is nested too deeply to be a policy.'] };
    return { ok: false, problems: [`The session policy is not valid JSON: ${(e as Error).message}.`] };
  }
  const problems: string[] = [];
  let findings: Finding[] = [];
  try {
    // What is sent is the minified policy: its size, characters and grammar are what STS sees.
    findings = await analyzer(minified, uri);
  } catch (e) {
    problems.push(`The policy could not be analyzed: ${(e as Error).message}.`);
  }
  for (const f of findings) if (f.severity === 'error') problems.push(`${f.message} [${f.ruleId}]`);
  return { ok: problems.length === 0, minified, problems: [...new Set(problems)] };
}
