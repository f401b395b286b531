/**
 * Go extractor (AWS SDK for Go v2 and v1).
 *
 * Recognises request structs `&sts.AssumeRoleInput{...}` (and the other `sts.*Input` types, with
 * field assignments `in.DurationSeconds = ...` on the same variable), stscreds option structs, and the
 * credential providers `stscreds.NewAssumeRoleProvider(client, arn, func(o *stscreds.AssumeRoleOptions) {...})`,
 * `stscreds.NewWebIdentityRoleProvider`, v1 `stscreds.NewCredentials[WithClient]`. `time.Duration`
 * expressions (`2 * time.Hour`) become seconds. Constants declared in the file are resolved; anything
 * else is unknown. A provider or call whose STS client was built from assumed-role credentials in the
 * same file is marked as role chaining.
 */
import { parse, field, namedChildren, type Node } from '../treesitter';
import type { Argument, CallSite, Extractor, Property, StsApi, Value } from '../types';
import { atUseSite, C_ESCAPES, decodeBackslashEscape, descendantsIn, foldBinary, foldUnary, mappedString, markRoleChains, matchOffsets, numberAt, prunedWalk, spanOf, topLevelMentioning, unknownAt } from './common';

const GRAMMAR = 'tree-sitter-go.wasm';

const INPUT_TYPES: Record<string, StsApi> = {
  AssumeRoleInput: 'AssumeRole',
  AssumeRoleWithWebIdentityInput: 'AssumeRoleWithWebIdentity',
  AssumeRoleWithSAMLInput: 'AssumeRoleWithSAML',
  GetSessionTokenInput: 'GetSessionToken',
  GetFederationTokenInput: 'GetFederationToken',
  AssumeRootInput: 'AssumeRoot',
  GetWebIdentityTokenInput: 'GetWebIdentityToken',
};

/** stscreds option structs (v2 `AssumeRoleOptions`/`WebIdentityRoleOptions`, v1 provider structs). */
const OPTION_TYPES: Record<string, StsApi> = {
  AssumeRoleOptions: 'AssumeRole',
  WebIdentityRoleOptions: 'AssumeRoleWithWebIdentity',
  AssumeRoleProvider: 'AssumeRole',
  WebIdentityRoleProvider: 'AssumeRoleWithWebIdentity',
};

/** stscreds constructors: the API, and the index of the role ARN argument. */
const PROVIDERS: Record<string, { api: StsApi; roleArnIndex: number; optionsFrom: number }> = {
  NewAssumeRoleProvider: { api: 'AssumeRole', roleArnIndex: 1, optionsFrom: 2 },
  NewWebIdentityRoleProvider: { api: 'AssumeRoleWithWebIdentity', roleArnIndex: 1, optionsFrom: 3 },
  NewCredentials: { api: 'AssumeRole', roleArnIndex: 1, optionsFrom: 2 },
  NewCredentialsWithClient: { api: 'AssumeRole', roleArnIndex: 1, optionsFrom: 2 },
};

/** stscreds option field names that differ from the STS API names. */
const OPTION_FIELDS: Record<string, string> = {
  RoleARN: 'RoleArn',
  ExternalID: 'ExternalId',
  PolicyARNs: 'PolicyArns',
  PolicyArns: 'PolicyArns',
  Duration: 'DurationSeconds',
};

