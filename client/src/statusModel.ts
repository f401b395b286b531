/**
 * The status-bar credential timer as a model: what the item shows for a session at a given time, and
 * when it must change next (each minute, each second in the last minute). Clock and scheduler are
 * injected, so tests step time instead of sleeping.
 */
import type { Session } from './session';

export type StatusSeverity = 'normal' | 'warning' | 'error';

export interface StatusView {
  visible: boolean;
  text: string;
  tooltip: string;
  severity: StatusSeverity;
}

export const DEFAULT_WARNING_MINUTES = 5;

/** "42m", "1h 05m", "37s", "expired". */
export function timeLeftText(msLeft: number): string {
  if (msLeft <= 0) return 'expired';
  const s = Math.floor(msLeft / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** What kind of session the tooltip names. */
const KIND_TEXT: Record<Session['kind'], string> = {
  AssumeRole: 'role session',
  GetSessionToken: 'session token',
  SSO: 'IAM Identity Center session',
  CredentialProcess: 'credential_process session',
  AssumeRoleWithWebIdentity: 'web identity role session',
  AssumeRoleWithSAML: 'SAML role session',
};

/**
 * `refreshNote`: how the session stays signed in ("refreshes by itself at 17:55", "refresh asks for an
 * MFA code"), computed by the caller (it may need the SSO cache).
 */
export function statusView(
  session: Session | undefined,
  now: Date,
  warningMinutes = DEFAULT_WARNING_MINUTES,
  formatTime: (d: Date) => string = (d) => d.toLocaleString(),
  refreshNote?: string,
): StatusView {
  if (!session) return { visible: false, text: '', tooltip: '', severity: 'normal' };
  const msLeft = session.credentials.expiration.getTime() - now.getTime();
  const severity: StatusSeverity = msLeft <= 0 ? 'error' : msLeft < warningMinutes * 60_000 ? 'warning' : 'normal';
  const lines = [
    `STS Lens: ${KIND_TEXT[session.kind] ?? 'session'} ${session.label}`,
    session.arn ? `ARN: ${session.arn}` : undefined,
    session.account ? `Account: ${session.account}` : undefined,
    session.sessionName ? `Session name: ${session.sessionName}` : undefined,
    `Source: ${session.sourceText}${session.chained ? ' (role chaining, max 1 h)' : ''}`,
    `${msLeft <= 0 ? 'Expired' : 'Expires'}: ${formatTime(session.credentials.expiration)}`,
    refreshNote ? `Refresh: ${refreshNote}` : undefined,
    'Click for refresh, console, copy, clear, switch session',
  ].filter((l): l is string => l !== undefined);
  return { visible: true, text: `${session.label} · ${timeLeftText(msLeft)}`, tooltip: lines.join('\n'), severity };
}

/** Milliseconds until the text for this expiry changes, or undefined once expired. */
export function nextChangeDelay(expiration: Date, now: Date): number | undefined {
  const msLeft = expiration.getTime() - now.getTime();
  if (msLeft <= 0) return undefined;
  const s = Math.floor(msLeft / 1000);
  if (s < 60) return msLeft - s * 1000 + 1; // the next whole second (or expiry)
  const m = Math.floor(s / 60);
  return msLeft - m * 60_000 + 1; // the next whole minute
}

export interface Scheduler {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  set: (cb, ms) => setTimeout(cb, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface StatusTimerOptions {
  clock: () => Date;
  scheduler: Scheduler;
  render: (view: StatusView) => void;
  warningMinutes: () => number;
  /** Once per session and expiry, when the time left drops under the warning threshold. */
  onExpiringSoon?: (session: Session) => void;
  /** Once per session and expiry, when it expires. */
  onExpired?: (session: Session) => void;
  formatTime?: (d: Date) => string;
  /** How the shown session stays signed in, for the tooltip (see {@link statusView}). */
  refreshNote?: (session: Session) => string | undefined;
}

/** Drives the view for the active session: renders now, then re-renders exactly when the text changes. */
export class StatusTimer {
  private handle: unknown;
  private session: Session | undefined;
  private readonly warned = new Set<string>();
  private readonly expired = new Set<string>();

  constructor(private readonly o: StatusTimerOptions) {}

  show(session: Session | undefined): void {
    this.session = session;
    this.tick();
  }

  /** Re-render now (e.g. the warning setting changed). */
  tick(): void {
    if (this.handle !== undefined) this.o.scheduler.clear(this.handle);
    this.handle = undefined;
    const now = this.o.clock();
    const s = this.session;
    const warningMinutes = this.o.warningMinutes();
    const view = statusView(s, now, warningMinutes, this.o.formatTime, s ? this.o.refreshNote?.(s) : undefined);
    this.o.render(view);
    if (!s) return;
    const key = `${s.id}@${s.credentials.expiration.getTime()}`;
    if (view.severity === 'warning' && !this.warned.has(key)) {
      this.warned.add(key);
      this.o.onExpiringSoon?.(s);
    }
    if (view.severity === 'error' && !this.expired.has(key)) {
      this.expired.add(key);
      this.o.onExpired?.(s);
    }
    const delay = nextChangeDelay(s.credentials.expiration, now);
    if (delay !== undefined) this.handle = this.o.scheduler.set(() => this.tick(), delay);
  }

  dispose(): void {
    if (this.handle !== undefined) this.o.scheduler.clear(this.handle);
    this.handle = undefined;
  }
}
