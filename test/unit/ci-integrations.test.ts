/**
 * The CLI in other tools' hands: the GitHub Action (action.yml, composite: run the check, upload SARIF
 * to code scanning) and the pre-commit hook (.pre-commit-hooks.yaml). Each is read from its file and
 * the command it declares is run the way the tool would run it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
let dir: string;

before(() => {
  if (!fs.existsSync(CLI)) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-ci-'));
  fs.mkdirSync(path.join(dir, 'bad', '.github', 'workflows'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'bad', '.github', 'workflows', 'deploy.yml'), 'jobs:\n  d:\n    steps:\n      - run: aws sts get-session-token --duration-seconds 200000\n');
  fs.mkdirSync(path.join(dir, 'clean'));
  fs.writeFileSync(path.join(dir, 'clean', 'Makefile'), 'creds:\n\taws sts get-session-token --duration-seconds 3600\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

describe('action.yml', () => {
  const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: Step[] };
  };
  const steps = action.runs.steps;

  it('is a composite action that uploads its SARIF with github/codeql-action/upload-sarif', () => {
    assert.equal(action.runs.using, 'composite');
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload, 'an upload-sarif step');
    assert.equal(upload.with?.sarif_file, '${{ inputs.sarif-file }}');
    const check = steps.find((s) => s.id === 'check');
    assert.ok(check?.run?.includes('--format sarif'));
  });

  /** Runs the check step as the runner would: expressions filled in, bash, a GITHUB_OUTPUT file. */
  function runCheckStep(paths: string): { status: number | null; output: string; sarif: string } {
    const check = steps.find((s) => s.id === 'check') as Step;
    const inputs: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
    inputs.paths = paths;
    const sarifFile = path.join(dir, `out-${path.basename(paths)}.sarif`);
    inputs['sarif-file'] = sarifFile;
    const fill = (s: string): string =>
      s.replace(/\$\{\{\s*github\.action_path\s*\}\}/g, ROOT).replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? '');
    const env = Object.fromEntries(Object.entries(check.env ?? {}).map(([k, v]) => [k, fill(v)]));
    const outputFile = path.join(dir, `output-${path.basename(paths)}`);
    fs.writeFileSync(outputFile, '');
    const r = spawnSync('bash', ['-e', '-c', fill(check.run ?? '')], { env: { ...process.env, ...env, GITHUB_OUTPUT: outputFile }, encoding: 'utf8' });
    return { status: r.status, output: fs.readFileSync(outputFile, 'utf8'), sarif: fs.readFileSync(sarifFile, 'utf8') };
  }

  it('its check step writes SARIF with the finding and reports exit-code 1 without failing before the upload', () => {
    const r = runCheckStep(path.join(dir, 'bad'));
    assert.equal(r.status, 0, 'the step itself passes so the upload step runs');
    assert.match(r.output, /^exit-code=1$/m);
    const sarif = JSON.parse(r.sarif) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0]?.results.map((x) => x.ruleId), ['duration-out-of-range']);
  });

  it('reports exit-code 0 and an empty result list on a clean tree', () => {
    const r = runCheckStep(path.join(dir, 'clean'));
    assert.match(r.output, /^exit-code=0$/m);
    assert.deepEqual((JSON.parse(r.sarif) as { runs: { results: unknown[] }[] }).runs[0]?.results, []);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; language: string; pass_filenames?: boolean }[];
  const hook = hooks.find((h) => h.id === 'sts-lens');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

  it('declares a node hook whose entry is the package bin, built when pre-commit packs the repo', () => {
    assert.ok(hook);
    assert.equal(hook.language, 'node');
    assert.equal(hook.pass_filenames, true);
    const [bin] = hook.entry.split(' ');
    assert.equal(pkg.bin[bin ?? ''], './dist/cli.js');
    assert.match(pkg.scripts.prepack ?? '', /scripts\/build\.mjs/);
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as { files: { path: string }[] }[];
    const files = packed[0]?.files.map((f) => f.path) ?? [];
    assert.ok(files.includes('dist/cli.js'), 'the packed hook carries the CLI (its worker threads run the same file)');
    assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('node_modules/')));
  });

  it('runs its entry on the staged file names as pre-commit does: a bad file fails the commit, a clean one passes', () => {
    const [, ...args] = (hook?.entry ?? '').split(' ');
    const bad = spawnSync(process.execPath, [CLI, ...args, path.join(dir, 'bad', '.github', 'workflows', 'deploy.yml')], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /deploy\.yml:4:\d+ error duration-out-of-range/);
    const clean = spawnSync(process.execPath, [CLI, ...args, path.join(dir, 'clean', 'Makefile')], { encoding: 'utf8' });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  });
});
