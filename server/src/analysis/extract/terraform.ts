/**
 * Terraform (HCL): the AWS provider's `assume_role` / `assume_role_with_web_identity` blocks, the S3
 * backend's `assume_role` block and its older flat settings (`role_arn`,
 * `assume_role_duration_seconds`, ...), and `aws_iam_role` resources (a role definition with its
 * `max_session_duration`).
 *
 * `duration` is a Go duration string (`"1h30m"`); it becomes a number of seconds that keeps the
 * source text in `raw`. `jsonencode({...})` policies are object values serialized the way Terraform
 * does; `var.x`, `local.x`, function calls and interpolated strings are unknown.
 */
import type { Argument, CallSite, Extractor, ObjectValue, Property, SiteKind, Span, Value } from '../types';
import { namedChildren, parse, type Node } from '../treesitter';
import { foldArithmetic } from './common';

const GRAMMAR = 'tree-sitter-terraform.wasm';

/** Attributes of an `assume_role` block (provider and S3 backend) -> canonical STS parameter. */
const ASSUME_ROLE_PARAMS: Record<string, string> = {
  role_arn: 'RoleArn',
  session_name: 'RoleSessionName',
  external_id: 'ExternalId',
  duration: 'DurationSeconds',
  duration_seconds: 'DurationSeconds',
  policy: 'Policy',
  policy_arns: 'PolicyArns',
  tags: 'Tags',
  transitive_tag_keys: 'TransitiveTagKeys',
  source_identity: 'SourceIdentity',
};

const WEB_IDENTITY_PARAMS: Record<string, string> = {
  role_arn: 'RoleArn',
  session_name: 'RoleSessionName',
  duration: 'DurationSeconds',
  policy: 'Policy',
  policy_arns: 'PolicyArns',
  web_identity_token: 'WebIdentityToken',
};

/** The S3 backend's settings from before its `assume_role` block (Terraform < 1.6, still accepted). */
const LEGACY_BACKEND_PARAMS: Record<string, string> = {
  role_arn: 'RoleArn',
  session_name: 'RoleSessionName',
  external_id: 'ExternalId',
  assume_role_duration_seconds: 'DurationSeconds',
  assume_role_policy: 'Policy',
  assume_role_policy_arns: 'PolicyArns',
  assume_role_tags: 'Tags',
  assume_role_transitive_tag_keys: 'TransitiveTagKeys',
};

const ROLE_PARAMS: Record<string, string> = {
  name: 'RoleName',
  max_session_duration: 'MaxSessionDuration',
};

export const terraformExtractor: Extractor = {
  grammars: [GRAMMAR],
  extract(text) {
    const tree = parse(GRAMMAR, text);
    if (!tree) return [];
    const sites: CallSite[] = [];
    const body = namedChildren(tree.rootNode).find((c) => c.type === 'body');
    if (!body) return [];
    for (const block of blocksOf(body)) {
      const [type, first, second] = [blockType(block), labels(block)[0], labels(block)[1]];
      if (type === 'provider' && first?.value === 'aws') sites.push(...providerSites(block, text));
      else if (type === 'terraform') {
        for (const backend of blocksOf(bodyOf(block))) {
          if (blockType(backend) === 'backend' && labels(backend)[0]?.value === 's3') sites.push(...backendSites(backend, text));
        }
      } else if (type === 'resource' && first?.value === 'aws_iam_role' && second) {
        sites.push(roleSite(block, second, text));
      }
    }
    return sites;
  },
};

function providerSites(provider: Node, text: string): CallSite[] {
  const sites: CallSite[] = [];
  let previousRole: string | undefined;
  const alias = attributesOf(bodyOf(provider)).get('alias');
  const aliasName = alias && stringContent(alias.value);
  const label = aliasName ? `provider aws.${aliasName}` : 'provider aws';
  for (const block of blocksOf(bodyOf(provider))) {
    const type = blockType(block);
    if (type === 'assume_role') {
      // Several assume_role blocks chain: each one is assumed with the credentials of the one before.
      const site = blockSite(block, 'AssumeRole', ASSUME_ROLE_PARAMS, text, label);
      if (previousRole !== undefined) site.chainedVia = `the assume_role block before it assumes ${previousRole}`;
      previousRole = describeRole(site);
      sites.push(site);
    } else if (type === 'assume_role_with_web_identity') {
      sites.push(blockSite(block, 'AssumeRoleWithWebIdentity', WEB_IDENTITY_PARAMS, text, label));
    }
  }
  return sites;
}

