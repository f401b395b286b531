import { DURATION_LIMITS, ROLE_CHAINING_MAX } from '../limits';
import type { Rule } from '../types';
import { nameOf, numberArgs, numberReplacement, shownValue, valueSpan } from './util';

/**
 * Role chaining (assuming a role with credentials that are themselves a role session) is limited to
 * one hour. reference/sts-limits.md: "AssumeRole while role chaining: 900–3600; AWS rejects more than
 * 1 h for chained sessions".
 */
export const roleChainingDurationRule: Rule = {
  id: 'role-chaining-duration',
  description: 'A chained role session (role credentials assuming another role) asks for more than one hour.',
  limit: 'Role chaining: DurationSeconds 900–3600 s; AWS rejects more than 1 h.',
  defaultSeverity: 'error',
  check(ctx) {
    for (const { site, arg, value } of numberArgs(ctx, 'DurationSeconds', ['AssumeRole'])) {
      if (!site.chainedVia) continue;
      if (value <= ROLE_CHAINING_MAX || value > DURATION_LIMITS.AssumeRole.max) continue;
      const name = nameOf(site, arg, 'DurationSeconds');
      const fix = numberReplacement(arg, ROLE_CHAINING_MAX);
      ctx.report({
        ...valueSpan(arg),
        message: `${name} ${shownValue(arg, value)} is more than the 1 hour (3600 s) AWS allows for role chaining: ${site.chainedVia}. Use 3600 or less, or assume this role from long-term credentials.`,
        data: { clamped: ROLE_CHAINING_MAX, ...(fix ? { replacement: fix.text, replaceSpan: fix.span } : {}) },
      });
    }
  },
};
