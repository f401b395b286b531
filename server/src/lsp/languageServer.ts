/**
 * LSP wiring: documents (incremental sync, a tree-sitter tree per document), settings per document
 * scope, push diagnostics (debounced, latest version wins) or pull diagnostics when the client supports
 * them, hovers, completions and quick fixes. The analysis itself lives in ../analysis and knows
 * nothing of LSP.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  InsertTextFormat,
  LSPErrorCodes,
  MessageType,
  MarkupKind,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { analyze, extractSites, prepare, RoleFactTable, NO_ROLE_FACTS, roleFactsOfSite } from '../analysis/analyze';
import { policyCompletions, policyFromValue, policyHover } from '../analysis/policy';
import { resolveFileRefs } from '../analysis/extract/fileRefs';
import { mightMentionSts } from '../analysis/prefilter';
import { MAX_FILE_BYTES } from '../checkFile';
import { workspaceReader } from '../referencedFiles';
import { collectRoleFacts } from '../analysis/roleFacts';
import { findRoleFactSources, readRoleFactSource } from './workspaceScan';
import type { CallSite, Finding, RoleFact, RoleFacts, Rule, Value } from '../analysis/types';
import { DocumentStore, withDocumentTree, type OpenDocument } from './documents';
import { AnalysisBudgetExceeded, budgetedRules, DEFAULT_ANALYSIS_BUDGET_MS, DocumentBreaker } from './analysisBudget';
import { RULES } from '../analysis/rules';
import { completionsAt, hoverAt, quickFixes } from './features';
import { ServerLog } from './log';
import { defaultSettings, invalidGlobs, isExcluded, languageEnabled, normalizeSettings, type ServerSettings } from './settings';

export const SETTINGS_SECTION = 'stsLens';

/** Hooks for tests and embedders. */
export interface ServerOptions {
  /** Rules to run instead of RULES (tests inject a throwing rule here). */
  rules?: readonly Rule[];
  /** Collects role facts from the workspace folders at start (default: scan + roleFacts.ts `collectRoleFacts`). */
  collectRoleFacts?: (folders: string[], onError: (where: string, error: unknown) => void, exclude: readonly string[]) => Promise<RoleFact[]>;
  /** Extracts call sites instead of the core's extractSites (tests inject one that throws). */
  extractSites?: typeof extractSites;
  /** Time one document's analysis may take (default DEFAULT_ANALYSIS_BUDGET_MS). */
  analysisBudgetMs?: number;
  /** Milliseconds clock for the budget and the breaker (tests inject a fake one). */
  clock?: () => number;
}

