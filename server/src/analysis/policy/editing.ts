/**
 * Editing help for policy documents, over the same Value tree the checks use: completions for
 * actions and condition keys from the IAM catalog, hovers with an action's description and access
 * level. Offsets are document offsets; the LSP layer turns them into positions.
 */
import type { ObjectValue, Property, Span, StringValue, Value } from '../types';
import { stringOffset } from '../values';
import { wildcard } from '../wildcard';
import * as catalog from './catalog';
import { CONDITION_OPERATORS } from './check';

export interface PolicyCompletion {
  label: string;
  kind: 'service' | 'action' | 'conditionKey' | 'operator';
  detail?: string;
  documentation?: string;
  /** The text to insert in place of `range`. */
  insertText: string;
  /** What the completion replaces: the string content typed so far (quotes excluded). */
  range: Span;
}

export interface PolicyHover {
  range: Span;
  /** Markdown. */
  contents: string;
}

type Hit =
  | { where: 'action'; value: StringValue; statement: ObjectValue }
  | { where: 'conditionKey'; key: Property; statement: ObjectValue }
  | { where: 'operator'; key: Property; statement: ObjectValue };

/** Completions at a document offset inside a policy tree (empty when the offset is elsewhere). */
export function policyCompletions(root: Value, offset: number, maxItems = 500): PolicyCompletion[] {
  const hit = locate(root, offset, true);
  if (!hit || !catalog.catalogAvailable()) return [];
  if (hit.where === 'action') {
    const { value } = hit;
    const range = contentSpan(value);
    const typed = value.value.slice(0, Math.max(0, Math.min(value.value.length, indexAt(value, offset))));
    const colon = typed.indexOf(':');
    if (colon < 0) {
      const services = [...(catalog.allServiceKeys() ?? [])].filter((s) => s.startsWith(typed.toLowerCase()));
      return services.slice(0, maxItems).map((s) => ({ label: `${s}:`, kind: 'service', detail: catalog.serviceName(s), insertText: `${s}:`, range }));
    }
    const svc = catalog.service(typed.slice(0, colon));
    if (!svc) return [];
    const prefix = typed.slice(colon + 1).toLowerCase();
    return [...svc.actions.values()]
      .filter((a) => a.name.toLowerCase().startsWith(prefix))
      .slice(0, maxItems)
      .map((a) => ({ label: `${svc.key}:${a.name}`, kind: 'action', detail: `${a.accessLevel} — ${svc.name}`, documentation: a.description, insertText: `${svc.key}:${a.name}`, range }));
  }
  const range = hit.key.keySpan;
  if (hit.where === 'operator') {
    const ops = CONDITION_OPERATORS.flatMap((o) => (o === 'Null' ? [o] : [o, `${o}IfExists`, `ForAnyValue:${o}`, `ForAllValues:${o}`]));
    return ops.slice(0, maxItems).map((o) => ({ label: o, kind: 'operator', insertText: o, range }));
  }
  const items: PolicyCompletion[] = [];
  const services = statementServices(hit.statement);
  for (const s of services) {
    for (const k of catalog.service(s)?.conditionKeys.values() ?? []) items.push({ label: k.key, kind: 'conditionKey', detail: `${k.type} — ${s}`, documentation: k.description || undefined, insertText: k.key, range });
  }
  for (const k of catalog.globalConditionKeyNames()) items.push({ label: k, kind: 'conditionKey', detail: 'global', insertText: k, range });
  const typed = hit.key.key.toLowerCase();
  const seen = new Set<string>();
  return items.filter((i) => i.label.toLowerCase().startsWith(typed) && !seen.has(i.label) && seen.add(i.label)).slice(0, maxItems);
}

