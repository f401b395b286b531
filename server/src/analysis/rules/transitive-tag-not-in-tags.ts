import type { Rule } from '../types';
import { getArg, quote, readList, readTags, stringSpan } from '../values';
import { nameOf } from './util';

/**
 * Every TransitiveTagKeys entry must be a key of the request's Tags. reference/sts-limits.md, "Lists":
 * TransitiveTagKeys, "each must be a key in Tags". Checked only when both lists are complete literals.
 */
export const transitiveTagNotInTagsRule: Rule = {
  id: 'transitive-tag-not-in-tags',
  description: 'A transitive tag key that is not one of the session tags of the same request.',
  limit: 'TransitiveTagKeys: each key must also be passed in Tags.',
  defaultSeverity: 'error',
  check(ctx) {
    for (const site of ctx.sites) {
      const transitiveArg = getArg(site, 'TransitiveTagKeys');
      const transitive = readList(transitiveArg?.value);
      if (!transitiveArg || !transitive) continue;
      const tagsArg = getArg(site, 'Tags');
      const tags = readTags(tagsArg?.value);
      if (tagsArg && (!tags || !tags.complete)) continue;
      const keys = new Set<string>();
      let allLiteral = true;
      for (const e of tags?.entries ?? []) {
        if (e.key?.kind === 'string') keys.add(e.key.value.toLowerCase());
        else allLiteral = false;
      }
      if (!allLiteral) continue;
      for (const item of transitive.items) {
        if (item.kind !== 'string' || keys.has(item.value.toLowerCase())) continue;
        ctx.report({
          ...stringSpan(item),
          message: tagsArg
            ? `${nameOf(site, transitiveArg, 'TransitiveTagKeys')} names ${quote(item.value)}, which is not one of the session tags in ${nameOf(site, tagsArg, 'Tags')}: add the tag or remove the key.`
            : `${nameOf(site, transitiveArg, 'TransitiveTagKeys')} names ${quote(item.value)}, but the request passes no session tags: add it to Tags or remove the key.`,
        });
      }
    }
  },
};
