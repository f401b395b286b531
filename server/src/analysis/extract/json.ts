/**
 * JSON files: a standalone IAM policy document (root object with `Statement`) becomes a
 * PolicyDocument site; an AWS CLI input file for an STS call (`--cli-input-json`, root object with
 * `RoleArn` and `RoleSessionName`, or `DurationSeconds` beside a `SerialNumber`) becomes that call.
 */
import { type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parseJsonTree } from './jsonDepth';
import type { Argument, CallSite, Extractor, ObjectValue } from '../types';
import { markStrictJson } from '../policy/source';
import { jsonNodeToValue } from './jsonValue';

export const jsonExtractor: Extractor = {
  grammars: [],
  extract(text) {
    // Strict first (what AWS accepts): without errors the lenient tree is the same one, and a policy
    // file need not be parsed a second time to find its syntax errors (see markStrictJson).
    const errors: ParseError[] = [];
    let root = parseJsonTree(text, errors, { allowTrailingComma: false, disallowComments: true });
    const strict = errors.length === 0;
    if (!strict) root = parseJsonTree(text, [], { allowTrailingComma: true, disallowComments: false });
    if (!root || root.type !== 'object') return [];
    return extractFromRoot(root, text, strict);
  },
};

/** Hook for other JSON shapes (CloudFormation templates) registered by their extractors. */
export const jsonShapeExtractors: ((root: JsonNode, text: string) => CallSite[] | undefined)[] = [];

function extractFromRoot(root: JsonNode, text: string, strict: boolean): CallSite[] {
  for (const shape of jsonShapeExtractors) {
    const sites = shape(root, text);
    if (sites) return sites;
  }
  const value = jsonNodeToValue(root, text) as ObjectValue;
  if (strict) markStrictJson(value);
  const keys = new Set(value.props.map((p) => p.key));
  if (keys.has('Statement')) {
    return [
      {
        kind: 'PolicyDocument',
        span: { offset: value.offset, length: 1 },
        args: [{ name: 'Policy', sourceName: 'Policy', span: value, keySpan: { offset: value.offset, length: 1 }, value }],
        argsComplete: true,
        nameStyle: 'pascal',
        label: 'policy document',
      },
    ];
  }
  // AssumeRoleWithSAML takes no RoleSessionName: its input has RoleArn and SAMLAssertion.
  const assumes = keys.has('RoleArn') && (keys.has('RoleSessionName') || keys.has('SAMLAssertion'));
  const sessionToken = !keys.has('RoleArn') && keys.has('DurationSeconds') && keys.has('SerialNumber');
  if (assumes || sessionToken) {
    const kind = sessionToken ? 'GetSessionToken' : keys.has('WebIdentityToken') ? 'AssumeRoleWithWebIdentity' : keys.has('SAMLAssertion') ? 'AssumeRoleWithSAML' : 'AssumeRole';
    const args: Argument[] = value.props.map((p) => ({
      name: p.key,
      sourceName: p.key,
      span: { offset: p.keySpan.offset - 1, length: p.value.offset + p.value.length - p.keySpan.offset + 1 },
      keySpan: p.keySpan,
      value: p.value,
    }));
    const first = value.props[0];
    return [
      {
        kind,
        span: first ? first.keySpan : { offset: value.offset, length: 1 },
        args,
        argsComplete: true,
        nameStyle: 'pascal',
        label: `${kind} input`,
      },
    ];
  }
  return [];
}
