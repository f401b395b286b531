import { STRING_LIMITS } from '../limits';
import { iamArnProblem } from './arn';
import { stringParamRule } from './util';

/**
 * An MFA device serial number AWS rejects. reference/sts-limits.md, "Strings": SerialNumber 9–256
 * characters of [\w+=/:,.@-]; an ARN `arn:aws:iam::<acct>:mfa/<name>` or a hardware serial.
 */
export const invalidMfaSerialRule = stringParamRule({
  id: 'invalid-mfa-serial',
  param: 'SerialNumber',
  limit: STRING_LIMITS.SerialNumber,
  description: 'An MFA serial number that is neither a virtual MFA device ARN nor a valid hardware serial.',
  limitText: 'SerialNumber: 9–256 characters of letters, digits and _+=/:,.@-; an ARN arn:aws:iam::<account-id>:mfa/<name> or a hardware device serial.',
  extraProblem: (value) => (value.startsWith('arn:') ? iamArnProblem(value, 'mfa')?.message : undefined),
});
