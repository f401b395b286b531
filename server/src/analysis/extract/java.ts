/**
 * Java extractor (AWS SDK for Java v2 and v1).
 *
 * Recognises v2 request builders `AssumeRoleRequest.builder().roleArn("...").build()`, v2 consumer
 * builders `sts.assumeRole(r -> r.roleArn("..."))` and `StsAssumeRoleCredentialsProvider.builder()
 * .refreshRequest(r -> ...)`, and v1 requests `new AssumeRoleRequest().withRoleArn("...")` (with
 * `req.setX(...)`/`req.withX(...)` calls on the same variable). Final fields and locals in the file are
 * resolved; anything else is unknown. A request sent with a client built from assumed-role credentials
 * in the same file is marked as role chaining.
 */
import { parse, field, namedChildren, type Node } from '../treesitter';
import type { Argument, CallSite, Extractor, Property, StsApi, Value } from '../types';
import { canonicalName } from '../values';
import { assignedName, atUseSite, C_ESCAPES, CAMEL_CASE_METHODS, clientSending, decodeBackslashEscape, descendantsIn, enclosing, escapedStringLiteral, foldBinary, foldUnary, identifierLookup, markRoleChains, matchOffsets, prunedWalk, topLevelMentioning, numberAt, spanOf, unknownAt, upsertArg } from './common';

const GRAMMAR = 'tree-sitter-java.wasm';

const REQUEST_TYPES: Record<string, StsApi> = {
  AssumeRoleRequest: 'AssumeRole',
  AssumeRoleWithWebIdentityRequest: 'AssumeRoleWithWebIdentity',
  AssumeRoleWithSamlRequest: 'AssumeRoleWithSAML',
  AssumeRoleWithSAMLRequest: 'AssumeRoleWithSAML',
  GetSessionTokenRequest: 'GetSessionToken',
  GetFederationTokenRequest: 'GetFederationToken',
  AssumeRootRequest: 'AssumeRoot',
  GetWebIdentityTokenRequest: 'GetWebIdentityToken',
};

/** Client methods taking a request (or a consumer of its builder). */
const CLIENT_METHODS = CAMEL_CASE_METHODS;

/** v2 credential providers whose `refreshRequest` takes a request of this API. */
const PROVIDERS: Record<string, StsApi> = {
  StsAssumeRoleCredentialsProvider: 'AssumeRole',
  StsAssumeRoleWithWebIdentityCredentialsProvider: 'AssumeRoleWithWebIdentity',
  StsAssumeRoleWithSamlCredentialsProvider: 'AssumeRoleWithSAML',
  StsGetSessionTokenCredentialsProvider: 'GetSessionToken',
  StsGetFederationTokenCredentialsProvider: 'GetFederationToken',
};

/** Providers whose credentials are a role session (sources of role chaining). */
const ROLE_PROVIDERS = new Set([
  'StsAssumeRoleCredentialsProvider',
  'StsAssumeRoleWithWebIdentityCredentialsProvider',
  'StsAssumeRoleWithSamlCredentialsProvider',
  'STSAssumeRoleSessionCredentialsProvider',
  'WebIdentityTokenCredentialsProvider',
]);

const PARAMS = new Set([
  'RoleArn', 'RoleSessionName', 'DurationSeconds', 'ExternalId', 'SerialNumber', 'TokenCode', 'SourceIdentity', 'Policy',
  'PolicyArns', 'Tags', 'TransitiveTagKeys', 'Name', 'WebIdentityToken', 'ProviderId', 'SAMLAssertion', 'PrincipalArn',
  'TargetPrincipal', 'TaskPolicyArn', 'ProvidedContexts', 'ContextAssertion',
]);
/** Builder methods that are not parameters but do not hide any either. */
const NEUTRAL_METHODS = new Set(['overrideConfiguration', 'providedContexts', 'withRequestCredentialsProvider', 'withSdkClientExecutionTimeout', 'withGeneralProgressListener']);

/**
 * Words at least one of which every candidate node spells: request type names, credential providers
 * and client methods (a consumer's `refreshRequest` contains `Request`).
 */
const CANDIDATE_WORDS = /Request|CredentialsProvider|assumeRole|assumeRoot|getSessionToken|getFederationToken|getWebIdentityToken/g;

const AWS_PACKAGES = /^(software\.amazon\.awssdk\.services\.sts\.model|com\.amazonaws\.services\.securitytoken\.model)\./;

