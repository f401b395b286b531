/**
 * Python extractor: boto3 STS client calls (`boto3.client('sts').assume_role(...)`, a client bound to
 * a name, a session's client, `self.sts = ...`), with keyword arguments, `**params` dicts bound in the
 * same scope, `json.dumps({...})` policies, constants resolved through simple scopes, and role
 * chaining (a client built from an earlier AssumeRole response's credentials).
 *
 * Only receivers known to be STS clients count: `foo.assume_role(...)` on anything else is ignored.
 */
import { field, namedChildren, parse, walk, type Node } from '../treesitter';
import type { Argument, CallSite, Extractor, Property, StsApi, Value } from '../types';

import { foldArithmetic, hasHit, SNAKE_CASE_METHODS, walkCursor } from './common';

const GRAMMAR = 'tree-sitter-python.wasm';

/** boto3 STS client method -> STS API. */
const METHODS = SNAKE_CASE_METHODS;

/** Calls whose response carries role credentials: a client built from them is role chaining. */
const ROLE_CREDENTIAL_APIS: readonly StsApi[] = ['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'];

const CREDENTIAL_KWARGS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];

/** Resolution gives up after this many hops (names bound to names bound to names...). */
const MAX_DEPTH = 12;

const SCOPE_TYPES = new Set(['module', 'function_definition', 'lambda', 'class_definition']);

interface Binding {
  /** Where the name takes its value (the end of the assignment: `x = x + 1` reads the old x). */
  offset: number;
  /** The expression bound, when the binding is a plain `name = expr` (or `with expr as name`). */
  value?: Node;
  /** The statement that binds, to decide whether it runs unconditionally before a use. */
  node: Node;
}

interface Scope {
  node: Node;
  parent?: Scope;
  bindings: Map<string, Binding[]>;
}

/**
 * Words one of which a call site's method name contains. A function, class or lambda whose text has
 * none of them holds no call site and nothing resolved from inside it, so its body is not walked
 * (its name is still bound; its `self.x = ...` bindings are read on demand, see resolveAttribute).
 */
const CALL_WORDS = /assume_ro|get_session_token|get_federation_token|get_web_identity_token/g;

/** Node types whose own binding (or scope) the single walk records. */
const BINDING_TYPES = new Set([
  'assignment', 'augmented_assignment', 'named_expression', 'for_statement', 'for_in_clause', 'as_pattern',
  'import_statement', 'import_from_statement', 'global_statement', 'nonlocal_statement',
]);

class PythonFile {
  private readonly scopes = new Map<number, Scope>();
  /** `self.sts = boto3.client('sts')`: attribute targets by their source text. */
  private readonly attributeBindings = new Map<string, Binding[]>();
  /** Sorted offsets of {@link CALL_WORDS}. */
  private readonly hits: number[] = [];
  /** Scope nodes not walked into; their attribute bindings are collected when a target occurs in them. */
  private readonly pruned: Node[] = [];
  /** Calls whose method may be an STS API, in document order. */
  private readonly candidates: Node[] = [];

  constructor(readonly text: string, readonly root: Node) {
    for (const m of text.matchAll(CALL_WORDS)) this.hits.push(m.index);
    this.collect(root);
  }

  // ---------------------------------------------------------------- scopes

  /** Whether [start, end) holds one of the call words. */
  private mentionsCall(start: number, end: number): boolean {
    return hasHit(this.hits, start, end);
  }

  private newScope(node: Node, parent: Scope | undefined): Scope {
    const scope: Scope = { node, parent, bindings: new Map() };
    this.scopes.set(node.id, scope);
    if (node.type === 'function_definition' || node.type === 'lambda') {
      const params = field(node, 'parameters');
      if (params) for (const name of boundNames(params)) this.bind(scope, name, { offset: node.startIndex, node: params });
    }
    return scope;
  }

