/** docs/rules.md, generated from the rules themselves so the reference cannot drift from the code. */
import { RULES } from '.';

const SEVERITY_WORD = { error: 'error', warning: 'warning', info: 'info' } as const;

export function rulesMarkdown(): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from server/src/analysis/rules by `npm run docs`; test/unit/docs.test.ts checks it is current. -->',
    '',
    'Each rule id is the diagnostic code shown in the editor, the key of its severity setting',
    '(`stsLens.rules.<id>`: `ignore | info | warning | error`) and the id in CLI, JSON and SARIF output.',
    'Silence one line with a comment `sts-lens-disable-next-line <id>` above it (or `sts-lens-disable-line <id>` on it).',
    '',
    '| rule | default | what it reports |',
    '|---|---|---|',
    ...RULES.map((r) => `| [\`${r.id}\`](#${r.id}) | ${SEVERITY_WORD[r.defaultSeverity]} | ${r.description} |`),
    '',
  ];
  for (const r of RULES) {
    lines.push(`## ${r.id}`, '', r.description, '', `**AWS limit:** ${r.limit}`, '', `Default severity: ${SEVERITY_WORD[r.defaultSeverity]}.`, '');
  }
  return lines.join('\n');
}
