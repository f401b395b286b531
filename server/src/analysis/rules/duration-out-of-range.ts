import { DURATION_LIMITS, humanDuration } from '../limits';
import type { Rule } from '../types';
import { isStsCall, nameOf, numberArgs, numberReplacement, reportNonFinite, shownValue, valueSpan } from './util';

/**
 * `DurationSeconds` outside the range the API accepts (reference/sts-limits.md, "Durations"):
 * AssumeRole / AssumeRoleWithWebIdentity / AssumeRoleWithSAML 900–43200, GetSessionToken and
 * GetFederationToken 900–129600, AssumeRoot 0–900, GetWebIdentityToken 60–3600. A literal that is not
 * a finite number (`1e309`, `0 / 0`) is outside every range.
 */
export const durationOutOfRangeRule: Rule = {
  id: 'duration-out-of-range',
  description: 'DurationSeconds outside the range the STS operation accepts.',
  limit: 'AssumeRole*: 900–43200 s; GetSessionToken/GetFederationToken: 900–129600 s; AssumeRoot: 0–900 s; GetWebIdentityToken: 60–3600 s.',
  defaultSeverity: 'error',
  check(ctx) {
    reportNonFinite(ctx, 'DurationSeconds', (site) => (isStsCall(site) ? { ...DURATION_LIMITS[site.kind], context: `for ${site.kind}` } : undefined));
    for (const { site, arg, value } of numberArgs(ctx, 'DurationSeconds')) {
      if (!isStsCall(site)) continue;
      const limit = DURATION_LIMITS[site.kind];
      if (value >= limit.min && value <= limit.max) continue;
      const clamped = value < limit.min ? limit.min : limit.max;
      const name = nameOf(site, arg, 'DurationSeconds');
      const direction = value < limit.min ? `below the minimum of ${humanDuration(limit.min)}` : `above the maximum of ${humanDuration(limit.max)}`;
      const fix = numberReplacement(arg, clamped);
      ctx.report({
        ...valueSpan(arg),
        message: `${name} ${shownValue(arg, value)} is ${direction} for ${site.kind} (allowed ${limit.min}–${limit.max} s): use ${clamped}.`,
        data: { clamped, ...(fix ? { replacement: fix.text, replaceSpan: fix.span } : {}) },
      });
    }
  },
};
