import { UNSIGNED_APIS } from '../limits';
import type { Rule } from '../types';
import { nameOf } from './util';

/**
 * AssumeRoleWithWebIdentity and AssumeRoleWithSAML are unsigned calls: a session policy sent on them can
 * be altered in transit unless the request goes through a trusted intermediary.
 * reference/sts-limits.md, "Semantics worth a diagnostic".
 */
export const unsignedCallPolicyRule: Rule = {
  id: 'unsigned-call-policy',
  description: 'A session policy sent on an unsigned call (AssumeRoleWithWebIdentity, AssumeRoleWithSAML).',
  limit: 'AssumeRoleWithWebIdentity and AssumeRoleWithSAML are not signed; a Policy or PolicyArns on them can be altered in transit.',
  defaultSeverity: 'warning',
  check(ctx) {
    for (const site of ctx.sites) {
      if (!(UNSIGNED_APIS as readonly string[]).includes(site.kind)) continue;
      for (const arg of site.args) {
        if (arg.name !== 'Policy' && arg.name !== 'PolicyArns') continue;
        ctx.report({
          offset: arg.keySpan.offset,
          length: arg.keySpan.length,
          message: `${nameOf(site, arg, arg.name)} on ${site.kind}: this call is not signed, so the session policy can be altered in transit. Remove it, or send the request only through a trusted intermediary.`,
          data: { remove: arg.span },
        });
      }
    }
  },
};
