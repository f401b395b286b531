import { STRING_LIMITS } from '../limits';
import { stringParamRule } from './util';

/**
 * A GetFederationToken Name that AWS rejects (length or characters). reference/sts-limits.md, "Strings": GetFederationToken Name: 2–32 characters, letters, digits and _+=,.@- only.
 */
export const invalidFederationNameRule = stringParamRule({
  id: 'invalid-federation-name',
  param: 'Name',
  limit: STRING_LIMITS.FederationName,
  description: 'A GetFederationToken Name that AWS rejects (length or characters).',
  limitText: 'GetFederationToken Name: 2–32 characters, letters, digits and _+=,.@- only.',
  kinds: ['GetFederationToken'],
});
