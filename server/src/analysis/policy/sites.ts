/**
 * From call sites to policy problems: which arguments hold a policy, whether it is a session policy,
 * and one cached check per site so the policy rules (one file each) share the work.
 */
import type { CallSite, RuleContext, RuleId, Value } from '../types';
import { getArg, literalString, policyArnValue, readList, readTags } from '../values';
import { checkPolicy } from './check';
import type { PolicyProblem } from './problems';
import { checkPolicySize } from './size';
import { policyFromValue } from './source';

const cache = new WeakMap<CallSite, PolicyProblem[]>();

/** The policy problems of every site in the document (cached per site object). */
export function policyProblemsOf(ctx: Pick<RuleContext, 'sites' | 'text'>): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  for (const site of ctx.sites) {
    let problems = cache.get(site);
    if (!problems) {
      problems = problemsOfSite(site, ctx.text);
      cache.set(site, problems);
    }
    out.push(...problems);
  }
  return out;
}

/** Reports the problems of one rule; the shared body of every policy rule's `check`. */
export function reportPolicyProblems(ctx: RuleContext, ruleId: RuleId): void {
  for (const p of policyProblemsOf(ctx)) {
    if (p.ruleId !== ruleId) continue;
    ctx.report({ offset: p.offset, length: p.length, message: p.message, severity: p.severity, data: { code: p.code, ...p.data } });
  }
}

export function problemsOfSite(site: CallSite, documentText?: string): PolicyProblem[] {
  const arg = getArg(site, 'Policy');
  if (!arg) return [];
  const standalone = site.kind === 'PolicyDocument';
  const src = policyFromValue(arg.value, standalone && documentText !== undefined && arg.value.kind === 'object' ? { documentText } : {});
  if ('error' in src) return [];
  const problems = [...src.problems];
  if (src.problems.length === 0 || standalone) problems.push(...checkPolicy(src.root, { session: !standalone }));
  if (!standalone) {
    problems.push(
      ...checkPolicySize(src, {
        value: arg.value,
        tags: literalTags(getArg(site, 'Tags')?.value),
        policyArns: (readList(getArg(site, 'PolicyArns')?.value)?.items ?? []).map((i) => literalString(policyArnValue(i))).filter((s): s is string => s !== undefined),
      }),
    );
  }
  return problems;
}

function literalTags(v: Value | undefined): { key: string; value: string }[] {
  const tags = readTags(v);
  if (!tags) return [];
  return tags.entries.map((e) => ({ key: literalString(e.key) ?? '', value: literalString(e.value) ?? '' }));
}
