import { UNSIGNED_APIS } from '../limits';
import type { Rule, Severity } from '../types';
import { whereCodeRuns, type CodeHost } from '../whereCodeRuns';
import { nameOf } from './util';

/**
 * AssumeRoleWithWebIdentity and AssumeRoleWithSAML are unsigned calls (reference/sts-limits.md,
 * "Semantics worth a diagnostic"): the session policy on them is a request parameter like any other,
 * so it narrows the session only when the code that sends the request is trusted. Code that runs on a
 * user's device (a browser, a mobile app) can be changed to drop or widen it: there the role's own
 * permissions are what anyone gets. The severity follows where the code runs (whereCodeRuns.ts), and
 * the message says why.
 */
const SEVERITY: Record<CodeHost, Severity> = { 'front-end': 'error', unknown: 'warning', 'back-end': 'info', ci: 'info' };

function consequence(host: CodeHost, reason: string): string {
  switch (host) {
    case 'front-end':
      return `This is front-end code (${reason}): whoever runs it can send the call without the policy and get everything the role allows. Restrict the role itself (its permissions and trust policy), or make the call from a back end.`;
    case 'back-end':
      return `This looks like back-end code (${reason}), so the policy holds as long as that code and its host are trusted; the role itself still allows more to anyone who can get a token.`;
    case 'ci':
      return `This runs on a CI runner (${reason}), so the policy holds as long as the pipeline is trusted; anyone who can change the pipeline can drop it.`;
    case 'unknown':
      return 'If this code runs in a browser or a mobile app, its users can drop the policy: restrict the role itself instead.';
  }
}

export const unsignedCallPolicyRule: Rule = {
  id: 'unsigned-call-policy',
  description: 'A session policy sent on an unsigned call (AssumeRoleWithWebIdentity, AssumeRoleWithSAML): it restricts only when the code sending it is trusted. At the default level the severity follows where the code runs: error in front-end code, information on a back end or CI runner.',
  limit: 'AssumeRoleWithWebIdentity and AssumeRoleWithSAML are not signed; a Policy or PolicyArns on them restricts the session only when the code that sends the request is trusted.',
  defaultSeverity: 'warning',
  check(ctx) {
    let where: ReturnType<typeof whereCodeRuns> | undefined;
    for (const site of ctx.sites) {
      if (!(UNSIGNED_APIS as readonly string[]).includes(site.kind)) continue;
      for (const arg of site.args) {
        if (arg.name !== 'Policy' && arg.name !== 'PolicyArns') continue;
        where ??= whereCodeRuns(ctx.text, ctx.languageId, ctx.uri);
        ctx.report({
          offset: arg.keySpan.offset,
          length: arg.keySpan.length,
          severity: SEVERITY[where.host],
          message: `${nameOf(site, arg, arg.name)} on ${site.kind}: this call is not signed, so the session policy restricts the session only when the code sending the request is trusted. ${consequence(where.host, where.reason)}`,
          data: { remove: arg.span, codeHost: where.host },
        });
      }
    }
  },
};
