/**
 * MFA once, roles many times: the GetSessionToken credentials obtained with an MFA code are kept (in
 * memory only, never persisted) per source and MFA device, and used to sign AssumeRole for roles that
 * require MFA. Such credentials carry the MFA context (aws:MultiFactorAuthPresent), so STS accepts the
 * AssumeRole without a new code; a refresh of the role then needs no prompt until this session ends.
 */
import type { SourceSpec, TemporaryCredentials } from '../session';

/** GetSessionToken duration asked for the MFA session (its maximum for IAM users is 129600 s). */
export const MFA_SESSION_SECONDS = 43200;
/** A cached MFA session with less than this left is not used for a new role session. */
export const MFA_SESSION_MIN_LEFT_MS = 5 * 60_000;

export function mfaSessionKey(source: SourceSpec, serial: string): string {
  const src = source.type === 'chain' ? 'chain' : source.type === 'profile' ? `profile:${source.profile}` : `session:${source.sessionId}`;
  return `${src}|${serial}`;
}

export class MfaSessionCache {
  private readonly byKey = new Map<string, TemporaryCredentials>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** The cached MFA session of this source and device, if it still has more than 5 minutes. */
  get(source: SourceSpec, serial: string): TemporaryCredentials | undefined {
    const c = this.byKey.get(mfaSessionKey(source, serial));
    if (!c) return undefined;
    if (c.expiration.getTime() - this.clock().getTime() <= MFA_SESSION_MIN_LEFT_MS) {
      this.byKey.delete(mfaSessionKey(source, serial));
      return undefined;
    }
    return c;
  }

  set(source: SourceSpec, serial: string, credentials: TemporaryCredentials): void {
    this.byKey.set(mfaSessionKey(source, serial), credentials);
  }

  /** When the MFA session of this source and device ends (for the status tooltip). */
  validUntil(source: SourceSpec, serial: string): Date | undefined {
    return this.get(source, serial)?.expiration;
  }

  clear(): void {
    this.byKey.clear();
  }
}