/** Hover at a document offset: an action (description, access level, resource types) or a condition key. */
export function policyHover(root: Value, offset: number): PolicyHover | undefined {
  const hit = locate(root, offset, false);
  if (!hit || !catalog.catalogAvailable()) return undefined;
  if (hit.where === 'action') {
    const text = hit.value.value;
    const colon = text.indexOf(':');
    const range = contentSpan(hit.value);
    if (text === '*') return { range, contents: '`*`: every action of every service.' };
    if (colon < 0) return undefined;
    const svc = catalog.service(text.slice(0, colon));
    if (!svc) return undefined;
    const name = text.slice(colon + 1);
    if (/[*?]/.test(name)) {
      const re = wildcard(name);
      const matches = [...svc.actions.values()].filter((a) => re.test(a.name));
      const levels = [...new Set(matches.map((a) => a.accessLevel))].join(', ');
      const list = matches.slice(0, 15).map((a) => a.name).join(', ') + (matches.length > 15 ? ', …' : '');
      return { range, contents: `**${text}** — ${svc.name}\n\nMatches ${matches.length} action${matches.length === 1 ? '' : 's'}${levels ? ` (${levels})` : ''}: ${list}` };
    }
    const a = svc.actions.get(name.toLowerCase());
    if (!a) return undefined;
    const resources = a.resourceTypes.map((r) => r.name + (r.required ? '*' : '')).join(', ');
    return {
      range,
      contents: `**${svc.key}:${a.name}** — ${svc.name}\n\n${a.description}\n\nAccess level: **${a.accessLevel}**${resources ? `\n\nResource types: ${resources}` : '\n\nResource: `*` only'}`,
    };
  }
  if (hit.where === 'conditionKey') {
    const info = catalog.findConditionKey(hit.key.key);
    if (!info) return undefined;
    return { range: hit.key.keySpan, contents: `**${info.key.key}** (${info.key.type})${info.global ? ' — global condition key' : ` — ${info.service}`}${info.key.description ? `\n\n${info.key.description}` : ''}` };
  }
  return undefined;
}

function statementServices(statement: ObjectValue): string[] {
  const action = statement.props.find((p) => p.key === 'Action' || p.key === 'NotAction')?.value;
  const values = action?.kind === 'string' ? [action] : action?.kind === 'array' ? action.items : [];
  const out = new Set<string>();
  for (const v of values) if (v.kind === 'string' && v.value.includes(':')) out.add(v.value.slice(0, v.value.indexOf(':')).toLowerCase());
  return [...out];
}

function statementsOf(root: Value): ObjectValue[] {
  if (root.kind !== 'object') return [];
  const st = root.props.find((p) => p.key === 'Statement')?.value;
  if (st?.kind === 'object') return [st];
  if (st?.kind === 'array') return st.items.filter((i): i is ObjectValue => i.kind === 'object');
  return [];
}

function inside(s: Span, offset: number, inclusiveEnd: boolean): boolean {
  return offset >= s.offset && (inclusiveEnd ? offset <= s.offset + s.length : offset < s.offset + s.length);
}

function locate(root: Value, offset: number, typing: boolean): Hit | undefined {
  for (const statement of statementsOf(root)) {
    if (!inside(statement, offset, true)) continue;
    for (const p of statement.props) {
      if ((p.key === 'Action' || p.key === 'NotAction') && inside(p.value, offset, typing)) {
        const values = p.value.kind === 'string' ? [p.value] : p.value.kind === 'array' ? p.value.items : [];
        for (const v of values) if (v.kind === 'string' && inside(v, offset, false)) return { where: 'action', value: v, statement };
      }
      if (p.key === 'Condition' && p.value.kind === 'object') {
        for (const op of p.value.props) {
          if (inside(op.keySpan, offset, typing)) return { where: 'operator', key: op, statement };
          if (op.value.kind !== 'object') continue;
          for (const k of op.value.props) if (inside(k.keySpan, offset, typing)) return { where: 'conditionKey', key: k, statement };
        }
      }
    }
  }
  return undefined;
}

function contentSpan(v: StringValue): Span {
  if (v.value.length === 0) return { offset: v.offset + 1, length: 0 };
  const from = stringOffset(v, 0);
  return { offset: from, length: stringOffset(v, v.value.length - 1) + 1 - from };
}

/** The index in the string's content of a document offset (the caret may sit after the last character). */
function indexAt(v: StringValue, offset: number): number {
  for (let i = 0; i < v.value.length; i++) if (stringOffset(v, i) >= offset) return i;
  return v.value.length;
}
