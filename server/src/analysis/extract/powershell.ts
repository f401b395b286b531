/**
 * PowerShell extractor (AWS Tools for PowerShell, AWS.Tools.SecurityToken).
 *
 * Recognises `Use-STSRole`, `Use-STSWebIdentityRole`, `Use-STSRoleWithSAML`, `Get-STSSessionToken`,
 * `Get-STSFederationToken` with their parameters (`-DurationInSeconds` is DurationSeconds, `-Tag` is
 * Tags, ...; unambiguous abbreviations and `-Name:value` included) and splatting `@params` from a
 * hashtable literal in the file. Literal strings, bare words, numbers and constant arithmetic are
 * values; `$variables` and anything else are unknown. A role assumed with credentials from an earlier
 * `Use-STS*Role` in the file (`-Credential $c`, or `Set-AWSCredential` with them) is role chaining.
 */
import { parse, field, namedChildren, type Node } from '../treesitter';
import type { Argument, CallSite, Extractor, Property, StsApi, Value } from '../types';
import { foldBinary, foldUnary, hasHit, mappedString, numberAt, occurrences, spanOf, unknownAt as unknown, walkFrom } from './common';

const GRAMMAR = 'tree-sitter-powershell.wasm';

const CMDLETS: Record<string, StsApi> = {
  'use-stsrole': 'AssumeRole',
  'use-stswebidentityrole': 'AssumeRoleWithWebIdentity',
  'use-stsrolewithsaml': 'AssumeRoleWithSAML',
  'use-stssamlrole': 'AssumeRoleWithSAML',
  'get-stssessiontoken': 'GetSessionToken',
  'get-stsfederationtoken': 'GetFederationToken',
};

/**
 * Cmdlet parameters and their aliases, lower-cased, to STS API names. The aliases are the ones the AWS
 * Tools declare on the cmdlets (`[Alias("DurationSeconds")] DurationInSeconds`, `[Alias("Tags")] Tag`,
 * ... in aws-tools-for-powershell, Cmdlets/SecurityToken).
 */
const PARAMETERS: Record<string, string> = {
  rolearn: 'RoleArn',
  rolesessionname: 'RoleSessionName',
  durationinseconds: 'DurationSeconds',
  externalid: 'ExternalId',
  serialnumber: 'SerialNumber',
  tokencode: 'TokenCode',
  sourceidentity: 'SourceIdentity',
  policy: 'Policy',
  policyarn: 'PolicyArns',
  tag: 'Tags',
  transitivetagkey: 'TransitiveTagKeys',
  name: 'Name',
  webidentitytoken: 'WebIdentityToken',
  providerid: 'ProviderId',
  samlassertion: 'SAMLAssertion',
  principalarn: 'PrincipalArn',
  providedcontext: 'ProvidedContexts',
  // aliases
  durationseconds: 'DurationSeconds',
  policyarns: 'PolicyArns',
  tags: 'Tags',
  transitivetagkeys: 'TransitiveTagKeys',
  providedcontexts: 'ProvidedContexts',
};

/** Common AWS cmdlet parameters: not STS parameters, and they hide none. */
const COMMON = [
  'credential', 'profilename', 'profilelocation', 'region', 'accesskey', 'secretkey', 'sessiontoken', 'endpointurl',
  'clientconfig', 'networkcredential', 'select', 'passthru', 'force', 'verbose', 'debug', 'erroraction', 'warningaction',
  'informationaction', 'errorvariable', 'warningvariable', 'informationvariable', 'outvariable', 'outbuffer', 'pipelinevariable',
  'whatif', 'confirm', 'noautoiteration',
];

/** Single-child wrappers the grammar puts around every expression. */
const WRAPPERS = new Set([
  'pipeline', 'pipeline_chain', 'logical_expression', 'bitwise_expression', 'comparison_expression', 'additive_expression',
  'multiplicative_expression', 'format_expression', 'range_expression', 'array_literal_expression', 'unary_expression',
  'statement_list', 'left_assignment_expression',
]);

interface Found {
  site: CallSite;
  command: Node;
  /** The `-Credential` value, when given. */
  credential?: Node;
}

/**
 * The text lower-cased for case-insensitive searches (PowerShell names ignore case), with sorted
 * offsets of words in it. Offsets are only valid while lower-casing kept every character's length;
 * otherwise every search reports a hit and nothing is skipped.
 */
