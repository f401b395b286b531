/**
 * TypeScript / TSX / JavaScript extractor: STS calls made with the AWS SDK for JavaScript v3
 * (`new AssumeRoleCommand({...})`, `client.send(...)`, `fromTemporaryCredentials`, `fromWebToken`,
 * the aggregated `new STS().assumeRole(...)`) and v2 (`new AWS.STS().assumeRole(...)`,
 * `new AWS.ChainableTemporaryCredentials(...)`).
 *
 * One walk over the tree records declarations (with their scopes), class fields, `send` calls and
 * call candidates; candidates are resolved afterwards against those tables, so a file costs about a
 * parse however many calls it holds. A method call counts as STS only when its receiver is known to
 * be an STS client (constructed or typed as one in this file); a `...Command` counts when its name is
 * STS's and it is not imported from another package.
 */
import { parse, type Node } from '../treesitter';
import { CAMEL_CASE_METHODS, hasHit, walkCursor } from './common';
import type { Argument, CallSite, Extractor, ObjectValue, StsApi } from '../types';
import { canonicalName } from '../values';
import { readObject, readValue, resolveExpr, spanOf, unwrap, type ConstResolver, type JsProperty } from './jsValue';

const COMMANDS: Record<string, StsApi> = {
  AssumeRoleCommand: 'AssumeRole',
  AssumeRoleWithWebIdentityCommand: 'AssumeRoleWithWebIdentity',
  AssumeRoleWithSAMLCommand: 'AssumeRoleWithSAML',
  GetSessionTokenCommand: 'GetSessionToken',
  GetFederationTokenCommand: 'GetFederationToken',
  AssumeRootCommand: 'AssumeRoot',
  GetWebIdentityTokenCommand: 'GetWebIdentityToken',
};

/** Methods of the v3 aggregated `STS` client and the v2 `AWS.STS` service object. */
const METHODS = CAMEL_CASE_METHODS;

/** Credential providers that call STS, with the API and how their options are spelled. */
const PROVIDERS: Record<string, { api: StsApi; style: 'params' | 'camel' }> = {
  fromTemporaryCredentials: { api: 'AssumeRole', style: 'params' },
  fromWebToken: { api: 'AssumeRoleWithWebIdentity', style: 'camel' },
  fromTokenFile: { api: 'AssumeRoleWithWebIdentity', style: 'camel' },
};
/** v2 credential classes that call AssumeRole with `{ params }`. */
const V2_PROVIDER_CLASSES = new Set(['ChainableTemporaryCredentials', 'TemporaryCredentials']);
const CLIENT_CLASSES = new Set(['STS', 'STSClient']);
/** APIs whose result credentials are role credentials (using them to AssumeRole is role chaining). */
const ROLE_APIS = new Set<StsApi>(['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML']);
/** camelCase provider options that are STS parameters (others are SDK plumbing). */
const CAMEL_PARAMS = new Set(['RoleArn', 'RoleSessionName', 'WebIdentityToken', 'ProviderId', 'PolicyArns', 'Policy', 'DurationSeconds']);

const FUNCTION_SCOPES = new Set([
  'function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'generator_function_declaration',
  'arrow_function',
  'method_definition',
]);
const BLOCK_SCOPES = new Set(['program', 'statement_block', 'for_statement', 'for_in_statement', 'catch_clause', 'class_body', 'switch_body']);
/**
 * Words at least one of which occurs in any stretch of code that holds an STS call, an STS client or
 * role credentials. A statement, block or function without any of them is not walked into (its own
 * declarations are still recorded), which keeps large files near the cost of the parse.
 */
const TRIGGER = /STS|Command|ssumeRo|SessionToken|FederationToken|WebIdentity|TemporaryCredentials|WebToken|TokenFile|\bsend\b|[cC]redentials/g;
/** Node types worth checking for triggers before walking into them. */
const PRUNABLE = new Set([
  'expression_statement', 'lexical_declaration', 'variable_declaration', 'return_statement', 'if_statement',
  'while_statement', 'do_statement', 'try_statement', 'switch_statement', 'export_statement', 'throw_statement',
  'arguments', 'object', 'array', 'template_string', 'jsx_element', 'jsx_self_closing_element', 'public_field_definition',
  'field_definition', 'labeled_statement',
]);
/** Exported names whose local aliases must be seen wherever they are used. */
const INTERESTING_EXPORTS = new Set(['STS', 'STSClient', 'ChainableTemporaryCredentials', 'TemporaryCredentials', 'fromTemporaryCredentials', 'fromWebToken', 'fromTokenFile']);

/** Subtrees that cannot hold a call or a declaration we care about. */
const SKIP = new Set(['comment', 'string', 'regex', 'type_annotation', 'interface_declaration', 'type_alias_declaration', 'type_arguments', 'type_parameters', 'jsx_text']);

interface Scope {
  id: number;
  parent: Scope | undefined;
  isClass: boolean;
}

