/**
 * Shell-script extractor: `aws sts <operation> --option value ...` commands (bash grammar), with
 * `--opt value` and `--opt=value`, quoting, line continuations, shorthand and JSON list values, and
 * `file://` references (recorded on the argument; {@link resolveFileRefs} in fileRefs.ts reads them).
 *
 * Role chaining: after an `aws sts assume-role*` call, exporting `AWS_SESSION_TOKEN` (from its
 * output, by assignment or `read`) makes later `aws sts assume-role` calls run on role credentials.
 */
import { type ParseError } from 'jsonc-parser';
import { parseJsonTree } from './jsonDepth';
import { children, field, namedChildren, parse, walk, type Node } from '../treesitter';
import type { Argument, CallSite, Extractor, Property, StringValue, StsApi, Value } from '../types';
import { canonicalName } from '../values';
import { jsonNodeToValue } from './jsonValue';

const GRAMMAR = 'tree-sitter-bash.wasm';

/** `aws sts <operation>` -> STS API. */
const OPERATIONS: Record<string, StsApi> = {
  'assume-role': 'AssumeRole',
  'assume-role-with-web-identity': 'AssumeRoleWithWebIdentity',
  'assume-role-with-saml': 'AssumeRoleWithSAML',
  'get-session-token': 'GetSessionToken',
  'get-federation-token': 'GetFederationToken',
  'assume-root': 'AssumeRoot',
  'get-web-identity-token': 'GetWebIdentityToken',
};