interface Ctx {
  text: string;
  /** Identifier nodes spelled like a name, in document order. */
  idents: (name: string) => readonly Node[];
  /** A constant's value; null when the name is declared more than once or is not a constant. */
  consts: (name: string) => Node | null | undefined;
  /** Request type names imported from somewhere else than the STS SDK: not ours. */
  foreign: Set<string>;
}

interface Found {
  site: CallSite;
  /** The node whose value is the request (to follow it into `client.assumeRole(req)`). */
  expr: Node;
  client?: Node;
}

export const javaExtractor: Extractor = {
  grammars: [GRAMMAR],
  extract(text: string): CallSite[] {
    const tree = parse(GRAMMAR, text);
    if (!tree) return [];
    const root = tree.rootNode;
    const idents = identifierLookup(root, text);
    const ctx: Ctx = { text, idents, consts: constLookup(idents), foreign: collectForeign(root, text) };
    const found: Found[] = [];
    const roleSources: Node[] = [];

    // Every candidate spells one of the candidate words inside its own node: subtrees without any are
    // not walked into, and only candidate nodes are materialized.
    prunedWalk(root, matchOffsets(text, CANDIDATE_WORDS), (cursor) => {
      const type = cursor.nodeType;
      if (type === 'line_comment' || type === 'block_comment') return false;
      if (type !== 'object_creation_expression' && type !== 'method_invocation') return true;
      const n = cursor.currentNode;
      if (type === 'object_creation_expression') {
        const type = simpleTypeName(field(n, 'type'));
        if (type && ROLE_PROVIDERS.has(type)) roleSources.push(n);
        // `new GetSessionTokenRequest()` on its own (setters, if any, come later on its variable).
        const parent = n.parent;
        if (!(parent?.type === 'method_invocation' && field(parent, 'object')?.id === n.id)) {
          const site = chainSite(n, ctx);
          if (site) found.push(site);
        }
        return true;
      }
      const name = field(n, 'name')?.text ?? '';
      const object = field(n, 'object');
      if (name === 'builder' && object && ROLE_PROVIDERS.has(lastName(object))) roleSources.push(n);
      if (CLIENT_METHODS[name] && object) {
        // `sts.assumeRole(...)` returns role credentials when it is one of the AssumeRole* calls.
        if (name.startsWith('assumeRole')) roleSources.push(n);
      }
      // Only the outermost call of a chain starts a request.
      const parent = n.parent;
      if (parent?.type === 'method_invocation' && field(parent, 'object')?.id === n.id) return true;
      const site = chainSite(n, ctx) ?? consumerSite(n, ctx);
      if (site) found.push(site);
      return true;
    });

    for (const f of found) f.client ??= clientSending(f.expr, sentBy, ctx.idents);
    markRoleChains({
      root,
      text,
      clients: found.flatMap((f) => (f.client ? [{ site: f.site, client: f.client }] : [])),
      sources: roleSources,
      assignmentTypes: ['variable_declarator', 'assignment_expression'],
      bindingOf: (a) => {
        const name = a.type === 'variable_declarator' ? field(a, 'name')?.text : field(a, 'left')?.text;
        return { names: name ? [{ name, whole: true }] : [], right: field(a, a.type === 'variable_declarator' ? 'value' : 'right') };
      },
      describe: (src) => {
        const name = src.type === 'object_creation_expression' ? simpleTypeName(field(src, 'type')) : field(src, 'name')?.text === 'builder' ? lastName(field(src, 'object')!) : field(src, 'name')?.text;
        return `credentials from ${name ?? 'an assumed role'} on line ${src.startPosition.row + 1}`;
      },
    });
    return found.map((f) => f.site);
  },
};

