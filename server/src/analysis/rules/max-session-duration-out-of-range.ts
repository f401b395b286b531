import { MAX_SESSION_DURATION, humanDuration } from '../limits';
import type { Rule } from '../types';
import { nameOf, numberArgs, numberReplacement, reportNonFinite, shownValue, valueSpan } from './util';

/**
 * An IAM role's `MaxSessionDuration` must be 3600–43200 (IAM CreateRole/UpdateRole, CloudFormation
 * `MaxSessionDuration`, Terraform `max_session_duration`). reference/sts-limits.md.
 */
export const maxSessionDurationOutOfRangeRule: Rule = {
  id: 'max-session-duration-out-of-range',
  description: "An IAM role's MaxSessionDuration outside 3600–43200 seconds.",
  limit: 'IAM role MaxSessionDuration: 3600–43200 s (1 h to 12 h), default 3600.',
  defaultSeverity: 'error',
  check(ctx) {
    reportNonFinite(ctx, 'MaxSessionDuration', () => ({ ...MAX_SESSION_DURATION, context: 'for a role' }), ['RoleDefinition']);
    for (const { site, arg, value } of numberArgs(ctx, 'MaxSessionDuration', ['RoleDefinition'])) {
      const { min, max } = MAX_SESSION_DURATION;
      if (value >= min && value <= max) continue;
      const clamped = value < min ? min : max;
      const fix = numberReplacement(arg, clamped);
      ctx.report({
        ...valueSpan(arg),
        message: `${nameOf(site, arg, 'MaxSessionDuration')} ${shownValue(arg, value)} is outside the ${min}–${max} s IAM allows for a role (${humanDuration(min)} to ${humanDuration(max)}): use ${clamped}.`,
        data: { clamped, ...(fix ? { replacement: fix.text, replaceSpan: fix.span } : {}) },
      });
    }
  },
};