class Spelling {
  private readonly lower: string;
  private readonly aligned: boolean;
  private readonly cache = new Map<string, number[]>();

  constructor(text: string) {
    this.lower = text.toLowerCase();
    this.aligned = this.lower.length === text.length;
  }

  /** Whether the lower-case `word` starts and ends inside [start, end). */
  mentions(word: string, start: number, end: number): boolean {
    if (!this.aligned || word === '') return true;
    let at = this.cache.get(word);
    if (!at) this.cache.set(word, (at = occurrences(this.lower, word)));
    return hasHit(at, start, end - word.length + 1);
  }

}

/** Every STS cmdlet name spells this (lower-cased); commands without it are not walked into. */
const CANDIDATE_WORD = '-sts';

export const powershellExtractor: Extractor = {
  grammars: [GRAMMAR],
  extract(text: string): CallSite[] {
    const tree = parse(GRAMMAR, text);
    if (!tree) return [];
    const root = tree.rootNode;
    const found: Found[] = [];
    const spelling = new Spelling(text);
    walkFrom(root, (cursor) => {
      if (!spelling.mentions(CANDIDATE_WORD, cursor.startIndex, cursor.endIndex)) return false;
      const type = cursor.nodeType;
      if (type === 'comment') return false;
      if (type === 'command') {
        const f = commandSite(cursor.currentNode, text, spelling);
        if (f) found.push(f);
      }
      return true;
    });
    markChains(root, found, spelling);
    return found.map((f) => f.site);
  },
};

function cmdletName(command: Node): string {
  return (field(command, 'command_name')?.text ?? '').replace(/^.*\\/, '').toLowerCase();
}

/** A parameter name as written (without dash/colon) to its canonical name, `common`, or undefined. */
function resolveParameter(written: string, api: StsApi): string | 'common' | undefined {
  const lower = written.toLowerCase();
  if (PARAMETERS[lower]) return PARAMETERS[lower];
  if (COMMON.includes(lower)) return 'common';
  // PowerShell accepts any unambiguous prefix of a parameter name.
  // A parameter and its alias sharing the prefix (`-Dur`: DurationInSeconds, DurationSeconds) are one parameter.
  const matches = new Set([...Object.keys(PARAMETERS), ...COMMON].filter((p) => p.startsWith(lower)).map((p) => PARAMETERS[p] ?? `common:${p}`));
  const [only] = matches;
  if (matches.size === 1 && only) return only.startsWith('common:') ? 'common' : only;
  void api;
  return undefined;
}

function commandSite(command: Node, text: string, spelling: Spelling): Found | undefined {
  const api = CMDLETS[cmdletName(command)];
  const nameNode = field(command, 'command_name');
  if (!api || !nameNode) return undefined;
  const elements = field(command, 'command_elements');
  const items = elements ? namedChildren(elements).filter((c) => c.type !== 'command_argument_sep' && c.type !== 'comment') : [];
  const args: Argument[] = [];
  let complete = true;
  let credential: Node | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.type === 'command_parameter') {
      const written = item.text.replace(/^-/, '').replace(/:$/, '');
      const next = items[i + 1];
      const hasValue = next !== undefined && next.type !== 'command_parameter';
      const canonical = resolveParameter(written, api);
      if (canonical === undefined) complete = false;
      if (hasValue) i++;
      if (canonical === 'common') {
        if (written.toLowerCase() === 'credential' && hasValue) credential = next;
        continue;
      }
      if (!canonical || !hasValue) continue;
      args.push({
        name: canonical,
        sourceName: item.text.replace(/:$/, ''),
        span: { offset: item.startIndex, length: next.endIndex - item.startIndex },
        keySpan: spanOf(item),
        value: typed(canonical, psValue(next, text), text),
      });
    } else if (item.type === 'array_literal_expression' && unwrap(item).type === 'variable' && unwrap(item).text.startsWith('@')) {
      complete = splat(unwrap(item), api, args, text, spelling) && complete;
    } else {
      complete = false; // positional argument
    }
  }
  const last = items[items.length - 1];
  return {
    site: {
      kind: api,
      span: spanOf(nameNode),
      args,
      argsComplete: complete,
      nameStyle: 'pascal',
      insertAt: { offset: (last ?? nameNode).endIndex, prefix: ' -', suffix: '', assign: ' ', quote: "'" },
      label: nameNode.text,
    },
    command,
    credential,
  };
}

