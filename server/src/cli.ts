/**
 * sts-lens: the analysis core for CI pipelines and the terminal.
 *
 *   sts-lens check [paths...] [--format text|json|sarif|github] [--severity error|warning|info]
 *
 * Exit codes: 0 no errors found, 1 errors found, 2 usage error, a path that cannot be checked, or an
 * internal error while checking a file (a finding may be missing, so the run must not pass).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { applyDocsSeverity, DEFAULT_DOCS_SEVERITY, DOCS_SEVERITY_SETTINGS, type DocsSeverity } from './analysis/docsSeverity';
import { languageIdForPath } from './analysis/languages';
import type { Severity } from './analysis/types';
import { describeFsError } from './checkFile';
import { checkBatch } from './cliPool';
import { isCheckWorker, runCheckWorker } from './cliWorker';
import { display, escapeControl, formatFindings, FORMATS, VERSION, type Format } from './cliOutput';
import type { Rule } from './analysis/types';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
/** Folders never worth walking, whatever .gitignore says. */
const ALWAYS_SKIP = new Set(['.git', 'node_modules', '.hg', '.svn']);

const USAGE = `Usage: sts-lens check [paths...] [--format text|json|sarif|github] [--severity error|warning|info] [--docs-severity same|info|warning|ignore]

Checks AWS STS calls, role settings and session policies in the given files and folders
(default: the current folder). Folders are walked respecting .gitignore.

Options:
  --format FORMAT            text (default), json, sarif (SARIF 2.1.0 for code scanning) or
                             github (GitHub Actions workflow commands: annotations on the change)
  --severity LEVEL           report findings of this severity and above (default info)
  --docs-severity same|info|warning|ignore
                             severity of findings in Markdown/reStructuredText code blocks
                             (default same: each check's own)
  -h, --help                 show this help
  --version                  show the version

Exit status: 0 when no errors were found, 1 when any error was found, 2 on a usage error, a
path that cannot be read, or an internal error while checking a file.`;

interface Options {
  paths: string[];
  format: Format;
  minSeverity: Severity;
  docsSeverity: DocsSeverity;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return 'help';
  if (command === '--version') return 'version';
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const opts: Options = { paths: [], format: 'text', minSeverity: 'info', docsSeverity: DEFAULT_DOCS_SEVERITY };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--format') {
      const v = value();
      if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${v}")`);
      opts.format = v as Format;
    } else if (flag === '--severity') {
      const v = value();
      if (!(v in SEVERITY_RANK)) throw new UsageError(`--severity must be one of error, warning, info (got "${v}")`);
      opts.minSeverity = v as Severity;
    } else if (flag === '--docs-severity') {
      const v = value();
      if (!(DOCS_SEVERITY_SETTINGS as readonly string[]).includes(v)) throw new UsageError(`--docs-severity must be one of ${DOCS_SEVERITY_SETTINGS.join(', ')} (got "${v}")`);
      opts.docsSeverity = v as DocsSeverity;
    } else if (flag === '-h' || flag === '--help') return 'help';
    else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option "${flag}"`);
    else opts.paths.push(arg);
  }
  if (opts.paths.length === 0) opts.paths.push('.');
  return opts;
}

/** Walks a folder, honouring .gitignore files on the way down. */
async function walk(dir: string, ignores: { base: string; ig: Ignore }[], out: string[], problems: string[]): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    problems.push(`${dir}: ${describeFsError(e)}`);
    return;
  }
  const gitignore = entries.find((e) => e.name === '.gitignore' && e.isFile());
  let scoped = ignores;
  if (gitignore) {
    try {
      scoped = [...ignores, { base: dir, ig: ignore().add(await fs.readFile(path.join(dir, '.gitignore'), 'utf8')) }];
    } catch {
      // an unreadable .gitignore ignores nothing
    }
  }
  const isIgnored = (full: string, isDir: boolean): boolean =>
    scoped.some(({ base, ig }) => {
      const rel = path.relative(base, full).split(path.sep).join('/');
      return rel !== '' && !rel.startsWith('..') && ig.ignores(isDir ? `${rel}/` : rel);
    });
  const subdirs: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!ALWAYS_SKIP.has(e.name) && !isIgnored(full, true)) subdirs.push(full);
    } else if (e.isFile() && !isIgnored(full, false)) out.push(full);
  }
  await Promise.all(subdirs.map((d) => walk(d, scoped, out, problems)));
}

async function collectFiles(paths: string[], problems: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    try {
      const stat = await fs.stat(p);
      if (stat.isDirectory()) await walk(p, [], files, problems);
      else files.push(p);
    } catch (e) {
      problems.push(`${p}: ${describeFsError(e)}`);
    }
  }
  return [...new Set(files)].sort();
}

/** Test hooks: `rules` replaces the rule list (a test injects a rule that throws). */
export interface CliHooks {
  rules?: readonly Rule[];
}

export async function runCli(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
  hooks: CliHooks = {},
): Promise<number> {
  let opts: ReturnType<typeof parseArgs>;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`sts-lens: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (opts === 'help') {
    io.out(USAGE + '\n');
    return 0;
  }
  if (opts === 'version') {
    io.out(VERSION + '\n');
    return 0;
  }
  const problems: string[] = [];
  const notes: string[] = [];
  const files = await collectFiles(opts.paths, problems);
  const explicit = new Set(opts.paths.map((p) => path.resolve(p)));

  // Two passes over every file, on every core (role definitions anywhere inform calls everywhere).
  // Worker threads run this very bundle (dist/cli.js); from source (.ts) the batch stays in this thread.
  const batch = await checkBatch(files, hooks.rules, opts.paths.map((p) => path.resolve(p)), __filename.endsWith('.js') ? __filename : undefined);
  for (const { index, reason, skipped } of batch.failures) {
    const file = files[index] as string;
    // A file named on the command line that cannot be read is a problem; one found by walking is a note.
    (explicit.has(path.resolve(file)) && !skipped ? problems : notes).push(`${display(file)}: ${reason}`);
  }
  // An exception inside the core (a rule that throws, a stack overflow): the file's findings may be incomplete.
  const internal = batch.internal.map((e) => `${display(files[e.index] as string)}: ${e.message}`);
  const min = SEVERITY_RANK[opts.minSeverity];
  // Docs findings take the docs severity (the workers check with each rule's own).
  const findings = batch.findings
    .flatMap((f) => applyDocsSeverity([f], languageIdForPath(f.file), opts.docsSeverity))
    .filter((f) => SEVERITY_RANK[f.severity] >= min)
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);

  const body = formatFindings(findings, opts.format);
  if (body) io.out(body + '\n');
  for (const p of problems) io.err(`sts-lens: ${escapeControl(p)}\n`);
  for (const n of notes) io.err(`sts-lens: note: ${escapeControl(n)}\n`);
  for (const i of [...new Set(internal)]) io.err(`sts-lens: internal error in ${escapeControl(i)} (the other files and checks still ran; this file's findings may be incomplete; please report it)\n`);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const infos = findings.length - errors - warnings;
  if (opts.format === 'text') {
    io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info in ${new Set(findings.map((f) => f.file)).size} of ${files.length} files checked\n`);
  }
  if (problems.length > 0 || internal.length > 0) return 2;
  return errors > 0 ? 1 : 0;
}

if (isCheckWorker()) {
  runCheckWorker();
} else if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`sts-lens: unexpected failure: ${e instanceof Error ? e.message : String(e)}\nPlease report this with the command you ran.\n`);
      process.exitCode = 2;
    },
  );
}