type DeclKind = 'const' | 'let' | 'var' | 'param' | 'function' | 'class' | 'import';

interface Decl {
  name: string;
  kind: DeclKind;
  scope: Scope;
  /** The initializer; for a destructured name, the whole right-hand side. */
  init?: Node;
  /** Property path inside `init` for a destructured name: `const { Credentials: c } = r` -> ['Credentials']. */
  path?: string[];
  /** Values assigned later (`sts = new STS()`). */
  assigned: Node[];
  typeText?: string;
  /** For imports and `require` destructuring: the module and the exported name. */
  importFrom?: { source: string; name: string };
  /** Two declarations of the name in one scope: never resolved. */
  ambiguous?: boolean;
}

interface Candidate {
  node: Node;
  scope: Scope;
}

interface ClientInfo {
  /** The constructor call when known (`new STSClient({...})`). */
  ctor?: Node;
  scope: Scope;
}

interface Context {
  text: string;
  decls: Map<string, Decl>;
  /** Class members: `${classScopeId}:${name}` -> values assigned or the declared type. */
  members: Map<string, { values: Candidate[]; typeText?: string }>;
  /** `new XCommand(...)` node id -> the client expression it is sent with. */
  sentWith: Map<number, Candidate>;
  /** Set when an STS name is imported under an alias the triggers do not cover: walk everything. */
  pruneOff: boolean;
  resolver: ConstResolver<Scope>;
}

function key(scopeId: number, name: string): string {
  return `${scopeId}\u0000${name}`;
}

function lookup(ctx: Context, name: string, scope: Scope | undefined): Decl | undefined {
  for (let s = scope; s; s = s.parent) {
    const d = ctx.decls.get(key(s.id, name));
    if (d) return d;
  }
  return undefined;
}

function classScope(scope: Scope | undefined): Scope | undefined {
  for (let s = scope; s; s = s.parent) if (s.isClass) return s;
  return undefined;
}

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

/** The last identifier of a callee or constructor: `AssumeRoleCommand`, `AWS.STS` -> `STS`. */
function calleeName(node: Node | null | undefined): { name: string; nameNode: Node; object?: Node } | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'identifier') return { name: n.text, nameNode: n };
  if (n.type === 'member_expression') {
    const prop = n.childForFieldName('property');
    const obj = n.childForFieldName('object');
    if (prop && (prop.type === 'property_identifier' || prop.type === 'private_property_identifier')) return { name: prop.text, nameNode: prop, object: obj ?? undefined };
  }
  return undefined;
}

/** Modules whose exports of these names are STS's (other `@aws-sdk/client-*` packages reuse command names). */
const AWS_MODULE = /^(?:@aws-sdk\/(?:client-sts|credential-providers?|credential-provider-[a-z-]+)|aws-sdk(?:\/clients\/sts|\/global|\/lib\/.*)?)$/;

/** A name imported from here may be STS's: the SDK itself, or the project's own re-exports. */
function mayBeSts(source: string): boolean {
  return AWS_MODULE.test(source) || source.startsWith('.') || source.startsWith('/') || source.startsWith('~') || source.startsWith('@/');
}

/**
 * The exported name an identifier stands for, following import aliases; undefined when the name is
 * imported from a package other than the AWS SDK (someone else's `AssumeRoleCommand`).
 */
function exportedName(ctx: Context, ident: Node, scope: Scope): string | undefined {
  const d = lookup(ctx, ident.text, scope);
  if (!d) return ident.text;
  if (d.importFrom) return mayBeSts(d.importFrom.source) ? (d.importFrom.name === 'default' || d.importFrom.name === '*' ? ident.text : d.importFrom.name) : undefined;
  if (d.kind === 'class' || d.kind === 'function' || d.kind === 'param') return undefined;
  return ident.text;
}

/** The STS-ish name of a constructor/callee, resolved through imports (`sts.AssumeRoleCommand` too). */
function resolvedCallee(ctx: Context, node: Node | null | undefined, scope: Scope): { name: string; nameNode: Node; object?: Node } | undefined {
  const c = calleeName(node);
  if (!c) return undefined;
  if (c.object) return c;
  const name = exportedName(ctx, c.nameNode, scope);
  return name ? { ...c, name } : undefined;
}

function isClientType(typeText: string | undefined): boolean {
  if (!typeText) return false;
  const t = typeText.replace(/^:\s*/, '').trim();
  return /^(?:AWS\.)?STS(?:Client)?$/.test(t);
}

