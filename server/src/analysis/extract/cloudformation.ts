/**
 * CloudFormation / SAM templates, YAML and JSON: each `AWS::IAM::Role` resource becomes a
 * RoleDefinition site with its `RoleName` and `MaxSessionDuration` (the role facts other files are
 * checked against). Intrinsic functions (`!Ref`, `!Sub`, `!GetAtt`, `!If`, `{"Fn::...": ...}`,
 * `{"Ref": ...}`) are not literals: their values are unknown.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import { isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Node as YamlNode, type Pair, type Tags, type YAMLMap } from 'yaml';
import type { Argument, CallSite, Extractor, Span, StringValue, Value } from '../types';
import { jsonShapeExtractors } from './json';
import { jsonNodeToValue } from './jsonValue';

const ROLE_TYPE = 'AWS::IAM::Role';
const ROLE_PROPERTIES = ['RoleName', 'MaxSessionDuration'] as const;

/** The CloudFormation intrinsic-function tags (short form); each may tag a scalar, a list or a map. */
const INTRINSIC_TAGS = [
  'Ref', 'Sub', 'GetAtt', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'GetAZs', 'ImportValue', 'Base64',
  'Cidr', 'Equals', 'And', 'Or', 'Not', 'Condition', 'Transform', 'ToJsonString', 'Length', 'ForEach',
];

/** Accept the intrinsic tags (as their plain scalar / list / map) so the parser does not warn on them. */
const customTags = (tags: Tags): Tags => [
  ...tags,
  ...INTRINSIC_TAGS.flatMap((name) => [
    { tag: `!${name}`, resolve: (s: string) => s },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (v: unknown) => v },
    { tag: `!${name}`, collection: 'map' as const, resolve: (v: unknown) => v },
  ]),
];

/** A cheap look at the text before parsing: most YAML files (CI, k8s, compose) are not templates. */
const TEMPLATE_HINT = /^["']?AWSTemplateFormatVersion["']?\s*:|["']?Type["']?\s*:\s*["']?AWS::/m;

export const cloudFormationYamlExtractor: Extractor = {
  grammars: [],
  extract(text) {
    if (!TEMPLATE_HINT.test(text) || !text.includes('Resources')) return [];
    const doc = parseDocument(text, { keepSourceTokens: true, customTags, strict: false, uniqueKeys: false, prettyErrors: false });
    const root = doc.contents;
    if (!isMap(root)) return [];
    // A SAM/CloudFormation template, or a Serverless Framework file with `resources: Resources:`.
    const nested = pairValue(root, 'resources');
    const resources = pairValue(root, 'Resources') ?? (isMap(nested) ? pairValue(nested, 'Resources') : undefined);
    if (!isMap(resources)) return [];
    const isTemplate = pairValue(root, 'AWSTemplateFormatVersion') !== undefined || resources.items.some((p) => resourceType(p.value)?.startsWith('AWS::'));
    if (!isTemplate) return [];
    const sites: CallSite[] = [];
    for (const pair of resources.items) {
      if (resourceType(pair.value) !== ROLE_TYPE || !isScalar(pair.key)) continue;
      const logicalId = String(pair.key.value);
      const keySpan = keySpanOf(pair.key);
      const properties = isMap(pair.value) ? pairValue(pair.value, 'Properties') : undefined;
      const args: Argument[] = [];
      if (isMap(properties)) {
        for (const prop of properties.items) {
          if (!isScalar(prop.key) || !(ROLE_PROPERTIES as readonly string[]).includes(String(prop.key.value))) continue;
          const name = String(prop.key.value);
          const propKeySpan = keySpanOf(prop.key);
          const value = prop.value ? yamlValue(prop.value as YamlNode, text) : { kind: 'null' as const, offset: propKeySpan.offset + propKeySpan.length, length: 0 };
          const end = Math.max(value.offset + value.length, propKeySpan.offset + propKeySpan.length);
          const entryStart = rangeSpan(prop.key).offset;
          args.push({ name, sourceName: name, span: { offset: entryStart, length: end - entryStart }, keySpan: propKeySpan, value });
        }
      }
      sites.push({
        kind: 'RoleDefinition',
        span: keySpan,
        args,
        argsComplete: false,
        nameStyle: 'pascal',
        insertAt: isMap(properties) ? yamlInsertPoint(properties, text) : undefined,
        label: logicalId,
      });
    }
    return sites;
  },
};

/**
 * The role definitions of a JSON template, or [] when the root is not one. Called by the JSON
 * extractor through {@link jsonShapeExtractors}.
 */
export function extractCloudFormationJson(root: JsonNode, text: string): CallSite[] {
  return cloudFormationJsonShape(root, text) ?? [];
}

/** A JSON template's sites, or undefined when the document is not a template (other JSON shapes apply). */
function cloudFormationJsonShape(root: JsonNode, text: string): CallSite[] | undefined {
  if (root.type !== 'object') return undefined;
  const resources = jsonProp(root, 'Resources');
  if (!resources || resources.type !== 'object') return undefined;
  const entries = (resources.children ?? []).flatMap((p) => {
    const [k, v] = p.children ?? [];
    return k && v ? [{ key: k, value: v }] : [];
  });
  const typeOf = (v: JsonNode): string | undefined => {
    const t = v.type === 'object' ? jsonProp(v, 'Type') : undefined;
    return t?.type === 'string' ? String(t.value) : undefined;
  };
  if (!jsonProp(root, 'AWSTemplateFormatVersion') && !entries.some((e) => typeOf(e.value)?.startsWith('AWS::'))) return undefined;
  const sites: CallSite[] = [];
  for (const { key, value } of entries) {
    if (typeOf(value) !== ROLE_TYPE) continue;
    const properties = jsonProp(value, 'Properties');
    const args: Argument[] = [];
    for (const p of properties?.type === 'object' ? (properties.children ?? []) : []) {
      const [k, v] = p.children ?? [];
      if (!k || !(ROLE_PROPERTIES as readonly string[]).includes(String(k.value))) continue;
      const keySpan = { offset: k.offset + 1, length: Math.max(k.length - 2, 0) };
      const val = v ? withoutIntrinsics(jsonNodeToValue(v, text)) : { kind: 'null' as const, offset: k.offset + k.length, length: 0 };
      args.push({ name: String(k.value), sourceName: String(k.value), span: { offset: p.offset, length: p.length }, keySpan, value: val });
    }
    sites.push({
      kind: 'RoleDefinition',
      span: { offset: key.offset + 1, length: Math.max(key.length - 2, 1) },
      args,
      argsComplete: false,
      nameStyle: 'pascal',
      label: String(key.value),
    });
  }
  return sites;
}

jsonShapeExtractors.push(cloudFormationJsonShape);

function jsonProp(obj: JsonNode, name: string): JsonNode | undefined {
  for (const p of obj.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k?.value === name) return v;
  }
  return undefined;
}

