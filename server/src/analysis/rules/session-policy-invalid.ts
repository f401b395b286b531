import { reportPolicyProblems } from '../policy/sites';
import type { Rule } from '../types';

/**
 * IAM policy grammar (reference/sts-limits.md, "Policy grammar"): `Version` 2012-10-17 or 2008-10-17 (a
 * warning when missing: policy variables are then literal), `Statement` object or array, `Effect`
 * Allow|Deny, exactly one of `Action`/`NotAction` and of `Resource`/`NotResource`, unique alphanumeric
 * `Sid`, no `Principal`/`NotPrincipal` in a session policy ("Semantics worth a diagnostic"), no
 * duplicate keys, no unknown elements; and the JSON itself must parse.
 */
export const sessionPolicyInvalidRule: Rule = {
  id: 'session-policy-invalid',
  description: 'Session policy or policy file that is not valid JSON or breaks the IAM policy grammar.',
  limit: 'IAM policy grammar: Version 2012-10-17 (or 2008-10-17), Statement object or array, Effect Allow|Deny, exactly one of Action/NotAction and of Resource/NotResource, unique alphanumeric Sid; no Principal/NotPrincipal in a session policy.',
  defaultSeverity: 'error',
  check(ctx) {
    reportPolicyProblems(ctx, 'session-policy-invalid');
  },
};
