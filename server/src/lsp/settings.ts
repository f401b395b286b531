/**
 * The `stsLens.*` settings the server reads, per document scope (workspace/configuration with the
 * document URI), normalised into one typed object. Anything malformed falls back to the default, so a
 * typo in settings.json never stops validation.
 */
import { RULE_IDS, type RuleId } from '../analysis/types';
import type { SeveritySetting } from '../analysis/analyze';
import { supportedLanguageIds } from '../analysis/extract';
import { LANGUAGE_IDS } from '../analysis/languages';
import { DEFAULT_DOCS_SEVERITY, DOCS_SEVERITY_SETTINGS, type DocsSeverity } from '../analysis/docsSeverity';
import { compileGlob, GlobError, type CompiledGlob } from './glob';

export const SEVERITY_SETTINGS = ['ignore', 'info', 'warning', 'error'] as const;

/**
 * A typing burst's pauses are under about 75 ms; a re-check after an edit costs a few milliseconds
 * (incremental parse), so waiting longer only delays the diagnostics (bench: keystroke → diagnostics).
 */
export const DEFAULT_DEBOUNCE_MS = 75;

export interface ServerSettings {
  /** Per-rule severity overrides (`stsLens.rules.<rule-id>`). */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /** Known role maxima (`stsLens.roleMaxDurations`): role ARN (or role name) -> MaxSessionDuration seconds. */
  roleMaxDurations: Record<string, number>;
  /** Glob patterns of files not to validate (`stsLens.exclude`). */
  exclude: string[];
  /** Language ids to validate (`stsLens.languages`); undefined = every supported language. */
  languages: string[] | undefined;
  /** Delay between the last keystroke and validation (`stsLens.debounceMs`). */
  debounceMs: number;
  /** Severity of findings in Markdown and reStructuredText code blocks (`stsLens.docsSeverity`). */
  docsSeverity: DocsSeverity;
}

export function defaultSettings(): ServerSettings {
  return { rules: {}, roleMaxDurations: {}, exclude: [], languages: undefined, debounceMs: DEFAULT_DEBOUNCE_MS, docsSeverity: DEFAULT_DOCS_SEVERITY };
}

const RULE_ID_SET: ReadonlySet<string> = new Set(RULE_IDS);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Normalises the `stsLens` section as a client sends it. VS Code sends `stsLens.rules.<id>` nested
 * (`{rules: {<id>: 'error'}}`); clients that do not expand dots (Neovim tables written by hand) may
 * send the flat key `"rules.<id>"`; both are read.
 */
export function normalizeSettings(raw: unknown): ServerSettings {
  const out = defaultSettings();
  if (!isRecord(raw)) return out;
  const ruleEntries: [string, unknown][] = [];
  if (isRecord(raw.rules)) ruleEntries.push(...Object.entries(raw.rules));
  for (const [k, v] of Object.entries(raw)) if (k.startsWith('rules.')) ruleEntries.push([k.slice('rules.'.length), v]);
  for (const [id, v] of ruleEntries) {
    if (RULE_ID_SET.has(id) && typeof v === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(v)) {
      out.rules[id as RuleId] = v as SeveritySetting;
    }
  }
  if (isRecord(raw.roleMaxDurations)) {
    for (const [arn, v] of Object.entries(raw.roleMaxDurations)) {
      const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
      if (typeof n === 'number' && Number.isInteger(n) && n > 0) out.roleMaxDurations[arn] = n;
    }
  }
  if (Array.isArray(raw.exclude)) out.exclude = raw.exclude.filter((g): g is string => typeof g === 'string' && g.length > 0);
  if (Array.isArray(raw.languages)) out.languages = raw.languages.filter((l): l is string => typeof l === 'string');
  if (typeof raw.debounceMs === 'number' && Number.isFinite(raw.debounceMs) && raw.debounceMs >= 0) out.debounceMs = raw.debounceMs;
  const docs = raw.docsSeverity;
  if (typeof docs === 'string' && (DOCS_SEVERITY_SETTINGS as readonly string[]).includes(docs)) out.docsSeverity = docs as DocsSeverity;
  return out;
}

/** Whether a language is enabled by the settings. */
export function languageEnabled(settings: ServerSettings, languageId: string): boolean {
  if (!(LANGUAGE_IDS as readonly string[]).includes(languageId) && !supportedLanguageIds().includes(languageId)) return false;
  return settings.languages === undefined || settings.languages.includes(languageId);
}

/** Compiled globs by source (settings repeat the same few patterns for every document). */
const compiled = new Map<string, CompiledGlob | GlobError>();

/** The compiled glob, or the reason it is malformed (cached either way). */
export function globFor(glob: string): CompiledGlob | GlobError {
  let c = compiled.get(glob);
  if (!c) {
    try {
      c = compileGlob(glob);
    } catch (e) {
      c = e instanceof GlobError ? e : new GlobError(String(e));
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(glob, c);
  }
  return c;
}

/** The `stsLens.exclude` patterns that are malformed, with the reason (they are ignored). */
export function invalidGlobs(globs: readonly string[]): { glob: string; reason: string }[] {
  return globs.flatMap((glob) => {
    const c = globFor(glob.replace(/^\.\//, ''));
    return c instanceof GlobError ? [{ glob, reason: c.message }] : [];
  });
}

/**
 * Whether a file is excluded. A glob without a slash matches the file name anywhere (like
 * `files.exclude`); others match the path relative to a workspace folder, or the absolute path.
 * Malformed globs match nothing (the server reports them once).
 */
export function isExcluded(fsPath: string, globs: readonly string[], workspaceFolders: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const normalized = fsPath.replace(/\\/g, '/');
  const candidates = [normalized];
  for (const folder of workspaceFolders) {
    const f = folder.replace(/\\/g, '/').replace(/\/$/, '');
    if (normalized.startsWith(f + '/')) candidates.push(normalized.slice(f.length + 1));
  }
  const base = normalized.slice(normalized.lastIndexOf('/') + 1);
  return globs.some((g) => {
    const glob = globFor(g.replace(/^\.\//, ''));
    if (glob instanceof GlobError) return false;
    if (!g.includes('/')) return glob.matches(base) || candidates.some((c) => c.split('/').some((seg) => glob.matches(seg)));
    if (candidates.some((c) => glob.matches(c))) return true;
    const anywhere = globFor('**/' + g.replace(/^\*\*\//, ''));
    return !(anywhere instanceof GlobError) && anywhere.matches(normalized);
  });
}
