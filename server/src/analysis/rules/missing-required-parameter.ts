import { REQUIRED_PARAMS } from '../limits';
import type { Rule } from '../types';
import { hasArg, spell } from '../values';
import { isStsCall } from './util';

/** Placeholder values for inserted parameters. */
const PLACEHOLDERS: Record<string, string> = {
  RoleArn: 'arn:aws:iam::111122223333:role/ROLE_NAME',
  RoleSessionName: 'session-name',
  WebIdentityToken: 'TOKEN',
  PrincipalArn: 'arn:aws:iam::111122223333:saml-provider/PROVIDER',
  SAMLAssertion: 'BASE64_SAML_ASSERTION',
  Name: 'federated-user',
  TargetPrincipal: '111122223333',
  TaskPolicyArn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials',
};

/**
 * A required STS parameter absent from an argument list we can see completely (a literal object with
 * no spreads). Required parameters per the STS API model (reference/sts-limits.md, API version 2011-06-15).
 */
export const missingRequiredParameterRule: Rule = {
  id: 'missing-required-parameter',
  description: 'A required parameter (RoleArn, RoleSessionName, WebIdentityToken, …) is missing from a literal argument list.',
  limit: 'AssumeRole: RoleArn, RoleSessionName; AssumeRoleWithWebIdentity: + WebIdentityToken; AssumeRoleWithSAML: RoleArn, PrincipalArn, SAMLAssertion; GetFederationToken: Name; AssumeRoot: TargetPrincipal, TaskPolicyArn.',
  defaultSeverity: 'error',
  check(ctx) {
    for (const site of ctx.sites) {
      if (!isStsCall(site) || !site.argsComplete) continue;
      const missing = REQUIRED_PARAMS[site.kind].filter((p) => !hasArg(site, p));
      if (missing.length === 0) continue;
      const names = missing.map((p) => spell(p, site.nameStyle));
      const at = site.insertAt;
      const insert = at
        ? {
            offset: at.offset,
            text: missing
              .map((p) => {
                const quote = at.quote ?? '"';
                return `${at.prefix}${spell(p, site.nameStyle)}${at.assign ?? ': '}${quote}${PLACEHOLDERS[p] ?? 'VALUE'}${quote}${at.suffix}`;
              })
              .join(''),
          }
        : undefined;
      ctx.report({
        ...site.span,
        message: `${site.kind} is missing required ${missing.length === 1 ? 'parameter' : 'parameters'} ${names.join(', ')}: the call fails with a ValidationError until ${missing.length === 1 ? 'it is' : 'they are'} added.`,
        data: { missing, ...(insert ? { insert } : {}) },
      });
    }
  },
};