function backendSites(backend: Node, text: string): CallSite[] {
  const sites: CallSite[] = [];
  const body = bodyOf(backend);
  for (const block of blocksOf(body)) {
    const type = blockType(block);
    if (type === 'assume_role') sites.push(blockSite(block, 'AssumeRole', ASSUME_ROLE_PARAMS, text, 'backend s3'));
    else if (type === 'assume_role_with_web_identity') sites.push(blockSite(block, 'AssumeRoleWithWebIdentity', WEB_IDENTITY_PARAMS, text, 'backend s3'));
  }
  const attrs = attributesOf(body);
  if (attrs.has('role_arn')) {
    const header = blockTypeNode(backend);
    const site = siteOf('AssumeRole', header ? spanOf(header) : { offset: backend.startIndex, length: 7 }, attrs, LEGACY_BACKEND_PARAMS, body, text, 'backend s3');
    sites.push(site);
  }
  return sites;
}

function roleSite(block: Node, name: { value: string; span: Span }, text: string): CallSite {
  const body = bodyOf(block);
  const site = siteOf('RoleDefinition', name.span, attributesOf(body), ROLE_PARAMS, body, text, name.value);
  return site;
}

function blockSite(block: Node, kind: SiteKind, params: Record<string, string>, text: string, label: string): CallSite {
  const header = blockTypeNode(block);
  const body = bodyOf(block);
  return siteOf(kind, header ? spanOf(header) : { offset: block.startIndex, length: 1 }, attributesOf(body), params, body, text, label);
}

interface Attribute {
  name: string;
  nameSpan: Span;
  span: Span;
  value: Value;
}

function siteOf(kind: SiteKind, span: Span, attrs: Map<string, Attribute>, params: Record<string, string>, body: Node | undefined, text: string, label: string): CallSite {
  const args: Argument[] = [];
  for (const [attr, param] of Object.entries(params)) {
    const a = attrs.get(attr);
    if (!a) continue;
    // `duration` wins over the deprecated `duration_seconds` when both are set, as in the provider.
    if (args.some((x) => x.name === param)) continue;
    let value = a.value;
    if (param === 'DurationSeconds' && attr === 'duration' && value.kind === 'string') {
      const seconds = parseGoDuration(value.value);
      if (seconds !== undefined) value = { kind: 'number', value: seconds, raw: text.slice(value.offset, value.offset + value.length), offset: value.offset, length: value.length };
    }
    args.push({ name: param, sourceName: attr, span: a.span, keySpan: a.nameSpan, value });
  }
  return {
    kind,
    span,
    args,
    // Terraform fills in the session name itself and validates the rest: nothing is "missing" here.
    argsComplete: false,
    nameStyle: 'snake',
    insertAt: insertPoint(body, text),
    label,
  };
}

/** After the last attribute of a block body, on a new line with its indentation. */
function insertPoint(body: Node | undefined, text: string): CallSite['insertAt'] {
  if (!body) return undefined;
  const last = namedChildren(body).filter((c) => c.type === 'attribute' || c.type === 'block').at(-1);
  if (!last) return undefined;
  const lineStart = text.lastIndexOf('\n', last.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, last.startIndex))?.[0] ?? '';
  return { offset: last.endIndex, prefix: '\n' + indent, suffix: '', assign: ' = ', quote: '"' };
}

/** `"2h"`, `"1h30m"`, `"3600s"`, `"1.5h"` -> seconds (Go's time.ParseDuration); undefined if not one. */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0') return 0;
  // Read by hand, one pass: a sign, then one or more `<number><unit>` (a `(\d+…)+` regex backtracks).
  let i = 0;
  const negative = s.charAt(0) === '-';
  if (negative || s.charAt(0) === '+') i++;
  let total = 0;
  let parts = 0;
  while (i < s.length) {
    const numStart = i;
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    const intDigits = i - numStart;
    let fracDigits = 0;
    if (s.charAt(i) === '.') {
      i++;
      while (i < s.length && isDigit(s.charCodeAt(i))) {
        i++;
        fracDigits++;
      }
    }
    if (intDigits === 0 && fracDigits === 0) return undefined;
    const unit = GO_DURATION_UNITS.find((u) => s.startsWith(u, i));
    if (!unit) return undefined;
    total += Number(s.slice(numStart, i)) * (GO_UNIT_SECONDS[unit] ?? 0);
    i += unit.length;
    parts++;
  }
  if (parts === 0) return undefined;
  // The provider truncates to whole seconds.
  const seconds = Math.trunc(Math.round(total * 1e6) / 1e6);
  return negative ? -seconds : seconds;
}