/** Is this expression an STS client? Constructed (`new STSClient(...)`) or typed as one. */
function clientOf(ctx: Context, expr: Node, scope: Scope, depth = 0): ClientInfo | undefined {
  if (depth > 8) return undefined;
  const n = unwrap(expr);
  if (n.type === 'await_expression') {
    const inner = n.namedChild(0);
    return inner ? clientOf(ctx, inner, scope, depth + 1) : undefined;
  }
  if (n.type === 'new_expression') {
    const c = resolvedCallee(ctx, n.childForFieldName('constructor'), scope);
    return c && CLIENT_CLASSES.has(c.name) ? { ctor: n, scope } : undefined;
  }
  if (n.type === 'identifier') {
    const d = lookup(ctx, n.text, scope);
    if (!d || d.ambiguous || d.path) return undefined;
    if (isClientType(d.typeText)) return { scope: d.scope };
    const values = [...(d.init ? [d.init] : []), ...d.assigned].filter((v) => !(v.type === 'identifier' && v.text === 'undefined') && v.type !== 'null');
    if (values.length === 0) return undefined;
    const infos = values.map((v) => clientOf(ctx, v, d.scope, depth + 1));
    if (infos.some((i) => !i)) return undefined;
    return infos.length === 1 ? infos[0] : { scope: d.scope };
  }
  if (n.type === 'member_expression') {
    const obj = n.childForFieldName('object');
    const prop = n.childForFieldName('property');
    const cls = classScope(scope);
    if (obj?.type !== 'this' || !prop || !cls) return undefined;
    const m = ctx.members.get(`${cls.id}:${prop.text}`);
    if (!m) return undefined;
    if (isClientType(m.typeText)) return { scope: cls };
    if (m.values.length === 0) return undefined;
    const infos = m.values.map((v) => clientOf(ctx, v.node, v.scope, depth + 1));
    if (infos.some((i) => !i)) return undefined;
    return infos.length === 1 ? infos[0] : { scope: cls };
  }
  return undefined;
}

/** The value node of property `name` of an object literal expression (following consts). */
function propNode(ctx: Context, objExpr: Node | null | undefined, scope: Scope, names: readonly string[]): Candidate | undefined {
  if (!objExpr) return undefined;
  const r = resolveExpr(objExpr, scope, ctx.resolver);
  if (r.node.type !== 'object') return undefined;
  for (const c of r.node.namedChildren) {
    if (!c) continue;
    if (c.type === 'pair') {
      const k = c.childForFieldName('key');
      const v = c.childForFieldName('value');
      const kt = k?.type === 'string' ? k.text.slice(1, -1) : k?.text;
      if (kt && v && names.includes(kt)) return { node: v, scope: r.scope };
    } else if (c.type === 'shorthand_property_identifier' && names.includes(c.text)) {
      return { node: c, scope: r.scope };
    }
  }
  return undefined;
}

/** The STS API a call expression makes when it is a role-assuming call (`send(new AssumeRoleCommand)`, `sts.assumeRole()`). */
function stsCallApi(ctx: Context, expr: Node, scope: Scope, depth: number): { api: StsApi; label: string; node: Node } | undefined {
  let n = unwrap(expr);
  if (n.type === 'await_expression') n = unwrap(n.namedChild(0) ?? n);
  if (n.type !== 'call_expression') return undefined;
  const fn = n.childForFieldName('function');
  const callee = calleeName(fn);
  if (!callee?.object) return undefined;
  // sts.assumeRole(params).promise()
  if (callee.name === 'promise') return stsCallApi(ctx, callee.object, scope, depth + 1);
  if (callee.name === 'send') {
    const arg = n.childForFieldName('arguments')?.namedChild(0);
    if (!arg) return undefined;
    const r = resolveExpr(arg, scope, ctx.resolver);
    if (r.node.type !== 'new_expression') return undefined;
    const c = resolvedCallee(ctx, r.node.childForFieldName('constructor'), r.scope);
    const api = c ? COMMANDS[c.name] : undefined;
    return api && c ? { api, label: c.name, node: r.node } : undefined;
  }
  const api = METHODS[callee.name];
  if (api && clientOf(ctx, callee.object, scope, depth + 1)) return { api, label: callee.name, node: callee.nameNode };
  return undefined;
}

/**
 * Where a credentials expression comes from, when it is certainly role credentials: another
 * `fromTemporaryCredentials`, or the `Credentials` of an earlier AssumeRole* result.
 */