/** A v2 builder chain or a v1 `new X().withY(...)` chain ending at `top`. */
function chainSite(top: Node, ctx: Ctx): Found | undefined {
  const calls = unroll(top);
  const first = calls[0];
  const rootObject = first ? field(first, 'object') : top.type === 'object_creation_expression' ? top : undefined;
  if (!rootObject) return undefined;
  let api: StsApi | undefined;
  let span: Node | undefined;
  let setters: Node[];
  let complete: boolean;
  const args: Argument[] = [];
  if (first && field(first, 'name')?.text === 'builder' && (rootObject.type === 'identifier' || rootObject.type === 'field_access') && isRequestType(rootObject, ctx)) {
    api = REQUEST_TYPES[lastName(rootObject)];
    span = rootObject.type === 'field_access' ? (field(rootObject, 'field') ?? rootObject) : rootObject;
    const buildAt = calls.findIndex((c) => field(c, 'name')?.text === 'build');
    setters = calls.slice(1, buildAt < 0 ? undefined : buildAt);
    complete = buildAt >= 0;
  } else if (rootObject?.type === 'object_creation_expression') {
    const typeNode = field(rootObject, 'type');
    if (!typeNode || !isRequestType(typeNode, ctx)) return undefined;
    api = REQUEST_TYPES[simpleTypeName(typeNode) ?? ''];
    span = typeNode.type === 'scoped_type_identifier' ? (namedChildren(typeNode).pop() ?? typeNode) : typeNode;
    setters = calls;
    complete = true;
    addCtorArgs(rootObject, api, args, ctx);
  } else {
    return undefined;
  }
  if (!api || !span) return undefined;
  for (const call of setters) {
    const arg = setterArg(call, ctx);
    if (arg === 'neutral') continue;
    if (!arg) complete = false;
    else upsertArg(args, arg);
  }
  const buildCall = calls.find((c) => field(c, 'name')?.text === 'build');
  const site: CallSite = {
    kind: api,
    span: spanOf(span),
    args,
    argsComplete: complete,
    nameStyle: 'camel',
    label: `${lastNameOfSpan(span)}`,
  };
  if (buildCall) {
    // Before `.build()`: `.roleSessionName("...")`.
    const dot = field(buildCall, 'object')?.endIndex;
    if (dot !== undefined) site.insertAt = { offset: dot, prefix: '.', suffix: ')', assign: '(', quote: '"' };
  } else if (rootObject?.type === 'object_creation_expression') {
    const last = calls[calls.length - 1] ?? top;
    site.insertAt = { offset: last.endIndex, prefix: '.with', suffix: ')', assign: '(', quote: '"' };
    site.nameStyle = 'pascal';
  }
  // v1 request in a variable: `req.setDurationSeconds(...)` / `req.withX(...)` elsewhere count too.
  if (rootObject?.type === 'object_creation_expression') {
    const variable = assignedName(top);
    if (variable) site.argsComplete = addVariableSetters(variable, top, site, ctx) && site.argsComplete;
  }
  return { site, expr: top };
}

/** `sts.assumeRole(r -> r.roleArn(...))` and `Provider.builder().refreshRequest(r -> ...)`. */
function consumerSite(call: Node, ctx: Ctx): Found | undefined {
  // The consumer call may sit anywhere in a chain; look at every call in it.
  for (const c of unroll(call)) {
    const name = field(c, 'name')?.text ?? '';
    let api: StsApi | undefined = CLIENT_METHODS[name];
    let client: Node | undefined = api ? field(c, 'object') : undefined;
    if (name === 'refreshRequest') {
      const calls = unroll(call);
      const root = field(calls[0] ?? call, 'object');
      api = root ? PROVIDERS[lastName(root)] : undefined;
      const stsClient = calls.find((x) => field(x, 'name')?.text === 'stsClient');
      client = stsClient ? namedChildren(field(stsClient, 'arguments') ?? stsClient)[0] : undefined;
    }
    if (!api) continue;
    const list = field(c, 'arguments');
    const lambda = list ? namedChildren(list)[0] : undefined;
    if (!lambda || lambda.type !== 'lambda_expression' || namedChildren(list!).length !== 1) continue;
    const params = field(lambda, 'parameters');
    const param = params?.type === 'identifier' ? params.text : params ? namedChildren(params).find((p) => p.type === 'identifier')?.text : undefined;
    const body = field(lambda, 'body');
    if (!param || !body) continue;
    const chains = body.type === 'block' ? namedChildren(body).map((s) => (s.type === 'expression_statement' ? namedChildren(s)[0] : s)) : [body];
    const args: Argument[] = [];
    let complete = true;
    let last: Node | undefined;
    for (const chain of chains) {
      if (!chain || chain.type.endsWith('comment')) continue;
      const calls = chain.type === 'method_invocation' ? unroll(chain) : [];
      if (calls.length === 0 || field(calls[0]!, 'object')?.text !== param) {
        complete = false;
        continue;
      }
      for (const s of calls) {
        const arg = setterArg(s, ctx);
        if (arg === 'neutral') continue;
        if (!arg) complete = false;
        else upsertArg(args, arg);
        last = s;
      }
    }
    // Only a consumer that sets STS parameters is an STS request (not any `assumeRole(x -> ...)`).
    if (args.length === 0) continue;
    const nameNode = field(c, 'name')!;
    const site: CallSite = { kind: api, span: spanOf(nameNode), args, argsComplete: complete, nameStyle: 'camel', label: name };
    if (last && body.type !== 'block') site.insertAt = { offset: last.endIndex, prefix: '.', suffix: ')', assign: '(', quote: '"' };
    return { site, expr: c, client };
  }
  return undefined;
}

