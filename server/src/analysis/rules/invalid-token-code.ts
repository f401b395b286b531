import type { Rule } from '../types';
import { excerpt, quote, stringSpan } from '../values';
import { nameOf } from './util';

/**
 * The MFA TokenCode must be exactly six digits. reference/sts-limits.md, "Strings": TokenCode, exactly 6, digits.
 * A number literal (123456) is checked too; a leading zero lost to a number literal is the classic bug.
 */
export const invalidTokenCodeRule: Rule = {
  id: 'invalid-token-code',
  description: 'An MFA token code that is not exactly six digits.',
  limit: 'TokenCode: exactly 6 digits.',
  defaultSeverity: 'error',
  check(ctx) {
    for (const site of ctx.sites) {
      for (const arg of site.args) {
        if (arg.name !== 'TokenCode') continue;
        const v = arg.value;
        if (v.kind === 'string') {
          if (/^\d{6}$/.test(v.value)) continue;
          ctx.report({ ...stringSpan(v), message: `${nameOf(site, arg, 'TokenCode')} ${quote(v.value)} must be exactly 6 digits (the code your MFA device shows).` });
        } else if (v.kind === 'number') {
          if (Number.isInteger(v.value) && v.value >= 100000 && v.value <= 999999) continue;
          ctx.report({
            offset: v.offset,
            length: v.length,
            message: `${nameOf(site, arg, 'TokenCode')} ${v.raw !== undefined ? excerpt(v.raw) : v.value} is not a 6-digit code; pass the code as a string so leading zeros survive (e.g. "012345").`,
          });
        }
      }
    }
  },
};
