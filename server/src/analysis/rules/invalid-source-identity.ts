import { STRING_LIMITS } from '../limits';
import { stringParamRule } from './util';

/**
 * A source identity that AWS rejects (length, characters, or the reserved aws: prefix). reference/sts-limits.md, "Strings": SourceIdentity: 2–64 characters, letters, digits and _+=,.@- only; must not start with aws:.
 */
export const invalidSourceIdentityRule = stringParamRule({
  id: 'invalid-source-identity',
  param: 'SourceIdentity',
  limit: STRING_LIMITS.SourceIdentity,
  description: 'A source identity that AWS rejects (length, characters, or the reserved aws: prefix).',
  limitText: 'SourceIdentity: 2–64 characters, letters, digits and _+=,.@- only; must not start with aws:.',
  extraProblem: (value) => (/^aws:/i.test(value) ? 'starts with the reserved prefix "aws:"' : undefined),
});