/** The calls of a chain, innermost first: `a.b().c().d()` -> [b(), c(), d()]. */
function unroll(top: Node): Node[] {
  const out: Node[] = [];
  let n: Node | undefined = top;
  while (n?.type === 'method_invocation') {
    out.unshift(n);
    n = field(n, 'object');
  }
  return out;
}

/** One setter call as an argument; `neutral` for builder methods that are not parameters; undefined for anything else. */
function setterArg(call: Node, ctx: Ctx): Argument | 'neutral' | undefined {
  const nameNode = field(call, 'name');
  const list = field(call, 'arguments');
  if (!nameNode || !list) return undefined;
  const sourceName = nameNode.text;
  if (NEUTRAL_METHODS.has(sourceName)) return 'neutral';
  const bare = sourceName.replace(/^(with|set)(?=[A-Z])/, '');
  const canonical = canonicalName(bare);
  if (!PARAMS.has(canonical)) return undefined;
  const values = namedChildren(list).filter((c) => !c.type.endsWith('comment'));
  if (values.length === 0) return undefined;
  const collection = canonical === 'Tags' || canonical === 'PolicyArns' || canonical === 'TransitiveTagKeys' || canonical === 'ProvidedContexts';
  let value: Value;
  if (values.length === 1 && values[0]) {
    value = javaValue(values[0], ctx);
    // Varargs with one element: `.tags(tag)` is a list of one.
    if (collection && value.kind !== 'array' && value.kind !== 'unknown') value = { kind: 'array', items: [value], complete: true, offset: value.offset, length: value.length };
  } else {
    const items = values.map((v) => javaValue(v, ctx));
    value = { kind: 'array', items, complete: true, offset: list.startIndex + 1, length: list.endIndex - list.startIndex - 2 };
  }
  return { name: canonical, sourceName, span: { offset: nameNode.startIndex, length: call.endIndex - nameNode.startIndex }, keySpan: spanOf(nameNode), value };
}

/** v1 `new GetFederationTokenRequest("name")`. */
function addCtorArgs(creation: Node, api: StsApi | undefined, args: Argument[], ctx: Ctx): void {
  const list = field(creation, 'arguments');
  const first = list ? namedChildren(list)[0] : undefined;
  if (api === 'GetFederationToken' && first) {
    args.push({ name: 'Name', sourceName: 'name', span: spanOf(first), keySpan: spanOf(first), value: javaValue(first, ctx) });
  }
}

/**
 * Adds `v.setX(...)`/`v.withX(...)` calls after the declaration. Returns false when the variable is
 * used in another way that may set parameters we cannot see (passed to a helper).
 */
function addVariableSetters(variable: string, decl: Node, site: CallSite, ctx: Ctx): boolean {
  let complete = true;
  const scope = enclosing(decl, ['method_declaration', 'constructor_declaration', 'lambda_expression', 'class_body', 'program']) ?? decl.tree.rootNode;
  for (const n of ctx.idents(variable)) {
    if (n.startIndex < decl.endIndex || n.endIndex > scope.endIndex) continue;
    const p = n.parent;
    if (p?.type === 'method_invocation' && field(p, 'object')?.id === n.id) {
      const arg = setterArg(p, ctx);
      if (arg && arg !== 'neutral') upsertArg(site.args, arg);
      else if (!arg && !/^get[A-Z]|^toString$|^equals$|^hashCode$/.test(field(p, 'name')?.text ?? '')) complete = false;
      continue;
    }
    if (p?.type === 'argument_list' && CLIENT_METHODS[field(p.parent!, 'name')?.text ?? '']) continue;
    complete = false;
  }
  return complete;
}

function sentBy(expr: Node): Node | undefined {
  const list = expr.parent;
  if (list?.type !== 'argument_list') return undefined;
  const call = list.parent;
  if (call?.type !== 'method_invocation' || !CLIENT_METHODS[field(call, 'name')?.text ?? '']) return undefined;
  return field(call, 'object');
}

function isRequestType(node: Node, ctx: Ctx): boolean {
  const name = lastName(node);
  if (!REQUEST_TYPES[name]) return false;
  if (node.type === 'field_access' || node.type === 'scoped_type_identifier' || node.type === 'scoped_identifier') {
    return AWS_PACKAGES.test(node.text.replace(/\s+/g, '') + '.');
  }
  return !ctx.foreign.has(name);
}