function roleCredentialsOrigin(ctx: Context, expr: Node, scope: Scope, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  let n = unwrap(expr);
  if (n.type === 'await_expression') n = unwrap(n.namedChild(0) ?? n);
  if (n.type === 'call_expression') {
    const c = resolvedCallee(ctx, n.childForFieldName('function'), scope);
    if (c && c.name === 'fromTemporaryCredentials') return `fromTemporaryCredentials on line ${lineOf(n)}`;
    if (c && c.name === 'credentialsFrom') {
      const data = n.childForFieldName('arguments')?.namedChild(0);
      return data ? roleResultOrigin(ctx, data, scope, depth + 1) : undefined;
    }
    return undefined;
  }
  if (n.type === 'new_expression') {
    const c = resolvedCallee(ctx, n.childForFieldName('constructor'), scope);
    if (!c) return undefined;
    if (V2_PROVIDER_CLASSES.has(c.name)) return `${c.name} on line ${lineOf(n)}`;
    if (c.name === 'Credentials') {
      const first = n.childForFieldName('arguments')?.namedChild(0);
      if (!first) return undefined;
      return unwrap(first).type === 'object' ? roleCredentialsOrigin(ctx, first, scope, depth + 1) : roleResultOrigin(ctx, first, scope, depth + 1);
    }
    return undefined;
  }
  if (n.type === 'identifier') {
    const d = lookup(ctx, n.text, scope);
    if (!d || d.ambiguous || d.path || d.assigned.length > 0 || !d.init) return undefined;
    return roleCredentialsOrigin(ctx, d.init, d.scope, depth + 1);
  }
  if (n.type === 'object') {
    const key = propNode(ctx, n, scope, ['accessKeyId', 'AccessKeyId']);
    return key ? roleResultOrigin(ctx, key.node, key.scope, depth + 1) : undefined;
  }
  return undefined;
}

/** `r.Credentials.AccessKeyId`, `Credentials!.AccessKeyId`, `data` ... traced to an AssumeRole* result. */
function roleResultOrigin(ctx: Context, expr: Node, scope: Scope, depth: number): string | undefined {
  if (depth > 10) return undefined;
  let n = unwrap(expr);
  if (n.type === 'await_expression') n = unwrap(n.namedChild(0) ?? n);
  if (n.type === 'member_expression' || n.type === 'subscript_expression') {
    const obj = n.childForFieldName('object');
    return obj ? roleResultOrigin(ctx, obj, scope, depth + 1) : undefined;
  }
  if (n.type === 'identifier' || n.type === 'shorthand_property_identifier') {
    const d = lookup(ctx, n.text, scope);
    if (!d || d.ambiguous || d.assigned.length > 0 || !d.init) return undefined;
    return roleResultOrigin(ctx, d.init, d.scope, depth + 1);
  }
  if (n.type === 'call_expression') {
    const call = stsCallApi(ctx, n, scope, depth + 1);
    if (call && ROLE_APIS.has(call.api)) return `the ${call.label} result on line ${lineOf(call.node)}`;
  }
  return undefined;
}

function clientChain(ctx: Context, client: ClientInfo | undefined): string | undefined {
  if (!client?.ctor) return undefined;
  const creds = propNode(ctx, client.ctor.childForFieldName('arguments')?.namedChild(0), client.scope, ['credentials']);
  if (!creds) return undefined;
  const origin = roleCredentialsOrigin(ctx, creds.node, creds.scope);
  return origin ? `the client's credentials come from ${origin}` : undefined;
}

/**
 * The `endpoint` a client was built with (`new STSClient({ endpoint: "http://localhost:9000" })`):
 * the URL when it is a literal, '' when it is set but not a literal, undefined when not set.
 */
function clientEndpoint(ctx: Context, client: ClientInfo | undefined): string | undefined {
  if (!client?.ctor) return undefined;
  const endpoint = propNode(ctx, client.ctor.childForFieldName('arguments')?.namedChild(0), client.scope, ['endpoint']);
  if (!endpoint) return undefined;
  const v = readValue(endpoint.node, endpoint.scope, ctx.resolver);
  return v.kind === 'string' ? v.value : '';
}

/** True when the v2 client was built with bound `params` (they merge into every call). */
function clientHasBoundParams(ctx: Context, client: ClientInfo | undefined): boolean {
  if (!client) return false;
  if (!client.ctor) return true; // typed only: we cannot see how it was built
  return propNode(ctx, client.ctor.childForFieldName('arguments')?.namedChild(0), client.scope, ['params']) !== undefined;
}

/** Where to insert a new `Name: value` entry in an object literal, matching its layout. */
function insertPoint(text: string, obj: Node): { offset: number; prefix: string; suffix: string } {
  const props = obj.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const open = obj.startIndex;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const last = props[props.length - 1];
  if (!last) {
    const inner = text.slice(open + 1, obj.endIndex - 1);
    if (!inner.includes('\n')) return { offset: open + 1, prefix: ' ', suffix: inner.trim() === '' && inner.length > 0 ? '' : ' ' };
    return { offset: open + 1, prefix: nl + indentOf(text, open) + '  ', suffix: ',' };
  }
  const afterLast = last.endIndex;
  let i = afterLast;
  while (i < obj.endIndex && /[ \t]/.test(text[i] ?? '')) i++;
  const trailingComma = text[i] === ',';
  const multiline = text.slice(open, obj.endIndex).includes('\n');
  if (multiline) {
    const indent = indentOf(text, last.startIndex);
    return trailingComma ? { offset: i + 1, prefix: nl + indent, suffix: ',' } : { offset: afterLast, prefix: ',' + nl + indent, suffix: '' };
  }
  return trailingComma ? { offset: i + 1, prefix: ' ', suffix: ',' } : { offset: afterLast, prefix: ', ', suffix: '' };
}

