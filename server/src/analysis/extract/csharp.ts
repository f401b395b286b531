/**
 * C# extractor (AWS SDK for .NET).
 *
 * Recognises request objects `new AssumeRoleRequest { RoleArn = "...", DurationSeconds = 7200 }` (and
 * the other `Amazon.SecurityToken.Model` requests, with `req.X = ...` assignments on the same
 * variable), and `new AssumeRoleAWSCredentials(source, roleArn, sessionName, new
 * AssumeRoleAWSCredentialsOptions { DurationSeconds = ... })`. `const` and `static readonly` values in
 * the file are resolved, `(int)TimeSpan.FromHours(2).TotalSeconds` is 7200; anything else is unknown.
 * Credentials or clients built from assumed-role credentials in the same file mark role chaining.
 */
import { parse, field, namedChildren, type Node } from '../treesitter';
import type { Argument, CallSite, Extractor, Property, StsApi, Value } from '../types';
import { assignedName, atUseSite, C_ESCAPES, clientSending, decodeBackslashEscape, enclosing, escapedStringLiteral, foldBinary, foldUnary, identifierLookup, mappedString, markRoleChains, matchOffsets, occurrences, prunedWalk, numberAt, spanOf, unknownAt, upsertArg } from './common';

const GRAMMAR = 'tree-sitter-c-sharp.wasm';

const REQUEST_TYPES: Record<string, StsApi> = {
  AssumeRoleRequest: 'AssumeRole',
  AssumeRoleWithWebIdentityRequest: 'AssumeRoleWithWebIdentity',
  AssumeRoleWithSAMLRequest: 'AssumeRoleWithSAML',
  GetSessionTokenRequest: 'GetSessionToken',
  GetFederationTokenRequest: 'GetFederationToken',
  AssumeRootRequest: 'AssumeRoot',
  GetWebIdentityTokenRequest: 'GetWebIdentityToken',
};

const CLIENT_METHODS = new Set(
  ['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML', 'GetSessionToken', 'GetFederationToken', 'AssumeRoot', 'GetWebIdentityToken'].flatMap((m) => [m, `${m}Async`]),
);
const ROLE_METHODS = /^AssumeRole(WithWebIdentity|WithSAML)?(Async)?$/;
const ROLE_CREDENTIALS = new Set(['AssumeRoleAWSCredentials', 'AssumeRoleWithWebIdentityCredentials']);

/** Words at least one of which every candidate node spells: request types, AssumeRole* credentials and methods. */
const CANDIDATE_WORDS = /Request|AssumeRole/g;

/** AssumeRoleAWSCredentialsOptions property names that differ from the API names. */
const OPTION_FIELDS: Record<string, string> = { MfaSerialNumber: 'SerialNumber', MfaTokenCode: 'TokenCode' };

interface Ctx {
  text: string;
  /** Identifier nodes spelled like a name, in document order. */
  idents: (name: string) => readonly Node[];
  /** A constant's value; null when the name is declared more than once or is not a constant. */
  consts: (name: string) => Node | null | undefined;
  /** The file says which SDK it uses (a `using Amazon.SecurityToken...`), or says nothing (a snippet). */
  trustNames: boolean;
  /** Same for `Amazon.Runtime` (where AssumeRoleAWSCredentials lives). */
  trustRuntime: boolean;
}

interface Found {
  site: CallSite;
  expr: Node;
  client?: Node;
}

