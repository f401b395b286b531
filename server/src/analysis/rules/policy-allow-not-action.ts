import { reportPolicyProblems } from '../policy/sites';
import type { Rule } from '../types';

/**
 * reference/sts-limits.md, "Semantics worth a diagnostic": session policies exist to narrow access;
 * `"Effect": "Allow"` with `NotAction` allows every action except those listed (and every future
 * action), which is rarely what a narrowing policy means.
 */
export const policyAllowNotActionRule: Rule = {
  id: 'policy-allow-not-action',
  description: 'Allow with NotAction: allows every action not listed, including future ones.',
  limit: 'Allow + NotAction grants everything except the listed actions, now and for services AWS adds later.',
  defaultSeverity: 'warning',
  check(ctx) {
    reportPolicyProblems(ctx, 'policy-allow-not-action');
  },
};
