import type { Rule } from '../types';
import { quote, stringSpan } from '../values';
import { iamArnProblem } from './arn';
import { nameOf, stringArgs } from './util';

/**
 * RoleArn (and AssumeRoleWithSAML PrincipalArn) must be a well-formed IAM ARN, 20–2048 characters:
 * `arn:<partition>:iam::<12 digits>:role/<path/>name`. reference/sts-limits.md, "Strings".
 */
export const invalidRoleArnRule: Rule = {
  id: 'invalid-role-arn',
  description: 'A role ARN (or SAML provider ARN) that is not a well-formed IAM ARN.',
  limit: 'RoleArn: 20–2048 characters, arn:<partition>:iam::<12-digit account>:role/<path/>name; PrincipalArn: …:saml-provider/<name>.',
  defaultSeverity: 'error',
  check(ctx) {
    for (const { site, arg, value } of stringArgs(ctx, 'RoleArn')) {
      const problem = iamArnProblem(value.value, 'role');
      if (!problem) continue;
      ctx.report({
        ...stringSpan(value),
        message: `${nameOf(site, arg, 'RoleArn')} ${quote(value.value)} ${problem.message}.`,
        data: problem.suggestion ? { replacement: problem.suggestion } : undefined,
      });
    }
    for (const { site, arg, value } of stringArgs(ctx, 'PrincipalArn', ['AssumeRoleWithSAML'])) {
      const problem = iamArnProblem(value.value, 'saml-provider');
      if (!problem) continue;
      ctx.report({ ...stringSpan(value), message: `${nameOf(site, arg, 'PrincipalArn')} ${quote(value.value)} ${problem.message}.` });
    }
  },
};