/** `{"Ref": x}` and `{"Fn::Sub": ...}` (JSON, or the YAML long form) are not literals. */
function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::') || key === 'Condition';
}

function withoutIntrinsics(v: Value): Value {
  if (v.kind === 'object') {
    const only = v.props.length === 1 ? v.props[0] : undefined;
    if (only && isIntrinsicKey(only.key)) return { kind: 'unknown', offset: v.offset, length: v.length };
    return { ...v, props: v.props.map((p) => ({ ...p, value: withoutIntrinsics(p.value) })) };
  }
  if (v.kind === 'array') return { ...v, items: v.items.map(withoutIntrinsics) };
  return v;
}

// ---- YAML ----

function pairValue(map: YAMLMap, key: string): YamlNode | undefined {
  for (const p of map.items) {
    if (isScalar(p.key) && p.key.value === key) return (p.value ?? undefined) as YamlNode | undefined;
  }
  return undefined;
}

function resourceType(node: unknown): string | undefined {
  if (!isMap(node)) return undefined;
  const t = pairValue(node, 'Type');
  return isScalar(t) && typeof t.value === 'string' && !t.tag ? t.value : undefined;
}

function rangeSpan(node: YamlNode | unknown): Span {
  const range = (node as { range?: [number, number, number] }).range;
  if (!range) return { offset: 0, length: 0 };
  return { offset: range[0], length: range[1] - range[0] };
}

/** A mapping key's span without its quotes (`"DeployRole":` in a JSON-style template). */
function keySpanOf(key: Scalar): Span {
  const span = rangeSpan(key);
  const quoted = key.type === Scalar.QUOTE_DOUBLE || key.type === Scalar.QUOTE_SINGLE;
  return quoted && span.length >= 2 ? { offset: span.offset + 1, length: span.length - 2 } : span;
}