  /**
   * One walk over the tree with a cursor: scopes and their bindings in document order, and the calls
   * that may be STS calls. Nodes are materialized only where a binding, a scope or a candidate is.
   */
  private collect(root: Node): void {
    interface Frame {
      scope: Scope;
      /** The parent of scopes nested here: methods do not see names bound in a class body. */
      childParent: Scope | undefined;
      /** The id of the node that opened this scope. */
      id: number;
    }
    const rootScope = this.newScope(root, undefined);
    const stack: Frame[] = [{ scope: rootScope, childParent: rootScope, id: root.id }];
    let frame = stack[0] as Frame;
    const cursor = root.walk();
    /** Returns whether to walk into the cursor's node. */
    const enter = (): boolean => {
      if (!cursor.nodeIsNamed) return false;
      const type = cursor.nodeType;
      if (type === 'function_definition' || type === 'class_definition' || type === 'lambda') {
        const c = cursor.currentNode;
        const name = type === 'lambda' ? undefined : field(c, 'name');
        if (name) this.bind(frame.scope, name.text, { offset: c.endIndex, node: c });
        if (!this.mentionsCall(c.startIndex, c.endIndex)) {
          this.pruned.push(c);
          return false;
        }
        const scope = this.newScope(c, type === 'class_definition' ? frame.scope : frame.childParent);
        frame = { scope, childParent: type === 'class_definition' ? scope.parent ?? scope : scope, id: c.id };
        stack.push(frame);
        return true;
      }
      if (BINDING_TYPES.has(type)) this.collectBinding(frame.scope, cursor.currentNode);
      else if (type === 'call' && this.mentionsCall(cursor.startIndex, cursor.endIndex)) this.candidates.push(cursor.currentNode);
      return true;
    };
    const leave = (): void => {
      if (stack.length > 1 && frame.id === cursor.nodeId) {
        stack.pop();
        frame = stack[stack.length - 1] as Frame;
      }
    };
    walkCursor(cursor, enter, leave);
    cursor.delete();
  }

  /** Records the binding `n` makes; with no scope (a pruned subtree read later), only attribute bindings. */
  private collectBinding(scope: Scope | undefined, n: Node): void {
    switch (n.type) {
      case 'assignment': {
        const left = field(n, 'left');
        const right = field(n, 'right');
        if (!left) return;
        // `a = b = expr` nests: the innermost right side is the value of every target.
        let value = right;
        while (value?.type === 'assignment') value = field(value, 'right');
        if (left.type === 'identifier') this.bind(scope, left.text, { offset: n.endIndex, value, node: n });
        else if (left.type === 'attribute') this.bindAttribute(left.text, { offset: n.endIndex, value, node: n });
        else for (const name of boundNames(left)) this.bind(scope, name, { offset: n.endIndex, node: n });
        return;
      }
      case 'augmented_assignment': {
        const left = field(n, 'left');
        if (left?.type === 'identifier') this.bind(scope, left.text, { offset: n.endIndex, node: n });
        else if (left?.type === 'attribute') this.bindAttribute(left.text, { offset: n.endIndex, node: n });
        return;
      }
      case 'named_expression': {
        const name = field(n, 'name');
        if (name) this.bind(scope, name.text, { offset: n.endIndex, value: field(n, 'value'), node: n });
        return;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = field(n, 'left');
        if (left) for (const name of boundNames(left)) this.bind(scope, name, { offset: n.startIndex, node: n });
        return;
      }
      case 'as_pattern': {
        const alias = field(n, 'alias');
        const value = namedChildren(n)[0];
        const target = alias ? namedChildren(alias)[0] : undefined;
        if (target?.type === 'identifier') this.bind(scope, target.text, { offset: n.endIndex, value: n.parent?.type === 'with_item' ? value : undefined, node: n });
        else if (target?.type === 'attribute') this.bindAttribute(target.text, { offset: n.endIndex, value: n.parent?.type === 'with_item' ? value : undefined, node: n });
        else if (target) for (const name of boundNames(target)) this.bind(scope, name, { offset: n.endIndex, node: n });
        return;
      }
      case 'import_statement':
      case 'import_from_statement':
        for (const c of namedChildren(n)) {
          if (c.type === 'aliased_import') {
            const alias = field(c, 'alias');
            if (alias) this.bind(scope, alias.text, { offset: n.endIndex, node: n });
          } else if (c.type === 'dotted_name' && c !== field(n, 'module_name')) {
            const first = namedChildren(c)[0];
            if (first) this.bind(scope, first.text, { offset: n.endIndex, node: n });
          }
        }
        return;
      case 'global_statement':
      case 'nonlocal_statement':
        // The name lives elsewhere and can change from anywhere: never resolve it.
        for (const c of namedChildren(n)) this.bind(scope, c.text, { offset: -1, node: n });
        return;
    }
  }

  private bind(scope: Scope | undefined, name: string, b: Binding): void {
    if (!scope) return;
    let list = scope.bindings.get(name);
    if (!list) scope.bindings.set(name, (list = []));
    list.push(b);
  }

  private bindAttribute(target: string, b: Binding): void {
    let list = this.attributeBindings.get(target);
    if (!list) this.attributeBindings.set(target, (list = []));
    list.push(b);
  }

  private scopeOf(node: Node): Scope {
    for (let n: Node | null = node.parent; n; n = n.parent) {
      const s = this.scopes.get(n.id);
      // A function's parameters and decorators belong to the enclosing scope, but defaults are rare
      // enough that treating them as inside is harmless.
      if (s) return s;
    }
    return this.scopes.get(this.root.id) as Scope;
  }