/** The quote the object's string values use, so an inserted placeholder matches the file. */
function quoteStyle(text: string, obj: ObjectValue): string {
  for (const p of obj.props) {
    if (p.value.kind === 'string' && p.value.offset >= obj.offset && p.value.offset < obj.offset + obj.length) {
      const q = text[p.value.offset];
      if (q === "'" || q === '"' || q === '`') return q;
    }
  }
  return '"';
}

/** The leading whitespace of the line holding `offset`. */
function indentOf(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

function argsOf(obj: ObjectValue, style: 'pascal' | 'camel'): Argument[] {
  const out: Argument[] = [];
  for (const p of obj.props as JsProperty[]) {
    const name = style === 'pascal' ? p.key : canonicalName(p.key);
    if (style === 'camel' && !CAMEL_PARAMS.has(name)) continue;
    out.push({ name, sourceName: p.key, span: p.entrySpan, keySpan: p.keySpan, value: p.value });
  }
  return out;
}

/** Builds a call site from the argument expression (an object literal, or a const naming one). */
function siteFromArgs(
  ctx: Context,
  kind: StsApi,
  nameNode: Node,
  label: string,
  argExpr: Node | null | undefined,
  scope: Scope,
  style: 'pascal' | 'camel',
  /** For fromTemporaryCredentials: the parameters sit under this property of the options object. */
  under?: string,
): CallSite {
  const site: CallSite = { kind, span: spanOf(nameNode), args: [], argsComplete: false, nameStyle: style, label };
  if (!argExpr) {
    site.argsComplete = under === undefined;
    return site;
  }
  let target: Candidate | undefined = resolveExpr(argExpr, scope, ctx.resolver);
  if (under) target = propNode(ctx, target.node, target.scope, [under]);
  if (!target) return site;
  const r = resolveExpr(target.node, target.scope, ctx.resolver);
  if (r.node.type !== 'object') return site;
  const obj = readObject(r.node, r.scope, ctx.resolver);
  site.args = argsOf(obj, style);
  site.argsComplete = obj.complete;
  site.insertAt = { ...insertPoint(ctx.text, r.node), quote: quoteStyle(ctx.text, obj) };
  return site;
}

interface Collected {
  news: Candidate[];
  calls: Candidate[];
  sends: { client: Node; arg: Node; scope: Scope }[];
  assignments: { name: string; value: Node; scope: Scope }[];
}

/** The single walk: declarations, class members, candidates. */
function collect(ctx: Context, root: Node): Collected {
  const out: Collected = { news: [], calls: [], sends: [], assignments: [] };
  let scope: Scope = { id: root.id, parent: undefined, isClass: false };
  const pushed: number[] = [];

  const declare = (name: string, kind: DeclKind, at: Scope, extra: Partial<Decl> = {}): void => {
    const k = key(at.id, name);
    const prev = ctx.decls.get(k);
    if (prev) {
      prev.ambiguous = true;
      return;
    }
    ctx.decls.set(k, { name, kind, scope: at, assigned: [], ...extra });
  };

  const declarePattern = (pattern: Node, kind: DeclKind, at: Scope, init: Node | undefined, path: string[] | undefined, typeText?: string): void => {
    switch (pattern.type) {
      case 'identifier':
        declare(pattern.text, kind, at, { init, path, typeText });
        return;
      case 'shorthand_property_identifier_pattern':
        declare(pattern.text, kind, at, { init, path: path ? [...path, pattern.text] : undefined });
        return;
      case 'object_pattern':
        for (const c of pattern.namedChildren) {
          if (!c) continue;
          if (c.type === 'shorthand_property_identifier_pattern') declarePattern(c, kind, at, init, path ?? [], undefined);
          else if (c.type === 'pair_pattern') {
            const k = c.childForFieldName('key');
            const v = c.childForFieldName('value');
            if (v) declarePattern(v, kind, at, init, k && k.type === 'property_identifier' && path ? [...path, k.text] : undefined);
          } else if (c.type === 'object_assignment_pattern') {
            const left = c.childForFieldName('left');
            if (left) declarePattern(left, kind, at, undefined, undefined);
          } else declarePattern(c, kind, at, undefined, undefined);
        }
        return;
      case 'array_pattern':
      case 'rest_pattern':
      case 'assignment_pattern':
      case 'required_parameter':
      case 'optional_parameter': {
        const inner = pattern.childForFieldName('pattern') ?? pattern.childForFieldName('left');
        const t = pattern.childForFieldName('type')?.text;
        if (inner) {
          declarePattern(inner, kind, at, undefined, undefined, t);
          return;
        }
        for (const c of pattern.namedChildren) if (c && c.type !== 'type_annotation') declarePattern(c, kind, at, undefined, undefined);
        return;
      }
      default:
        return;
    }
  };

  const declareParams = (fn: Node, at: Scope): void => {
    const single = fn.childForFieldName('parameter');
    if (single) declarePattern(single, 'param', at, undefined, undefined);
    const params = fn.childForFieldName('parameters');
    if (!params) return;
    const cls = classScope(at.parent);
    for (const p of params.namedChildren) {
      if (!p) continue;
      declarePattern(p, 'param', at, undefined, undefined);
      // constructor(private readonly sts: STSClient): a class member typed as a client
      const isProperty = p.children.some((c) => c?.type === 'accessibility_modifier' || c?.type === 'readonly' || c?.type === 'override_modifier');
      if (cls && isProperty) {
        const name = p.childForFieldName('pattern');
        const t = p.childForFieldName('type')?.text;
        if (name?.type === 'identifier' && t) member(cls, name.text).typeText = t;
      }
    }
  };

  const member = (cls: Scope, name: string): { values: Candidate[]; typeText?: string } => {
    const k = `${cls.id}:${name}`;
    let m = ctx.members.get(k);
    if (!m) ctx.members.set(k, (m = { values: [] }));
    return m;
  };

  const enter = (type: string, getNode: () => Node): boolean => {
    if (SKIP.has(type)) return false;
    switch (type) {
      case 'lexical_declaration':
      case 'variable_declaration': {
        const node = getNode();
        const first = node.child(0)?.type;
        const kind: DeclKind = first === 'const' ? 'const' : first === 'let' ? 'let' : 'var';
        for (const d of node.namedChildren) {
          if (d?.type !== 'variable_declarator') continue;
          const name = d.childForFieldName('name');
          const value = d.childForFieldName('value') ?? undefined;
          if (!name) continue;
          if (name.type === 'identifier') {
            const req = requireOf(value);
            declare(name.text, kind, scope, { init: value, typeText: d.childForFieldName('type')?.text, importFrom: req });
            if (req) noteImport(ctx, name.text, req);
          } else {
            const req = requireOf(value);
            declarePattern(name, kind, scope, value, []);
            if (req && name.type === 'object_pattern') markRequire(ctx, name, scope, req.source);
          }
        }
        return true;
      }
      case 'import_statement': {
        const node = getNode();
        const source = node.childForFieldName('source')?.text.slice(1, -1) ?? '';
        const clause = node.namedChildren.find((c) => c?.type === 'import_clause');
        if (clause) {
          for (const c of clause.namedChildren) {
            if (!c) continue;
            if (c.type === 'identifier') {
              declare(c.text, 'import', scope, { importFrom: { source, name: 'default' } });
              noteImport(ctx, c.text, { source, name: 'default' });
            }
            else if (c.type === 'namespace_import') {
              const id = c.namedChildren.find((x) => x?.type === 'identifier');
              if (id) {
                declare(id.text, 'import', scope, { importFrom: { source, name: '*' } });
                noteImport(ctx, id.text, { source, name: '*' });
              }
            } else if (c.type === 'named_imports') {
              for (const s of c.namedChildren) {
                if (s?.type !== 'import_specifier') continue;
                const name = s.childForFieldName('name')?.text;
                const alias = s.childForFieldName('alias')?.text;
                if (name) {
                  declare(alias ?? name, 'import', scope, { importFrom: { source, name } });
                  noteImport(ctx, alias ?? name, { source, name });
                }
              }
            }
          }
        }
        return false;
      }
      case 'class_declaration':
      case 'abstract_class_declaration': {
        const name = getNode().childForFieldName('name');
        if (name) declare(name.text, 'class', scope);
        return true;
      }
      case 'public_field_definition':
      case 'field_definition': {
        const node = getNode();
        const name = node.childForFieldName('name') ?? node.childForFieldName('property');
        const value = node.childForFieldName('value');
        const cls = classScope(scope);
        if (name && cls) {
          const m = member(cls, name.text);
          if (value) m.values.push({ node: value, scope });
          const t = node.childForFieldName('type')?.text;
          if (t) m.typeText = t;
        }
        return true;
      }
      case 'assignment_expression': {
        const node = getNode();
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right) {
          if (left.type === 'identifier') out.assignments.push({ name: left.text, value: right, scope });
          else if (left.type === 'member_expression' && left.childForFieldName('object')?.type === 'this') {
            const prop = left.childForFieldName('property');
            const cls = classScope(scope);
            if (prop && cls) member(cls, prop.text).values.push({ node: right, scope });
          }
        }
        return true;
      }
      case 'new_expression':
        out.news.push({ node: getNode(), scope });
        return true;
      case 'call_expression': {
        const node = getNode();
        const fn = node.childForFieldName('function');
        const c = calleeName(fn);
        if (!c) return true;
        if (c.name === 'send' && c.object) {
          const arg = node.childForFieldName('arguments')?.namedChild(0);
          if (arg) out.sends.push({ client: c.object, arg, scope });
        } else if (METHODS[c.name] !== undefined || PROVIDERS[c.name] !== undefined || (!c.object && lookup(ctx, c.name, scope)?.importFrom)) {
          out.calls.push({ node, scope });
        }
        return true;
      }
      default:
        return true;
    }
  };

  const hits: number[] = [];
  for (const m of ctx.text.matchAll(TRIGGER)) hits.push(m.index);
  /** True when the cursor's node holds no trigger word, so nothing inside it can matter. */
  const prunable = (): boolean => {
    if (ctx.pruneOff) return false;
    return !hasHit(hits, cursor.startIndex, cursor.endIndex);
  };

  const cursor = root.walk();
  const pushScope = (isClass: boolean): void => {
    scope = { id: cursor.nodeId, parent: scope, isClass };
    pushed.push(cursor.nodeId);
  };
  const onEnter = (): boolean => {
    const type = cursor.nodeType;
    let node: Node | undefined;
    const getNode = (): Node => (node ??= cursor.currentNode);
    if (FUNCTION_SCOPES.has(type)) {
      const n = getNode();
      const name = n.childForFieldName('name');
      if (name && (type === 'function_declaration' || type === 'generator_function_declaration')) declare(name.text, 'function', scope);
      if (prunable()) return false;
      pushScope(false);
      declareParams(n, scope);
      return true;
    }
    if (BLOCK_SCOPES.has(type) && type !== 'program') {
      if (prunable()) return false;
      pushScope(type === 'class_body');
      if (type === 'catch_clause') {
        const p = getNode().childForFieldName('parameter');
        if (p) declarePattern(p, 'param', scope, undefined, undefined);
      } else if (type === 'for_in_statement') {
        const left = getNode().childForFieldName('left');
        if (left) declarePattern(left, 'let', scope, undefined, undefined);
      }
      return true;
    }
    return enter(type, getNode) && !(PRUNABLE.has(type) && prunable());
  };
  const onLeave = (): void => {
    if (pushed.length > 0 && pushed[pushed.length - 1] === cursor.nodeId) {
      pushed.pop();
      scope = scope.parent ?? scope;
    }
  };

  walkCursor(cursor, onEnter, onLeave);
  cursor.delete();
  return out;
}

