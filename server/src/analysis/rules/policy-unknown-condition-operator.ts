import { reportPolicyProblems } from '../policy/sites';
import type { Rule } from '../types';

/**
 * reference/sts-limits.md, "Policy grammar": `Condition` is `{Operator: {key: value|[values]}}` with
 * operators like `StringEquals`, `ArnLike`, `IpAddress`, `Bool`, `...IfExists`, and the
 * `ForAnyValue:`/`ForAllValues:` prefixes. AWS rejects an unknown operator.
 */
export const policyUnknownConditionOperatorRule: Rule = {
  id: 'policy-unknown-condition-operator',
  description: 'Condition operator that IAM does not know (or written in the wrong case).',
  limit: 'Condition operators: StringEquals, StringLike, ArnLike, IpAddress, Bool, Numeric*, Date*, Null..., with ...IfExists and ForAnyValue:/ForAllValues: prefixes.',
  defaultSeverity: 'error',
  check(ctx) {
    reportPolicyProblems(ctx, 'policy-unknown-condition-operator');
  },
};