export const csharpExtractor: Extractor = {
  grammars: [GRAMMAR],
  extract(text: string): CallSite[] {
    const tree = parse(GRAMMAR, text);
    if (!tree) return [];
    const root = tree.rootNode;
    const usings = usingDirectives(root, text);
    const idents = identifierLookup(root, text);
    const ctx: Ctx = {
      text,
      idents,
      consts: constLookup(idents),
      trustNames: usings.length === 0 || usings.some((u) => /\bAmazon\.SecurityToken\b/.test(u)),
      trustRuntime: usings.length === 0 || usings.some((u) => /\bAmazon\.(Runtime|SecurityToken)\b/.test(u)),
    };
    const found: Found[] = [];
    const sources: Node[] = [];

    // Every candidate spells `Request` or `AssumeRole` inside its own node: subtrees without either are
    // not walked into, and only candidate nodes are materialized.
    prunedWalk(root, matchOffsets(text, CANDIDATE_WORDS), (cursor) => {
      const type = cursor.nodeType;
      if (type === 'comment') return false;
      if (type === 'object_creation_expression') {
        const n = cursor.currentNode;
        const typeNode = field(n, 'type');
        const name = typeNode ? lastName(typeNode) : '';
        if (ROLE_CREDENTIALS.has(name)) sources.push(n);
        const f = requestSite(n, ctx) ?? credentialsSite(n, ctx);
        if (f) found.push(f);
      } else if (type === 'invocation_expression') {
        const n = cursor.currentNode;
        const fn = field(n, 'function');
        if (fn?.type === 'member_access_expression' && ROLE_METHODS.test(field(fn, 'name')?.text ?? '')) sources.push(n);
      }
      return true;
    });
    for (const f of found) f.client ??= clientSending(f.expr, sentBy, ctx.idents);
    markRoleChains({
      root,
      text,
      clients: found.flatMap((f) => (f.client ? [{ site: f.site, client: f.client }] : [])),
      sources,
      assignmentTypes: ['variable_declarator', 'assignment_expression'],
      bindingOf,
      describe: (src) => {
        const fn = src.type === 'invocation_expression' ? field(src, 'function') : undefined;
        const name = src.type === 'object_creation_expression' ? lastName(field(src, 'type') ?? src) : fn ? (field(fn, 'name')?.text ?? fn.text) : 'AssumeRole';
        return `credentials from ${name} on line ${src.startPosition.row + 1}`;
      },
    });
    return found.map((f) => f.site);
  },
};

function isStsType(typeNode: Node, table: Record<string, unknown>, ctx: Ctx): boolean {
  const name = lastName(typeNode);
  if (!(name in table)) return false;
  if (typeNode.type === 'qualified_name') return /^(global::)?Amazon\.SecurityToken(\.Model)?\./.test(typeNode.text.replace(/\s+/g, ''));
  return ctx.trustNames;
}

function requestSite(creation: Node, ctx: Ctx): Found | undefined {
  const typeNode = field(creation, 'type');
  if (!typeNode || !isStsType(typeNode, REQUEST_TYPES, ctx)) return undefined;
  const api = REQUEST_TYPES[lastName(typeNode)]!;
  const nameNode = typeNode.type === 'qualified_name' ? (field(typeNode, 'name') ?? typeNode) : typeNode;
  const args: Argument[] = [];
  let complete = true;
  const ctorArgs = namedChildren(field(creation, 'arguments') ?? creation).filter((c) => c.type === 'argument');
  if (ctorArgs.length > 0) {
    // The SDK has convenience constructors (`new GetFederationTokenRequest(name)`); positional values we map.
    if (api === 'GetFederationToken' && ctorArgs[0]) {
      const v = namedChildren(ctorArgs[0]).pop()!;
      args.push({ name: 'Name', sourceName: 'name', span: spanOf(ctorArgs[0]), keySpan: spanOf(v), value: csValue(v, ctx) });
    }
    if (api === 'AssumeRole' && ctorArgs.length > 0) complete = false;
  }
  const init = field(creation, 'initializer');
  if (init) complete = addInitializer(init, args, ctx, {}) && complete;
  const variable = assignedName(creation);
  if (variable) complete = addPropertyAssignments(variable, creation, args, ctx) && complete;
  const site: CallSite = { kind: api, span: spanOf(nameNode), args, argsComplete: complete, nameStyle: 'pascal', label: nameNode.text };
  if (init) site.insertAt = insertPoint(init, ctx.text);
  return { site, expr: creation };
}