const GO_UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, µs: 1e-6, μs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
/** Longest first: `ms` before `m`. */
const GO_DURATION_UNITS = ['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h'];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function describeRole(site: CallSite): string {
  const arn = site.args.find((a) => a.name === 'RoleArn')?.value;
  return arn?.kind === 'string' ? arn.value : 'a role';
}

// ---- the HCL tree ----

function bodyOf(block: Node | undefined): Node | undefined {
  return block ? namedChildren(block).find((c) => c.type === 'body') : undefined;
}

function blocksOf(body: Node | undefined): Node[] {
  return body ? namedChildren(body).filter((c) => c.type === 'block') : [];
}

function blockTypeNode(block: Node): Node | undefined {
  return namedChildren(block).find((c) => c.type === 'identifier');
}

function blockType(block: Node): string | undefined {
  return blockTypeNode(block)?.text;
}

/** The labels of a block (`resource "aws_iam_role" "deploy"`): their text and the span of the content. */
function labels(block: Node): { value: string; span: Span }[] {
  const out: { value: string; span: Span }[] = [];
  for (const c of namedChildren(block).slice(1)) {
    if (c.type === 'string_lit') {
      const v = stringLiteral(c);
      if (v.kind === 'string') out.push({ value: v.value, span: { offset: c.startIndex + 1, length: Math.max(c.endIndex - c.startIndex - 2, 1) } });
    } else if (c.type === 'identifier') out.push({ value: c.text, span: spanOf(c) });
    else break;
  }
  return out;
}

function attributesOf(body: Node | undefined): Map<string, Attribute> {
  const out = new Map<string, Attribute>();
  if (!body) return out;
  for (const attr of namedChildren(body)) {
    if (attr.type !== 'attribute') continue;
    const nameNode = namedChildren(attr).find((c) => c.type === 'identifier');
    const expr = namedChildren(attr).find((c) => c.type === 'expression');
    if (!nameNode || !expr || out.has(nameNode.text)) continue;
    out.set(nameNode.text, { name: nameNode.text, nameSpan: spanOf(nameNode), span: spanOf(attr), value: expressionValue(expr) });
  }
  return out;
}

function spanOf(n: Node): Span {
  return { offset: n.startIndex, length: n.endIndex - n.startIndex };
}

function unknown(n: Node): Value {
  return { kind: 'unknown', ...spanOf(n) };
}

function stringContent(v: Value): string | undefined {
  return v.kind === 'string' ? v.value : undefined;
}

/**
 * Values nested deeper than this are unknown: no real configuration nests 64 levels, and a hostile one
 * (10,000 brackets) must not overflow the stack.
 */
const MAX_VALUE_DEPTH = 64;

