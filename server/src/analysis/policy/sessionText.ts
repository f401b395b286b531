/**
 * A session policy as the text that will be sent (the client's Assume Role command validates it before
 * any call): the same grammar, catalog and size checks a `Policy` argument gets in code, without
 * extractors or parsers for code.
 */
import { ruleById } from '../rules';
import { escapeControls } from '../values';
import type { Finding, StringValue } from '../types';
import { checkPolicy } from './check';
import { checkPolicySize } from './size';
import { policyFromValue } from './source';

/** Findings for `text` sent as an STS `Policy`; offsets are into `text`. */
export function checkSessionPolicyText(text: string): Finding[] {
  // The text as the content of a quoted literal: content index i is document offset 1 + i.
  const value: StringValue = { kind: 'string', value: text, offset: -1, length: text.length + 2 };
  const src = policyFromValue(value);
  if ('error' in src) return [];
  const problems = [...src.problems, ...(src.root.kind === 'unknown' ? [] : checkPolicy(src.root, { session: true })), ...checkPolicySize(src, { value })];
  return problems.map((p) => ({
    ruleId: p.ruleId,
    offset: p.offset,
    length: p.length,
    message: escapeControls(p.message),
    severity: p.severity ?? ruleById(p.ruleId)?.defaultSeverity ?? 'error',
    ...(p.data ? { data: p.data } : {}),
  }));
}
