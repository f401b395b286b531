/**
 * Session-policy and policy-file checks over the core's Value tree (pure: no vscode, no LSP).
 *
 *   const src = policyFromValue(arg.value);           // string JSON, object literal or policy file
 *   if (!('error' in src)) checkPolicy(src.root, { session: true });
 *
 * Rules use {@link reportPolicyProblems}; the language server uses the editing helpers.
 */
export { checkPolicy, parseOperator, CONDITION_OPERATORS, POLICY_VERSIONS, type CheckOptions } from './check';
export { policyFromValue, type PolicySource, type PolicySourceOptions } from './source';
export { checkPolicySize, estimatePackedPercent, PACKED_ESTIMATE } from './size';
export { minifyPolicy, serializeValue } from './serialize';
export { policyCompletions, policyHover, type PolicyCompletion, type PolicyHover } from './editing';
export { problemsOfSite, policyProblemsOf, reportPolicyProblems } from './sites';
export { POLICY_PROBLEM_CODES, RULE_OF_CODE, type PolicyProblem, type PolicyProblemCode } from './problems';
export { catalogAvailable, setCatalogDir } from './catalog';