  /**
   * The expression a name certainly holds at `use`, or undefined when it is not a plain binding that
   * runs unconditionally before the use (parameters, loops, branches, several module-level bindings).
   */
  resolveName(name: string, use: Node): Node | undefined {
    let scope: Scope | undefined = this.scopeOf(use);
    let inner = true;
    while (scope) {
      const list = scope.bindings.get(name);
      if (list && list.length > 0) {
        if (list.some((b) => b.offset < 0)) return undefined;
        if (inner) {
          const before = list.filter((b) => b.offset <= use.startIndex);
          const last = before[before.length - 1];
          if (!last?.value || !runsBefore(last.node, use, scope.node)) return undefined;
          return last.value;
        }
        // Seen from a nested function: only a single unconditional module/function-level binding.
        const only = list[0];
        if (list.length !== 1 || !only?.value || blockOf(only.node, scope.node) !== scope.node) return undefined;
        return only.value;
      }
      scope = scope.parent;
      inner = false;
    }
    return undefined;
  }

  resolveAttribute(target: string): Node | undefined {
    this.readPrunedAttributes(target);
    const list = this.attributeBindings.get(target);
    if (!list || list.length !== 1) return undefined;
    return list[0]?.value;
  }

  /** Collects the attribute bindings of pruned subtrees whose text holds `target` (each subtree once). */
  private readPrunedAttributes(target: string): void {
    if (this.pruned.length === 0) return;
    const rest: Node[] = [];
    for (const node of this.pruned) {
      const at = this.text.indexOf(target, node.startIndex);
      if (at < 0 || at + target.length > node.endIndex) {
        rest.push(node);
        continue;
      }
      walk(node, (n) => {
        if (n.isNamed && (n.type === 'assignment' || n.type === 'augmented_assignment' || n.type === 'as_pattern')) this.collectBinding(undefined, n);
      });
    }
    this.pruned.length = 0;
    this.pruned.push(...rest);
  }

  // ---------------------------------------------------------------- values

  value(node: Node, depth = 0): Value {
    const unknown: Value = { kind: 'unknown', offset: node.startIndex, length: node.endIndex - node.startIndex };
    if (depth > MAX_DEPTH) return unknown;
    switch (node.type) {
      case 'string':
      case 'concatenated_string':
        return this.stringValue(node) ?? unknown;
      case 'integer':
      case 'float': {
        const n = parseNumber(node.text);
        return n === undefined ? unknown : { kind: 'number', value: n, offset: node.startIndex, length: node.endIndex - node.startIndex };
      }
      case 'true':
      case 'false':
        return { kind: 'boolean', value: node.type === 'true', offset: node.startIndex, length: node.endIndex - node.startIndex };
      case 'none':
        return { kind: 'null', offset: node.startIndex, length: node.endIndex - node.startIndex };
      case 'parenthesized_expression': {
        const inner = namedChildren(node).filter((c) => c.type !== 'comment');
        return inner.length === 1 && inner[0] ? this.value(inner[0], depth + 1) : unknown;
      }
      case 'unary_operator': {
        const arg = field(node, 'argument');
        const v = arg ? this.value(arg, depth + 1) : unknown;
        const op = node.child(0)?.type;
        if (v.kind !== 'number' || (op !== '-' && op !== '+')) return unknown;
        return { kind: 'number', value: op === '-' ? -v.value : v.value, offset: node.startIndex, length: node.endIndex - node.startIndex, raw: node.text };
      }
      case 'binary_operator':
        return this.binaryValue(node, depth) ?? unknown;
      case 'list':
      case 'tuple': {
        const items: Value[] = [];
        let complete = true;
        for (const c of namedChildren(node)) {
          if (c.type === 'comment') continue;
          if (c.type === 'list_splat') complete = false;
          else items.push(this.value(c, depth + 1));
        }
        return { kind: 'array', items, complete, offset: node.startIndex, length: node.endIndex - node.startIndex };
      }
      case 'dictionary':
        return this.dictValue(node, depth);
      case 'identifier': {
        const bound = this.resolveName(node.text, node);
        if (!bound) return unknown;
        const v = this.value(bound, depth + 1);
        // A list or dict changed after it was built (`append` in a loop, item assignment) is not the
        // literal it started as: never guess what it holds.
        if ((v.kind === 'array' || v.kind === 'object') && this.mutatedBefore(node.text, node)) return unknown;
        return v;
      }
      case 'boolean_operator':
        return this.fallback(node, depth) ?? unknown;
      case 'call': {
        const fallback = this.fallback(node, depth);
        if (fallback) return fallback;
        const dumped = this.jsonDumps(node, depth);
        if (dumped) return dumped;
        const dict = this.dictCall(node, depth);
        return dict ?? unknown;
      }
      default:
        return unknown;
    }
  }