/** Notes an imported binding; an STS name under an alias without trigger words turns pruning off. */
function noteImport(ctx: Context, local: string, from: { source: string; name: string }): void {
  TRIGGER.lastIndex = 0;
  if ((COMMANDS[from.name] !== undefined || INTERESTING_EXPORTS.has(from.name) || AWS_MODULE.test(from.source)) && !TRIGGER.test(local)) ctx.pruneOff = true;
  TRIGGER.lastIndex = 0;
}

/** `require('@aws-sdk/client-sts')` -> its module name. */
function requireOf(value: Node | undefined): { source: string; name: string } | undefined {
  if (!value || value.type !== 'call_expression') return undefined;
  const fn = value.childForFieldName('function');
  if (fn?.type !== 'identifier' || fn.text !== 'require') return undefined;
  const arg = value.childForFieldName('arguments')?.namedChild(0);
  if (arg?.type !== 'string') return undefined;
  return { source: arg.text.slice(1, -1), name: 'default' };
}

/** `const { AssumeRoleCommand: ARC } = require('@aws-sdk/client-sts')`: the names are imports. */
function markRequire(ctx: Context, pattern: Node, scope: Scope, source: string): void {
  for (const c of pattern.namedChildren) {
    if (!c) continue;
    if (c.type === 'shorthand_property_identifier_pattern') {
      const d = ctx.decls.get(key(scope.id, c.text));
      if (d) d.importFrom = { source, name: c.text };
      noteImport(ctx, c.text, { source, name: c.text });
    } else if (c.type === 'pair_pattern') {
      const k = c.childForFieldName('key');
      const v = c.childForFieldName('value');
      if (k && v?.type === 'identifier') {
        const d = ctx.decls.get(key(scope.id, v.text));
        if (d) d.importFrom = { source, name: k.text };
        noteImport(ctx, v.text, { source, name: k.text });
      }
    }
  }
}

