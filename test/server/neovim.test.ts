/**
 * A real external LSP client: headless Neovim 0.7 (Debian `neovim`) starts the built server
 * (`node dist/server.js --stdio`), opens an aws-config fixture and writes the diagnostics it receives
 * to a file, which must match the fixture's expected findings. Without Neovim the test is skipped
 * loudly (never silently).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'examples', '.aws', 'config');
const EXPECTED = path.join(ROOT, 'test', 'fixtures', 'examples', '.aws', 'config.expected.json');

function haveNvim(): boolean {
  return spawnSync('nvim', ['--version'], { stdio: 'ignore' }).status === 0;
}

function ensureNvim(): string | undefined {
  if (haveNvim()) return undefined;
  if (process.getuid?.() === 0) {
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'neovim'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (haveNvim()) return undefined;
    return 'apt-get install neovim failed';
  }
  return 'nvim is not installed and this is not root (apt-get install neovim)';
}

describe('Neovim as LSP client', () => {
  it('receives the fixture diagnostics from node dist/server.js --stdio', (t) => {
    const missing = ensureNvim();
    if (missing) {
      const msg = `SKIPPED: Neovim LSP test: ${missing}`;
      console.warn(`\n*** ${msg} ***\n`);
      t.skip(msg);
      return;
    }
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, `build failed: ${build.stderr}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-nvim-'));
    try {
      fs.mkdirSync(path.join(dir, '.aws'));
      const file = path.join(dir, '.aws', 'config');
      fs.copyFileSync(FIXTURE, file);
      const out = path.join(dir, 'diagnostics.json');
      const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
      const run = spawnSync('nvim', ['--headless', '--clean', '-u', path.join(__dirname, 'neovim', 'init.lua')], {
        env: { ...process.env, STS_LENS_SERVER: path.join(ROOT, 'dist', 'server.js'), STS_LENS_FILE: file, STS_LENS_OUT: out },
        encoding: 'utf8',
        timeout: 40000,
      });
      assert.ok(fs.existsSync(out), `${version}: no output; status ${run.status} stderr ${run.stderr}`);
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { error?: string; diagnostics: { code: string; range: { start: { line: number; character: number } } }[] };
      assert.equal(result.error, undefined, result.error);
      const expected = JSON.parse(fs.readFileSync(EXPECTED, 'utf8')) as { ruleId: string; line: number; column: number }[];
      const got = result.diagnostics.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();
      assert.deepEqual(got, expected.map((e) => `${e.ruleId}@${e.line}:${e.column}`).sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