/** `new AssumeRoleAWSCredentials(sourceCredentials, roleArn, roleSessionName[, options])`. */
function credentialsSite(creation: Node, ctx: Ctx): Found | undefined {
  const typeNode = field(creation, 'type');
  if (!typeNode || lastName(typeNode) !== 'AssumeRoleAWSCredentials') return undefined;
  if (typeNode.type === 'qualified_name' ? !/^(global::)?Amazon\.Runtime\./.test(typeNode.text) : !ctx.trustRuntime) return undefined;
  const nameNode = typeNode.type === 'qualified_name' ? (field(typeNode, 'name') ?? typeNode) : typeNode;
  const ctorArgs = namedChildren(field(creation, 'arguments') ?? creation).filter((c) => c.type === 'argument');
  const args: Argument[] = [];
  const positional: [number, string, string][] = [
    [1, 'RoleArn', 'roleArn'],
    [2, 'RoleSessionName', 'roleSessionName'],
  ];
  for (const [i, name, sourceName] of positional) {
    const a = ctorArgs[i];
    const v = a ? namedChildren(a).pop() : undefined;
    if (a && v) args.push({ name, sourceName, span: spanOf(a), keySpan: spanOf(v), value: csValue(v, ctx) });
  }
  let complete = ctorArgs.length >= 3;
  const options = ctorArgs[3] ? namedChildren(ctorArgs[3]).pop() : undefined;
  if (options?.type === 'object_creation_expression' && lastName(field(options, 'type') ?? options) === 'AssumeRoleAWSCredentialsOptions') {
    const init = field(options, 'initializer');
    if (init) complete = addInitializer(init, args, ctx, OPTION_FIELDS) && complete;
  } else if (options) complete = false;
  return {
    site: { kind: 'AssumeRole', span: spanOf(nameNode), args, argsComplete: complete, nameStyle: 'pascal', label: nameNode.text },
    expr: creation,
    client: ctorArgs[0] ? namedChildren(ctorArgs[0]).pop() : undefined,
  };
}

/** Adds `Name = value` entries; false when the initializer has entries we cannot read. */
function addInitializer(init: Node, args: Argument[], ctx: Ctx, rename: Record<string, string>): boolean {
  let complete = true;
  for (const el of namedChildren(init)) {
    if (el.type === 'comment') continue;
    const left = field(el, 'left');
    const right = field(el, 'right');
    if (el.type !== 'assignment_expression' || left?.type !== 'identifier' || !right) {
      complete = false;
      continue;
    }
    args.push({ name: rename[left.text] ?? left.text, sourceName: left.text, span: spanOf(el), keySpan: spanOf(left), value: csValue(right, ctx) });
  }
  return complete;
}

/** `req.DurationSeconds = 7200;` after `var req = new AssumeRoleRequest()`. */
function addPropertyAssignments(variable: string, creation: Node, args: Argument[], ctx: Ctx): boolean {
  let complete = true;
  const scope = enclosing(creation, ['method_declaration', 'constructor_declaration', 'local_function_statement', 'lambda_expression', 'block']) ?? creation.tree.rootNode;
  for (const n of ctx.idents(variable)) {
    if (n.startIndex < creation.endIndex || n.endIndex > scope.endIndex) continue;
    const p = n.parent;
    if (p?.type === 'member_access_expression' && field(p, 'expression')?.id === n.id) {
      const asg = p.parent;
      const prop = field(p, 'name');
      if (asg?.type === 'assignment_expression' && field(asg, 'left')?.id === p.id && prop && field(asg, 'operator')?.text !== '+=') {
        const right = field(asg, 'right');
        if (right) {
          upsertArg(args, { name: prop.text, sourceName: prop.text, span: spanOf(asg), keySpan: spanOf(prop), value: csValue(right, ctx) });
        }
        continue;
      }
      if (asg?.type === 'invocation_expression' || asg?.type === 'assignment_expression') complete = false; // req.Tags.Add(...)
      continue;
    }
    if (p?.type === 'argument') {
      const call = p.parent?.parent;
      const fn = call ? field(call, 'function') : undefined;
      if (fn?.type === 'member_access_expression' && CLIENT_METHODS.has(field(fn, 'name')?.text ?? '')) continue;
    }
    complete = false;
  }
  return complete;
}

function sentBy(expr: Node): Node | undefined {
  const arg = expr.parent;
  if (arg?.type !== 'argument') return undefined;
  const call = arg.parent?.parent;
  const fn = call?.type === 'invocation_expression' ? field(call, 'function') : undefined;
  if (fn?.type !== 'member_access_expression' || !CLIENT_METHODS.has(field(fn, 'name')?.text ?? '')) return undefined;
  return field(fn, 'expression');
}

function insertPoint(init: Node, text: string): CallSite['insertAt'] {
  const els = namedChildren(init).filter((c) => c.type !== 'comment');
  const last = els[els.length - 1];
  const base = { assign: ' = ', quote: '"' };
  if (!last) return { offset: init.startIndex + 1, prefix: ' ', suffix: ' ', ...base };
  const next = last.nextSibling;
  const comma = next?.type === ',' ? next : undefined;
  if (last.startPosition.row !== init.startPosition.row) {
    const indent = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', last.startIndex) + 1))?.[0] ?? '';
    return comma ? { offset: comma.endIndex, prefix: '\n' + indent, suffix: ',', ...base } : { offset: last.endIndex, prefix: ',\n' + indent, suffix: '', ...base };
  }
  return comma ? { offset: comma.endIndex, prefix: ' ', suffix: ',', ...base } : { offset: last.endIndex, prefix: ', ', suffix: '', ...base };
}

