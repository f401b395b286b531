import { CONSOLE_SESSION_DURATION, humanDuration } from '../limits';
import type { Rule } from '../types';
import { nameOf, numberArgs, numberReplacement, reportNonFinite, shownValue, valueSpan } from './util';

/**
 * Console federation `SessionDuration` (signin endpoint, `Action=getSigninToken`) must be 900–43200.
 * reference/sts-limits.md, "Console federation SessionDuration".
 */
export const consoleSessionDurationRule: Rule = {
  id: 'console-session-duration',
  description: 'Console federation SessionDuration outside 900–43200 seconds.',
  limit: 'Console federation SessionDuration (getSigninToken): 900–43200 s; not allowed for chained role sessions.',
  defaultSeverity: 'error',
  check(ctx) {
    reportNonFinite(ctx, 'SessionDuration', () => ({ ...CONSOLE_SESSION_DURATION, context: 'for a console sign-in token' }), ['ConsoleFederation']);
    for (const { site, arg, value } of numberArgs(ctx, 'SessionDuration', ['ConsoleFederation'])) {
      const { min, max } = CONSOLE_SESSION_DURATION;
      if (value >= min && value <= max) continue;
      const clamped = value < min ? min : max;
      const fix = numberReplacement(arg, clamped);
      ctx.report({
        ...valueSpan(arg),
        message: `${nameOf(site, arg, 'SessionDuration')} ${shownValue(arg, value)} is outside the ${min}–${max} s (${humanDuration(min)} to ${humanDuration(max)}) the console federation endpoint accepts: use ${clamped}.`,
        data: { clamped, ...(fix ? { replacement: fix.text, replaceSpan: fix.span } : {}) },
      });
    }
  },
};
