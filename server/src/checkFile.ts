/**
 * Checking files on disk: the edge between the pure analysis core and the file system, shared by the
 * CLI and the fixture tests. Reads a file, refuses binary and huge ones with a clear reason, resolves
 * what the core cannot (role facts across files), and returns findings with line/column positions.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { resolveFileRefs, type ReadFile } from './analysis/extract/fileRefs';
import { analyze, extractSites, prepare, roleFactsOfSite } from './analysis/analyze';
import type { DocsSeverity } from './analysis/docsSeverity';
import { languageIdForPath } from './analysis/languages';
import { mightMentionSts } from './analysis/prefilter';
import type { CallSite, Finding, RoleFact, RoleFacts, Rule, RuleId, Severity } from './analysis/types';
import { LineIndex } from './lineIndex';
import { referencedFileReader } from './referencedFiles';

/** Files larger than this are skipped with a message: config and code of this size are generated. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface PositionedFinding extends Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Loaded =
  | { ok: true; file: string; text: string; languageId: string }
  | { ok: false; file: string; reason: string; skipped?: boolean };

/**
 * Reads a file for checking, or says why it cannot be checked. Synchronous on purpose: one
 * open/fstat/read/close per file is the cheapest way through a large tree (the separate stat and the
 * promise machinery cost more than the reads themselves when walking 10,000 files).
 */
export function loadFileSync(file: string, languageId?: string): Loaded {
  let buf: Buffer;
  let fd: number | undefined;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer forever.
    fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, file, reason: 'not a regular file' };
    if (stat.size > MAX_FILE_BYTES) {
      return { ok: false, file, skipped: true, reason: `skipped: ${(stat.size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit` };
    }
    buf = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buf, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    buf = buf.subarray(0, read);
  } catch (e) {
    return { ok: false, file, reason: describeFsError(e) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (buf.subarray(0, 8192).includes(0)) return { ok: false, file, skipped: true, reason: 'skipped: binary file' };
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = ' ' + text.slice(1); // keep offsets: a BOM becomes a space
  return { ok: true, file, text, languageId: languageId ?? languageIdForPath(file) };
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return code ? `cannot be read (${code})` : 'cannot be read';
  }
}

export interface Extracted {
  file: string;
  text: string;
  languageId: string;
  sites: CallSite[];
}

/**
 * Extracts the call sites of a loaded file (after loading its grammars). `file://` references are read
 * through `readFile`: by default only inside the file's own folder (the CLI passes a reader confined to
 * the folders it checks, see {@link checkedTreeReader}).
 */
export async function extractFile(loaded: { file: string; text: string; languageId: string }, onError?: (where: string, e: unknown) => void, readFile?: ReadFile): Promise<Extracted> {
  if (!mightMentionSts(loaded.text)) return { ...loaded, sites: [] };
  await prepare(loaded.languageId);
  const sites = extractSites(loaded.text, loaded.languageId, loaded.file, onError);
  if (!sites.some((s) => s.args.some((a) => a.fileRef !== undefined))) return { ...loaded, sites };
  const reader = readFile ?? checkedTreeReader([loaded.file]);
  return { ...loaded, sites: resolveFileRefs(sites, loaded.file, reader) };
}

/**
 * The reader for `file://` references when checking `paths` (as given on the command line): a folder
 * is a root, a file's own folder is one. A reference that leaves them is refused, not followed.
 */
export function checkedTreeReader(paths: readonly string[]): ReadFile {
  const roots = paths.map((p) => {
    const abs = path.resolve(p);
    return isDirectory(abs) ? abs : path.dirname(abs);
  });
  return referencedFileReader(roots, 'the checked folders');
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Role facts stated by a set of extracted files (role definitions with MaxSessionDuration). */
export function roleFactsOf(files: Iterable<Extracted>): RoleFact[] {
  const facts: RoleFact[] = [];
  for (const f of files) for (const s of f.sites) facts.push(...roleFactsOfSite(s, f.file));
  return facts;
}

export interface CheckOptions {
  roleFacts?: RoleFacts;
  severities?: Partial<Record<RuleId, Severity | 'ignore'>>;
  onInternalError?: (where: string, e: unknown) => void;
  /** Rules to run instead of RULES (tests inject a failing rule). */
  rules?: readonly Rule[];
  /** Severity of findings in Markdown/reStructuredText (`--docs-severity`). */
  docsSeverity?: DocsSeverity;
}

/** Analyzes an extracted file and gives each finding its 1-based line and column. */
export function checkExtracted(f: Extracted, options: CheckOptions = {}): PositionedFinding[] {
  const findings = analyze(f.text, f.languageId, f.file, { ...options, sites: f.sites });
  if (findings.length === 0) return [];
  const index = new LineIndex(f.text);
  return findings.map((finding) => {
    const start = index.lineColumn(finding.offset);
    const end = index.lineColumn(finding.offset + finding.length);
    return { ...finding, file: f.file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  });
}

/** One file, start to end: load, extract, analyze (role facts from the file itself and `options`). */
export async function checkFile(file: string, options: CheckOptions = {}): Promise<{ findings: PositionedFinding[]; error?: string }> {
  const loaded = loadFileSync(file);
  if (!loaded.ok) return { findings: [], error: loaded.reason };
  const extracted = await extractFile(loaded, options.onInternalError);
  return { findings: checkExtracted(extracted, options) };
}