interface Analysis {
  version: number;
  sites: CallSite[];
  findings: Finding[];
  facts: RoleFacts;
  /** Why the document is not analysed now (its analysis failed or ran over budget): shown as one diagnostic. */
  setAside?: string;
}

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new DocumentStore();
  const log = new ServerLog({ log: (m) => connection.console.log(m), error: (m) => connection.console.error(m) });
  const onInternalError = (where: string, error: unknown): void => log.internalError(where, error);

  let hasConfigurationCapability = false;
  let hasDynamicConfigRegistration = false;
  let pullDiagnostics = false;
  let workspaceFolders: string[] = [];
  let globalSettings: ServerSettings = defaultSettings();
  const settingsCache = new Map<string, Promise<ServerSettings>>();
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Role facts from the workspace scan; settings facts are layered on top per document. */
  let workspaceFacts: RoleFacts = NO_ROLE_FACTS;

  /** Malformed `stsLens.exclude` globs already reported: each is said once, then ignored. */
  const reportedGlobs = new Set<string>();
  function readSettings(raw: unknown): ServerSettings {
    const settings = normalizeSettings(raw);
    for (const { glob, reason } of invalidGlobs(settings.exclude)) {
      if (reportedGlobs.has(glob) || reportedGlobs.size > 100) continue;
      reportedGlobs.add(glob);
      const shown = JSON.stringify(glob.length > 80 ? `${glob.slice(0, 80)}…` : glob);
      const message = `STS Lens: the stsLens.exclude pattern ${shown} is not a valid glob (${reason}); it is ignored. Fix it in your settings.`;
      log.info(message);
      // A notification, not window/showMessageRequest: nothing to answer, and every client shows it.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
    }
    return settings;
  }

  function settingsFor(uri: string): Promise<ServerSettings> {
    if (!hasConfigurationCapability) return Promise.resolve(globalSettings);
    let p = settingsCache.get(uri);
    if (!p) {
      p = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(readSettings, (e: unknown) => {
        log.internalError('reading settings', e);
        return globalSettings;
      });
      settingsCache.set(uri, p);
    }
    return p;
  }

  function factsFor(settings: ServerSettings): RoleFacts {
    const entries = Object.entries(settings.roleMaxDurations);
    if (entries.length === 0) return workspaceFacts;
    const fromSettings: RoleFact[] = entries.map(([key, max]) => ({
      roleName: key.startsWith('arn:') ? (key.split('/').pop() ?? key) : key,
      arn: key.startsWith('arn:') ? key : undefined,
      maxSessionDuration: max,
      source: 'setting stsLens.roleMaxDurations',
    }));
    return new RoleFactTable(fromSettings, workspaceFacts);
  }

  function fsPathOf(uri: string): string | undefined {
    try {
      return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Documents reported once as too large to analyze as you type (the CLI skips the same files). */
  const tooLarge = new Set<string>();

  function active(entry: OpenDocument, settings: ServerSettings): boolean {
    if (!languageEnabled(settings, entry.languageId)) return false;
    if (entry.doc.getText().length > MAX_FILE_BYTES) {
      if (!tooLarge.has(entry.uri)) {
        tooLarge.add(entry.uri);
        log.info(`STS Lens: ${entry.uri} is over ${MAX_FILE_BYTES / 1024 / 1024} MB and is not checked: files this large are generated or data (the CLI skips them too).`);
      }
      return false;
    }
    const p = fsPathOf(entry.uri);
    return !(p && isExcluded(p, settings.exclude, workspaceFolders));
  }

  /**
   * Sites and findings for the document's current version; undefined when the document closed or
   * changed while settings or grammars were loading (the result would be stale).
   */
  async function analysisFor(uri: string, token?: CancellationToken): Promise<Analysis | undefined> {
    const entry = documents.get(uri);
    if (!entry) return undefined;
    const version = entry.doc.version;
    const cached = analyses.get(uri);
    if (cached && cached.version === version) return cached;
    const settings = await settingsFor(uri);
    const text = entry.doc.getText();
    if (active(entry, settings) && mightMentionSts(text)) {
      try {
        await prepare(entry.languageId);
      } catch (e) {
        log.internalError(`loading the parser for ${entry.languageId}`, e);
      }
    }
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const current = documents.get(uri);
    if (current !== entry || current.doc.version !== version) return undefined;
    const again = analyses.get(uri);
    if (again && again.version === version) return again;
    const facts = factsFor(settings);
    let result: Analysis;
    if (!active(entry, settings) || !mightMentionSts(text)) {
      result = { version, sites: [], findings: [], facts };
    } else if (breaker.openReason(uri)) {
      result = { version, sites: [], findings: [], facts, setAside: breaker.openReason(uri) };
    } else {
      const deadline = clock() + budgetMs;
      let overBudget = false;
      const spent = (): boolean => (overBudget ||= clock() > deadline);
      const onDocumentError = (where: string, e: unknown): void => {
        if (e instanceof AnalysisBudgetExceeded) overBudget = true;
        else reportDocumentError(uri, where, e);
      };
      try {
        const extracted = withDocumentTree(entry, () => (options.extractSites ?? extractSites)(text, entry.languageId, uri, onDocumentError));
        // `--policy file://policy.json` in a script: check the referenced file's policy too (read on each run).
        const sites = extracted.some((s) => s.args.some((a) => a.fileRef)) ? resolveFileRefs(extracted, uri, workspaceReader(workspaceFolders, uri)) : extracted;
        const rules = budgetedRules(options.rules ?? RULES, spent);
        const findings = spent() ? [] : analyze(text, entry.languageId, uri, { sites, roleFacts: facts, severities: settings.rules, docsSeverity: settings.docsSeverity, onInternalError: onDocumentError, rules });
        if (spent()) throw new AnalysisBudgetExceeded();
        const own = sites.flatMap((s) => roleFactsOfSite(s, uri));
        breaker.succeeded(uri);
        result = { version, sites, findings, facts: own.length ? new RoleFactTable(own, facts) : facts };
        analyses.set(uri, result);
        updateFactsOf(uri, own);
      } catch (e) {
        result = { version, sites: [], findings: [], facts, setAside: setAside(uri, e) };
      }
    }
    analyses.set(uri, result);
    return result;
  }

  const clock = options.clock ?? (() => performance.now());
  const budgetMs = options.analysisBudgetMs ?? DEFAULT_ANALYSIS_BUDGET_MS;
  const breaker = new DocumentBreaker(clock);
  /** (document, place) pairs whose internal error was logged: once each, whatever the message says this keystroke. */
  const documentErrors = new Set<string>();
  function reportDocumentError(uri: string, where: string, e: unknown): void {
    const key = `${uri}\u0000${where}`;
    if (documentErrors.has(key)) return;
    documentErrors.add(key);
    log.internalError(`${where} on ${uri}`, e);
  }

  /** Trips the breaker for a document whose analysis threw or ran over budget; logs it the first time. Returns the reason. */
  function setAside(uri: string, e: unknown): string {
    const overBudget = e instanceof AnalysisBudgetExceeded;
    const reason = overBudget
      ? `STS Lens stopped checking this file: its analysis took longer than ${budgetMs} ms, so other files would wait. It is tried again after a pause, or when the file is reopened.`
      : `STS Lens stopped checking this file: its analysis failed (${e instanceof RangeError && /call stack/i.test(e.message) ? 'nested too deeply' : e instanceof Error ? e.message : String(e)}). It is tried again after a pause, or when the file is reopened.`;
    if (breaker.trip(uri, reason)) {
      if (overBudget) log.info(`STS Lens: ${uri}: analysis over its ${budgetMs} ms budget; the file is set aside (other files are not held up).`);
      else log.internalError(`analysing ${uri}`, e);
    }
    return reason;
  }

  /** The one diagnostic a set-aside document shows, at its start. */
  function setAsideDiagnostic(reason: string): Diagnostic {
    return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, code: 'analysis-stopped', source: 'sts-lens', message: reason };
  }

  function diagnosticsOf(entry: OpenDocument, analysis: Analysis): Diagnostic[] {
    const items = analysis.findings.map((f) => toDiagnostic(entry, f));
    if (analysis.setAside) items.push(setAsideDiagnostic(analysis.setAside));
    return items;
  }

  function toDiagnostic(entry: OpenDocument, f: Finding): Diagnostic {
    return {
      range: { start: entry.doc.positionAt(f.offset), end: entry.doc.positionAt(f.offset + f.length) },
      severity: SEVERITY[f.severity],
      code: f.ruleId,
      source: 'sts-lens',
      message: f.message,
      data: f.data,
    };
  }

  async function validate(uri: string): Promise<void> {
    timers.delete(uri);
    try {
      const entry = documents.get(uri);
      if (!entry) return;
      const analysis = await analysisFor(uri);
      const current = documents.get(uri);
      // Latest version wins: a result for an older version is dropped; the newer change scheduled its own run.
      if (!analysis || !current || current.doc.version !== analysis.version) return;
      await connection.sendDiagnostics({ uri, version: analysis.version, diagnostics: diagnosticsOf(current, analysis) });
    } catch (e) {
      log.internalError('validating a document', e);
    }
  }

  function schedule(uri: string, immediate = false): void {
    if (pullDiagnostics) return;
    const previous = timers.get(uri);
    if (previous) clearTimeout(previous);
    // The timer is set synchronously so a later change always cancels it; the delay comes from the last known settings.
    const delay = immediate ? 0 : (lastDebounce.get(uri) ?? globalSettings.debounceMs);
    timers.set(uri, setTimeout(() => void validate(uri), delay));
    void settingsFor(uri).then((s) => lastDebounce.set(uri, s.debounceMs));
  }
  const lastDebounce = new Map<string, number>();

  function revalidateAll(): void {
    analyses.clear();
    if (pullDiagnostics) {
      connection.languages.diagnostics.refresh();
      return;
    }
    for (const entry of documents.all()) schedule(entry.uri, true);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    hasConfigurationCapability = !!caps.workspace?.configuration;
    hasDynamicConfigRegistration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceFolders = folders.map((u) => fsPathOf(u)).filter((p): p is string => !!p);
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) globalSettings = readSettings(init.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['=', ':', ' '], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'sts-lens', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (hasDynamicConfigRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
    }
    void scanWorkspace();
  });

  /** Role facts per file: the workspace scan fills it, open documents and watched-file changes update it. */
  const factsByUri = new Map<string, RoleFact[]>();
  function rebuildWorkspaceFacts(): void {
    workspaceFacts = new RoleFactTable([...factsByUri.values()].flat());
  }
  function sameFacts(a: readonly RoleFact[] | undefined, b: readonly RoleFact[]): boolean {
    return JSON.stringify(a ?? []) === JSON.stringify(b);
  }
  /** A document's own role definitions changed: other documents may now be over (or under) the role max. */
  function updateFactsOf(uri: string, facts: RoleFact[]): void {
    if (sameFacts(factsByUri.get(uri), facts)) return;
    if (facts.length) factsByUri.set(uri, facts);
    else factsByUri.delete(uri);
    rebuildWorkspaceFacts();
    for (const [other] of analyses) if (other !== uri) analyses.delete(other);
    if (pullDiagnostics) connection.languages.diagnostics.refresh();
    else for (const entry of documents.all()) if (entry.uri !== uri) schedule(entry.uri);
  }

  async function scanWorkspace(): Promise<void> {
    if (workspaceFolders.length === 0) return;
    const started = Date.now();
    try {
      const exclude = (workspaceFolders[0] ? await settingsFor(pathToFileURL(workspaceFolders[0]).toString()) : globalSettings).exclude;
      let count = 0;
      if (options.collectRoleFacts) {
        const facts = await options.collectRoleFacts(workspaceFolders, onInternalError, exclude);
        factsByUri.set('workspace-scan', facts);
        count = facts.length;
      } else {
        for (const source of await findRoleFactSources(workspaceFolders, { exclude })) {
          // An open document's own facts (newer than the disk) win.
          if (documents.get(source.uri)) continue;
          const facts = await collectRoleFacts([source], onInternalError);
          if (facts.length) factsByUri.set(source.uri, facts);
          count += facts.length;
        }
      }
      rebuildWorkspaceFacts();
      log.info(`STS Lens: workspace scan found ${count} role fact(s) in ${Date.now() - started} ms`);
      if (count > 0) revalidateAll();
    } catch (e) {
      log.internalError('the workspace scan for role facts', e);
    }
  }

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    for (const change of changes) {
      if (documents.get(change.uri)) continue; // open documents update their facts as they are edited
      const file = fsPathOf(change.uri);
      if (!file) continue;
      let facts: RoleFact[] = [];
      if (change.type !== FileChangeType.Deleted) {
        // The scan's limits: a huge file, a FIFO or a device is not read; its old facts are dropped.
        const exclude = (await settingsFor(change.uri)).exclude;
        const source = await readRoleFactSource(file, workspaceFolders, exclude);
        try {
          if (source) facts = await collectRoleFacts([{ ...source, uri: change.uri }], onInternalError);
        } catch (e) {
          log.internalError('reading role facts of a changed file', e);
        }
      }
      updateFactsOf(change.uri, facts);
    }
  });

  connection.onDidChangeConfiguration((params) => {
    settingsCache.clear();
    lastDebounce.clear();
    if (!hasConfigurationCapability) {
      const raw = (params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
      globalSettings = readSettings(raw);
    }
    revalidateAll();
  });

  connection.onDidOpenTextDocument(({ textDocument }) => {
    documents.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    analyses.delete(textDocument.uri);
    schedule(textDocument.uri, true);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    documents.change(textDocument.uri, textDocument.version, contentChanges);
    analyses.delete(textDocument.uri);
    schedule(textDocument.uri);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const t = timers.get(textDocument.uri);
    if (t) clearTimeout(t);
    timers.delete(textDocument.uri);
    documents.close(textDocument.uri);
    analyses.delete(textDocument.uri);
    settingsCache.delete(textDocument.uri);
    lastDebounce.delete(textDocument.uri);
    tooLarge.delete(textDocument.uri);
    breaker.forget(textDocument.uri);
    for (const key of documentErrors) if (key.startsWith(`${textDocument.uri}\u0000`)) documentErrors.delete(key);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(async (params, token) => {
    const entry = documents.get(params.textDocument.uri);
    if (!entry) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const analysis = await analysisFor(params.textDocument.uri, token);
    const current = documents.get(params.textDocument.uri);
    if (!analysis || !current) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed', { retriggerRequest: true });
    return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsOf(current, analysis) };
  });

  connection.onHover(async (params, token) => {
    const analysis = await analysisFor(params.textDocument.uri, token);
    const entry = documents.get(params.textDocument.uri);
    if (!analysis || !entry) return null;
    const offset = entry.doc.offsetAt(params.position);
    const text = entry.doc.getText();
    const policy = policyAt(analysis.sites, text, offset, (root) => policyHover(root, offset));
    if (policy) {
      return { contents: { kind: MarkupKind.Markdown, value: policy.contents }, range: { start: entry.doc.positionAt(policy.range.offset), end: entry.doc.positionAt(policy.range.offset + policy.range.length) } };
    }
    const hover = hoverAt(analysis.sites, offset, analysis.facts);
    if (hover) {
      return {
        contents: { kind: MarkupKind.Markdown, value: hover.markdown },
        range: { start: entry.doc.positionAt(hover.span.offset), end: entry.doc.positionAt(hover.span.offset + hover.span.length) },
      };
    }
    return null;
  });

  connection.onCompletion(async (params, token) => {
    const analysis = await analysisFor(params.textDocument.uri, token);
    const entry = documents.get(params.textDocument.uri);
    if (!analysis || !entry) return [];
    const text = entry.doc.getText();
    const offset = entry.doc.offsetAt(params.position);
    const items: CompletionItem[] = completionsAt(text, entry.languageId, analysis.sites, offset, analysis.facts).map((c) => ({
      label: c.label,
      kind: c.kind === 'value' ? CompletionItemKind.Value : CompletionItemKind.Property,
      detail: c.detail,
      ...(c.labelDetails ? { labelDetails: c.labelDetails } : {}),
      documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
      sortText: c.sortText,
      insertTextFormat: InsertTextFormat.PlainText,
      ...(c.replace
        ? { textEdit: { range: { start: entry.doc.positionAt(c.replace.offset), end: entry.doc.positionAt(c.replace.offset + c.replace.length) }, newText: c.insertText } }
        : { insertText: c.insertText }),
    }));
    if (items.length === 0) {
      for (const p of policyAt(analysis.sites, text, offset, (root) => policyCompletions(root, offset)) ?? []) {
        items.push({
          label: p.label,
          kind: p.kind === 'action' || p.kind === 'service' ? CompletionItemKind.Function : p.kind === 'operator' ? CompletionItemKind.Operator : CompletionItemKind.Property,
          detail: p.detail,
          documentation: p.documentation ? { kind: MarkupKind.Markdown, value: p.documentation } : undefined,
          textEdit: { range: { start: entry.doc.positionAt(p.range.offset), end: entry.doc.positionAt(p.range.offset + p.range.length) }, newText: p.insertText },
        });
      }
    }
    return items;
  });

  connection.onCodeAction(async (params, token) => {
    const analysis = await analysisFor(params.textDocument.uri, token);
    const entry = documents.get(params.textDocument.uri);
    if (!analysis || !entry) return [];
    const text = entry.doc.getText();
    const start = entry.doc.offsetAt(params.range.start);
    const end = entry.doc.offsetAt(params.range.end);
    const codes = new Set(params.context.diagnostics.map((d) => String(d.code)));
    const actions: CodeAction[] = [];
    for (const f of analysis.findings) {
      if (f.offset > end || f.offset + f.length < start) continue;
      if (codes.size > 0 && !codes.has(f.ruleId)) continue;
      const diagnostic = params.context.diagnostics.find((d) => d.code === f.ruleId) ?? toDiagnostic(entry, f);
      for (const fix of quickFixes(text, entry.languageId, f, analysis.sites, analysis.facts)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred,
          edit: {
            changes: {
              [entry.uri]: fix.edits.map((e) => ({ range: { start: entry.doc.positionAt(e.offset), end: entry.doc.positionAt(e.offset + e.length) }, newText: e.newText })),
            },
          },
        });
      }
    }
    return actions;
  });

  /** Runs a policy helper on the session policy (or policy document) around the offset. */
  function policyAt<T>(sites: readonly CallSite[], text: string, offset: number, fn: (root: Value) => T | undefined): T | undefined {
    for (const site of sites) {
      for (const arg of site.args) {
        if (arg.name !== 'Policy' || offset < arg.value.offset || offset > arg.value.offset + arg.value.length) continue;
        try {
          const source = policyFromValue(arg.value, site.kind === 'PolicyDocument' ? { documentText: text } : {});
          if ('error' in source) continue;
          const result = fn(source.root);
          if (result !== undefined && !(Array.isArray(result) && result.length === 0)) return result;
        } catch (e) {
          log.internalError('policy editing help', e);
        }
      }
    }
    return undefined;
  }

  connection.onShutdown(() => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
    documents.closeAll();
  });

  connection.listen();
}
