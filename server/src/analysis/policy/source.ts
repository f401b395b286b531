/**
 * Where a policy comes from: JSON text in a string argument (mapped back to the document through the
 * string's offsets), an object literal the program serializes (JSON.stringify, json.dumps,
 * jsonencode), or a standalone policy file. The result is one Value tree with document offsets plus
 * the plaintext exactly as AWS receives it.
 */
import { printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parseJsonTree } from '../extract/jsonDepth';
import { jsonNodeToValue } from '../extract/jsonValue';
import type { StringValue, Value } from '../types';
import { stringOffset } from '../values';
import { problem, type PolicyProblem } from './problems';
import { serializeValue, type Serialization } from './serialize';

export interface PolicySource {
  /** The policy as a Value tree with document offsets (an object when the JSON is well formed). */
  root: Value;
  /** The plaintext as sent; with `exact` false, a lower bound where non-literal parts count as one character. */
  text: string;
  sizeAsSent: number;
  exact: boolean;
  /** `string`: JSON text written in the source; `object`: an object the program serializes. */
  form: 'string' | 'object';
  serialization?: Serialization;
  /** JSON syntax errors, already at document offsets. */
  problems: PolicyProblem[];
}

export interface PolicySourceOptions {
  /**
   * The document text, for a standalone policy file: the extractor parses leniently (comments,
   * trailing commas), but AWS does not, so the text is checked again strictly.
   */
  documentText?: string;
}

/** Object values parsed from text that had no error under strict JSON rules (no comments, no trailing commas). */
const strictJson = new WeakSet<Value>();

/** Records that `value` was parsed from its document under strict JSON rules without an error. */
export function markStrictJson(value: Value): void {
  strictJson.add(value);
}

export function policyFromValue(value: Value, options: PolicySourceOptions = {}): PolicySource | { error: string } {
  if (value.kind === 'string') return fromString(value);
  if (value.kind === 'object') {
    const style = value.serialization ?? 'compact';
    const problems = options.documentText !== undefined && !strictJson.has(value) ? strictSyntax(options.documentText, value.offset, value.length) : [];
    if (options.documentText !== undefined) {
      // A policy file is sent as written (`file://policy.json`), not re-serialized.
      const text = options.documentText.slice(value.offset, value.offset + value.length);
      return { root: value, text, sizeAsSent: text.length, exact: true, form: 'string', problems };
    }
    const { text, exact } = serializeValue(value, style);
    return { root: value, text, sizeAsSent: text.length, exact, form: 'object', serialization: style, problems };
  }
  if (value.kind === 'unknown') return { error: 'the policy is not a literal' };
  return { error: `a policy must be JSON text or an object, not a ${value.kind}` };
}

function fromString(v: StringValue): PolicySource {
  const content = v.value;
  const errors: ParseError[] = [];
  const tree = parseJsonTree(content, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const last = Math.max(content.length - 1, 0);
  const mapOffset = (o: number): number => (content.length === 0 ? v.offset : o <= last ? stringOffset(v, o) : stringOffset(v, last) + (o - last));
  const problems = errors.slice(0, 1).map((e) => syntaxProblem(e, mapOffset, content.length, content));
  const root: Value = tree ? jsonNodeToValue(tree, content, mapOffset) : { kind: 'unknown', offset: v.offset, length: v.length };
  return { root, text: content, sizeAsSent: content.length, exact: true, form: 'string', problems };
}

function strictSyntax(text: string, offset: number, length: number): PolicyProblem[] {
  const errors: ParseError[] = [];
  parseJsonTree(text.slice(offset, offset + length), errors, { disallowComments: true, allowTrailingComma: false });
  return errors.slice(0, 1).map((e) => syntaxProblem(e, (o) => o + offset, length, text.slice(offset, offset + length)));
}

function syntaxProblem(e: ParseError, mapOffset: (o: number) => number, contentLength: number, content: string): PolicyProblem {
  const code = printParseErrorCode(e.error);
  const before = content.slice(0, e.offset).trimEnd();
  if ((code === 'ValueExpected' || code === 'PropertyNameExpected') && before.endsWith(',') && /^\s*[\]}]/.test(content.slice(e.offset))) {
    const comma = mapOffset(before.length - 1);
    return problem('json-syntax', { offset: comma, length: 1 }, 'The policy is not valid JSON: trailing comma. AWS rejects the request (MalformedPolicyDocument); remove the comma.', { data: { replacement: '' } });
  }
  const at = Math.min(e.offset, Math.max(contentLength - 1, 0));
  const from = mapOffset(at);
  const end = e.offset + e.length;
  const to = e.length <= 0 ? from + 1 : end < contentLength ? mapOffset(end) : mapOffset(contentLength - 1) + 1;
  return problem('json-syntax', { offset: from, length: to - from }, `The policy is not valid JSON: ${describe(code)}. AWS rejects the request (MalformedPolicyDocument).`);
}

function describe(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name in double quotes is expected',
    ValueExpected: 'a value is expected',
    ColonExpected: 'a colon is expected',
    CommaExpected: 'a comma is expected',
    CloseBraceExpected: 'a closing } is expected',
    CloseBracketExpected: 'a closing ] is expected',
    EndOfFileExpected: 'unexpected text after the end of the policy',
    InvalidCommentToken: 'comments are not allowed',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape',
    InvalidCharacter: 'invalid character in a string',
  };
  return words[code] ?? code;
}
