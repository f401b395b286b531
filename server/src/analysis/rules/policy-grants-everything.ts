import { reportPolicyProblems } from '../policy/sites';
import type { Rule } from '../types';

/**
 * reference/sts-limits.md, "Semantics worth a diagnostic": session permissions are the intersection
 * of the identity policy and the session policy, so `"Action": "*"` on `"Resource": "*"` (no Condition)
 * narrows nothing: the session keeps every permission of the role.
 */
export const policyGrantsEverythingRule: Rule = {
  id: 'policy-grants-everything',
  description: 'Session policy that allows Action "*" on Resource "*": it narrows nothing.',
  limit: 'Session permissions = identity policy ∩ session policy; Allow * on * leaves the role\'s permissions as they are.',
  defaultSeverity: 'info',
  check(ctx) {
    reportPolicyProblems(ctx, 'policy-grants-everything');
  },
};