/** `@params` where `$params = @{ RoleArn = '...'; ... }` earlier in the file. False when it cannot be read. */
function splat(variable: Node, api: StsApi, args: Argument[], text: string, spelling: Spelling): boolean {
  const name = variable.text.slice(1).toLowerCase();
  let hash: Node | undefined;
  let assignedAt = -1;
  // The assignments before the splat that spell its name, in document order.
  const assignments: Node[] = [];
  walkFrom(variable.tree.rootNode, (cursor) => {
    const start = cursor.startIndex;
    if (start > variable.startIndex || !spelling.mentions(name, start, cursor.endIndex)) return false;
    if (cursor.nodeType === 'assignment_expression') assignments.push(cursor.currentNode);
    return true;
  });
  for (const n of assignments) {
    const left = unwrap(namedChildren(n)[0] ?? n);
    if (left.type !== 'variable' || varName(left) !== name) continue;
    const value = field(n, 'value');
    const v = value ? unwrap(value) : undefined;
    hash = v?.type === 'hash_literal_expression' ? v : undefined;
    assignedAt = n.endIndex;
  }
  if (!hash) return false;
  // `$params.Add(...)`, `$params['X'] = ...` between the literal and the call: we cannot see all of it.
  const between = text.slice(assignedAt, variable.startIndex).toLowerCase();
  let complete = !between.includes(`$${name}.`) && !between.includes(`$${name}[`) && !between.includes(`$${name} +=`);
  const body = namedChildren(hash).find((c) => c.type === 'hash_literal_body');
  for (const entry of body ? namedChildren(body).filter((c) => c.type === 'hash_entry') : []) {
    const keyNode = namedChildren(entry)[0];
    const valueNode = namedChildren(entry)[1];
    if (!keyNode || !valueNode) continue;
    const keyValue = psValue(keyNode, text);
    const written = keyValue.kind === 'string' ? keyValue.value : keyNode.text;
    const canonical = resolveParameter(written, api);
    if (canonical === undefined) complete = false;
    if (!canonical || canonical === 'common') continue;
    args.push({ name: canonical, sourceName: written, span: spanOf(entry), keySpan: spanOf(keyNode), value: typed(canonical, psValue(valueNode, text), text) });
  }
  return complete;
}

const LIST_PARAMETERS = new Set(['Tags', 'PolicyArns', 'TransitiveTagKeys', 'ProvidedContexts']);

/**
 * Binds a value the way the cmdlet parameter does: list parameters take a single item as a list of
 * one; string parameters take a number as its text (`-TokenCode 012345` is the string "012345").
 */
function typed(canonical: string, v: Value, text: string): Value {
  if (LIST_PARAMETERS.has(canonical) && v.kind !== 'array' && v.kind !== 'unknown') return { kind: 'array', items: [v], complete: true, offset: v.offset, length: v.length };
  if (canonical !== 'DurationSeconds' && v.kind === 'number' && /^\d+$/.test(text.slice(v.offset, v.offset + v.length))) {
    const start = v.offset;
    return { kind: 'string', value: text.slice(v.offset, v.offset + v.length), offset: v.offset, length: v.length, map: (i) => start + i };
  }
  return v;
}

function varName(v: Node): string {
  return v.text.replace(/^[$@]/, '').replace(/^\{|\}$/g, '').toLowerCase();
}

function unwrap(node: Node): Node {
  let n = node;
  for (let i = 0; i < 40; i++) {
    const kids = namedChildren(n).filter((c) => c.type !== 'comment');
    if (!WRAPPERS.has(n.type) || kids.length !== 1 || !kids[0]) break;
    n = kids[0];
  }
  return n;
}

// ---- values ----------------------------------------------------------------------------------