  /**
   * Literal fallbacks: `x or 3600`, `d.get("k", 3600)`, `os.getenv("K", "3600")`, `os.environ.get(...)`,
   * and `int(...)` of any of them. When the first part is not a literal, the fallback is what is sent
   * whenever it is missing: it is checked, and a number is shown as the fallback in the message.
   */
  private fallback(node: Node, depth: number): Value | undefined {
    let fallbackNode: Node | undefined;
    let how = '';
    if (node.type === 'boolean_operator' && field(node, 'operator')?.type === 'or') {
      const left = field(node, 'left');
      if (!left || this.value(left, depth + 1).kind !== 'unknown') return undefined;
      fallbackNode = field(node, 'right');
      how = 'or';
    } else if (node.type === 'call') {
      const fn = field(node, 'function');
      const args = namedChildren(field(node, 'arguments') ?? node).filter((c) => c.type !== 'comment');
      if (fn?.type === 'identifier' && fn.text === 'int' && args.length === 1 && args[0]) {
        const inner = this.value(args[0], depth + 1);
        if (inner.kind === 'string' && /^\s*\d+\s*$/.test(inner.value)) {
          // `int(os.getenv("K", "3600"))`: the string default is the number sent when K is unset.
          const note = args[0].type === 'call' || args[0].type === 'boolean_operator' ? ' (the fallback)' : '';
          return { kind: 'number', value: Number(inner.value), raw: `${inner.value.trim()}${note}`, offset: inner.offset, length: inner.length };
        }
        return inner.kind === 'number' ? inner : undefined;
      }
      const name = fn?.type === 'attribute' ? field(fn, 'attribute')?.text : undefined;
      if ((name === 'get' || name === 'getenv') && args.length === 2 && args[1]?.type !== 'keyword_argument') {
        fallbackNode = args[1];
        how = name === 'getenv' ? 'getenv' : '.get';
      }
    }
    if (!fallbackNode) return undefined;
    const v = this.value(fallbackNode, depth + 1);
    if (v.kind === 'number') return { ...v, raw: `${fallbackNode.text} (the fallback of ${how})` };
    return v.kind === 'string' ? v : undefined;
  }

  private binaryValue(node: Node, depth: number): Value | undefined {
    const l = field(node, 'left');
    const r = field(node, 'right');
    const op = field(node, 'operator')?.type;
    if (!l || !r || !op) return undefined;
    const a = this.value(l, depth + 1);
    const b = this.value(r, depth + 1);
    const span = { offset: node.startIndex, length: node.endIndex - node.startIndex };
    if (a.kind === 'number' && b.kind === 'number') {
      const v = arithmetic(op, a.value, b.value);
      return v === undefined ? undefined : { kind: 'number', value: v, raw: node.text, ...span };
    }
    if (op === '+' && a.kind === 'string' && b.kind === 'string') {
      const ma = stringMap(a);
      const mb = stringMap(b);
      return { kind: 'string', value: a.value + b.value, ...span, map: (i) => (i < a.value.length ? ma(i) : mb(i - a.value.length)) };
    }
    return undefined;
  }

  private dictValue(node: Node, depth: number): Value {
    const props: Property[] = [];
    let complete = true;
    for (const c of namedChildren(node)) {
      if (c.type === 'comment') continue;
      if (c.type === 'pair') {
        const k = field(c, 'key');
        const v = field(c, 'value');
        const key = k ? this.value(k, depth + 1) : undefined;
        if (!k || !v || key?.kind !== 'string') {
          complete = false;
          continue;
        }
        const keyStart = stringMap(key)(0);
        props.push({ key: key.value, keySpan: keySpanOf(key, keyStart), value: this.value(v, depth + 1) });
      } else if (c.type === 'dictionary_splat') {
        const inner = namedChildren(c)[0];
        const spread = inner ? this.value(inner, depth + 1) : undefined;
        if (spread?.kind === 'object') {
          props.push(...spread.props);
          complete &&= spread.complete;
        } else complete = false;
      } else complete = false;
    }
    return { kind: 'object', props, complete, offset: node.startIndex, length: node.endIndex - node.startIndex };
  }

