/** `npm test` runs the benchmark once in quick mode so it cannot rot. It asserts the report, never a number. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { it } from 'node:test';

const root = path.resolve(__dirname, '..', '..');

it('bench --quick produces every figure', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'performance.md');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'run.ts'), '--quick', `--out=${out}`], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `bench failed:\n${r.stdout}\n${r.stderr}`);
  const md = fs.readFileSync(out, 'utf8');
  for (const figure of [
    'analyze() / parse: TypeScript',
    'analyze() / parse: Python',
    'analyze() / parse: Go',
    'analyze() / parse: ~/.aws/config',
    'analyze() / parse: CloudFormation',
    'analyze() / parse: policy',
    'no-STS file',
    'incremental / full',
    'scaling: analyze()',
    ...['TypeScript', 'Python', 'Go', 'Java', 'C#', 'Ruby', 'PowerShell'].map((l) => `live editing over LSP stdio, ${l} `),
    'with the default debounce',
    'vscode-json-languageserver',
    'workspace mixing every language',
    'monorepo scaling',
    'performance-scaling.svg',
    'cold start',
    'cold CLI: `check examples/`',
    'Liftoff only (ours) / TurboFan after tier-up',
    ...['typescript', 'python', 'powershell', 'shellscript', 'terraform', 'yaml', 'json', 'aws-config'].map((l) => `fresh server, ${l} `),
  ]) {
    assert.ok(md.includes(figure), `report lacks "${figure}"`);
  }
  // Figures that need what quick mode does not run say why they are absent.
  for (const [figure, absent] of [
    ['CLI over a real repository', 'Real repository: not'],
    ['`npm start`', '`npm start` to a ready URL: not'],
  ] as const) {
    assert.ok(md.includes(figure) || md.includes(absent), `report lacks "${figure}" and does not say why`);
  }
  assert.ok(fs.existsSync(path.join(path.dirname(out), 'performance-scaling.svg')), 'the scaling plot is written next to the report');
  assert.match(md, /Machine: \d+ ×/);
  // Every figure row has a measured value, not a placeholder.
  for (const line of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| figure'))) {
    assert.match(line, /\d/, line);
  }
});