function lastName(node: Node): string {
  if (node.type === 'field_access') return field(node, 'field')?.text ?? '';
  if (node.type === 'scoped_type_identifier' || node.type === 'scoped_identifier') return namedChildren(node).pop()?.text ?? '';
  if (node.type === 'generic_type') return lastName(namedChildren(node)[0] ?? node);
  return node.text;
}

function lastNameOfSpan(n: Node): string {
  return n.text;
}

function simpleTypeName(node: Node | undefined): string | undefined {
  return node ? lastName(node) : undefined;
}

/** Imports sit at the top level, each under a top-level node that spells `import`. */
function collectForeign(root: Node, text: string): Set<string> {
  const out = new Set<string>();
  for (const imp of descendantsIn(topLevelMentioning(root, text, 'import'), 'import_declaration')) {
    const path = namedChildren(imp).find((c) => c.type === 'scoped_identifier')?.text.replace(/\s+/g, '');
    if (!path) continue;
    const name = path.split('.').pop() ?? '';
    if (REQUEST_TYPES[name] && !AWS_PACKAGES.test(path)) out.add(name);
  }
  return out;
}

const DECLARATIONS = new Set(['field_declaration', 'local_variable_declaration', 'constant_declaration']);

/**
 * `final` fields and locals (and interface constants) by name, found from the places the name is
 * spelled; a name declared twice is ambiguous (null).
 */
function constLookup(idents: (name: string) => readonly Node[]): (name: string) => Node | null | undefined {
  const cache = new Map<string, Node | null | undefined>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    let out: Node | null | undefined;
    for (const id of idents(name)) {
      const d = id.parent;
      const decl = d?.parent;
      if (d?.type !== 'variable_declarator' || !decl || !DECLARATIONS.has(decl.type) || field(d, 'name')?.id !== id.id) continue;
      const mods = namedChildren(decl).find((c) => c.type === 'modifiers')?.text ?? '';
      const isConst = decl.type === 'constant_declaration' || /\bfinal\b/.test(mods) || decl.parent?.type === 'interface_body';
      const value = field(d, 'value');
      out = out !== undefined || !isConst || !value ? null : value;
    }
    cache.set(name, out);
    return out;
  };
}

// ---- values ----------------------------------------------------------------------------------

const LIST_FACTORIES = /^(List|Arrays|Collections|ImmutableList|Set|ImmutableSet|Lists)$/;

function javaValue(node: Node, ctx: Ctx, depth = 0): Value {
  if (depth > 8) return unknownAt(node);
  switch (node.type) {
    case 'string_literal':
      return stringLiteral(node, ctx.text);
    case 'true':
    case 'false':
      return { kind: 'boolean', value: node.type === 'true', ...spanOf(node) };
    case 'null_literal':
      return { kind: 'null', ...spanOf(node) };
    case 'parenthesized_expression': {
      const inner = namedChildren(node)[0];
      return inner ? javaValue(inner, ctx, depth + 1) : unknownAt(node);
    }
    case 'identifier': {
      const def = ctx.consts(node.text);
      if (def?.type === 'string_literal') return atUseSite(stringLiteral(def, ctx.text), node);
      return numberValue(node, ctx);
    }
    case 'method_invocation': {
      const name = field(node, 'name')?.text ?? '';
      const object = field(node, 'object');
      const list = field(node, 'arguments');
      if (object && LIST_FACTORIES.test(object.text) && /^(of|asList|singletonList|newArrayList|copyOf)$/.test(name) && list) {
        const items = namedChildren(list).filter((c) => !c.type.endsWith('comment')).map((c) => javaValue(c, ctx, depth + 1));
        return { kind: 'array', items, complete: true, ...spanOf(node) };
      }
      if (object?.text === 'Duration') return unknownAt(node);
      return builderObject(node, ctx, depth) ?? numberValue(node, ctx);
    }
    case 'array_creation_expression': {
      const init = namedChildren(node).find((c) => c.type === 'array_initializer');
      if (!init) return unknownAt(node);
      return { kind: 'array', items: namedChildren(init).filter((c) => !c.type.endsWith('comment')).map((c) => javaValue(c, ctx, depth + 1)), complete: true, ...spanOf(node) };
    }
    default:
      return numberValue(node, ctx);
  }
}