  /** `dict(RoleArn=..., DurationSeconds=...)` as an object. */
  private dictCall(node: Node, depth: number): Value | undefined {
    const fn = field(node, 'function');
    const args = field(node, 'arguments');
    if (fn?.type !== 'identifier' || fn.text !== 'dict' || !args || this.resolveName('dict', fn)) return undefined;
    const props: Property[] = [];
    let complete = true;
    for (const c of namedChildren(args)) {
      if (c.type === 'comment') continue;
      if (c.type === 'keyword_argument') {
        const k = field(c, 'name');
        const v = field(c, 'value');
        if (k && v) props.push({ key: k.text, keySpan: { offset: k.startIndex, length: k.endIndex - k.startIndex }, value: this.value(v, depth + 1) });
      } else complete = false;
    }
    return { kind: 'object', props, complete, offset: node.startIndex, length: node.endIndex - node.startIndex };
  }

  /** `json.dumps({...})` (or `dumps` imported from json) of a literal: the object, serialized as Python does. */
  private jsonDumps(node: Node, depth: number): Value | undefined {
    const fn = field(node, 'function');
    const args = field(node, 'arguments');
    if (!fn || !args) return undefined;
    const isDumps =
      (fn.type === 'attribute' && field(fn, 'attribute')?.text === 'dumps' && /^(json|simplejson)$/.test(field(fn, 'object')?.text ?? '')) ||
      (fn.type === 'identifier' && fn.text === 'dumps');
    if (!isDumps) return undefined;
    const positional = namedChildren(args).filter((c) => c.type !== 'keyword_argument' && c.type !== 'comment');
    const first = positional[0];
    if (!first || positional.length !== 1) return undefined;
    const v = this.value(first, depth + 1);
    if (v.kind !== 'object' && v.kind !== 'array') return { kind: 'unknown', offset: node.startIndex, length: node.endIndex - node.startIndex };
    let serialization: 'compact' | 'python' = 'python';
    for (const kw of namedChildren(args).filter((c) => c.type === 'keyword_argument')) {
      const name = field(kw, 'name')?.text;
      const kv = field(kw, 'value');
      if (name === 'separators' && kv) {
        const seps = this.value(kv, depth + 1);
        if (seps.kind === 'array' && seps.items.every((s) => s.kind === 'string' && s.value.trim() === s.value)) serialization = 'compact';
      }
      // indent= and sort_keys= change the text sent; the size check then is an estimate.
    }
    if (v.kind === 'array') return v;
    return { ...v, serialization };
  }

  /** A Python string literal (or implicit concatenation) with its decoded value; undefined for f-strings with fields. */
  private stringValue(node: Node): Value | undefined {
    const parts = node.type === 'concatenated_string' ? namedChildren(node).filter((c) => c.type === 'string') : [node];
    let value = '';
    const starts: number[] = [];
    for (const part of parts) {
      const decoded = decodePythonString(part, this.text);
      if (!decoded) return undefined;
      value += decoded.value;
      starts.push(...decoded.starts);
    }
    const offset = node.startIndex;
    const length = node.endIndex - node.startIndex;
    const simple = parts.length === 1 && starts.every((s, i) => s === offset + 1 + i) && this.text.charAt(offset + 1 + value.length) === this.text.charAt(offset);
    if (simple) return { kind: 'string', value, offset, length };
    const end = node.endIndex;
    return { kind: 'string', value, offset, length, map: (i) => starts[i] ?? (starts.length > 0 ? (starts[starts.length - 1] as number) + 1 : end - 1) };
  }

  // ---------------------------------------------------------------- STS clients

