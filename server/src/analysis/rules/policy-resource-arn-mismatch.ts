import { reportPolicyProblems } from '../policy/sites';
import type { Rule } from '../types';

/**
 * reference/sts-limits.md, "Policy grammar" and the ARN shapes under "Strings" (partitions aws, aws-cn,
 * aws-us-gov, aws-iso*, aws-eusc): a resource is `*` or an ARN whose service and resource part match a
 * resource type of the statement's actions in the IAM catalog. A mismatch means the statement never applies.
 */
export const policyResourceArnMismatchRule: Rule = {
  id: 'policy-resource-arn-mismatch',
  description: 'Policy Resource that is not an ARN, or whose service or shape fits none of the statement\'s actions.',
  limit: 'Resources are "*" or arn:partition:service:region:account:resource; the ARN must be a resource type of the statement\'s services (IAM catalog).',
  defaultSeverity: 'warning',
  check(ctx) {
    reportPolicyProblems(ctx, 'policy-resource-arn-mismatch');
  },
};