function psValue(node: Node, text: string, depth = 0): Value {
  if (depth > 10) return unknown(node);
  const n = unwrap(node);
  switch (n.type) {
    case 'key_expression': {
      const inner = namedChildren(n)[0];
      if (inner?.type === 'simple_name' || !inner) return bare(n);
      return psValue(inner, text, depth + 1);
    }
    case 'string_literal': {
      const inner = namedChildren(n)[0];
      return inner ? stringLiteral(inner, text) : unknown(n);
    }
    case 'expandable_string_literal':
    case 'verbatim_string_characters':
      return stringLiteral(n, text);
    case 'generic_token':
      return bare(n);
    case 'array_literal_expression':
      return { kind: 'array', items: namedChildren(n).filter((c) => c.type !== 'comment').map((c) => psValue(c, text, depth + 1)), complete: true, ...spanOf(n) };
    case 'array_expression': {
      // @( a, b ) or @( a; b )
      const list = field(n, 'statements');
      const statements = list ? namedChildren(list).filter((c) => c.type !== 'comment') : [];
      const items: Value[] = [];
      for (const s of statements) {
        const v = psValue(s, text, depth + 1);
        if (v.kind === 'array' && unwrap(s).type === 'array_literal_expression') items.push(...v.items);
        else items.push(v);
      }
      return { kind: 'array', items, complete: true, ...spanOf(n) };
    }
    case 'hash_literal_expression': {
      const body = namedChildren(n).find((c) => c.type === 'hash_literal_body');
      const props: Property[] = [];
      for (const entry of body ? namedChildren(body).filter((c) => c.type === 'hash_entry') : []) {
        const k = namedChildren(entry)[0];
        const v = namedChildren(entry)[1];
        if (!k || !v) continue;
        const kv = psValue(k, text, depth + 1);
        props.push({ key: kv.kind === 'string' ? kv.value : k.text, keySpan: spanOf(k), value: psValue(v, text, depth + 1) });
      }
      return { kind: 'object', props, complete: true, ...spanOf(n) };
    }
    default: {
      const num = evalNumber(n, 0);
      if (num === undefined) return unknown(n);
      return numberAt(n, num);
    }
  }
}