  /**
   * Whether an expression is a boto3 STS client; when it is, whether it was built from role credentials
   * (the text says where they came from).
   */
  stsClient(node: Node, depth = 0): { chainedVia?: string; endpoint?: string } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case 'parenthesized_expression':
      case 'await': {
        const inner = namedChildren(node)[0];
        return inner ? this.stsClient(inner, depth + 1) : undefined;
      }
      case 'identifier': {
        const bound = this.resolveName(node.text, node);
        return bound ? this.stsClient(bound, depth + 1) : undefined;
      }
      case 'attribute': {
        const bound = this.resolveAttribute(node.text);
        return bound ? this.stsClient(bound, depth + 1) : undefined;
      }
      case 'call': {
        const fn = field(node, 'function');
        const args = field(node, 'arguments');
        if (fn?.type !== 'attribute' || !args) return undefined;
        const method = field(fn, 'attribute')?.text;
        if (method !== 'client' && method !== 'create_client') return undefined;
        if (!this.isStsServiceName(args)) return undefined;
        const chainedVia = this.credentialSource(args, depth) ?? this.sessionCredentialSource(field(fn, 'object'), depth);
        // `endpoint_url=`: the STS server the client talks to ('' when it is not a literal).
        const endpointArg = namedChildren(args).find((c) => c.type === 'keyword_argument' && field(c, 'name')?.text === 'endpoint_url');
        const endpointNode = endpointArg ? field(endpointArg, 'value') : undefined;
        const endpointValue = endpointNode ? this.value(endpointNode, depth + 1) : undefined;
        const endpoint = endpointNode ? (endpointValue?.kind === 'string' ? endpointValue.value : endpointValue?.kind === 'null' ? undefined : '') : undefined;
        return { ...(chainedVia ? { chainedVia } : {}), ...(endpoint !== undefined ? { endpoint } : {}) };
      }
      default:
        return undefined;
    }
  }

  private isStsServiceName(args: Node): boolean {
    for (const c of namedChildren(args)) {
      if (c.type === 'keyword_argument') {
        const v = field(c, 'value');
        if (field(c, 'name')?.text === 'service_name' && v) return this.isStsString(v);
        continue;
      }
      if (c.type === 'comment') continue;
      return this.isStsString(c);
    }
    return false;
  }

  private isStsString(node: Node): boolean {
    const v = this.value(node);
    return v.kind === 'string' && v.value === 'sts';
  }

  /** `boto3.Session(aws_access_key_id=..., ...)` (directly or through a name) built from role credentials. */
  private sessionCredentialSource(receiver: Node | undefined, depth: number): string | undefined {
    let node = receiver;
    for (let i = 0; node && i < MAX_DEPTH; i++) {
      if (node.type === 'identifier') node = this.resolveName(node.text, node);
      else if (node.type === 'attribute' && node.text !== 'boto3') node = this.resolveAttribute(node.text);
      else break;
    }
    if (node?.type !== 'call') return undefined;
    const args = field(node, 'arguments');
    return args ? this.credentialSource(args, depth) : undefined;
  }

  /** The `aws_*` credential keyword arguments of a client/session call traced to a role-credential response. */
  private credentialSource(args: Node, depth: number): string | undefined {
    for (const kw of namedChildren(args)) {
      if (kw.type !== 'keyword_argument') continue;
      const name = field(kw, 'name')?.text;
      const v = field(kw, 'value');
      if (!name || !v || !CREDENTIAL_KWARGS.includes(name)) continue;
      const source = this.roleCredentialCall(v, depth + 1);
      if (source) return source;
    }
    return undefined;
  }

  /** Follows `creds['AccessKeyId']`, `resp['Credentials']`, `.get(...)` and names back to an AssumeRole* call. */
  private roleCredentialCall(node: Node, depth: number): string | undefined {
    let n: Node | undefined = node;
    for (let i = 0; n && i < MAX_DEPTH * 2; i++) {
      switch (n.type) {
        case 'subscript':
          n = field(n, 'value');
          continue;
        case 'parenthesized_expression':
        case 'await':
          n = namedChildren(n)[0];
          continue;
        case 'identifier':
          n = this.resolveName(n.text, n);
          continue;
        case 'attribute':
          n = this.resolveAttribute(n.text);
          continue;
        case 'call': {
          const fn = field(n, 'function');
          if (fn?.type !== 'attribute') return undefined;
          const method = field(fn, 'attribute')?.text ?? '';
          const api = METHODS[method];
          const receiver = field(fn, 'object');
          if (api && receiver) {
            if (!ROLE_CREDENTIAL_APIS.includes(api) || !this.stsClient(receiver, depth + 1)) return undefined;
            return `the credentials come from ${method} on line ${n.startPosition.row + 1}`;
          }
          if (method === 'get') {
            n = receiver;
            continue;
          }
          return undefined;
        }
        default:
          return undefined;
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- call sites

  sites(): CallSite[] {
    const out: CallSite[] = [];
    for (const n of this.candidates) {
      const fn = field(n, 'function');
      const args = field(n, 'arguments');
      if (fn?.type !== 'attribute' || args?.type !== 'argument_list') continue;
      const method = field(fn, 'attribute');
      const api = method ? METHODS[method.text] : undefined;
      const receiver = field(fn, 'object');
      if (!api || !method || !receiver) continue;
      const client = this.stsClient(receiver);
      if (!client) continue;
      const { args: list, complete } = this.arguments(args, n);
      const site: CallSite = {
        kind: api,
        span: { offset: method.startIndex, length: method.endIndex - method.startIndex },
        args: list,
        argsComplete: complete,
        nameStyle: 'pascal',
        insertAt: insertPoint(args, this.text),
        label: method.text,
      };
      if (client.chainedVia && api === 'AssumeRole') site.chainedVia = client.chainedVia;
      if (client.endpoint !== undefined) site.endpoint = client.endpoint;
      out.push(site);
    }
    return out;
  }

  private arguments(argList: Node, call: Node): { args: Argument[]; complete: boolean } {
    const args: Argument[] = [];
    let complete = true;
    for (const c of namedChildren(argList)) {
      if (c.type === 'keyword_argument') {
        const k = field(c, 'name');
        const v = field(c, 'value');
        if (!k || !v) continue;
        args.push({
          name: k.text,
          sourceName: k.text,
          span: { offset: c.startIndex, length: c.endIndex - c.startIndex },
          keySpan: { offset: k.startIndex, length: k.endIndex - k.startIndex },
          value: this.value(v),
        });
      } else if (c.type === 'dictionary_splat') {
        const inner = namedChildren(c)[0];
        const spread = inner ? this.value(inner) : undefined;
        if (spread?.kind !== 'object') {
          complete = false;
          continue;
        }
        complete &&= spread.complete;
        for (const p of spread.props) {
          const keyStart = p.keySpan.offset;
          args.push({
            name: p.key,
            sourceName: p.key,
            span: { offset: keyStart, length: Math.max(p.value.offset + p.value.length - keyStart, p.keySpan.length) },
            keySpan: p.keySpan,
            value: p.value,
          });
        }
        // `params['DurationSeconds'] = 7200` or `params.update(...)` between the dict and the call.
        if (inner?.type === 'identifier' && this.mutatedBefore(inner.text, call)) complete = false;
      } else if (c.type === 'list_splat') {
        complete = false;
      }
    }
    return { args, complete };
  }

  /** Whether a list or dict bound to `name` is changed by item assignment or a method call before `call`, in its scope. */
  private mutatedBefore(name: string, call: Node): boolean {
    const scope = this.scopeOf(call);
    let mutated = false;
    walk(scope.node, (n) => {
      if (n.startIndex >= call.startIndex || mutated) return false;
      // Node objects are created per visit: the scope's own node is known by its id.
      if (n.id !== scope.node.id && SCOPE_TYPES.has(n.type)) return false;
      if ((n.type === 'subscript' || n.type === 'attribute') && field(n, n.type === 'subscript' ? 'value' : 'object')?.text === name) {
        const parent = n.parent;
        const isTarget = parent?.type === 'assignment' && field(parent, 'left')?.id === n.id;
        const isMethodCall = n.type === 'attribute' && parent?.type === 'call';
        if (isTarget || isMethodCall || parent?.type === 'delete_statement') mutated = true;
      }
      return undefined;
    });
    return mutated;
  }
}

// -------------------------------------------------------------------- helpers

/** Names a target pattern binds (`x`, `x, y`, `[a, *b]`, parameters). */
function boundNames(node: Node): string[] {
  if (node.type === 'identifier') return [node.text];
  const out: string[] = [];
  for (const c of namedChildren(node)) {
    if (c.type === 'identifier') out.push(c.text);
    else if (c.type === 'default_parameter' || c.type === 'typed_default_parameter' || c.type === 'typed_parameter') {
      const name = field(c, 'name') ?? namedChildren(c).find((x) => x.type === 'identifier');
      if (name) out.push(name.text);
    } else if (c.type !== 'attribute' && c.type !== 'subscript' && c.type !== 'type') out.push(...boundNames(c));
  }
  return out;
}

/** The innermost block (or the scope itself) a statement sits in. */
function blockOf(node: Node, scopeNode: Node): Node {
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.id === scopeNode.id) return scopeNode;
    if (n.type === 'block' || n.type === 'with_statement' || n.type === 'for_in_clause') return n;
  }
  return scopeNode;
}

