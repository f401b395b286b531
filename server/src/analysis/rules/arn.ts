/** IAM ARN shapes (reference/sts-limits.md, "Strings": RoleArn, PrincipalArn, PolicyArns[].arn). */
import { PARTITIONS } from '../limits';
import { excerpt, quote } from '../values';

const NAME = /^[\w+=,.@-]+$/;

export interface ArnProblem {
  message: string;
  /** A corrected ARN when the mistake has one obvious repair. */
  suggestion?: string;
}

/**
 * Checks `arn:<partition>:iam::<12 digits>:<resourceType>/<path/>name`. `accountAlias` is an extra
 * account value allowed in the account field (`aws` for AWS managed policies).
 */
export function iamArnProblem(arn: string, resourceType: 'role' | 'policy' | 'saml-provider' | 'mfa', accountAlias?: string): ArnProblem | undefined {
  if (arn.length < 20) return { message: `is ${arn.length} characters long; an ARN has at least 20` };
  if (arn.length > 2048) return { message: `is ${arn.length} characters long; the limit is 2048` };
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return { message: `is not an ARN (expected arn:aws:iam::<account-id>:${resourceType}/<name>)` };
  const [, partition = '', service = '', region = '', account = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (service === 'sts' && resource.startsWith('assumed-role/') && resourceType === 'role') {
    const roleName = resource.split('/')[1];
    const suggestion = roleName && /^\d{12}$/.test(account) ? `arn:${partition}:iam::${account}:role/${roleName}` : undefined;
    return { message: `is an assumed-role session ARN, not a role ARN${suggestion ? `: use ${quote(suggestion)}` : ''}`, suggestion };
  }
  if (!(PARTITIONS as readonly string[]).includes(partition)) return { message: `has partition ${quote(partition)}; expected one of ${PARTITIONS.join(', ')}` };
  if (service !== 'iam') return { message: `names service ${quote(service)}; a ${resourceType} ARN is in service iam` };
  if (region !== '') return { message: `has region ${quote(region)}; IAM ARNs have an empty region (arn:${partition}:iam::…)`, suggestion: ['arn', partition, 'iam', '', ...parts.slice(4)].join(':') };
  if (!/^\d{12}$/.test(account) && account !== accountAlias) {
    return { message: `has account ${quote(account)}; an account ID is exactly 12 digits${account.includes('-') ? ' (without dashes)' : ''}`, suggestion: /^\d{4}-\d{4}-\d{4}$/.test(account) ? arn.replace(account, account.replace(/-/g, '')) : undefined };
  }
  const slash = resource.indexOf('/');
  const type = slash < 0 ? resource : resource.slice(0, slash);
  if (type !== resourceType) return { message: `names a ${type ? excerpt(type) : 'resource'}, not a ${resourceType} (expected …:${resourceType}/<name>)` };
  const rest = resource.slice(slash + 1);
  const segments = rest.split('/');
  const name = segments.pop() ?? '';
  if (!name) return { message: `has no ${resourceType} name after "${resourceType}/"` };
  if (!NAME.test(name)) return { message: `has ${resourceType} name ${quote(name)} with characters IAM does not allow (allowed: letters, digits and _+=,.@-)` };
  if (resourceType === 'role' && name.length > 64) return { message: `has a role name of ${name.length} characters; the limit is 64` };
  if (segments.some((s) => s !== '' && !/^[\x21-\x7e]+$/.test(s))) return { message: 'has a path with characters IAM does not allow' };
  return undefined;
}
