/**
 * `npm run bench`: every figure as a ratio to a baseline measured in the same run, written to
 * docs/performance.md with the machine it ran on. `--quick` runs small inputs and few iterations
 * (what `npm test` does so the bench cannot rot) and writes to `--out` (default: a temp file).
 *
 * Benchmarks are not tests: nothing here fails on a number.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTree } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { analyze, prepare } from '../server/src/analysis/analyze';
import { Edit } from 'web-tree-sitter';
import { getParser, loadGrammars } from '../server/src/analysis/treesitter';
import { awsConfig, cloudFormationTemplate, csharpFile, goFile, javaFile, plainTypescriptFile, policy, powershellFile, pythonFile, rubyFile, TRIGGER_WORDS, typescriptFile } from './generate';
import { coldCli, parseTiers, serverPerLanguage } from './cold';
import { startLsp, type LspProcess } from './lsp';
import { npmStart } from './start';
import { mixedWorkspace, monorepoScaling, realRepository } from './workspace';
import { ITER, meets, ms, notes, pair, quick, ratio, row, rows, stats, time, type Stat } from './report';

const root = path.resolve(__dirname, '..');
const outArg = process.argv.find((a) => a.startsWith('--out='))?.slice(6);
const out = outArg ?? (quick ? path.join(os.tmpdir(), 'sts-lens-bench-quick.md') : path.join(root, 'docs', 'performance.md'));
const LINES = quick ? 500 : 5000;
const CALLS = quick ? 4 : 40;
const EDITS = quick ? 20 : 200;
const WS_FILES = quick ? 300 : 10000;

async function parseVsAnalyze(): Promise<void> {
  const cases: { name: string; lang: string; grammar?: string; text: string; parse: (t: string) => unknown }[] = [
    { name: `TypeScript, ${LINES} lines, ${CALLS} calls`, lang: 'typescript', grammar: 'tree-sitter-typescript.wasm', text: typescriptFile(LINES, CALLS), parse: (t) => getParser('tree-sitter-typescript.wasm').parse(t)?.delete() },
    { name: `Python, ${LINES} lines, ${CALLS} calls`, lang: 'python', grammar: 'tree-sitter-python.wasm', text: pythonFile(LINES, CALLS), parse: (t) => getParser('tree-sitter-python.wasm').parse(t)?.delete() },
    { name: `Go, ${LINES} lines, ${CALLS} calls`, lang: 'go', grammar: 'tree-sitter-go.wasm', text: goFile(LINES, CALLS), parse: (t) => getParser('tree-sitter-go.wasm').parse(t)?.delete() },
    { name: `Java, ${LINES} lines, ${CALLS} calls`, lang: 'java', grammar: 'tree-sitter-java.wasm', text: javaFile(LINES, CALLS), parse: (t) => getParser('tree-sitter-java.wasm').parse(t)?.delete() },
    { name: `C#, ${LINES} lines, ${CALLS} calls`, lang: 'csharp', grammar: 'tree-sitter-c-sharp.wasm', text: csharpFile(LINES, CALLS), parse: (t) => getParser('tree-sitter-c-sharp.wasm').parse(t)?.delete() },
    { name: `Ruby, ${LINES} lines, ${CALLS} calls`, lang: 'ruby', grammar: 'tree-sitter-ruby.wasm', text: rubyFile(LINES, CALLS), parse: (t) => getParser('tree-sitter-ruby.wasm').parse(t)?.delete() },
    { name: `PowerShell, ${LINES} lines, ${CALLS} calls`, lang: 'powershell', grammar: 'tree-sitter-powershell.wasm', text: powershellFile(LINES, CALLS), parse: (t) => getParser('tree-sitter-powershell.wasm').parse(t)?.delete() },
    { name: `~/.aws/config, ${quick ? 200 : 2000} lines, chained`, lang: 'aws-config', grammar: 'tree-sitter-ini.wasm', text: awsConfig(quick ? 200 : 2000), parse: (t) => getParser('tree-sitter-ini.wasm').parse(t)?.delete() },
    { name: 'CloudFormation, 300 lines', lang: 'yaml', text: cloudFormationTemplate(300), parse: (t) => parseDocument(t as string, { keepSourceTokens: true }) },
    { name: 'policy, 2,000 characters', lang: 'json', text: policy(2000), parse: (t) => parseTree(t as string) },
  ];
  for (const c of cases) {
    await prepare(c.lang);
    if (c.grammar) await loadGrammars([c.grammar]);
    let findings = 0;
    const [a, p] = pair(
      () => (findings = analyze(c.text, c.lang, 'file:///bench').length),
      () => c.parse(c.text),
    );
    row(`analyze() / parse: ${c.name} (${findings} findings)`, `${ms(a.median)} ms`, `${ms(p.median)} ms`, ratio(a.median, p.median), '≤ 1.5×', meets(a.median / p.median, 1.5));
  }
}

async function noStsFile(): Promise<void> {
  const file = path.join(os.tmpdir(), 'sts-lens-bench-plain.ts');
  fs.writeFileSync(file, plainTypescriptFile(LINES));
  await prepare('typescript');
  const [a, b] = pair(
    () => analyze(fs.readFileSync(file, 'utf8'), 'typescript'),
    () => {
      const t = fs.readFileSync(file, 'utf8');
      for (const w of TRIGGER_WORDS) t.indexOf(w);
    },
    ITER * 3,
  );
  row(`no-STS file (${LINES} lines): read + analyze / read + indexOf×10`, `${ms(a.median)} ms`, `${ms(b.median)} ms`, ratio(a.median, b.median), '≤ 2×', meets(a.median / b.median, 2));
}

function scaling(): void {
  const base = typescriptFile(LINES, CALLS);
  const sizes = [1, 4, 16];
  const times = sizes.map((k) => {
    const text = Array.from({ length: k }, () => base).join('');
    return time(() => analyze(text, 'typescript'), quick ? 3 : 8, 1).median;
  });
  const exponent = Math.log((times[2] ?? 1) / (times[0] ?? 1)) / Math.log(16);
  row(`scaling: analyze() at 1×/4×/16× of ${LINES} lines`, times.map((t) => `${ms(t)} ms`).join(' / '), 'linear', `exponent ${exponent.toFixed(2)}`, '≈ 1.0', exponent <= 1.15 ? 'meets' : 'short');
}

async function incrementalParse(): Promise<void> {
  await loadGrammars(['tree-sitter-typescript.wasm']);
  const parser = getParser('tree-sitter-typescript.wasm');
  const text = typescriptFile(LINES, CALLS);
  const at = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
  const edited = text.slice(0, at) + ' ' + text.slice(at);
  const old = parser.parse(text)!;
  const editRow = text.slice(0, at).split('\n').length - 1;
  const full = time(() => parser.parse(edited)?.delete());
  const inc = time(() => {
    const t = old.copy();
    t.edit(new Edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: { row: editRow, column: 0 }, oldEndPosition: { row: editRow, column: 0 }, newEndPosition: { row: editRow, column: 1 } }));
    parser.parse(edited, t)?.delete();
    t.delete();
  });
  row('tree-sitter re-parse after a 1-char edit: incremental / full', `${ms(inc.median)} ms`, `${ms(full.median)} ms`, ratio(inc.median, full.median), '≪ 1×', inc.median < full.median ? 'meets' : 'short');
}

/** The code languages, each as a ${LINES}-line file with ${CALLS} calls, and the grammar that parses it. */
function codeFiles(): { name: string; languageId: string; ext: string; grammar: string; text: string }[] {
  return [
    { name: 'TypeScript', languageId: 'typescript', ext: 'ts', grammar: 'tree-sitter-typescript.wasm', text: typescriptFile(LINES, CALLS) },
    { name: 'Python', languageId: 'python', ext: 'py', grammar: 'tree-sitter-python.wasm', text: pythonFile(LINES, CALLS) },
    { name: 'Go', languageId: 'go', ext: 'go', grammar: 'tree-sitter-go.wasm', text: goFile(LINES, CALLS) },
    { name: 'Java', languageId: 'java', ext: 'java', grammar: 'tree-sitter-java.wasm', text: javaFile(LINES, CALLS) },
    { name: 'C#', languageId: 'csharp', ext: 'cs', grammar: 'tree-sitter-c-sharp.wasm', text: csharpFile(LINES, CALLS) },
    { name: 'Ruby', languageId: 'ruby', ext: 'rb', grammar: 'tree-sitter-ruby.wasm', text: rubyFile(LINES, CALLS) },
    { name: 'PowerShell', languageId: 'powershell', ext: 'ps1', grammar: 'tree-sitter-powershell.wasm', text: powershellFile(LINES, CALLS) },
  ];
}