/** Client methods that return role credentials (sources of role chaining). */
const ROLE_METHODS = new Set(['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);

/** `time.*` units in nanoseconds. */
const TIME_UNITS: Record<string, number> = {
  Nanosecond: 1,
  Microsecond: 1e3,
  Millisecond: 1e6,
  Second: 1e9,
  Minute: 60e9,
  Hour: 3600e9,
};

const WRAPPERS = new Set(['String', 'Int32', 'Int64', 'Int', 'Bool', 'Float64', 'Float32', 'StringSlice', 'Int64Value', 'StringValue']);
const CONVERSIONS = new Set(['int', 'int32', 'int64', 'uint', 'uint32', 'uint64', 'float64', 'float32']);

/**
 * Words at least one of which every candidate node contains: the `*Input` / option struct type names,
 * the stscreds constructors and the AssumeRole* methods.
 */
const CANDIDATE_WORDS = /Input|Options|RoleProvider|NewCredentials|AssumeRole/g;

interface Ctx {
  text: string;
  consts: Map<string, Node | null>;
  stsPkgs: Set<string>;
  credsPkgs: Set<string>;
  awsPkgs: Set<string>;
  timePkgs: Set<string>;
}

export const goExtractor: Extractor = {
  grammars: [GRAMMAR],
  extract(text: string): CallSite[] {
    const tree = parse(GRAMMAR, text);
    if (!tree) return [];
    const root = tree.rootNode;
    const ctx: Ctx = { text, consts: collectConsts(root, text), ...collectImports(root, text) };
    const sites: CallSite[] = [];
    /** Site -> the expression that names the STS client it runs on (for role chaining). */
    const clientOf = new Map<CallSite, Node>();
    const roleSources: Node[] = [];

    // Every candidate names one of the trigger words inside its own node: subtrees without any are
    // not walked into, and only candidate nodes are materialized.
    prunedWalk(root, matchOffsets(text, CANDIDATE_WORDS), (cursor) => {
      const type = cursor.nodeType;
      if (type === 'comment') return false;
      if (type === 'composite_literal') {
        const n = cursor.currentNode;
        const site = compositeSite(n, ctx);
        if (site) {
          sites.push(site);
          const call = enclosingStsCall(n);
          if (call) clientOf.set(site, call.client);
        }
      } else if (type === 'call_expression') {
        const n = cursor.currentNode;
        const fn = field(n, 'function');
        if (fn?.type === 'selector_expression') {
          const pkg = field(fn, 'operand')?.text ?? '';
          const name = field(fn, 'field')?.text ?? '';
          if (ctx.credsPkgs.has(pkg) && PROVIDERS[name]) {
            const site = providerSite(n, fn, PROVIDERS[name], ctx);
            sites.push(site);
            roleSources.push(n);
            const client = argsOf(n)[0];
            if (client) clientOf.set(site, client);
          } else if (ROLE_METHODS.has(name)) {
            roleSources.push(n);
          }
        }
      }
      return true;
    });

    markRoleChains({
      root,
      text,
      clients: [...clientOf].map(([site, client]) => ({ site, client })),
      sources: roleSources,
      assignmentTypes: ['short_var_declaration', 'assignment_statement', 'var_spec'],
      bindingOf,
      describe: (src) => {
        const fn = field(src, 'function');
        const name = fn?.type === 'selector_expression' ? (field(fn, 'field')?.text ?? fn.text) : (fn?.text ?? 'AssumeRole');
        return `credentials from ${name} on line ${src.startPosition.row + 1}`;
      },
    });
    return sites;
  },
};

function collectImports(root: Node, text: string): Pick<Ctx, 'stsPkgs' | 'credsPkgs' | 'awsPkgs' | 'timePkgs'> {
  const specs = descendantsIn(topLevelMentioning(root, text, 'import'), 'import_spec');
  const pick = (test: (p: string) => boolean, fallback: string): Set<string> => {
    const out = new Set<string>();
    let sawSimilar = false;
    for (const spec of specs) {
      const p = (field(spec, 'path')?.text ?? '').replace(/^["`]|["`]$/g, '');
      if (p.split('/').pop() === fallback) sawSimilar = true;
      if (!test(p)) continue;
      const alias = field(spec, 'name')?.text;
      out.add(alias && alias !== '_' && alias !== '.' ? alias : (p.split('/').pop() ?? fallback));
    }
    // A snippet without imports: trust the conventional name. A file importing some other package
    // with that name (not the AWS one): do not.
    if (out.size === 0 && !sawSimilar) out.add(fallback);
    return out;
  };
  return {
    stsPkgs: pick((p) => /^github\.com\/aws\/aws-sdk-go(-v2)?\/service\/sts$/.test(p), 'sts'),
    credsPkgs: pick((p) => /^github\.com\/aws\/aws-sdk-go(-v2)?\/(aws\/)?credentials\/stscreds$/.test(p), 'stscreds'),
    awsPkgs: pick((p) => /^github\.com\/aws\/aws-sdk-go(-v2)?\/aws$/.test(p), 'aws'),
    timePkgs: pick((p) => p === 'time', 'time'),
  };
}

/** Constants declared anywhere in the file; a name declared twice is ambiguous (null). */
function collectConsts(root: Node, text: string): Map<string, Node | null> {
  const out = new Map<string, Node | null>();
  for (const spec of descendantsIn(topLevelMentioning(root, text, 'const'), 'const_spec')) {
    const names = spec.childrenForFieldName('name').filter((c): c is Node => c !== null);
    const values = namedChildren(field(spec, 'value') ?? spec).filter((c) => spec.childForFieldName('value') !== null && c.type !== 'comment');
    names.forEach((nameNode, i) => {
      const v = values[i];
      const name = nameNode.text;
      out.set(name, out.has(name) || !v ? null : v);
    });
  }
  return out;
}

function compositeSite(lit: Node, ctx: Ctx): CallSite | undefined {
  const type = field(lit, 'type');
  const body = field(lit, 'body');
  if (!type || !body || type.type !== 'qualified_type') return undefined;
  const pkg = field(type, 'package')?.text ?? '';
  const name = field(type, 'name')?.text ?? '';
  let api: StsApi | undefined;
  let isOptions = false;
  if (ctx.stsPkgs.has(pkg) && INPUT_TYPES[name]) api = INPUT_TYPES[name];
  else if (ctx.credsPkgs.has(pkg) && OPTION_TYPES[name]) {
    api = OPTION_TYPES[name];
    isOptions = true;
  }
  if (!api) return undefined;

  const args: Argument[] = [];
  let complete = !isOptions;
  for (const el of namedChildren(body)) {
    if (el.type === 'comment') continue;
    if (el.type !== 'keyed_element') {
      complete = false;
      continue;
    }
    const key = namedChildren(el)[0];
    const val = namedChildren(el)[1];
    if (!key || !val) continue;
    const sourceName = key.text;
    const canonical = isOptions ? (OPTION_FIELDS[sourceName] ?? sourceName) : sourceName;
    const value = canonical === 'DurationSeconds' && isOptions ? durationValue(val, ctx) : goValue(val, ctx);
    args.push({ name: canonical, sourceName, span: spanOf(el), keySpan: spanOf(key), value });
  }

  // `in := &sts.AssumeRoleInput{...}` followed by `in.DurationSeconds = ...`: those are arguments too.
  const variable = assignedVariable(lit);
  if (variable) {
    for (const extra of fieldAssignments(variable, lit, ctx, isOptions)) args.push(extra);
  }

  return {
    kind: api,
    span: spanOf(type),
    args,
    argsComplete: complete,
    nameStyle: 'pascal',
    insertAt: insertPoint(body, ctx.text, [...ctx.awsPkgs][0] ?? 'aws'),
    label: `${pkg}.${name}`,
  };
}

function providerSite(call: Node, fn: Node, spec: { api: StsApi; roleArnIndex: number; optionsFrom: number }, ctx: Ctx): CallSite {
  const callArgs = argsOf(call);
  const args: Argument[] = [];
  const arn = callArgs[spec.roleArnIndex];
  if (arn) args.push({ name: 'RoleArn', sourceName: 'roleARN', span: spanOf(arn), keySpan: spanOf(arn), value: goValue(arn, ctx) });
  for (const opt of callArgs.slice(spec.optionsFrom)) {
    if (opt.type !== 'func_literal') continue;
    const param = field(opt, 'parameters');
    const paramName = param ? namedChildren(param)[0] && field(namedChildren(param)[0]!, 'name')?.text : undefined;
    const body = field(opt, 'body');
    if (!paramName || !body) continue;
    for (const stmt of body.descendantsOfType('assignment_statement')) {
      if (!stmt) continue;
      const left = namedChildren(field(stmt, 'left') ?? stmt)[0];
      const right = namedChildren(field(stmt, 'right') ?? stmt)[0];
      if (!left || !right || left.type !== 'selector_expression' || field(left, 'operand')?.text !== paramName) continue;
      const key = field(left, 'field');
      if (!key) continue;
      const canonical = OPTION_FIELDS[key.text] ?? key.text;
      const value = canonical === 'DurationSeconds' ? durationValue(right, ctx) : goValue(right, ctx);
      args.push({ name: canonical, sourceName: key.text, span: spanOf(stmt), keySpan: spanOf(key), value });
    }
  }
  return {
    kind: spec.api,
    span: spanOf(fn),
    args,
    // The SDK fills in a session name, and options may come from elsewhere.
    argsComplete: false,
    nameStyle: 'pascal',
    label: fn.text,
  };
}

/** The variable a composite literal is assigned to (`in := &sts.X{}` / `var in = sts.X{}`). */
function assignedVariable(lit: Node): string | undefined {
  let n: Node | null = lit.parent;
  if (n?.type === 'unary_expression') n = n.parent;
  if (n?.type !== 'expression_list') return undefined;
  const decl = n.parent;
  if (!decl) return undefined;
  if (decl.type === 'short_var_declaration' || decl.type === 'assignment_statement') {
    const left = namedChildren(field(decl, 'left') ?? decl)[0];
    return left?.type === 'identifier' ? left.text : undefined;
  }
  if (decl.type === 'var_spec') return field(decl, 'name')?.text;
  return undefined;
}

function fieldAssignments(variable: string, lit: Node, ctx: Ctx, isOptions: boolean): Argument[] {
  const out: Argument[] = [];
  const root = lit.tree.rootNode;
  for (const stmt of root.descendantsOfType('assignment_statement')) {
    if (!stmt || stmt.startIndex < lit.endIndex) continue;
    const left = namedChildren(field(stmt, 'left') ?? stmt)[0];
    const right = namedChildren(field(stmt, 'right') ?? stmt)[0];
    if (!left || !right || left.type !== 'selector_expression' || field(left, 'operand')?.text !== variable) continue;
    const key = field(left, 'field');
    if (!key) continue;
    const canonical = isOptions ? (OPTION_FIELDS[key.text] ?? key.text) : key.text;
    const value = canonical === 'DurationSeconds' && isOptions ? durationValue(right, ctx) : goValue(right, ctx);
    out.push({ name: canonical, sourceName: key.text, span: spanOf(stmt), keySpan: spanOf(key), value });
  }
  return out;
}

/** For `client.AssumeRole(ctx, &sts.AssumeRoleInput{...})`: the call and its client expression. */
function enclosingStsCall(lit: Node): { call: Node; client: Node } | undefined {
  let n: Node | null = lit.parent;
  if (n?.type === 'unary_expression') n = n.parent;
  if (n?.type !== 'argument_list') return undefined;
  const call = n.parent;
  const fn = call ? field(call, 'function') : undefined;
  const client = fn?.type === 'selector_expression' ? field(fn, 'operand') : undefined;
  return call && client ? { call, client } : undefined;
}

function argsOf(call: Node): Node[] {
  const list = field(call, 'arguments');
  return list ? namedChildren(list).filter((c) => c.type !== 'comment') : [];
}

/**
 * Where a new `Field: aws.String("...")` goes in a literal body, Go style (multi-line literals need a
 * trailing comma). Every required STS parameter is a string pointer, hence the `aws.String(` wrapper.
 */
function insertPoint(body: Node, text: string, aws: string): CallSite['insertAt'] {
  const wrap = { assign: `: ${aws}.String(`, quote: '"' };
  const elements = namedChildren(body).filter((c) => c.type !== 'comment');
  const last = elements[elements.length - 1];
  if (!last) return { offset: body.startIndex + 1, prefix: '', suffix: ')', ...wrap };
  const next = last.nextSibling;
  const trailingComma = next?.type === ',';
  if (last.startPosition.row !== body.startPosition.row) {
    const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', last.startIndex) + 1))?.[0] ?? '';
    const offset = trailingComma && next ? next.endIndex : last.endIndex;
    return { offset, prefix: (trailingComma ? '' : ',') + '\n' + indent, suffix: '),', ...wrap };
  }
  return { offset: last.endIndex, prefix: ', ', suffix: ')', ...wrap };
}

// ---- values ----------------------------------------------------------------------------------

function goValue(node: Node, ctx: Ctx, depth = 0): Value {
  if (depth > 8) return unknownAt(node);
  switch (node.type) {
    case 'literal_element':
    case 'parenthesized_expression': {
      const inner = namedChildren(node).filter((c) => c.type !== 'comment')[0];
      return inner ? goValue(inner, ctx, depth + 1) : unknownAt(node);
    }
    case 'unary_expression': {
      const op = node.child(0)?.type;
      const operand = field(node, 'operand');
      if (op === '&' && operand?.type === 'identifier' && !ctx.consts.has(operand.text)) {
        const local = literalLocal(operand);
        if (local) return atUseSite(stringLiteral(local, ctx.text), operand);
      }
      if (op === '&' && operand) return goValue(operand, ctx, depth + 1);
      return numberValue(node, ctx);
    }
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return stringLiteral(node, ctx.text);
    case 'true':
    case 'false':
      return { kind: 'boolean', value: node.type === 'true', ...spanOf(node) };
    case 'nil':
      return { kind: 'null', ...spanOf(node) };
    case 'call_expression': {
      const fn = field(node, 'function');
      const args = argsOf(node);
      if (fn?.type === 'selector_expression' && ctx.awsPkgs.has(field(fn, 'operand')?.text ?? '') && WRAPPERS.has(field(fn, 'field')?.text ?? '') && args.length === 1 && args[0]) {
        return goValue(args[0], ctx, depth + 1);
      }
      return numberValue(node, ctx);
    }
    case 'composite_literal': {
      const body = field(node, 'body');
      const type = field(node, 'type');
      if (!body) return unknownAt(node);
      if (type?.type === 'slice_type' || type?.type === 'array_type') return arrayValue(body, node, ctx, depth);
      return objectValue(body, node, ctx, depth);
    }
    case 'literal_value': {
      // An element of a typed slice: `{Key: ..., Value: ...}` is an object, `{"a", "b"}` a list.
      const els = namedChildren(node).filter((c) => c.type !== 'comment');
      if (els.length > 0 && els.every((e) => e.type === 'keyed_element')) return objectValue(node, node, ctx, depth);
      return arrayValue(node, node, ctx, depth);
    }
    case 'identifier': {
      const def = ctx.consts.get(node.text);
      if (def && (def.type === 'interpreted_string_literal' || def.type === 'raw_string_literal')) {
        return atUseSite(stringLiteral(def, ctx.text), node);
      }
      return numberValue(node, ctx);
    }
    default:
      return numberValue(node, ctx);
  }
}

function arrayValue(body: Node, whole: Node, ctx: Ctx, depth: number): Value {
  const items: Value[] = [];
  let complete = true;
  for (const el of namedChildren(body)) {
    if (el.type === 'comment') continue;
    if (el.type === 'keyed_element') complete = false;
    else items.push(goValue(el, ctx, depth + 1));
  }
  return { kind: 'array', items, complete, ...spanOf(whole) };
}

function objectValue(body: Node, whole: Node, ctx: Ctx, depth: number): Value {
  const props: Property[] = [];
  let complete = true;
  for (const el of namedChildren(body)) {
    if (el.type === 'comment') continue;
    const [k, v] = namedChildren(el);
    if (el.type !== 'keyed_element' || !k || !v) {
      complete = false;
      continue;
    }
    const keyNode = namedChildren(k)[0] ?? k;
    const keyValue = keyNode.type.endsWith('string_literal') ? stringLiteral(keyNode, ctx.text) : undefined;
    const key = keyValue?.kind === 'string' ? keyValue.value : keyNode.text;
    props.push({ key, keySpan: spanOf(keyNode), value: goValue(v, ctx, depth + 1) });
  }
  return { kind: 'object', props, complete, ...spanOf(whole) };
}

/** A number (seconds) for a `time.Duration` expression: `2 * time.Hour`, `3600 * time.Second`. */
function durationValue(node: Node, ctx: Ctx): Value {
  const ns = evalNumber(node, ctx, 0);
  if (ns === undefined) return unknownAt(node);
  const seconds = Math.floor(ns / 1e9);
  return { kind: 'number', value: seconds, raw: node.text, ...spanOf(node) };
}

function numberValue(node: Node, ctx: Ctx): Value {
  const n = evalNumber(node, ctx, 0);
  return n === undefined ? unknownAt(node) : numberAt(node, n);
}

/** Constant arithmetic on integer literals, file constants, `time.*` units (nanoseconds) and conversions. */
function evalNumber(node: Node, ctx: Ctx, depth: number): number | undefined {
  if (depth > 12) return undefined;
  switch (node.type) {
    case 'int_literal': {
      const t = node.text.replace(/_/g, '');
      const n = /^0[0-7]+$/.test(t) ? parseInt(t, 8) : Number(t.replace(/^0o/i, '0o'));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'float_literal': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'parenthesized_expression':
    case 'literal_element': {
      const inner = namedChildren(node)[0];
      return inner ? evalNumber(inner, ctx, depth + 1) : undefined;
    }
    case 'unary_expression':
      return foldUnary(node.child(0)?.type, field(node, 'operand'), (n) => evalNumber(n, ctx, depth + 1));
    case 'binary_expression':
      return foldBinary(field(node, 'operator')?.type ?? node.child(1)?.type, field(node, 'left'), field(node, 'right'), (n) => evalNumber(n, ctx, depth + 1), 'integers');
    case 'selector_expression': {
      if (ctx.timePkgs.has(field(node, 'operand')?.text ?? '')) return TIME_UNITS[field(node, 'field')?.text ?? ''];
      return undefined;
    }
    case 'identifier': {
      const def = ctx.consts.get(node.text);
      return def ? evalNumber(def, ctx, depth + 1) : undefined;
    }
    case 'call_expression': {
      // Conversions: int32(x), time.Duration(x), aws.Int32(x).
      const fn = field(node, 'function');
      const args = argsOf(node);
      if (args.length !== 1 || !args[0] || !fn) return undefined;
      const isConversion =
        (fn.type === 'identifier' && CONVERSIONS.has(fn.text)) ||
        (fn.type === 'selector_expression' && ctx.timePkgs.has(field(fn, 'operand')?.text ?? '') && field(fn, 'field')?.text === 'Duration') ||
        (fn.type === 'selector_expression' && ctx.awsPkgs.has(field(fn, 'operand')?.text ?? '') && WRAPPERS.has(field(fn, 'field')?.text ?? ''));
      return isConversion ? evalNumber(args[0], ctx, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** Go's escapes beyond the common ones: bell and vertical tab; octal escapes are exactly three digits. */
const GO_ESCAPES: Record<string, string> = { ...C_ESCAPES, a: '\x07', v: '\v' };

function decodeEscape(seq: string): string {
  return decodeBackslashEscape(seq, GO_ESCAPES, 'xuU', /^[0-7]{3}$/);
}

/** A Go string literal with its content mapped to document offsets (escapes map to the backslash). */
function stringLiteral(node: Node, text: string): Value {
  if (node.type === 'raw_string_literal') {
    // Raw strings have no escapes, but Go drops carriage returns from them.
    const content = text.slice(node.startIndex + 1, node.endIndex - 1);
    if (!content.includes('\r')) return { kind: 'string', value: content, ...spanOf(node) };
  }
  let value = '';
  const offsets: number[] = [];
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'escape_sequence') {
      const decoded = decodeEscape(child.text);
      for (let i = 0; i < decoded.length; i++) offsets.push(child.startIndex);
      value += decoded;
    } else if (child.type.endsWith('_content')) {
      for (let i = 0; i < child.text.length; i++) {
        if (child.text[i] === '\r' && node.type === 'raw_string_literal') continue;
        offsets.push(child.startIndex + i);
        value += child.text[i];
      }
    }
  }
  return mappedString(node, value, offsets);
}

// ---- role chaining ---------------------------------------------------------------------------

/**
 * What a Go assignment binds for role chaining: `x := ...`/`var x = ...` rebind `x`; `x.Field = ...`
 * puts role credentials into `x` without clearing what it held.
 */
function bindingOf(a: Node): { names: { name: string; whole: boolean }[]; right: Node | undefined } {
  const right = field(a, a.type === 'var_spec' ? 'value' : 'right');
  const names: { name: string; whole: boolean }[] = [];
  if (a.type === 'var_spec') {
    for (const n of a.childrenForFieldName('name')) if (n) names.push({ name: n.text, whole: true });
  } else {
    for (const l of namedChildren(field(a, 'left') ?? a)) {
      if (l.type === 'identifier') names.push({ name: l.text, whole: true });
      else if (l.type === 'selector_expression') {
        let op: Node | undefined = l;
        while (op?.type === 'selector_expression') op = field(op, 'operand');
        if (op?.type === 'identifier') names.push({ name: op.text, whole: false });
      }
    }
  }
  return { names, right };
}

/**
 * `sessionName := "nightly"` then `&sessionName`: the string literal a local holds at the pointer, when
 * the function binds the name once, to a string literal, before the use, and never assigns it again
 * (a second assignment, a loop or a branch could change it: then it is not a literal).
 */
function literalLocal(use: Node): Node | undefined {
  let fn: Node | null = use.parent;
  while (fn && fn.type !== 'function_declaration' && fn.type !== 'method_declaration' && fn.type !== 'func_literal') fn = fn.parent;
  if (!fn) return undefined;
  const name = use.text;
  const writes = fn.descendantsOfType(['short_var_declaration', 'assignment_statement', 'var_spec', 'inc_statement', 'dec_statement', 'range_clause', 'parameter_declaration']).filter((d): d is Node => {
    if (!d) return false;
    const left = d.type === 'var_spec' || d.type === 'parameter_declaration' ? d.childrenForFieldName('name') : (d.childForFieldName('left') ?? d.namedChild(0))?.namedChildren ?? [];
    const names = (left.length > 0 ? left : [d.childForFieldName('left') ?? d.namedChild(0)]).filter((x): x is Node => x !== null);
    return names.some((x) => x.text === name);
  });
  if (writes.length !== 1) return undefined;
  const decl = writes[0] as Node;
  if (decl.type !== 'short_var_declaration' || decl.endIndex > use.startIndex) return undefined;
  const left = decl.childForFieldName('left')?.namedChildren.filter((x): x is Node => x !== null) ?? [];
  const right = decl.childForFieldName('right')?.namedChildren.filter((x): x is Node => x !== null) ?? [];
  if (left.length !== right.length) return undefined;
  const value = right[left.findIndex((x) => x.text === name)];
  return value && (value.type === 'interpreted_string_literal' || value.type === 'raw_string_literal') ? value : undefined;
}
