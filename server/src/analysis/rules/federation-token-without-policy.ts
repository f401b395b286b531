import type { Rule } from '../types';
import { hasArg } from '../values';

/**
 * GetFederationToken without Policy or PolicyArns yields a session with no permissions.
 * reference/sts-limits.md, "Semantics worth a diagnostic". Only when the call's arguments are all visible.
 */
export const federationTokenWithoutPolicyRule: Rule = {
  id: 'federation-token-without-policy',
  description: 'GetFederationToken without a session policy: the session gets no permissions.',
  limit: 'GetFederationToken: without Policy or PolicyArns the federated session has no permissions.',
  defaultSeverity: 'warning',
  check(ctx) {
    for (const site of ctx.sites) {
      if (site.kind !== 'GetFederationToken' || !site.argsComplete) continue;
      if (hasArg(site, 'Policy') || hasArg(site, 'PolicyArns')) continue;
      ctx.report({
        ...site.span,
        message: 'GetFederationToken without Policy or PolicyArns returns credentials with no permissions: pass a session policy that grants what the federated user needs.',
      });
    }
  },
};