function extractJs(grammar: string, text: string): CallSite[] {
  const tree = parse(grammar, text);
  if (!tree) return [];
  const ctx: Context = {
    text,
    decls: new Map(),
    members: new Map(),
    sentWith: new Map(),
    pruneOff: false,
    resolver: {
      constInit(name, scope) {
        const d = lookup(ctx, name, scope);
        if (!d || d.kind !== 'const' || d.ambiguous || d.path || !d.init) return undefined;
        return { node: d.init, scope: d.scope };
      },
    },
  };
  const found = collect(ctx, tree.rootNode);

  for (const a of found.assignments) lookup(ctx, a.name, a.scope)?.assigned.push(a.value);
  for (const s of found.sends) {
    const r = resolveExpr(s.arg, s.scope, ctx.resolver);
    if (r.node.type === 'new_expression') ctx.sentWith.set(r.node.id, { node: s.client, scope: s.scope });
  }

  const sites: CallSite[] = [];
  for (const cand of found.news) {
    const site = commandSite(ctx, cand);
    if (site) sites.push(site);
  }
  for (const cand of found.calls) {
    const site = callSite(ctx, cand);
    if (site) sites.push(site);
  }
  sites.sort((a, b) => a.span.offset - b.span.offset);
  return sites;
}

/** `new AssumeRoleCommand({...})` and v2 `new AWS.ChainableTemporaryCredentials({ params })`. */
function commandSite(ctx: Context, cand: Candidate): CallSite | undefined {
  const n = cand.node;
  const c = resolvedCallee(ctx, n.childForFieldName('constructor'), cand.scope);
  if (!c) return undefined;
  const args = n.childForFieldName('arguments');
  const first = args?.namedChild(0);
  const api = COMMANDS[c.name];
  if (api) {
    const site = siteFromArgs(ctx, api, c.nameNode, c.name, first, cand.scope, 'pascal');
    const sent = ctx.sentWith.get(n.id);
    if (sent) {
      const sender = clientOf(ctx, sent.node, sent.scope);
      const chain = clientChain(ctx, sender);
      if (chain) site.chainedVia = chain;
      const endpoint = clientEndpoint(ctx, sender);
      if (endpoint !== undefined) site.endpoint = endpoint;
    }
    return site;
  }
  if (V2_PROVIDER_CLASSES.has(c.name) && (c.object || lookup(ctx, c.nameNode.text, cand.scope)?.importFrom)) {
    // new AWS.ChainableTemporaryCredentials({ params, masterCredentials }) / new AWS.TemporaryCredentials(params, master)
    const chainable = c.name === 'ChainableTemporaryCredentials';
    const site = siteFromArgs(ctx, 'AssumeRole', c.nameNode, c.name, first, cand.scope, 'pascal', chainable ? 'params' : undefined);
    site.argsComplete = false; // the SDK fills RoleSessionName in
    const master = chainable ? propNode(ctx, first, cand.scope, ['masterCredentials']) : args?.namedChild(1) ? { node: args.namedChild(1) as Node, scope: cand.scope } : undefined;
    const origin = master ? roleCredentialsOrigin(ctx, master.node, master.scope) : undefined;
    if (origin) site.chainedVia = `masterCredentials come from ${origin}`;
    return site;
  }
  return undefined;
}

