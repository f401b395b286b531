import { STRING_LIMITS } from '../limits';
import type { Rule } from '../types';
import { getArg, quote, readTags, stringSpan } from '../values';
import { stringProblem } from './util';

/**
 * Session tag keys are 1–128 and values 0–256 characters of [\p{L}\p{Z}\p{N}_.:/=+\-@]
 * (reference/sts-limits.md, "Strings"); keys are case-insensitive, so two keys differing only in case
 * collide.
 */
export const invalidTagRule: Rule = {
  id: 'invalid-tag',
  description: 'A session tag key or value AWS rejects (length, characters, or a duplicate key).',
  limit: 'Tag key: 1–128 characters; tag value: 0–256 characters; letters, digits, spaces and _.:/=+-@; keys are case-insensitive and must be unique.',
  defaultSeverity: 'error',
  check(ctx) {
    for (const site of ctx.sites) {
      const tags = readTags(getArg(site, 'Tags')?.value);
      if (!tags) continue;
      const seen = new Map<string, string>();
      for (const entry of tags.entries) {
        const key = entry.key;
        if (key?.kind === 'string') {
          const problem = stringProblem(key.value, STRING_LIMITS.TagKey);
          if (problem) ctx.report({ ...stringSpan(key), message: `Tag key ${quote(key.value)} ${problem}.` });
          const lower = key.value.toLowerCase();
          const first = seen.get(lower);
          if (first !== undefined) {
            ctx.report({
              ...stringSpan(key),
              message: `Tag key ${quote(key.value)} repeats ${quote(first)}: session tag keys are case-insensitive and must be unique.`,
            });
          } else seen.set(lower, key.value);
        }
        const value = entry.value;
        if (value?.kind === 'string') {
          const problem = stringProblem(value.value, STRING_LIMITS.TagValue);
          if (problem) ctx.report({ ...stringSpan(value), message: `Tag value ${quote(value.value)} ${problem}.` });
        }
      }
    }
  },
};