const ROLE_CREDENTIAL_APIS: readonly StsApi[] = ['AssumeRole', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'];

/** AWS CLI global options that take a value (they may appear before or after the operation). */
const GLOBAL_WITH_VALUE = new Set([
  '--region',
  '--profile',
  '--output',
  '--endpoint-url',
  '--query',
  '--color',
  '--ca-bundle',
  '--cli-read-timeout',
  '--cli-connect-timeout',
  '--cli-binary-format',
]);
/** AWS CLI global flags (no value). */
const GLOBAL_FLAGS = new Set(['--debug', '--no-verify-ssl', '--no-paginate', '--no-sign-request', '--no-cli-pager', '--cli-auto-prompt', '--no-cli-auto-prompt']);
/** Options that feed the whole request from elsewhere: what we see is then not every argument. */
const INPUT_OPTIONS = new Set(['--cli-input-json', '--cli-input-yaml']);
/** STS options whose value is one structure (`PolicyDescriptorType`), written in shorthand or JSON. */
const STRUCTURE_OPTIONS = new Set(['TaskPolicyArn']);
/** STS options whose value is a list (space-separated items until the next option). */
const LIST_OPTIONS = new Set(['PolicyArns', 'Tags', 'TransitiveTagKeys', 'ProvidedContexts']);

/** A shell word decoded: its text and, per UTF-16 unit, the document offset it came from. */
interface Decoded {
  value: string;
  starts: number[];
  /** True when any part was quoted (then `7200` stays a string, as written). */
  quoted: boolean;
}

interface Word {
  node: Node;
  /** Undefined when the word is not a literal (`$VAR`, `$(...)`, globs are kept as written). */
  decoded?: Decoded;
}

function nodeSpan(n: Node): { offset: number; length: number } {
  return { offset: n.startIndex, length: n.endIndex - n.startIndex };
}

// ------------------------------------------------------------------ word decoding

const C_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Decodes a bash word node (word, quoted strings, concatenations); undefined when it expands anything. */
export function decodeShellWord(node: Node, text: string): Decoded | undefined {
  const out: Decoded = { value: '', starts: [], quoted: false };
  const push = (s: string, at: number): void => {
    out.value += s;
    for (let k = 0; k < s.length; k++) out.starts.push(at);
  };
  const visit = (n: Node): boolean => {
    switch (n.type) {
      case 'word':
      case 'number':
      case 'variable_name':
        for (let i = n.startIndex; i < n.endIndex; ) {
          const ch = text.charAt(i);
          if (ch === '\\') {
            const next = text.charAt(i + 1);
            if (next === '\n') i += 2;
            else if (next === '\r' && text.charAt(i + 2) === '\n') i += 3;
            else {
              push(next, i);
              i += 2;
            }
            continue;
          }
          push(ch, i);
          i += 1;
        }
        return true;
      case 'raw_string':
        out.quoted = true;
        for (let i = n.startIndex + 1; i < n.endIndex - 1; i++) push(text.charAt(i), i);
        return true;
      case 'string':
      case 'translated_string': {
        out.quoted = true;
        if (namedChildren(n).some((c) => c.type !== 'string_content')) return false;
        const open = text.indexOf('"', n.startIndex);
        for (let i = open + 1; i < n.endIndex - 1; ) {
          const ch = text.charAt(i);
          const next = text.charAt(i + 1);
          if (ch === '\\' && (next === '$' || next === '`' || next === '"' || next === '\\')) {
            push(next, i);
            i += 2;
          } else if (ch === '\\' && next === '\n') {
            i += 2;
          } else if (ch === '$' || ch === '`') {
            // An expansion the grammar kept inside the content (`$` followed by something odd).
            if (ch === '`' || /[A-Za-z_{(0-9@*#?$!-]/.test(next)) return false;
            push(ch, i);
            i += 1;
          } else {
            push(ch, i);
            i += 1;
          }
        }
        return true;
      }
      case 'ansi_c_string': {
        out.quoted = true;
        for (let i = n.startIndex + 2; i < n.endIndex - 1; ) {
          const ch = text.charAt(i);
          if (ch !== '\\') {
            push(ch, i);
            i += 1;
            continue;
          }
          const next = text.charAt(i + 1);
          const simple = C_ESCAPES[next];
          if (simple !== undefined) {
            push(simple, i);
            i += 2;
            continue;
          }
          const hexLen = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
          if (hexLen) {
            let j = i + 2;
            while (j < i + 2 + hexLen && /[0-9a-fA-F]/.test(text.charAt(j))) j++;
            if (j > i + 2) {
              const cp = parseInt(text.slice(i + 2, j), 16);
              push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd', i);
              i = j;
              continue;
            }
          }
          let j = i + 1;
          while (j < i + 4 && /[0-7]/.test(text.charAt(j))) j++;
          if (j > i + 1) {
            push(String.fromCharCode(parseInt(text.slice(i + 1, j), 8) & 0xff), i);
            i = j;
            continue;
          }
          push('\\', i);
          i += 1;
        }
        return true;
      }
      case 'concatenation':
        return children(n).every(visit);
      default:
        return false;
    }
  };
  return visit(node) ? out : undefined;
}

// ------------------------------------------------------------------ values

/** A string Value for decoded characters [from, to). */
function stringValue(d: Decoded, from: number, to: number, endOffset: number): StringValue {
  const starts = d.starts.slice(from, to);
  const value = d.value.slice(from, to);
  const offset = starts[0] ?? endOffset;
  const last = starts[starts.length - 1];
  const end = to < d.starts.length ? (d.starts[to] ?? endOffset) : endOffset;
  const length = Math.max((last === undefined ? offset : end) - offset, 0);
  return { kind: 'string', value, offset, length, map: (i) => starts[i] ?? (last !== undefined ? last + 1 : offset) };
}

/** `Key=a,Value=b` (shorthand) -> one object per structure; a repeated key starts the next one. */
function shorthandValues(d: Decoded, endOffset: number): Value[] {
  const pieces: { from: number; to: number }[] = [];
  let from = 0;
  for (let i = 0; i <= d.value.length; i++) {
    if (i === d.value.length || (d.value.charAt(i) === ',' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(d.value.slice(i + 1)))) {
      pieces.push({ from, to: i });
      from = i + 1;
    }
  }
  const objects: Value[] = [];
  let props: Property[] = [];
  let objStart = 0;
  const flush = (to: number): void => {
    if (props.length === 0) return;
    const s = stringValue(d, objStart, to, endOffset);
    objects.push({ kind: 'object', props, complete: true, offset: s.offset, length: s.length });
    props = [];
  };
  for (const p of pieces) {
    const eq = d.value.indexOf('=', p.from);
    if (eq < 0 || eq >= p.to) {
      // Not a shorthand structure: keep the raw text as a string item.
      flush(p.from - 1);
      objects.push(stringValue(d, p.from, p.to, endOffset));
      objStart = p.to + 1;
      continue;
    }
    const key = d.value.slice(p.from, eq);
    if (props.some((q) => q.key === key)) {
      flush(p.from - 1);
      objStart = p.from;
    }
    const keyValue = stringValue(d, p.from, eq, endOffset);
    props.push({ key, keySpan: { offset: keyValue.offset, length: keyValue.length }, value: stringValue(d, eq + 1, p.to, endOffset) });
  }
  flush(d.value.length);
  return objects;
}

/** JSON text inside a decoded word, as Values mapped back into the document; undefined when it does not parse. */
function jsonValue(d: Decoded, endOffset: number): Value | undefined {
  const errors: ParseError[] = [];
  const tree = parseJsonTree(d.value, errors);
  if (!tree || errors.length > 0) return undefined;
  const last = d.starts[d.starts.length - 1] ?? endOffset;
  return jsonNodeToValue(tree, d.value, (o) => d.starts[o] ?? last + 1);
}

const FILE_PREFIX = /^fileb?:\/\//;

// ------------------------------------------------------------------ commands

interface OptionGroup {
  option: Word;
  /** `--opt=value`: the index of `=` in the decoded option word. */
  eq?: number;
  values: Word[];
  /** `--opt=$VAR`: the value after `=` is not a literal. */
  unknownValue?: boolean;
}

/** `--opt=<expansion>`: the literal `--opt=` head of a concatenation, decoded. */
function partialOption(node: Node, text: string): { decoded: Decoded; eq: number } | undefined {
  if (node.type !== 'concatenation') return undefined;
  const head = children(node)[0];
  const d = head ? decodeShellWord(head, text) : undefined;
  if (!d || !d.value.startsWith('--')) return undefined;
  const eq = d.value.indexOf('=');
  return eq > 2 ? { decoded: d, eq } : undefined;
}

function argumentNodes(command: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < command.childCount; i++) {
    const c = command.child(i);
    if (c && command.fieldNameForChild(i) === 'argument') out.push(c);
  }
  return out;
}

function isOption(w: Word): boolean {
  return w.decoded !== undefined && w.decoded.value.startsWith('--');
}

interface ParsedCommand {
  site: CallSite;
  hasProfile: boolean;
}

function parseAwsCommand(command: Node, text: string): ParsedCommand | undefined {
  const nameNode = field(command, 'name');
  const name = nameNode ? decodeShellWord(namedChildren(nameNode)[0] ?? nameNode, text) : undefined;
  if (!name || !/(^|\/)aws(\.exe)?$/.test(name.value)) return undefined;
  const words: Word[] = argumentNodes(command).map((node) => ({ node, decoded: decodeShellWord(node, text) }));

  let hasProfile = false;
  let complete = true;
  let endpoint: string | undefined;
  // Skip global options to find `sts <operation>`.
  let i = 0;
  const positional: Word[] = [];
  const groups: OptionGroup[] = [];
  while (i < words.length) {
    const w = words[i] as Word;
    const partial = w.decoded ? undefined : partialOption(w.node, text);
    if (partial) {
      if (partial.decoded.value.startsWith('--endpoint-url=')) {
        endpoint = '';
        i++;
        continue;
      }
      // `--external-id=$ID`: the option is known, its value is not.
      groups.push({ option: { node: w.node, decoded: partial.decoded }, eq: partial.eq, values: [], unknownValue: true });
      i++;
      continue;
    }
    if (!isOption(w)) {
      if (positional.length < 2) {
        positional.push(w);
        i++;
        continue;
      }
      // A stray word: an unquoted `$EXTRA_ARGS` or `"$@"` could hold any option.
      if (!w.decoded) complete = false;
      i++;
      continue;
    }
    const decoded = w.decoded as Decoded;
    const eq = decoded.value.indexOf('=');
    const opt = eq >= 0 ? decoded.value.slice(0, eq) : decoded.value;
    i++;
    if (opt === '--generate-cli-skeleton') return undefined;
    if (GLOBAL_FLAGS.has(opt)) continue;
    if (GLOBAL_WITH_VALUE.has(opt) || INPUT_OPTIONS.has(opt)) {
      if (opt === '--profile') hasProfile = true;
      // The STS server the call goes to: another server's limits are its own (endpoints.ts).
      if (opt === '--endpoint-url') endpoint = eq >= 0 ? decoded.value.slice(eq + 1) : (words[i]?.decoded?.value ?? '');
      if (INPUT_OPTIONS.has(opt)) complete = false;
      if (eq < 0) i++;
      continue;
    }
    const group: OptionGroup = { option: w, eq: eq >= 0 ? eq : undefined, values: [] };
    if (eq < 0) {
      const canonical = canonicalName(opt);
      if (LIST_OPTIONS.has(canonical)) {
        while (i < words.length && !isOption(words[i] as Word)) group.values.push(words[i++] as Word);
      } else if (i < words.length && !isOption(words[i] as Word)) {
        group.values.push(words[i++] as Word);
      }
    }
    groups.push(group);
  }
  const [service, operation] = positional;
  if (service?.decoded?.value !== 'sts' || !operation?.decoded) return undefined;
  const api = OPERATIONS[operation.decoded.value];
  if (!api) return undefined;

  const args = groups.map((g) => optionArgument(g, text));
  const lastArg = words[words.length - 1] as Word;
  const site: CallSite = {
    kind: api,
    span: nodeSpan(operation.node),
    args,
    argsComplete: complete,
    nameStyle: 'kebab',
    insertAt: { offset: lastArg.node.endIndex, prefix: ' ', suffix: '', assign: ' ', quote: '' },
    label: `aws sts ${operation.decoded.value}`,
    ...(endpoint !== undefined ? { endpoint } : {}),
  };
  return { site, hasProfile };
}

function optionArgument(g: OptionGroup, text: string): Argument {
  const d = g.option.decoded as Decoded;
  const optNode = g.option.node;
  const opt = g.eq !== undefined ? d.value.slice(0, g.eq) : d.value;
  const name = canonicalName(opt);
  const keyEnd = g.eq !== undefined ? (d.starts[g.eq] ?? optNode.endIndex) : optNode.endIndex;
  const keySpan = { offset: optNode.startIndex, length: keyEnd - optNode.startIndex };
  const lastNode = g.values[g.values.length - 1]?.node ?? optNode;
  const span = { offset: optNode.startIndex, length: lastNode.endIndex - optNode.startIndex };
  const arg: Argument = { name, sourceName: opt, span, keySpan, value: { kind: 'unknown', offset: keyEnd, length: 0 } };

  // The value words, as decoded pieces: for `--opt=value` the part after `=`.
  const pieces: { node: Node; d?: Decoded }[] =
    g.eq !== undefined
      ? [{ node: optNode, d: { value: d.value.slice(g.eq + 1), starts: d.starts.slice(g.eq + 1), quoted: d.quoted } }]
      : g.values.map((w) => ({ node: w.node, d: w.decoded }));
  if (pieces.length === 0) return arg;
  if (g.unknownValue) {
    const from = d.starts[g.eq ?? 0] ?? optNode.startIndex;
    arg.value = { kind: 'unknown', offset: from + 1, length: optNode.endIndex - from - 1 };
    return arg;
  }

  const firstPiece = pieces[0] as { node: Node; d?: Decoded };
  const valueOffset = g.eq !== undefined ? (d.starts[g.eq + 1] ?? optNode.endIndex) : firstPiece.node.startIndex;
  const valueSpan = { offset: valueOffset, length: lastNode.endIndex - valueOffset };

  if (firstPiece.d && FILE_PREFIX.test(firstPiece.d.value) && pieces.length === 1) {
    arg.fileRef = firstPiece.d.value.replace(FILE_PREFIX, '');
    arg.value = { kind: 'unknown', ...valueSpan };
    return arg;
  }

  if (LIST_OPTIONS.has(name)) {
    const items: Value[] = [];
    let complete = true;
    for (const p of pieces) {
      if (!p.d) {
        complete = false;
        continue;
      }
      const end = p.node.endIndex;
      const trimmed = p.d.value.trim();
      if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
        const parsed = jsonValue(p.d, end);
        if (parsed?.kind === 'array') {
          items.push(...parsed.items);
          complete &&= parsed.complete;
        } else if (parsed) items.push(parsed);
        else {
          items.push({ kind: 'unknown', ...nodeSpan(p.node) });
        }
      } else if (name === 'TransitiveTagKeys') {
        items.push(stringValue(p.d, 0, p.d.value.length, end));
      } else {
        items.push(...shorthandValues(p.d, end));
      }
    }
    arg.value = { kind: 'array', items, complete, ...valueSpan };
    return arg;
  }

  const only = firstPiece.d;
  if (!only || pieces.length !== 1) {
    arg.value = { kind: 'unknown', ...valueSpan };
    return arg;
  }
  const end = g.eq !== undefined ? optNode.endIndex : firstPiece.node.endIndex;
  // A structure written in shorthand (`--task-policy-arn arn=arn:aws:iam::aws:policy/...`).
  if (STRUCTURE_OPTIONS.has(name) && /^[A-Za-z_]\w*=/.test(only.value)) {
    const [object] = shorthandValues(only, end);
    if (object) {
      arg.value = object;
      return arg;
    }
  }
  const str = stringValue(only, 0, only.value.length, end);
  if (name === 'DurationSeconds' && !only.quoted && /^\d+$/.test(only.value)) {
    arg.value = { kind: 'number', value: Number(only.value), offset: str.offset, length: str.length };
    return arg;
  }
  // A quoted value's Value spans its quotes (like other languages' literals); the map points into it.
  if (g.eq === undefined) arg.value = { ...str, offset: firstPiece.node.startIndex, length: firstPiece.node.endIndex - firstPiece.node.startIndex };
  else arg.value = { ...str, offset: valueSpan.offset, length: valueSpan.length };
  return arg;
}

// ------------------------------------------------------------------ chaining

/** Whether a variable assignment / `read` / `export` sets AWS_SESSION_TOKEN (not as a one-command prefix). */
function setsSessionToken(n: Node, text: string): boolean {
  if (n.type === 'variable_assignment') {
    if (n.parent?.type === 'command') return false;
    return field(n, 'name')?.text === 'AWS_SESSION_TOKEN';
  }
  if (n.type === 'command') {
    const name = field(n, 'name');
    if (name?.text !== 'read') return false;
    return argumentNodes(n).some((a) => decodeShellWord(a, text)?.value === 'AWS_SESSION_TOKEN');
  }
  return false;
}

function unsetsSessionToken(n: Node): boolean {
  return n.type === 'unset_command' && namedChildren(n).some((c) => c.text === 'AWS_SESSION_TOKEN');
}

function prefixSetsSessionToken(command: Node): boolean {
  return namedChildren(command).some((c) => c.type === 'variable_assignment' && field(c, 'name')?.text === 'AWS_SESSION_TOKEN');
}

export const shellExtractor: Extractor = {
  grammars: [GRAMMAR],
  extract(text: string): CallSite[] {
    const tree = parse(GRAMMAR, text);
    if (!tree) return [];
    type Event = { end: number; apply: () => void };
    const events: Event[] = [];
    const sites: CallSite[] = [];
    // Credentials in the environment: where the last STS call's output went, and whether the session
    // token exported since then is a role's.
    let lastCall: { api: StsApi; line: number; op: string } | undefined;
    let roleCredentials: string | undefined;

    walk(tree.rootNode, (n) => {
      if (n.type === 'command') {
        const parsed = parseAwsCommand(n, text);
        if (parsed) {
          const line = n.startPosition.row + 1;
          const op = parsed.site.label ?? '';
          events.push({
            end: n.endIndex,
            apply: () => {
              const site = parsed.site;
              if (site.kind === 'AssumeRole' && !parsed.hasProfile) {
                if (roleCredentials) site.chainedVia = roleCredentials;
                else if (prefixSetsSessionToken(n) && lastCall && ROLE_CREDENTIAL_APIS.includes(lastCall.api))
                  site.chainedVia = `the credentials come from ${lastCall.op} on line ${lastCall.line}`;
              }
              sites.push(site);
              lastCall = { api: site.kind as StsApi, line, op };
            },
          });
          return;
        }
      }
      if (setsSessionToken(n, text)) {
        events.push({
          end: n.endIndex,
          apply: () => {
            if (!lastCall) return;
            roleCredentials = ROLE_CREDENTIAL_APIS.includes(lastCall.api) ? `the credentials come from ${lastCall.op} on line ${lastCall.line}` : undefined;
          },
        });
      } else if (unsetsSessionToken(n)) {
        events.push({ end: n.endIndex, apply: () => (roleCredentials = undefined) });
      }
    });
    // An assignment's effect follows the command substitution inside it: order by where each ends.
    events.sort((a, b) => a.end - b.end);
    for (const e of events) e.apply();
    return sites.sort((a, b) => a.span.offset - b.span.offset);
  },
};
