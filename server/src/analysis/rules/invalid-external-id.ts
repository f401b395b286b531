import { STRING_LIMITS } from '../limits';
import { stringParamRule } from './util';

/**
 * An external ID that AWS rejects (length or characters). reference/sts-limits.md, "Strings": ExternalId: 2–1224 characters, letters, digits and _+=,.@:/- only.
 */
export const invalidExternalIdRule = stringParamRule({
  id: 'invalid-external-id',
  param: 'ExternalId',
  limit: STRING_LIMITS.ExternalId,
  description: 'An external ID that AWS rejects (length or characters).',
  limitText: 'ExternalId: 2–1224 characters, letters, digits and _+=,.@:/- only.',
});
