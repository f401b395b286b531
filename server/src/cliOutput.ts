/**
 * The CLI's output formats: findings in, the text a terminal, a script or code scanning reads out.
 * Kept apart from the file walk so each can change without the other.
 */
import * as path from 'node:path';
import { RULES } from './analysis/rules';
import type { Severity } from './analysis/types';
import type { PositionedFinding } from './checkFile';

export const VERSION = '0.1.0';
export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export function formatFindings(findings: PositionedFinding[], format: Format): string {
  return format === 'json' ? formatJson(findings) : format === 'sarif' ? formatSarif(findings) : formatText(findings);
}

export function display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return (rel.startsWith('..') ? file : rel).split(path.sep).join('/');
}

function formatText(findings: PositionedFinding[]): string {
  return findings.map((f) => `${display(f.file)}:${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message}`).join('\n');
}

function formatJson(findings: PositionedFinding[]): string {
  return JSON.stringify(
    findings.map((f) => ({ file: display(f.file), line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, severity: f.severity, ruleId: f.ruleId, message: f.message })),
    null,
    2,
  );
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

function formatSarif(findings: PositionedFinding[]): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id as string, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sts-lens',
            version: VERSION,
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.description },
              fullDescription: { text: r.limit },
              help: { text: `${r.description} AWS limit: ${r.limit}` },
              defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: display(f.file), uriBaseId: '%SRCROOT%' },
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

