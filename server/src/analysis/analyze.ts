/**
 * The analysis entry point: text in, findings out. Pure: no I/O beyond loading grammars once, no
 * vscode, no LSP. Offsets stay offsets; callers turn them into positions.
 */
import { applyDocsSeverity, type DocsSeverity } from './docsSeverity';
import { notAwsReason } from './endpoints';
import { extractorFor, textExtractors } from './extract';
import { mightMentionSts } from './prefilter';
import { RULES } from './rules';
import { loadGrammars, isLoaded } from './treesitter';
import { escapeControls, getArg, literalString } from './values';
import type { CallSite, Finding, RoleFact, RoleFacts, Rule, RuleContext, RuleId, Severity } from './types';

export type SeveritySetting = Severity | 'ignore';

export interface AnalyzeOptions {
  /** Role facts known from elsewhere (workspace scan, settings); facts in the file itself are added. */
  roleFacts?: RoleFacts;
  /** Per-rule severity overrides; `ignore` turns a rule off. */
  severities?: Partial<Record<RuleId, SeveritySetting>>;
  /** Called when a rule or extractor throws; the other findings are still returned. */
  onInternalError?: (where: string, error: unknown) => void;
  /** Call sites already extracted for this text (the server keeps them between requests). */
  sites?: CallSite[];
  /** The rules to run (default: every rule in RULES); a hook for tests and embedders. */
  rules?: readonly Rule[];
  /** Severity of findings in documentation (Markdown, reStructuredText); default `same`. */
  docsSeverity?: DocsSeverity;
}

/** Facts from a list (used for settings and for the file's own role definitions). */
export class RoleFactTable implements RoleFacts {
  private readonly byArn = new Map<string, RoleFact>();
  private readonly byName = new Map<string, RoleFact>();

  constructor(facts: Iterable<RoleFact> = [], private readonly fallback?: RoleFacts) {
    for (const f of facts) this.add(f);
  }

  add(fact: RoleFact): void {
    if (fact.arn) this.byArn.set(fact.arn, fact);
    if (!this.byName.has(fact.roleName)) this.byName.set(fact.roleName, fact);
  }

  lookup(roleArn: string): RoleFact | undefined {
    const exact = this.byArn.get(roleArn);
    if (exact) return exact;
    const fromFallback = this.fallback?.lookup(roleArn);
    if (fromFallback) return fromFallback;
    const name = roleNameOfArn(roleArn);
    return name ? this.byName.get(name) : undefined;
  }
}

/** `arn:aws:iam::111122223333:role/path/deploy` -> `deploy`. */
export function roleNameOfArn(arn: string): string | undefined {
  const m = /^arn:[^:]+:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m?.[1];
}

export const NO_ROLE_FACTS: RoleFacts = { lookup: () => undefined };

/** Grammars needed before {@link analyze} can run synchronously on this language. */
export function grammarsFor(languageId: string): readonly string[] {
  // Text extractors may need grammars of their own (the shell, for AWS CLI commands in strings).
  return [...new Set([extractorFor(languageId), ...textExtractors(languageId)].flatMap((e) => e?.grammars ?? []))];
}

/** Loads what {@link analyze} needs for a language. Safe to call many times. */
export async function prepare(languageId: string): Promise<void> {
  const grammars = grammarsFor(languageId);
  if (grammars.some((g) => !isLoaded(g))) await loadGrammars(grammars);
}

/** Extracts call sites (the same set {@link analyze} checks); useful to hovers and completions. */
export function extractSites(text: string, languageId: string, uri?: string, onError?: AnalyzeOptions['onInternalError']): CallSite[] {
  const sites: CallSite[] = [];
  const extractors = [extractorFor(languageId), ...textExtractors(languageId)];
  for (const ex of extractors) {
    if (!ex) continue;
    try {
      sites.push(...ex.extract(text, uri));
    } catch (e) {
      onError?.(`extractor for ${languageId}`, e);
    }
  }
  return sites;
}

/**
 * Analyzes one document. Grammars for the language must be loaded ({@link prepare}); `analyzeFile`
 * does both.
 */