/** Keystrokes (insert, then delete, a space in the middle of the file) → the diagnostics for that version. */
async function keystrokeLatencies(lsp: LspProcess, uri: string, languageId: string, text: string, edits: number): Promise<number[]> {
  let version = 1;
  const first = lsp.diagnostics(uri, 1);
  await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  await first;
  const lines = text.split('\n');
  const samples: number[] = [];
  for (let i = 0; i < edits; i++) {
    const line = Math.floor(lines.length / 2) + (i % 50);
    const insert = i % 2 === 0;
    version++;
    const change = insert
      ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }
      : { range: { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 1 } }, text: '' };
    const got = lsp.diagnostics(uri, version);
    const t0 = performance.now();
    await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    await got;
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Per code language over real LSP stdio (debounce 0): p95 keystroke → diagnostics against a full parse of the same file. */
async function liveEditing(): Promise<void> {
  const server = path.join(root, 'dist', 'server.js');
  for (const c of codeFiles()) {
    const file = path.join(os.tmpdir(), `sts-lens-bench-live.${c.ext}`);
    fs.writeFileSync(file, c.text);
    await loadGrammars([c.grammar]);
    const parser = getParser(c.grammar);
    const full = time(() => parser.parse(c.text)?.delete());
    const { lsp } = await startLsp(process.execPath, [server, '--stdio'], { initializationOptions: { settings: { debounceMs: 0 } } });
    try {
      const s = stats(await keystrokeLatencies(lsp, `file://${file}`, c.languageId, c.text, EDITS));
      row(`live editing over LSP stdio, ${c.name} ${LINES} lines, ${EDITS} edits: didChange → publishDiagnostics p95 (p50 ${ms(s.median)} ms) / full parse of the file`, `${ms(s.p95)} ms`, `${ms(full.median)} ms`, ratio(s.p95, full.median), '≤ 0.1×', meets(s.p95 / full.median, 0.1));
    } finally {
      await lsp.close();
    }
  }
}