/** A binding certainly ran before the use when its block also contains the use. */
function runsBefore(binding: Node, use: Node, scopeNode: Node): boolean {
  const block = blockOf(binding, scopeNode);
  if (block.id === scopeNode.id) return true;
  for (let n: Node | null = use.parent; n; n = n.parent) {
    if (n.id === block.id) return true;
    if (n.id === scopeNode.id) return false;
  }
  return false;
}

function parseNumber(text: string): number | undefined {
  const t = text.replace(/_/g, '').toLowerCase();
  if (/[jl]$/.test(t)) return undefined;
  if (/^0[box]/.test(t)) {
    const n = Number(t);
    return Number.isFinite(n) ? n : undefined;
  }
  const n = Number(t);
  // `1e309` is float('inf') in Python: a value (the rules report it), not an unknown.
  return Number.isNaN(n) ? undefined : n;
}

function arithmetic(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '//':
      return b === 0 ? undefined : Math.floor(a / b);
    case '%':
      return b === 0 ? undefined : a - b * Math.floor(a / b);
    case '**':
      return a ** b;
    default:
      return foldArithmetic(op, a, b, 'exact');
  }
}

function stringMap(v: Value & { kind: 'string' }): (i: number) => number {
  return v.map ?? ((i) => v.offset + 1 + i);
}