export function analyze(text: string, languageId: string, uri?: string, options: AnalyzeOptions = {}): Finding[] {
  if (!mightMentionSts(text)) return [];
  // A call to another STS (MinIO, Ceph, Alibaba) is not judged by AWS's limits.
  const sites = (options.sites ?? extractSites(text, languageId, uri, options.onInternalError)).filter((s) => notAwsReason(s) === undefined);
  const ownFacts = sites.flatMap((s) => roleFactsOfSite(s, uri));
  const roleFacts = new RoleFactTable(ownFacts, options.roleFacts);

  const findings: Finding[] = [];
  // One context for every rule (its fields are read-only); `report` stamps the rule running now.
  // A context and a closure per rule cost more than most rules' own checks on a small file.
  let ruleId: RuleId = RULES[0]?.id as RuleId;
  let setting: Severity | undefined;
  let severity: Severity = 'error';
  const ctx: RuleContext = {
    text,
    languageId,
    uri,
    sites,
    roleFacts,
    report: (f) => {
      findings.push({ ...f, message: escapeControls(f.message), ruleId, severity: setting ?? f.severity ?? severity });
    },
  };
  for (const rule of options.rules ?? RULES) {
    const ruleSetting = options.severities?.[rule.id];
    if (ruleSetting === 'ignore') continue;
    ruleId = rule.id;
    // A setting equal to the rule's default is what editors send when the user set nothing (VS Code
    // fills in defaults): it leaves a finding's own severity alone (unsigned-call-policy picks it by
    // where the code runs). Any other level overrides every finding of the rule.
    setting = ruleSetting === rule.defaultSeverity ? undefined : ruleSetting;
    severity = ruleSetting ?? rule.defaultSeverity;
    try {
      rule.check(ctx);
    } catch (e) {
      options.onInternalError?.(`rule ${rule.id}`, e);
    }
  }
  return applyDocsSeverity(applySuppressions(text, dedupe(findings)), languageId, options.docsSeverity).sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
}

/** Loads the grammars, then analyzes. */
export async function analyzeAsync(text: string, languageId: string, uri?: string, options?: AnalyzeOptions): Promise<Finding[]> {
  if (mightMentionSts(text)) await prepare(languageId);
  return analyze(text, languageId, uri, options);
}

/** Role facts a call site states: a role definition with a literal MaxSessionDuration. */
export function roleFactsOfSite(site: CallSite, uri?: string): RoleFact[] {
  if (site.kind !== 'RoleDefinition') return [];
  const max = getArg(site, 'MaxSessionDuration')?.value;
  const arn = literalString(getArg(site, 'RoleArn')?.value);
  const maxNum = max?.kind === 'number' ? max.value : max?.kind === 'string' && /^\d+$/.test(max.value) ? Number(max.value) : undefined;
  // Only a literal name is a fact: a logical id or resource label is not the role's real name
  // (CloudFormation generates `stack-DeployRole-XYZ`), and a guessed name would give false errors.
  const roleName = literalString(getArg(site, 'RoleName')?.value) ?? (arn !== undefined ? roleNameOfArn(arn) : undefined);
  if (maxNum === undefined || !roleName) return [];
  return [{ roleName, arn, maxSessionDuration: maxNum, source: uri ? uri.replace(/^.*\//, '') : 'this file' }];
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.offset}:${f.length}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const SUPPRESS = /sts-lens-disable-(next-line|line)\b([^\n\r]*)/g;

/**
 * The rule ids (`duration-out-of-range`) listed after a suppression comment. Split into words first and
 * each word tested whole: one pass over the line, where a search for `[a-z]+(?:-[a-z]+)+` anywhere in it
 * restarts at every letter (a 200 KB comment line took 72 s).
 */
function ruleIdsIn(rest: string): string[] {
  const ids: string[] = [];
  for (const word of rest.split(/[^a-z-]+/)) {
    let from = 0;
    let to = word.length;
    while (from < to && word.charCodeAt(from) === 45 /* - */) from++;
    while (to > from && word.charCodeAt(to - 1) === 45) to--;
    const id = word.slice(from, to);
    if (/^[a-z]+(?:-[a-z]+)+$/.test(id)) ids.push(id);
  }
  return ids;
}

/**
 * Inline suppression comments: `sts-lens-disable-next-line [rule-id, ...]` silences the next line,
 * `sts-lens-disable-line [rule-id, ...]` its own line. Without ids every rule is silenced.
 */
function applySuppressions(text: string, findings: Finding[]): Finding[] {
  if (!text.includes('sts-lens-disable')) return findings;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const suppressed = new Map<number, Set<string> | 'all'>();
  for (const m of text.matchAll(SUPPRESS)) {
    const line = lineOf(m.index) + (m[1] === 'next-line' ? 1 : 0);
    const ids = ruleIdsIn(m[2] ?? '');
    if (ids.length === 0) suppressed.set(line, 'all');
    else {
      const prev = suppressed.get(line);
      if (prev !== 'all') suppressed.set(line, new Set([...(prev ?? []), ...ids]));
    }
  }
  return findings.filter((f) => {
    const s = suppressed.get(lineOf(f.offset));
    return !(s === 'all' || s?.has(f.ruleId));
  });
}