function lastName(node: Node): string {
  if (node.type === 'qualified_name') return field(node, 'name')?.text ?? '';
  if (node.type === 'generic_name') return namedChildren(node)[0]?.text ?? '';
  return node.text;
}

/** The text of each `using` directive, found from where `using` is spelled (directives may sit in a namespace). */
function usingDirectives(root: Node, text: string): string[] {
  const out: string[] = [];
  for (const at of occurrences(text, 'using')) {
    const keyword = root.descendantForIndex(at, at + 5);
    const directive = keyword?.type === 'using' ? keyword.parent : undefined;
    if (directive?.type === 'using_directive') out.push(directive.text);
  }
  return out;
}

const DECLARATIONS = new Set(['field_declaration', 'local_declaration_statement']);

/**
 * `const` and `static readonly` fields and `const` locals by name, found from the places the name is
 * spelled; a name declared twice is ambiguous (null).
 */
function constLookup(idents: (name: string) => readonly Node[]): (name: string) => Node | null | undefined {
  const cache = new Map<string, Node | null | undefined>();
  return (name) => {
    if (cache.has(name)) return cache.get(name);
    let out: Node | null | undefined;
    for (const id of idents(name)) {
      const d = id.parent;
      const vd = d?.parent;
      const decl = vd?.parent;
      if (d?.type !== 'variable_declarator' || vd?.type !== 'variable_declaration' || !decl || !DECLARATIONS.has(decl.type)) continue;
      const nameNode = field(d, 'name');
      if (nameNode?.id !== id.id || namedChildren(decl).find((c) => c.type === 'variable_declaration')?.id !== vd.id) continue;
      const mods = namedChildren(decl).filter((c) => c.type === 'modifier').map((c) => c.text);
      const isConst = mods.includes('const') || (mods.includes('static') && mods.includes('readonly')) || /^const\b/.test(decl.text);
      const value = namedChildren(d).filter((c) => c.id !== nameNode.id).pop();
      out = out !== undefined || !isConst || !value ? null : value;
    }
    cache.set(name, out);
    return out;
  };
}

// ---- values ----------------------------------------------------------------------------------

function csValue(node: Node, ctx: Ctx, depth = 0): Value {
  if (depth > 8) return unknownAt(node);
  switch (node.type) {
    case 'string_literal':
    case 'verbatim_string_literal':
      return stringLiteral(node, ctx.text);
    case 'boolean_literal':
      return { kind: 'boolean', value: node.text === 'true', ...spanOf(node) };
    case 'null_literal':
      return { kind: 'null', ...spanOf(node) };
    case 'parenthesized_expression': {
      const inner = namedChildren(node)[0];
      return inner ? csValue(inner, ctx, depth + 1) : unknownAt(node);
    }
    case 'identifier': {
      const def = ctx.consts(node.text);
      if (def && (def.type === 'string_literal' || def.type === 'verbatim_string_literal')) return atUseSite(stringLiteral(def, ctx.text), node);
      return numberValue(node, ctx);
    }
    case 'object_creation_expression':
    case 'array_creation_expression':
    case 'implicit_array_creation_expression':
    case 'initializer_expression': {
      const init = node.type === 'initializer_expression' ? node : (field(node, 'initializer') ?? namedChildren(node).find((c) => c.type === 'initializer_expression'));
      if (!init) return unknownAt(node);
      const els = namedChildren(init).filter((c) => c.type !== 'comment');
      const typeName = node.type === 'object_creation_expression' ? lastName(field(node, 'type') ?? node) : '';
      if (els.length > 0 && els.every((e) => e.type === 'assignment_expression') && !/^(List|IList|HashSet|Collection)$/.test(typeName)) {
        const props: Property[] = [];
        for (const e of els) {
          const l = field(e, 'left');
          const r = field(e, 'right');
          if (l && r) props.push({ key: l.text, keySpan: spanOf(l), value: csValue(r, ctx, depth + 1) });
        }
        return { kind: 'object', props, complete: true, ...spanOf(node) };
      }
      return { kind: 'array', items: els.map((e) => csValue(e, ctx, depth + 1)), complete: true, ...spanOf(node) };
    }
    default:
      return numberValue(node, ctx);
  }
}