async function policyVsJsonServer(): Promise<void> {
  const jsonServer = path.join(root, 'node_modules', 'vscode-json-languageserver', 'bin', 'vscode-json-languageserver');
  const file = path.join(os.tmpdir(), 'sts-lens-bench-policy.json');
  const text = policy(2000);
  fs.writeFileSync(file, text);
  const uri = `file://${file}`;
  const schema = {
    type: 'object',
    required: ['Version', 'Statement'],
    properties: {
      Version: { enum: ['2012-10-17', '2008-10-17'] },
      Statement: { type: 'array', items: { type: 'object', required: ['Effect'], properties: { Sid: { type: 'string' }, Effect: { enum: ['Allow', 'Deny'] }, Action: { type: ['string', 'array'] }, Resource: { type: ['string', 'array'] } } } },
    },
  };
  async function keystrokes(command: string, args: string[], init: Parameters<typeof startLsp>[2]): Promise<Stat> {
    const { lsp } = await startLsp(command, args, init);
    try {
      let version = 1;
      const first = lsp.diagnostics(uri, 1);
      await lsp.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version, text } });
      await first;
      const samples: number[] = [];
      const n = quick ? 3 : 20;
      for (let i = 0; i < n; i++) {
        version++;
        const at = { line: 2, character: 0 };
        const change = i % 2 === 0 ? { range: { start: at, end: at }, text: ' ' } : { range: { start: at, end: { line: 2, character: 1 } }, text: '' };
        const got = lsp.diagnostics(uri, version);
        const t0 = performance.now();
        await lsp.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
        await got;
        samples.push(performance.now() - t0);
      }
      return stats(samples);
    } finally {
      await lsp.close();
    }
  }
  const ours = await keystrokes(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { initializationOptions: { settings: { debounceMs: 0 } } });
  // What a user gets out of the box: our default debounce, no settings.
  const oursDefault = await keystrokes(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], {});
  const theirs = await keystrokes(process.execPath, [jsonServer, '--stdio'], {
    initializationOptions: { provideFormatter: false },
    settings: { json: { schemas: [{ fileMatch: ['*.json'], uri: 'inmemory://policy-schema.json', schema }], validate: { enable: true } } },
  });
  row('2,000-char policy, keystroke → diagnostics: ours (debounce 0) / vscode-json-languageserver with a schema (both stdio)', `${ms(ours.median)} ms`, `${ms(theirs.median)} ms`, ratio(ours.median, theirs.median), '≤ 1×', meets(ours.median / theirs.median, 1));
  row('2,000-char policy, keystroke → diagnostics end to end with the default debounce: ours / vscode-json-languageserver', `${ms(oursDefault.median)} ms`, `${ms(theirs.median)} ms`, ratio(oursDefault.median, theirs.median), '≤ 0.33×', meets(oursDefault.median / theirs.median, 1 / 3));
  notes.push('vscode-json-languageserver validates after a fixed debounce (about 300 ms); ours ran with `debounceMs: 0`. The ratio is what a user feels per keystroke, not raw validation cost.');
}