/** `Tag.builder().key("k").value("v").build()` / `new Tag().withKey("k")`: an object keyed by canonical names. */
function builderObject(top: Node, ctx: Ctx, depth: number): Value | undefined {
  const calls = unroll(top);
  const first = calls[0];
  if (!first) return undefined;
  const root = field(first, 'object');
  let setters: Node[];
  if (field(first, 'name')?.text === 'builder' && root && (root.type === 'identifier' || root.type === 'field_access')) {
    setters = calls.slice(1).filter((c) => field(c, 'name')?.text !== 'build');
  } else if (root?.type === 'object_creation_expression') {
    setters = calls;
  } else return undefined;
  const props: Property[] = [];
  let complete = true;
  for (const s of setters) {
    const nameNode = field(s, 'name');
    const v = namedChildren(field(s, 'arguments') ?? s)[0];
    if (!nameNode || !v) {
      complete = false;
      continue;
    }
    props.push({ key: canonicalName(nameNode.text.replace(/^(with|set)(?=[A-Z])/, '')), keySpan: spanOf(nameNode), value: javaValue(v, ctx, depth + 1) });
  }
  return { kind: 'object', props, complete, ...spanOf(top) };
}

function numberValue(node: Node, ctx: Ctx): Value {
  const n = evalNumber(node, ctx, 0);
  return n === undefined ? unknownAt(node) : numberAt(node, n);
}

function evalNumber(node: Node, ctx: Ctx, depth: number): number | undefined {
  if (depth > 12) return undefined;
  switch (node.type) {
    case 'decimal_integer_literal':
    case 'hex_integer_literal':
    case 'binary_integer_literal': {
      const n = Number(node.text.replace(/[_lL]/g, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'octal_integer_literal': {
      const n = parseInt(node.text.replace(/[_lL]/g, ''), 8);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'parenthesized_expression': {
      const inner = namedChildren(node)[0];
      return inner ? evalNumber(inner, ctx, depth + 1) : undefined;
    }
    case 'cast_expression': {
      const v = field(node, 'value');
      return v ? evalNumber(v, ctx, depth + 1) : undefined;
    }
    case 'unary_expression':
      return foldUnary(field(node, 'operator')?.type ?? node.child(0)?.type, field(node, 'operand'), (n) => evalNumber(n, ctx, depth + 1));
    case 'binary_expression':
      return foldBinary(field(node, 'operator')?.type, field(node, 'left'), field(node, 'right'), (n) => evalNumber(n, ctx, depth + 1), 'truncate');
    case 'identifier': {
      const def = ctx.consts(node.text);
      return def ? evalNumber(def, ctx, depth + 1) : undefined;
    }
    case 'method_invocation': {
      // Integer.valueOf(7200), (int) TimeUnit.HOURS.toSeconds(2)
      const name = field(node, 'name')?.text ?? '';
      const object = field(node, 'object')?.text ?? '';
      const arg = namedChildren(field(node, 'arguments') ?? node)[0];
      if (!arg) return undefined;
      if (/^(Integer|Long)$/.test(object) && name === 'valueOf') return evalNumber(arg, ctx, depth + 1);
      const unit = /^TimeUnit\.(SECONDS|MINUTES|HOURS|DAYS)$/.exec(object.replace(/\s+/g, ''))?.[1];
      if (unit && name === 'toSeconds') {
        const n = evalNumber(arg, ctx, depth + 1);
        const mult = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86400 }[unit as 'SECONDS'];
        return n === undefined ? undefined : n * mult;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Java's escapes beyond the common ones: `\s` is a space; octal escapes have one to three digits. */
const JAVA_ESCAPES: Record<string, string> = { ...C_ESCAPES, s: ' ' };

function decodeEscape(seq: string): string {
  const c = seq.charAt(1);
  if (c === 'u') {
    // Java allows any number of `u`s: `\uuu0041`.
    const code = parseInt(seq.replace(/^\\u+/, ''), 16);
    return Number.isFinite(code) ? String.fromCharCode(code) : seq;
  }
  if (c === '\n' || c === '\r') return ''; // line continuation in text blocks
  return decodeBackslashEscape(seq, JAVA_ESCAPES, '', /^[0-7]{1,3}$/);
}

/** A Java string literal with escapes mapped back to the source; text blocks are not literals we map. */
function stringLiteral(node: Node, text: string): Value {
  if (text.startsWith('"""', node.startIndex)) return unknownAt(node);
  // Any other named child is a string template interpolation.
  return escapedStringLiteral(node, (type) => type === 'string_fragment', decodeEscape);
}