function numberValue(node: Node, ctx: Ctx): Value {
  const n = evalNumber(node, ctx, 0);
  return n === undefined ? unknownAt(node) : numberAt(node, n);
}

const TIMESPAN: Record<string, number> = { FromSeconds: 1, FromMinutes: 60, FromHours: 3600, FromDays: 86400 };

function evalNumber(node: Node, ctx: Ctx, depth: number): number | undefined {
  if (depth > 12) return undefined;
  switch (node.type) {
    case 'integer_literal':
    case 'real_literal': {
      const t = node.text.replace(/_/g, '').replace(/(ul|lu|u|l|m|d|f)$/i, '');
      const n = /^0b/i.test(t) ? parseInt(t.slice(2), 2) : Number(t);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'parenthesized_expression': {
      const inner = namedChildren(node)[0];
      return inner ? evalNumber(inner, ctx, depth + 1) : undefined;
    }
    case 'cast_expression': {
      const v = field(node, 'value');
      const n = v ? evalNumber(v, ctx, depth + 1) : undefined;
      return n === undefined ? undefined : Math.trunc(n);
    }
    case 'prefix_unary_expression':
      return foldUnary(node.child(0)?.type, namedChildren(node)[0], (n) => evalNumber(n, ctx, depth + 1));
    case 'binary_expression':
      return foldBinary(field(node, 'operator')?.type ?? node.child(1)?.type, field(node, 'left'), field(node, 'right'), (n) => evalNumber(n, ctx, depth + 1), 'integers');
    case 'identifier': {
      const def = ctx.consts(node.text);
      return def ? evalNumber(def, ctx, depth + 1) : undefined;
    }
    case 'member_access_expression': {
      // TimeSpan.FromHours(2).TotalSeconds
      const inner = field(node, 'expression');
      if (field(node, 'name')?.text !== 'TotalSeconds' || inner?.type !== 'invocation_expression') return undefined;
      const fn = field(inner, 'function');
      const unit = fn?.type === 'member_access_expression' && field(fn, 'expression')?.text === 'TimeSpan' ? TIMESPAN[field(fn, 'name')?.text ?? ''] : undefined;
      const arg = namedChildren(namedChildren(field(inner, 'arguments') ?? inner)[0] ?? inner).pop();
      const n = unit && arg ? evalNumber(arg, ctx, depth + 1) : undefined;
      return n === undefined || unit === undefined ? undefined : n * unit;
    }
    default:
      return undefined;
  }
}

/** C#'s escapes beyond the common ones: bell, vertical tab, NUL and escape; no octal escapes. */
const CS_ESCAPES: Record<string, string> = { ...C_ESCAPES, a: '\x07', v: '\v', '0': '\0', e: '\x1b' };

function decodeEscape(seq: string): string {
  return decodeBackslashEscape(seq, CS_ESCAPES);
}

/** Regular and verbatim (`@"..."`, `""` for a quote) strings, mapped back to the source. */
function stringLiteral(node: Node, text: string): Value {
  if (node.type !== 'verbatim_string_literal') {
    if (text.startsWith('"""', node.startIndex)) return unknownAt(node); // raw string literal
    return escapedStringLiteral(node, (type) => type === 'string_literal_content', decodeEscape);
  }
  let value = '';
  const offsets: number[] = [];
  const open = text.indexOf('"', node.startIndex) + 1;
  for (let i = open; i < node.endIndex - 1; i++) {
    offsets.push(i);
    value += text[i];
    if (text[i] === '"' && text[i + 1] === '"') i++;
  }
  return mappedString(node, value, offsets);
}

// ---- role chaining ---------------------------------------------------------------------------

/** `var x = <right>` and `x = <right>` (a member target `a.B = ...` binds no name). */
function bindingOf(a: Node): { names: { name: string; whole: boolean }[]; right: Node | undefined } {
  if (a.type === 'variable_declarator') {
    const nameNode = field(a, 'name');
    const name = nameNode?.text;
    return { names: name ? [{ name, whole: true }] : [], right: namedChildren(a).filter((c) => c.id !== nameNode?.id).pop() };
  }
  const left = field(a, 'left');
  return { names: left?.type === 'identifier' ? [{ name: left.text, whole: true }] : [], right: field(a, 'right') };
}
