import { LIST_LIMITS } from '../limits';
import type { Rule } from '../types';
import { getArg, readList } from '../values';
import { nameOf } from './util';

/** At most 10 managed session policy ARNs. reference/sts-limits.md, "Lists": PolicyArns, max 10. */
export const tooManyPolicyArnsRule: Rule = {
  id: 'too-many-policy-arns',
  description: 'More than 10 managed session policy ARNs in one request.',
  limit: 'PolicyArns: at most 10 managed policies per session.',
  defaultSeverity: 'error',
  check(ctx) {
    for (const site of ctx.sites) {
      const arg = getArg(site, 'PolicyArns');
      const list = readList(arg?.value);
      if (!arg || !list?.complete || list.items.length <= LIST_LIMITS.PolicyArns) continue;
      ctx.report({
        offset: arg.keySpan.offset,
        length: arg.keySpan.length,
        message: `${nameOf(site, arg, 'PolicyArns')} lists ${list.items.length} managed policies; a session accepts at most ${LIST_LIMITS.PolicyArns}. Combine them into fewer policies or an inline session policy.`,
      });
    }
  },
};
