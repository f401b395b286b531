import { LIST_LIMITS } from '../limits';
import type { Rule } from '../types';
import { getArg, readList, readTags } from '../values';
import { nameOf } from './util';

/**
 * At most 50 session tags and 50 transitive tag keys per request. reference/sts-limits.md, "Lists".
 * Counted only when the list is a complete literal.
 */
export const tooManyTagsRule: Rule = {
  id: 'too-many-tags',
  description: 'More than 50 session tags or transitive tag keys in one request.',
  limit: 'Tags: at most 50; TransitiveTagKeys: at most 50.',
  defaultSeverity: 'error',
  check(ctx) {
    for (const site of ctx.sites) {
      const tagsArg = getArg(site, 'Tags');
      const tags = readTags(tagsArg?.value);
      if (tagsArg && tags?.complete && tags.entries.length > LIST_LIMITS.Tags) {
        ctx.report({
          offset: tagsArg.keySpan.offset,
          length: tagsArg.keySpan.length,
          message: `${nameOf(site, tagsArg, 'Tags')} has ${tags.entries.length} session tags; AWS accepts at most ${LIST_LIMITS.Tags} per request. Drop ${tags.entries.length - LIST_LIMITS.Tags} or move them to the role's own tags.`,
        });
      }
      const transitiveArg = getArg(site, 'TransitiveTagKeys');
      const transitive = readList(transitiveArg?.value);
      if (transitiveArg && transitive?.complete && transitive.items.length > LIST_LIMITS.TransitiveTagKeys) {
        ctx.report({
          offset: transitiveArg.keySpan.offset,
          length: transitiveArg.keySpan.length,
          message: `${nameOf(site, transitiveArg, 'TransitiveTagKeys')} has ${transitive.items.length} keys; AWS accepts at most ${LIST_LIMITS.TransitiveTagKeys}.`,
        });
      }
    }
  },
};