/** A YAML node as a core value; a tagged node (`!Ref x`) and an intrinsic map are unknown. */
function yamlValue(node: YamlNode, text: string): Value {
  const span = rangeSpan(node);
  const tag = node.tag;
  if (tag && tag.startsWith('!') && !tag.startsWith('!!')) return { kind: 'unknown', ...tagSpan(span, text) };
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'number') {
      const raw = text.slice(span.offset, span.offset + span.length);
      return { kind: 'number', value: v, ...span, ...(raw !== String(v) ? { raw } : {}) };
    }
    if (typeof v === 'boolean') return { kind: 'boolean', value: v, ...span };
    if (v === null) return { kind: 'null', ...span };
    if (typeof v === 'string') return yamlString(node, v, span, text);
    return { kind: 'unknown', ...span };
  }
  if (isMap(node)) {
    const pairs = node.items.filter((p): p is Pair<YamlNode, YamlNode> => isPair(p));
    const only = pairs.length === 1 ? pairs[0] : undefined;
    if (only && isScalar(only.key) && isIntrinsicKey(String(only.key.value))) return { kind: 'unknown', ...span };
    const props = [];
    let complete = true;
    for (const p of pairs) {
      if (!isScalar(p.key)) {
        complete = false;
        continue;
      }
      const keySpan = keySpanOf(p.key);
      const value = p.value ? yamlValue(p.value, text) : { kind: 'null' as const, offset: keySpan.offset + keySpan.length, length: 0 };
      props.push({ key: String(p.key.value), keySpan, value });
    }
    return { kind: 'object', props, complete, ...span };
  }
  if (isSeq(node)) {
    return { kind: 'array', items: node.items.map((i) => (i ? yamlValue(i as YamlNode, text) : { kind: 'null' as const, ...span })), complete: true, ...span };
  }
  return { kind: 'unknown', ...span };
}

/** Widens a tagged node's span back over its tag (`!Ref Name`), so a finding covers the whole value. */
function tagSpan(span: Span, text: string): Span {
  // By hand, backwards: whitespace, then the word before it, which must hold the `!` of the tag.
  const floor = Math.max(0, span.offset - 200);
  let i = span.offset;
  while (i > floor && /\s/.test(text.charAt(i - 1))) i--;
  if (i === span.offset) return span;
  let wordStart = i;
  while (wordStart > floor && !/\s/.test(text.charAt(wordStart - 1))) wordStart--;
  const bang = text.indexOf('!', wordStart);
  if (bang < 0 || bang >= i) return span;
  return { offset: bang, length: span.length + span.offset - bang };
}

/**
 * A string scalar with a map from content index to document offset: exact for plain, single- and
 * double-quoted scalars on one line; block and multi-line scalars point at the scalar's start.
 */
function yamlString(node: Scalar, value: string, span: Span, text: string): StringValue {
  const raw = text.slice(span.offset, span.offset + span.length);
  const start = span.offset;
  const base = { kind: 'string' as const, value, ...span };
  if (node.type === Scalar.PLAIN && raw === value) return { ...base, map: (i) => start + i };
  if (raw.includes('\n')) return { ...base, map: () => start };
  if (node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE) {
    const starts: number[] = [];
    const double = node.type === Scalar.QUOTE_DOUBLE;
    for (let r = 1; r < raw.length - 1; ) {
      starts.push(start + r);
      if (!double && raw.charAt(r) === "'" && raw.charAt(r + 1) === "'") r += 2;
      else if (double && raw.charAt(r) === '\\') {
        const e = raw.charAt(r + 1);
        r += e === 'x' ? 4 : e === 'u' ? 6 : e === 'U' ? 10 : 2;
      } else r += 1;
    }
    if (starts.length === value.length) return { ...base, map: (i) => starts[Math.min(i, starts.length - 1)] ?? start };
  }
  return { ...base, map: () => start };
}

/** After the last property of a `Properties:` block map, on a new line with its indentation. */
function yamlInsertPoint(properties: YAMLMap, text: string): CallSite['insertAt'] {
  const last = properties.items.at(-1);
  if (!last || !isScalar(last.key) || properties.flow) return undefined;
  const keyStart = rangeSpan(last.key).offset;
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = text.slice(lineStart, keyStart);
  if (!/^[ ]*$/.test(indent)) return undefined;
  const valueEnd = last.value ? ((last.value as { range?: [number, number, number] }).range?.[1] ?? keyStart) : rangeSpan(last.key).offset + rangeSpan(last.key).length;
  let end = valueEnd;
  while (end > 0 && /\s/.test(text.charAt(end - 1))) end--;
  return { offset: end, prefix: '\n' + indent, suffix: '', assign: ': ', quote: '' };
}
