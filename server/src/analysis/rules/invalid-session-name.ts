import { STRING_LIMITS } from '../limits';
import { stringParamRule } from './util';

/**
 * A role session name that AWS rejects (length or characters). reference/sts-limits.md, "Strings": RoleSessionName: 2–64 characters, letters, digits and _+=,.@- only.
 */
export const invalidSessionNameRule = stringParamRule({
  id: 'invalid-session-name',
  param: 'RoleSessionName',
  limit: STRING_LIMITS.RoleSessionName,
  description: 'A role session name that AWS rejects (length or characters).',
  limitText: 'RoleSessionName: 2–64 characters, letters, digits and _+=,.@- only.',
});