function keySpanOf(key: Value & { kind: 'string' }, start: number): { offset: number; length: number } {
  if (key.value.length === 0) return { offset: key.offset + 1, length: 0 };
  const end = stringMap(key)(key.value.length - 1) + 1;
  return { offset: start, length: end - start };
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/**
 * Decodes one Python string token: prefixes (r, b, u, f), single/triple quotes, escapes. Returns the
 * value and, for each UTF-16 unit of it, the document offset it came from. Undefined for an f-string
 * with replacement fields.
 */
function decodePythonString(node: Node, text: string): { value: string; starts: number[] } | undefined {
  const startTok = namedChildren(node).find((c) => c.type === 'string_start');
  const endTok = namedChildren(node).find((c) => c.type === 'string_end');
  if (!startTok || !endTok || node.hasError) return undefined;
  if (namedChildren(node).some((c) => c.type === 'interpolation')) return undefined;
  const prefix = (/^[A-Za-z]*/.exec(startTok.text)?.[0] ?? '').toLowerCase();
  const raw = prefix.includes('r');
  const fstring = prefix.includes('f');
  let value = '';
  const starts: number[] = [];
  const push = (s: string, at: number): void => {
    value += s;
    for (let k = 0; k < s.length; k++) starts.push(at);
  };
  const end = endTok.startIndex;
  for (let i = startTok.endIndex; i < end; ) {
    const ch = text.charAt(i);
    if (fstring && (ch === '{' || ch === '}') && text.charAt(i + 1) === ch) {
      push(ch, i);
      i += 2;
      continue;
    }
    if (ch !== '\\' || raw) {
      push(ch, i);
      i += 1;
      continue;
    }
    const next = text.charAt(i + 1);
    if (next === '\n') {
      i += 2;
      continue;
    }
    if (next === '\r') {
      i += text.charAt(i + 2) === '\n' ? 3 : 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      push(simple, i);
      i += 2;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      push(String.fromCharCode(parseInt(octal[0], 8)), i);
      i += 1 + octal[0].length;
      continue;
    }
    const hexLen = next === 'x' ? 2 : next === 'u' && !prefix.includes('b') ? 4 : next === 'U' && !prefix.includes('b') ? 8 : 0;
    const hex = hexLen ? text.slice(i + 2, i + 2 + hexLen) : '';
    if (hexLen && hex.length === hexLen && /^[0-9a-fA-F]+$/.test(hex)) {
      const cp = parseInt(hex, 16);
      push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd', i);
      i += 2 + hexLen;
      continue;
    }
    if (next === 'N' && text.charAt(i + 2) === '{') {
      const close = text.indexOf('}', i + 3);
      if (close > 0 && close < end) {
        // Named characters need the Unicode name table; one placeholder keeps lengths right.
        push('\ufffd', i);
        i = close + 1;
        continue;
      }
    }
    // Unknown escape: Python keeps the backslash.
    push('\\', i);
    i += 1;
  }
  return { value, starts };
}

/** After the last argument; keeps a trailing comma and the multi-line layout valid. */
function insertPoint(args: Node, text: string): CallSite['insertAt'] {
  const items = namedChildren(args).filter((c) => c.type !== 'comment');
  const last = items[items.length - 1];
  const base = { assign: '=', quote: "'" };
  if (!last) return { offset: args.startIndex + 1, prefix: '', suffix: '', ...base };
  const multiLine = last.startPosition.row > args.startPosition.row;
  const lineStart = text.lastIndexOf('\n', last.startIndex - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, last.startIndex))?.[0] ?? '';
  const trailing = args.children.find((c) => c !== null && c.type === ',' && c.startIndex >= last.endIndex);
  const comma = trailing ? trailing.endIndex : -1;
  if (comma >= 0) return multiLine ? { offset: comma, prefix: '\n' + indent, suffix: ',', ...base } : { offset: comma, prefix: ' ', suffix: ',', ...base };
  return { offset: last.endIndex, prefix: multiLine ? ',\n' + indent : ', ', suffix: '', ...base };
}

export const pythonExtractor: Extractor = {
  grammars: [GRAMMAR],
  extract(text: string): CallSite[] {
    const tree = parse(GRAMMAR, text);
    if (!tree) return [];
    return new PythonFile(text, tree.rootNode).sites();
  },
};
