/** Every rule, one file each; the id is the diagnostic code and the settings key. */
import type { Rule } from '../types';
import { consoleSessionDurationRule } from './console-session-duration';
import { durationExceedsRoleMaxRule } from './duration-exceeds-role-max';
import { durationOutOfRangeRule } from './duration-out-of-range';
import { federationTokenWithoutPolicyRule } from './federation-token-without-policy';
import { fileReferenceNotReadRule } from './file-reference-not-read';
import { invalidExternalIdRule } from './invalid-external-id';
import { invalidFederationNameRule } from './invalid-federation-name';
import { invalidMfaSerialRule } from './invalid-mfa-serial';
import { invalidPolicyArnRule } from './invalid-policy-arn';
import { invalidRoleArnRule } from './invalid-role-arn';
import { invalidSessionNameRule } from './invalid-session-name';
import { invalidSourceIdentityRule } from './invalid-source-identity';
import { invalidTagRule } from './invalid-tag';
import { invalidTokenCodeRule } from './invalid-token-code';
import { longTermAccessKeyRule } from './long-term-access-key';
import { maxSessionDurationOutOfRangeRule } from './max-session-duration-out-of-range';
import { missingRequiredParameterRule } from './missing-required-parameter';
import { roleChainingDurationRule } from './role-chaining-duration';
import { tooManyPolicyArnsRule } from './too-many-policy-arns';
import { tooManyTagsRule } from './too-many-tags';
import { transitiveTagNotInTagsRule } from './transitive-tag-not-in-tags';
import { unsignedCallPolicyRule } from './unsigned-call-policy';
import { policyAllowNotActionRule } from './policy-allow-not-action';
import { policyGrantsEverythingRule } from './policy-grants-everything';
import { policyResourceArnMismatchRule } from './policy-resource-arn-mismatch';
import { policyUnknownActionRule } from './policy-unknown-action';
import { policyUnknownConditionKeyRule } from './policy-unknown-condition-key';
import { policyUnknownConditionOperatorRule } from './policy-unknown-condition-operator';
import { policyWildcardMatchesNothingRule } from './policy-wildcard-matches-nothing';
import { sessionPolicyInvalidRule } from './session-policy-invalid';
import { sessionPolicyTooLargeRule } from './session-policy-too-large';

export const RULES: readonly Rule[] = [
  durationOutOfRangeRule,
  durationExceedsRoleMaxRule,
  roleChainingDurationRule,
  consoleSessionDurationRule,
  maxSessionDurationOutOfRangeRule,
  invalidRoleArnRule,
  invalidPolicyArnRule,
  invalidSessionNameRule,
  invalidExternalIdRule,
  invalidMfaSerialRule,
  invalidTokenCodeRule,
  invalidSourceIdentityRule,
  invalidFederationNameRule,
  tooManyTagsRule,
  invalidTagRule,
  transitiveTagNotInTagsRule,
  tooManyPolicyArnsRule,
  unsignedCallPolicyRule,
  federationTokenWithoutPolicyRule,
  longTermAccessKeyRule,
  missingRequiredParameterRule,
  sessionPolicyTooLargeRule,
  sessionPolicyInvalidRule,
  policyUnknownActionRule,
  policyWildcardMatchesNothingRule,
  policyUnknownConditionOperatorRule,
  policyUnknownConditionKeyRule,
  policyResourceArnMismatchRule,
  policyAllowNotActionRule,
  policyGrantsEverythingRule,
  fileReferenceNotReadRule,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