/** A bare word argument (`arn:aws:iam::1:role/x`): a string whose content is the whole token. */
function bare(n: Node): Value {
  const start = n.startIndex;
  // A bare word starting with `$` or containing `$(` is expanded by PowerShell.
  if (/\$[\w{(]/.test(n.text)) return unknown(n);
  return { kind: 'string', value: n.text, ...spanOf(n), map: (i) => start + i };
}

const MULTIPLIERS: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

function evalNumber(node: Node, depth: number): number | undefined {
  if (depth > 40) return undefined;
  const n = unwrap(node);
  switch (n.type) {
    case 'integer_literal':
    case 'real_literal':
    case 'decimal_integer_literal':
    case 'hexadecimal_integer_literal': {
      const inner = namedChildren(n)[0];
      if (inner && n.type === 'integer_literal') return evalNumber(inner, depth + 1);
      const m = /^(0x[0-9a-f]+|[0-9.]+(?:e[+-]?\d+)?)(l|u|ul|d|n|s|y|uy|us)?(kb|mb|gb|tb|pb)?$/i.exec(n.text);
      if (!m?.[1]) return undefined;
      const v = Number(m[1]) * (m[3] ? (MULTIPLIERS[m[3].toLowerCase()] ?? 1) : 1);
      return Number.isFinite(v) ? v : undefined;
    }
    case 'parenthesized_expression':
    case 'sub_expression': {
      const inner = namedChildren(n).filter((c) => c.type !== 'comment');
      return inner.length === 1 && inner[0] ? evalNumber(inner[0], depth + 1) : undefined;
    }
    case 'additive_expression':
    case 'multiplicative_expression': {
      const [l, r] = namedChildren(n);
      return foldBinary(n.children.find((c) => c && !c.isNamed)?.type, l, r, (x) => evalNumber(x, depth + 1), 'exact');
    }
    case 'unary_expression':
      return foldUnary(n.child(0)?.type, namedChildren(n)[0], (x) => evalNumber(x, depth + 1));
    case 'cast_expression': {
      const inner = namedChildren(n).filter((c) => c.type !== 'type_literal').pop();
      return inner ? evalNumber(inner, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

const BACKTICK: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };

/**
 * `'verbatim'` (`''` is a quote) and `"expandable"` strings (backtick escapes, `""` is a quote; any
 * `$variable` or `$(...)` makes the value unknown). Here-strings are not literals we map.
 */
function stringLiteral(node: Node, text: string): Value {
  const raw = node.text;
  if (raw.startsWith('@')) return unknown(node);
  const quote = raw[0];
  if (quote !== "'" && quote !== '"' && quote !== '\u2018' && quote !== '\u201c') return unknown(node);
  const expandable = quote === '"' || quote === '\u201c';
  if (expandable && namedChildren(node).length > 0) return unknown(node);
  let value = '';
  const offsets: number[] = [];
  const start = node.startIndex;
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw[i]!;
    if (expandable && c === '`' && i + 1 < raw.length - 1) {
      const e = raw[i + 1]!;
      offsets.push(start + i);
      value += BACKTICK[e] ?? e;
      i++;
      continue;
    }
    if (expandable && c === '$' && /[\w{(:?^]/.test(raw[i + 1] ?? '')) return unknown(node);
    if (c === quote && raw[i + 1] === quote) {
      offsets.push(start + i);
      value += c;
      i++;
      continue;
    }
    offsets.push(start + i);
    value += c;
  }
  void text;
  return mappedString(node, value, offsets);
}

// ---- role chaining ---------------------------------------------------------------------------

/**
 * Variables assigned from a `Use-STS*Role` (or from an expression using such a variable) hold role
 * credentials; so does the shell's default after `Set-AWSCredential` with them. An AssumeRole run with
 * those credentials (its `-Credential`, or no `-Credential` after such a `Set-AWSCredential`) chains.
 */
function markChains(root: Node, found: Found[], spelling: Spelling): void {
  const roleCommands = found.filter((f) => f.site.kind.startsWith('AssumeRole'));
  if (roleCommands.length === 0) return;
  const tainted = new Map<string, string>();
  let defaultCreds: string | undefined;
  const describe = (f: Found): string => `credentials from ${f.site.label ?? 'Use-STSRole'} on line ${f.command.startPosition.row + 1}`;
  const mentionsTainted = (start: number, end: number): boolean => {
    for (const name of tainted.keys()) if (spelling.mentions(name, start, end)) return true;
    return false;
  };
  const taintIn = (expr: Node): string | undefined => {
    const src = roleCommands.find((f) => f.command.startIndex >= expr.startIndex && f.command.endIndex <= expr.endIndex);
    if (src) return describe(src);
    // Only a variable spelled like a tainted one can carry the taint: no walk when none is in the text.
    if (!mentionsTainted(expr.startIndex, expr.endIndex)) return undefined;
    let why: string | undefined;
    walkFrom(expr, (cursor) => {
      if (why) return false;
      if (cursor.nodeType === 'variable') {
        const name = varName(cursor.currentNode);
        if (tainted.has(name)) why = tainted.get(name);
      }
      return true;
    });
    return why;
  };
  const byCommand = new Map(found.map((f) => [f.command.id, f]));
  // Every STS command spells -sts and every Set-AWSCredential(s) its name; an assignment matters only
  // when it holds a role command or spells a tainted variable (otherwise it taints and untaints
  // nothing), so subtrees with none of these are skipped.
  walkFrom(root, (cursor) => {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    if (!spelling.mentions(CANDIDATE_WORD, start, end) && !spelling.mentions('set-awscredential', start, end) && !mentionsTainted(start, end)) return false;
    const type = cursor.nodeType;
    if (type === 'comment') return false;
    if (type === 'command') {
      const n = cursor.currentNode;
      const f = byCommand.get(n.id);
      if (f && f.site.kind === 'AssumeRole') {
        const why = f.credential ? taintIn(f.credential) : defaultCreds;
        if (why) f.site.chainedVia = why;
      }
      if (cmdletName(n) === 'set-awscredential' || cmdletName(n) === 'set-awscredentials') defaultCreds = taintIn(n) ?? defaultCreds;
      return true;
    }
    if (type === 'assignment_expression') {
      const n = cursor.currentNode;
      const left = unwrap(namedChildren(n)[0] ?? n);
      const value = field(n, 'value');
      if (left.type === 'variable' && value) {
        const why = taintIn(value);
        if (why) tainted.set(varName(left), why);
        else tainted.delete(varName(left));
      }
    }
    return true;
  });
}