/** `sts.assumeRole({...})` on a known client, and the credential providers. */
function callSite(ctx: Context, cand: Candidate): CallSite | undefined {
  const n = cand.node;
  const c = resolvedCallee(ctx, n.childForFieldName('function'), cand.scope);
  if (!c) return undefined;
  const first = n.childForFieldName('arguments')?.namedChild(0);
  const provider = PROVIDERS[c.name];
  if (provider) {
    if (c.object) {
      // providers.fromTemporaryCredentials(...) only on a namespace import of the AWS SDK
      const obj = unwrap(c.object);
      const d = obj.type === 'identifier' ? lookup(ctx, obj.text, cand.scope) : undefined;
      if (!d?.importFrom || !AWS_MODULE.test(d.importFrom.source)) return undefined;
    }
    if (provider.style === 'params') {
      const site = siteFromArgs(ctx, provider.api, c.nameNode, c.name, first, cand.scope, 'pascal', 'params');
      site.argsComplete = false; // RoleSessionName is optional here: the provider generates one
      const master = propNode(ctx, first, cand.scope, ['masterCredentials']);
      const origin = master ? roleCredentialsOrigin(ctx, master.node, master.scope) : undefined;
      if (origin) site.chainedVia = `masterCredentials come from ${origin}`;
      return site;
    }
    const site = siteFromArgs(ctx, provider.api, c.nameNode, c.name, first, cand.scope, 'camel');
    site.argsComplete = false; // roleSessionName is generated; fromTokenFile reads the rest from the environment
    return site;
  }
  const api = METHODS[c.name];
  if (!api || !c.object) return undefined;
  const client = clientOf(ctx, c.object, cand.scope);
  if (!client) return undefined;
  const site = siteFromArgs(ctx, api, c.nameNode, c.name, first, cand.scope, 'pascal');
  if (clientHasBoundParams(ctx, client)) site.argsComplete = false;
  const chain = clientChain(ctx, client);
  if (chain) site.chainedVia = chain;
  const endpoint = clientEndpoint(ctx, client);
  if (endpoint !== undefined) site.endpoint = endpoint;
  return site;
}

function makeExtractor(grammar: string): Extractor {
  return { grammars: [grammar], extract: (text: string) => extractJs(grammar, text) };
}

export const typescriptExtractor: Extractor = makeExtractor('tree-sitter-typescript.wasm');
export const tsxExtractor: Extractor = makeExtractor('tree-sitter-tsx.wasm');
export const javascriptExtractor: Extractor = makeExtractor('tree-sitter-javascript.wasm');