async function coldStart(): Promise<void> {
  const runs = quick ? 2 : 5;
  const samples: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { lsp, initMs } = await startLsp(process.execPath, [path.join(root, 'dist', 'server.js'), '--stdio'], { initializationOptions: { settings: { debounceMs: 0 } } });
    samples.push(initMs);
    await lsp.close();
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '']);
    bare.push(performance.now() - t0);
  }
  const s = stats(samples).median;
  const n = stats(bare).median;
  row('cold start: spawn server → initialize result / `node -e ""`', `${ms(s)} ms`, `${ms(n)} ms`, ratio(s, n), '≤ 300 ms', meets(s, 300));
  const metrics = path.join(root, 'dist', 'e2e-metrics.json');
  if (fs.existsSync(metrics)) {
    const m = JSON.parse(fs.readFileSync(metrics, 'utf8')) as { activationMs?: number; openToActiveMs?: number; openToFirstDiagnosticsMs?: number; measuredAt?: string };
    if (typeof m.activationMs === 'number') row('client activation in VS Code: activate() call (code-server, from the e2e run)', `${ms(m.activationMs)} ms`, '—', '—', '≤ 100 ms', meets(m.activationMs, 100));
    if (typeof m.openToActiveMs === 'number') {
      notes.push(`In the same e2e run (${m.measuredAt ?? 'date unknown'}): opening an AWS config file to the extension being active took ${m.openToActiveMs} ms (VS Code loading the 1-2 MB client bundle included), and to the first diagnostics ${m.openToFirstDiagnosticsMs ?? '?'} ms (the language server process started after activation).`);
    }
  } else {
    notes.push('Client activation time: not in this run; the VS Code e2e suite writes dist/e2e-metrics.json (run `npm test` first).');
  }
}

function vsixSize(): void {
  if (quick) {
    notes.push('vsix size: not measured in quick mode (packaging takes a while).');
    return;
  }
  const vsix = path.join(root, 'sts-lens.vsix');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'ignore' });
  const mb = fs.statSync(vsix).size / 1024 / 1024;
  row('vsix size', `${mb.toFixed(2)} MB`, '3 MB (goal)', ratio(mb, 3), '≤ 3 MB', meets(mb, 3));
}

function machine(): string {
  const cpu = os.cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`;
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(root, 'dist', 'server.js'))) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const started = Date.now();
  // `--only=coldCli,serverPerLanguage` runs some sections (while working on them); the report then says so.
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const sections: [string, () => unknown][] = [
    ['parseVsAnalyze', parseVsAnalyze],
    ['noStsFile', noStsFile],
    ['incrementalParse', incrementalParse],
    ['parseTiers', parseTiers],
    ['scaling', scaling],
    ['liveEditing', liveEditing],
    ['policyVsJsonServer', policyVsJsonServer],
    ['mixedWorkspace', mixedWorkspace],
    ['realRepository', realRepository],
    ['monorepoScaling', () => monorepoScaling(path.dirname(out))],
    ['coldCli', coldCli],
    ['coldStart', coldStart],
    ['serverPerLanguage', serverPerLanguage],
    ['npmStart', npmStart],
    ['vsixSize', vsixSize],
  ];
  for (const [name, section] of sections) if (!only || only.includes(name)) await section();
  if (only) notes.push(`Partial run: only ${only.join(', ')}.`);
  const table = ['| figure | ours | baseline | ratio | goal | |', '|---|---|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const md = `# Performance

Measured by \`npm run bench\`${quick ? ' (quick mode: small inputs, few iterations)' : ''} on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}.

Every figure is a ratio to a baseline measured in the same run (interleaved where both run in
process), so machine drift cancels out. Medians unless noted; inputs are generated with a fixed seed
(bench/generate.ts). Nothing fails on these numbers: they are where we stand against our goals.
The real repository is awsdocs/aws-doc-sdk-examples when a checkout is at \`STS_LENS_BENCH_REPO\`
(default \`$TMPDIR/aws-doc-sdk-examples\`); the machine's load at the start: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min).

${table}

${notes.map((n) => `- ${n}`).join('\n')}

Run time: ${((Date.now() - started) / 1000).toFixed(0)} s.
`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, md);
  console.log(`wrote ${out}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench failed: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