/** An HCL expression as a core value; anything that is not a literal is unknown. */
export function expressionValue(node: Node, depth = 0): Value {
  if (depth > MAX_VALUE_DEPTH) return unknown(node);
  switch (node.type) {
    case 'expression': {
      const kids = namedChildren(node).filter((c) => c.type !== 'comment');
      // `var.x`, `a.b[0]` are a variable_expr followed by get_attr / index siblings.
      if (kids.length !== 1 || !kids[0]) return unknown(node);
      const inner = expressionValue(kids[0], depth + 1);
      // A parenthesized expression keeps the parentheses' span.
      return inner.kind === 'unknown' ? { ...inner, ...spanOf(node) } : inner;
    }
    case 'literal_value': {
      const lit = namedChildren(node)[0];
      if (!lit) return unknown(node);
      switch (lit.type) {
        case 'string_lit':
          return stringLiteral(lit);
        case 'numeric_lit': {
          const value = Number(lit.text);
          return Number.isFinite(value) ? { kind: 'number', value, ...spanOf(lit) } : unknown(lit);
        }
        case 'bool_lit':
          return { kind: 'boolean', value: lit.text === 'true', ...spanOf(lit) };
        case 'null_lit':
          return { kind: 'null', ...spanOf(lit) };
      }
      return unknown(node);
    }
    case 'string_lit':
      return stringLiteral(node);
    case 'template_expr': {
      const t = namedChildren(node)[0];
      if (t?.type === 'heredoc_template') return heredoc(t);
      return unknown(node); // a quoted template holds an interpolation or a directive
    }
    case 'collection_value': {
      const c = namedChildren(node)[0];
      if (c?.type === 'tuple') {
        const items = namedChildren(c).filter((x) => x.type === 'expression').map((x) => expressionValue(x, depth + 1));
        const complete = !namedChildren(c).some((x) => x.type === 'ellipsis');
        return { kind: 'array', items, complete, ...spanOf(c) };
      }
      if (c?.type === 'object') return objectValue(c, depth + 1);
      return unknown(node);
    }
    case 'function_call': {
      const name = namedChildren(node).find((c) => c.type === 'identifier')?.text;
      const args = namedChildren(namedChildren(node).find((c) => c.type === 'function_arguments') ?? node).filter((c) => c.type === 'expression');
      if (name === 'jsonencode' && args.length === 1 && args[0]) {
        const inner = expressionValue(args[0], depth + 1);
        if (inner.kind === 'object') return { ...inner, serialization: 'terraform' };
      }
      return unknown(node);
    }
    case 'operation':
      return arithmetic(node);
  }
  return unknown(node);
}

/** `2 * 3600`, `12 * 60 * 60`, `-1`: evaluated when every operand is a number literal. */
function arithmetic(node: Node): Value {
  const value = evaluate(node);
  if (value === undefined || !Number.isFinite(value)) return unknown(node);
  return { kind: 'number', value, raw: node.text, ...spanOf(node) };
}

function evaluate(node: Node, depth = 0): number | undefined {
  if (depth > MAX_VALUE_DEPTH) return undefined;
  switch (node.type) {
    case 'operation':
    case 'expression': {
      const kids = namedChildren(node);
      return kids.length === 1 && kids[0] ? evaluate(kids[0], depth + 1) : undefined;
    }
    case 'literal_value': {
      const lit = namedChildren(node)[0];
      return lit?.type === 'numeric_lit' ? Number(lit.text) : undefined;
    }
    case 'unary_operation': {
      const operand = namedChildren(node)[0];
      const v = operand && evaluate(operand, depth + 1);
      if (v === undefined) return undefined;
      return node.text.trimStart().startsWith('-') ? -v : undefined;
    }
    case 'binary_operation': {
      const [l, r] = namedChildren(node);
      const a = l && evaluate(l, depth + 1);
      const b = r && evaluate(r, depth + 1);
      if (a === undefined || b === undefined || !l || !r) return undefined;
      const op = node.text.slice(l.endIndex - node.startIndex, r.startIndex - node.startIndex).trim();
      return foldArithmetic(op, a, b, 'exact');
    }
  }
  return undefined;
}

function objectValue(node: Node, depth: number): ObjectValue {
  const props: Property[] = [];
  let complete = true;
  for (const elem of namedChildren(node)) {
    if (elem.type !== 'object_elem') continue;
    const keyNode = elem.childForFieldName('key') ?? undefined;
    const valNode = elem.childForFieldName('val') ?? undefined;
    const key = keyNode && objectKey(keyNode);
    if (!key || !valNode) {
      complete = false;
      continue;
    }
    props.push({ key: key.value, keySpan: key.span, value: expressionValue(valNode, depth + 1) });
  }
  return { kind: 'object', props, complete, ...spanOf(node) };
}

/** An object key: a bare identifier (`Team`) or a literal string (`"aws:x"`); `(var.k)` is computed. */
function objectKey(keyNode: Node): { value: string; span: Span } | undefined {
  const kids = namedChildren(keyNode);
  const only = kids.length === 1 ? kids[0] : undefined;
  if (only?.type === 'variable_expr') {
    const id = namedChildren(only)[0];
    return id ? { value: id.text, span: spanOf(id) } : undefined;
  }
  if (only?.type === 'literal_value') {
    const v = expressionValue(only);
    if (v.kind === 'string') return { value: v.value, span: { offset: v.offset + 1, length: Math.max(v.length - 2, 0) } };
  }
  return undefined;
}

