/** What the policy checks report: a stable code, the rule it belongs to, a range and a message. */
import type { FixData, RuleId, Severity } from '../types';

/** Stable problem codes; each belongs to exactly one rule (see {@link RULE_OF_CODE}). */
export const POLICY_PROBLEM_CODES = [
  // session-policy-invalid: JSON and grammar
  'json-syntax',
  'not-an-object',
  'missing-version',
  'invalid-version',
  'missing-statement',
  'invalid-statement',
  'missing-effect',
  'invalid-effect',
  'missing-action',
  'action-and-not-action',
  'missing-resource',
  'resource-and-not-resource',
  'invalid-sid',
  'duplicate-sid',
  'principal-in-session-policy',
  'duplicate-key',
  'wrong-type',
  'empty-value',
  'unknown-key',
  'invalid-action-format',
  'invalid-condition',
  // session-policy-too-large
  'too-large',
  'invalid-character',
  'packed-size-near-limit',
  // catalog and security checks
  'unknown-service',
  'unknown-action',
  'wildcard-matches-nothing',
  'unknown-condition-operator',
  'unknown-condition-key',
  'condition-key-not-applicable',
  'resource-arn-mismatch',
  'allow-not-action',
  'grants-everything',
] as const;

export type PolicyProblemCode = (typeof POLICY_PROBLEM_CODES)[number];

export const RULE_OF_CODE: Record<PolicyProblemCode, RuleId> = {
  'json-syntax': 'session-policy-invalid',
  'not-an-object': 'session-policy-invalid',
  'missing-version': 'session-policy-invalid',
  'invalid-version': 'session-policy-invalid',
  'missing-statement': 'session-policy-invalid',
  'invalid-statement': 'session-policy-invalid',
  'missing-effect': 'session-policy-invalid',
  'invalid-effect': 'session-policy-invalid',
  'missing-action': 'session-policy-invalid',
  'action-and-not-action': 'session-policy-invalid',
  'missing-resource': 'session-policy-invalid',
  'resource-and-not-resource': 'session-policy-invalid',
  'invalid-sid': 'session-policy-invalid',
  'duplicate-sid': 'session-policy-invalid',
  'principal-in-session-policy': 'session-policy-invalid',
  'duplicate-key': 'session-policy-invalid',
  'wrong-type': 'session-policy-invalid',
  'empty-value': 'session-policy-invalid',
  'unknown-key': 'session-policy-invalid',
  'invalid-action-format': 'session-policy-invalid',
  'invalid-condition': 'session-policy-invalid',
  'too-large': 'session-policy-too-large',
  'invalid-character': 'session-policy-too-large',
  'packed-size-near-limit': 'session-policy-too-large',
  'unknown-service': 'policy-unknown-action',
  'unknown-action': 'policy-unknown-action',
  'wildcard-matches-nothing': 'policy-wildcard-matches-nothing',
  'unknown-condition-operator': 'policy-unknown-condition-operator',
  'unknown-condition-key': 'policy-unknown-condition-key',
  'condition-key-not-applicable': 'policy-unknown-condition-key',
  'resource-arn-mismatch': 'policy-resource-arn-mismatch',
  'allow-not-action': 'policy-allow-not-action',
  'grants-everything': 'policy-grants-everything',
};

export interface PolicyProblem {
  code: PolicyProblemCode;
  ruleId: RuleId;
  offset: number;
  length: number;
  message: string;
  /** Set when the problem is milder or harsher than its rule's default (a missing Version is a warning). */
  severity?: Severity;
  data?: FixData;
}

export function problem(
  code: PolicyProblemCode,
  at: { offset: number; length: number },
  message: string,
  extra: { severity?: Severity; data?: FixData } = {},
): PolicyProblem {
  return { code, ruleId: RULE_OF_CODE[code], offset: at.offset, length: Math.max(at.length, 1), message, ...extra };
}
