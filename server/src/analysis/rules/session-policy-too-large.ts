import { reportPolicyProblems } from '../policy/sites';
import type { Rule } from '../types';

/**
 * reference/sts-limits.md, "Strings": Session Policy (inline) 1..2048 plaintext characters, only
 * \u0009 \u000A \u000D \u0020-\u00FF, counted as sent (after JSON.stringify / json.dumps / jsonencode);
 * and "Lists": the packed binary form of the inline policy, managed policy ARNs and tags has its
 * own limit (an estimate warns as it nears it). Fix data: the minified policy when it fits.
 */
export const sessionPolicyTooLargeRule: Rule = {
  id: 'session-policy-too-large',
  description: 'Session policy longer than 2048 characters as sent, with characters AWS rejects, or close to the packed-size limit.',
  limit: 'Session Policy (inline): 1..2048 plaintext characters as sent, only tab, LF, CR and U+0020..U+00FF; the packed form of policy + tags + policy ARNs has its own limit (PackedPolicySize).',
  defaultSeverity: 'error',
  check(ctx) {
    reportPolicyProblems(ctx, 'session-policy-too-large');
  },
};