/**
 * A quoted string without interpolation. HCL escapes (`\n`, `\"`, `\\`, `\uNNNN`, `\UNNNNNNNN`) and
 * the template escapes `$${` / `%%{` are decoded, with a map back to the source.
 */
function stringLiteral(node: Node): Value {
  const start = node.startIndex + 1;
  const end = node.endIndex - 1;
  const raw = node.text.slice(1, -1);
  if (!/[\\$%]/.test(raw)) return { kind: 'string', value: raw, ...spanOf(node) };
  let value = '';
  const starts: number[] = [];
  for (let i = 0; i < raw.length; ) {
    const c = raw.charAt(i);
    let consumed = 1;
    let out = c;
    if (c === '\\') {
      const e = raw.charAt(i + 1);
      const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      if (e in simple) {
        out = simple[e] ?? e;
        consumed = 2;
      } else if (e === 'u' || e === 'U') {
        const len = e === 'u' ? 4 : 8;
        const hex = raw.slice(i + 2, i + 2 + len);
        if (/^[0-9a-fA-F]+$/.test(hex) && hex.length === len) {
          out = String.fromCodePoint(parseInt(hex, 16));
          consumed = 2 + len;
        }
      }
    } else if ((c === '$' || c === '%') && raw.charAt(i + 1) === c && raw.charAt(i + 2) === '{') {
      out = c + '{';
      consumed = 3;
    }
    // `$${` decodes to `${`: the `$` maps to the first `$`, the `{` to the source `{`.
    for (let k = 0; k < out.length; k++) starts.push(start + i + (consumed === 3 && k === 1 ? 2 : 0));
    value += out;
    i += consumed;
  }
  return { kind: 'string', value, ...spanOf(node), map: (i) => starts[Math.min(i, starts.length - 1)] ?? Math.min(start + i, end) };
}

/**
 * A heredoc without interpolation. `<<-` strips the common leading indentation of its lines; the map
 * follows the stripped characters back to the source. Backslash escapes are not decoded in heredocs.
 */
function heredoc(node: Node): Value {
  const kids = namedChildren(node);
  if (kids.some((c) => c.type === 'template_interpolation' || c.type === 'template_directive')) return unknown(node);
  const ids = kids.filter((c) => c.type === 'heredoc_identifier');
  const opener = ids[0];
  const closer = ids.at(-1);
  if (!opener || !closer) return unknown(node);
  const flush = node.text.startsWith('<<-');
  // The content runs from the line after the opener to the start of the closing line.
  const afterOpener = node.text.indexOf('\n', opener.endIndex - node.startIndex);
  const contentStart = afterOpener < 0 ? closer.startIndex : node.startIndex + afterOpener + 1;
  const closeLineStart = nodeLineStart(node, closer.startIndex);
  const text = node.text.slice(contentStart - node.startIndex, Math.max(closeLineStart - node.startIndex, contentStart - node.startIndex));
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let strip = 0;
  if (flush) {
    const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
    strip = indents.reduce((a, b) => Math.min(a, b), indents[0] ?? 0);
  }
  let value = '';
  const starts: number[] = [];
  let lineOffset = contentStart;
  for (const line of lines) {
    const cut = Math.min(strip, line.length);
    for (let k = cut; k < line.length; k++) starts.push(lineOffset + k);
    value += line.slice(cut) + '\n';
    starts.push(lineOffset + line.length);
    lineOffset += line.length + 1;
  }
  const unescaped = value.replace(/([$%])\1\{/g, '$1{');
  if (unescaped !== value) return unknown(node); // rare; the map would be off by the removed characters
  return { kind: 'string', value, ...spanOf(node), map: (i) => starts[Math.min(i, starts.length - 1)] ?? node.startIndex };
}

function nodeLineStart(node: Node, offset: number): number {
  const before = node.text.slice(0, offset - node.startIndex);
  const nl = before.lastIndexOf('\n');
  return nl < 0 ? offset : node.startIndex + nl + 1;
}
