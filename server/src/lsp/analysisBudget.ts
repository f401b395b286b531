/**
 * Each document's analysis runs under a time budget, and a document whose analysis throws or runs
 * over it is set aside by a circuit breaker: the core is synchronous tree-sitter and rule work, so one
 * pathological document would otherwise hold the single server thread on every keystroke while no
 * other document got diagnostics. The budget is checked between rules (a rule is the unit the core
 * lets us stop at); a tripped document is not analysed again until a cool-down has passed (doubling
 * each time it trips again) or it is reopened, and the user is told once, not per keystroke.
 */
import type { Rule } from '../analysis/types';

/** Default time one document's extraction and rules may take. */
export const DEFAULT_ANALYSIS_BUDGET_MS = 2000;
/** First cool-down after a trip; it doubles on each further trip of the same document. */
export const BREAKER_COOLDOWN_MS = 30_000;

/** Thrown between rules once the budget is spent (caught by the core's per-rule guard, then seen by the caller). */
export class AnalysisBudgetExceeded extends Error {
  constructor() {
    super('analysis time budget exceeded');
  }
}

/** The rules, each first checking the budget: once it is spent, the remaining rules stop at once. */
export function budgetedRules(rules: readonly Rule[], overBudget: () => boolean): Rule[] {
  return rules.map((rule) => ({
    ...rule,
    check(ctx) {
      if (overBudget()) throw new AnalysisBudgetExceeded();
      rule.check(ctx);
    },
  }));
}

interface Trip {
  reason: string;
  trips: number;
  retryAt: number;
}

export class DocumentBreaker {
  private readonly tripped = new Map<string, Trip>();
  /** Documents already reported to the user (once per document until it is closed). */
  private readonly reported = new Set<string>();

  constructor(private readonly clock: () => number) {}

  /** The reason a document is set aside now, or undefined when it may be analysed. */
  openReason(uri: string): string | undefined {
    const trip = this.tripped.get(uri);
    return trip && this.clock() < trip.retryAt ? trip.reason : undefined;
  }

  /** Sets a document aside; true the first time (the caller reports it then, and only then). */
  trip(uri: string, reason: string): boolean {
    const trips = (this.tripped.get(uri)?.trips ?? 0) + 1;
    this.tripped.set(uri, { reason, trips, retryAt: this.clock() + BREAKER_COOLDOWN_MS * 2 ** Math.min(trips - 1, 6) });
    if (this.reported.has(uri)) return false;
    this.reported.add(uri);
    return true;
  }

  /** A completed analysis closes the breaker (the next trip still is not reported again). */
  succeeded(uri: string): void {
    this.tripped.delete(uri);
  }

  /** Closed document: forget it entirely. */
  forget(uri: string): void {
    this.tripped.delete(uri);
    this.reported.delete(uri);
  }
}
