import { DURATION_LIMITS, humanDuration } from '../limits';
import type { Rule } from '../types';
import { literalString } from '../values';
import { excerpt, getArg } from '../values';
import { nameOf, numberArgs, numberReplacement, shownValue, valueSpan } from './util';

/**
 * `DurationSeconds` above the role's `MaxSessionDuration` when that is known (a role definition in the
 * same file or workspace, or the `stsLens.roleMaxDurations` setting). reference/sts-limits.md:
 * AssumeRole* DurationSeconds is "never more than the role's MaxSessionDuration".
 */
export const durationExceedsRoleMaxRule: Rule = {
  id: 'duration-exceeds-role-max',
  description: "DurationSeconds above the role's MaxSessionDuration (when the role is known).",
  limit: "AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML: DurationSeconds may not exceed the role's MaxSessionDuration (3600–43200 s, default 3600).",
  defaultSeverity: 'error',
  check(ctx) {
    for (const { site, arg, value } of numberArgs(ctx, 'DurationSeconds', ['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'])) {
      if (site.chainedVia) continue; // role-chaining-duration reports the stricter bound
      if (value > DURATION_LIMITS.AssumeRole.max) continue; // duration-out-of-range reports it
      const roleArn = literalString(getArg(site, 'RoleArn')?.value);
      if (!roleArn) continue;
      const fact = ctx.roleFacts.lookup(roleArn);
      if (!fact || value <= fact.maxSessionDuration) continue;
      const name = nameOf(site, arg, 'DurationSeconds');
      const fix = numberReplacement(arg, fact.maxSessionDuration);
      ctx.report({
        ...valueSpan(arg),
        message: `${name} ${shownValue(arg, value)} exceeds the role's maximum session duration of ${humanDuration(fact.maxSessionDuration)} (MaxSessionDuration of role ${excerpt(fact.roleName)}, from ${excerpt(fact.source)}): ask for ${fact.maxSessionDuration} or raise MaxSessionDuration.`,
        data: { clamped: fact.maxSessionDuration, roleMax: fact.maxSessionDuration, ...(fix ? { replacement: fix.text, replaceSpan: fix.span } : {}) },
      });
    }
  },
};
