/**
 * The CLI's output formats: findings in, the text a terminal, a script or code scanning reads out.
 * Kept apart from the file walk so each can change without the other.
 *
 * Messages quote document values, and file names come from the checked tree: both are data a
 * repository controls. Text output escapes every control character (a decoded newline must not forge
 * a finding line, an ESC must not drive the terminal, `::error` must not start a line a CI runner reads
 * as a workflow command); workflow commands are printed only by `--format github`, with their data
 * escaped the way the runner expects.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from './analysis/rules';
import type { Severity } from './analysis/types';
import type { PositionedFinding } from './checkFile';

export const VERSION = '0.1.0';
export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export function formatFindings(findings: PositionedFinding[], format: Format, root = process.cwd()): string {
  switch (format) {
    case 'json':
      return formatJson(findings);
    case 'sarif':
      return formatSarif(findings, root);
    case 'github':
      return formatGithub(findings);
    default:
      return formatText(findings);
  }
}

/** A file as the user named it: relative to the current folder when inside it, else absolute; `/` separators. */
export function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/** C0 and C1 controls, DEL, line/paragraph separators and bidirectional overrides: nothing a terminal or log viewer should interpret. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Escapes control characters as `\n`, `\x1b`, `\u202e`, so one finding is always one line of plain text. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** A file name for the start of a text line: escaped, and never starting with `::` (a workflow command). */
function lineStartFile(file: string): string {
  const shown = escapeControl(display(file));
  return shown.startsWith(':') ? `./${shown}` : shown;
}

function formatText(findings: PositionedFinding[]): string {
  return findings.map((f) => `${lineStartFile(f.file)}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${escapeControl(f.message)}`).join('\n');
}

function formatJson(findings: PositionedFinding[]): string {
  return JSON.stringify(
    findings.map((f) => ({ file: display(f.file), line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity, ruleId: f.ruleId, message: f.message })),
    null,
    2,
  );
}

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Workflow command data: `%`, CR and LF percent-encoded (as @actions/core does); other controls escaped as text. */
function githubData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(CONTROL, (c) => escapeControl(c));
}

/** Workflow command property values: data escaping plus `:` and `,`, which end a property. */
function githubProperty(s: string): string {
  return githubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands (`::error file=...,line=...::message`): annotations on the pull request. */
function formatGithub(findings: PositionedFinding[]): string {
  return findings
    .map((f) => {
      const props = [
        `file=${githubProperty(display(f.file))}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${githubProperty(`sts-lens ${f.ruleId}`)}`,
      ];
      return `::${GITHUB_LEVEL[f.severity]} ${props.join(',')}::${githubData(f.message)}`;
    })
    .join('\n');
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

/** `duration-out-of-range` -> `DurationOutOfRange`: SARIF wants a readable name distinct from the opaque id. */
export function ruleName(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * docs/rules.md beside the package (a checkout or an install that ships it), as an absolute file URI:
 * SARIF's informationUri and helpUri must be absolute, and the package has no web home to point at.
 */
function rulesDocUri(): string | undefined {
  for (const candidate of [path.resolve(__dirname, '..', 'docs', 'rules.md'), path.resolve(__dirname, '..', '..', 'docs', 'rules.md')]) {
    if (existsSync(candidate)) return pathToFileURL(candidate).href;
  }
  return undefined;
}

/** A file's artifactLocation: percent-encoded and relative to %SRCROOT% inside the root, an absolute file URI outside it. */
function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(file);
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function formatSarif(findings: PositionedFinding[], root: string): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id as string, i]));
  const docs = rulesDocUri();
  const rootUri = pathToFileURL(path.resolve(root)).href.replace(/\/?$/, '/');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sts-lens',
            version: VERSION,
            ...(docs ? { informationUri: docs } : {}),
            rules: RULES.map((r) => ({
              id: r.id,
              name: ruleName(r.id),
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} AWS limit: ${r.limit}` },
              ...(docs ? { helpUri: `${docs}#${r.id}` } : {}),
              help: { text: `${r.description} AWS limit: ${r.limit}` },
              defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(f.file, root),
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}
