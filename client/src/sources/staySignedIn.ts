/**
 * Staying signed in: every held session is refreshed shortly before it expires when that needs nothing
 * from the user (a valid or refreshable IAM Identity Center sign-in, a cached MFA session, a token file,
 * long-term source keys). A session that would need a prompt is left to the expiry warning. Clock and
 * scheduler are injected so tests step time.
 */
import type { Session } from '../session';
import type { Scheduler } from '../statusModel';

export interface RefreshableSessions {
  sessions(): Session[];
  get(id: string): Session | undefined;
  canRefreshSilently(id: string): Promise<boolean>;
  refresh(id: string): Promise<Session>;
}

export interface AutoRefreshOptions {
  service: RefreshableSessions;
  clock: () => Date;
  scheduler: Scheduler;
  /** Minutes before expiry at which the expiry warning appears; the refresh runs a minute before that. */
  warningMinutes: () => number;
  enabled: () => boolean;
  log?: (line: string) => void;
}

/** When to refresh a session: a minute before the expiry warning, but never in the first half of its life. */
export function refreshAt(s: Pick<Session, 'credentials' | 'createdAt'>, warningMinutes: number): Date {
  const exp = s.credentials.expiration.getTime();
  const lead = (Math.max(0, warningMinutes) + 1) * 60_000;
  const half = s.createdAt ? exp - (exp - s.createdAt.getTime()) / 2 : exp - lead;
  return new Date(Math.max(exp - lead, Math.min(half, exp - 30_000)));
}

export class AutoRefresher {
  private readonly timers = new Map<string, { handle: unknown; key: string }>();
  /** Sessions (id@expiry) whose silent refresh failed or needs the user: not tried again for that expiry. */
  private readonly gaveUp = new Set<string>();
  private readonly running = new Set<string>();

  constructor(private readonly o: AutoRefreshOptions) {}

  /** Re-plans every timer (call on every session change). */
  reschedule(): void {
    const live = new Set<string>();
    for (const s of this.o.service.sessions()) {
      live.add(s.id);
      const key = `${s.id}@${s.credentials.expiration.getTime()}`;
      const cur = this.timers.get(s.id);
      if (cur?.key === key) continue;
      if (cur) this.o.scheduler.clear(cur.handle);
      this.timers.delete(s.id);
      if (this.gaveUp.has(key) || s.credentials.expiration.getTime() <= this.o.clock().getTime()) continue;
      const delay = Math.max(0, refreshAt(s, this.o.warningMinutes()).getTime() - this.o.clock().getTime());
      const handle = this.o.scheduler.set(() => void this.fire(s.id, key), Math.min(delay, 2 ** 31 - 1));
      this.timers.set(s.id, { handle, key });
    }
    for (const [id, t] of this.timers) {
      if (!live.has(id)) {
        this.o.scheduler.clear(t.handle);
        this.timers.delete(id);
      }
    }
  }

  /** Runs the refresh of one session if it is silent; returns what happened (tests and the log). */
  async fire(id: string, key: string): Promise<'refreshed' | 'needs-user' | 'failed' | 'skipped'> {
    this.timers.delete(id);
    const s = this.o.service.get(id);
    if (!s || `${s.id}@${s.credentials.expiration.getTime()}` !== key || this.running.has(id)) return 'skipped';
    if (!this.o.enabled()) {
      this.gaveUp.add(key);
      return 'skipped';
    }
    this.running.add(id);
    try {
      if (!(await this.o.service.canRefreshSilently(id))) {
        this.gaveUp.add(key);
        this.o.log?.(`Session ${s.label}: refresh needs you (MFA code or sign-in); not refreshed automatically`);
        return 'needs-user';
      }
      await this.o.service.refresh(id);
      this.o.log?.(`Session ${s.label} refreshed automatically before expiry`);
      return 'refreshed';
    } catch (e) {
      this.gaveUp.add(key);
      this.o.log?.(`Session ${s.label}: automatic refresh failed (${e instanceof Error ? e.name : 'error'}); the expiry warning will offer a manual refresh`);
      return 'failed';
    } finally {
      this.running.delete(id);
      this.reschedule();
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) this.o.scheduler.clear(t.handle);
    this.timers.clear();
  }
}
