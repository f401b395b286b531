import type { Rule } from '../types';
import { policyArnValue, quote, readList, stringSpan } from '../values';
import { iamArnProblem } from './arn';
import { nameOf } from './util';

/**
 * Managed session policy ARNs (`PolicyArns[].arn`, AssumeRoot `TaskPolicyArn`) must be IAM policy ARNs,
 * 20–2048 characters: `arn:<partition>:iam::<12 digits|aws>:policy/<path/>name`. reference/sts-limits.md.
 */
export const invalidPolicyArnRule: Rule = {
  id: 'invalid-policy-arn',
  description: 'A managed session policy ARN that is not a well-formed IAM policy ARN.',
  limit: 'PolicyArns[].arn: 20–2048 characters, arn:<partition>:iam::<account-id or aws>:policy/<path/>name.',
  defaultSeverity: 'error',
  check(ctx) {
    for (const site of ctx.sites) {
      for (const arg of site.args) {
        if (arg.name !== 'PolicyArns' && arg.name !== 'TaskPolicyArn') continue;
        const items = arg.name === 'PolicyArns' ? (readList(arg.value)?.items ?? []) : [arg.value];
        for (const item of items) {
          const v = policyArnValue(item);
          if (!v || v.kind !== 'string') continue;
          const problem = iamArnProblem(v.value, 'policy', 'aws');
          if (!problem) continue;
          ctx.report({
            ...stringSpan(v),
            message: `${nameOf(site, arg, arg.name)}: ${quote(v.value)} ${problem.message}.`,
            data: problem.suggestion ? { replacement: problem.suggestion } : undefined,
          });
        }
      }
    }
  },
};
