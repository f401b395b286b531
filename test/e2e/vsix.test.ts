/**
 * `npm run package` makes a .vsix that works without the repository: its CLI checks policies with the
 * IAM catalog it carries (dist/iam-data), it installs into a fresh code-server extensions dir with
 * `--install-extension`, and it activates when an AWS config file is opened (the URL's openFile, as
 * `code FILE` does, in headless Chromium): the extension host log says so and the status bar counts its errors.
 * Skipped (loudly) only when not root and the system packages are missing.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, CS_DIR, announceSkip, assembleWorkspace, cleanEnv, installCodeServer, runDriver, scratch, skipReason } from './harness';

const skip = skipReason();
if (skip) announceSkip('STS Lens vsix install test (code-server + Chromium)', skip);

test('the packaged .vsix carries what it needs, installs into code-server and activates on an AWS config file', { skip }, async () => {
  installCodeServer();
  const tmp = scratch('sts-lens-vsix-');
  try {
    const vsix = path.join(tmp, 'sts-lens.vsix');
    const t0 = Date.now();
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', vsix], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    const packMs = Date.now() - t0;
    const sizeMb = fs.statSync(vsix).size / 1024 / 1024;
    assert.ok(sizeMb < 10, `the vsix is ${sizeMb.toFixed(1)} MB`);

    // unpacked far from the repository's node_modules: the bundles and dist/iam-data must be enough
    const unpacked = path.join(tmp, 'unpacked');
    execFileSync('python3', ['-m', 'zipfile', '-e', vsix, unpacked]);
    const names = fs.readdirSync(path.join(unpacked, 'extension'));
    assert.ok(!names.includes('node_modules'), 'the vsix ships node_modules');
    const ws = path.join(tmp, 'workspace');
    fs.mkdirSync(path.join(ws, '.aws'), { recursive: true });
    fs.mkdirSync(path.join(ws, 'policies'));
    assembleWorkspace(ws, ['.aws/config', 'policies/unknown-action.json']);
    const cli = spawnSync(process.execPath, [path.join(unpacked, 'extension', 'dist', 'cli.js'), 'check', ws], { cwd: tmp, encoding: 'utf8' });
    assert.match(cli.stdout, /policy-unknown-action/, `policy catalog checks from the vsix: ${cli.stdout}${cli.stderr}`);
    assert.match(cli.stdout, /role-chaining-duration/, cli.stdout);

    const data = path.join(tmp, 'cs');
    const ext = path.join(tmp, 'extensions');
    const xdg = { XDG_DATA_HOME: path.join(data, 'xdg/data'), XDG_CACHE_HOME: path.join(data, 'xdg/cache'), XDG_CONFIG_HOME: path.join(data, 'xdg/config') };
    fs.mkdirSync(data, { recursive: true });
    fs.writeFileSync(path.join(data, 'config.yaml'), 'auth: none\n');
    const t1 = Date.now();
    const install = spawnSync(
      process.execPath,
      [path.join(CS_DIR, 'node_modules/code-server/out/node/entry.js'), '--config', path.join(data, 'config.yaml'), '--user-data-dir', path.join(data, 'ud'), '--extensions-dir', ext, '--install-extension', vsix],
      { encoding: 'utf8', env: { ...process.env, ...xdg } },
    );
    const installMs = Date.now() - t1;
    assert.equal(install.status, 0, `--install-extension failed: ${install.stdout}${install.stderr}`);
    assert.match(install.stdout, /sts-lens.*successfully installed/i, install.stdout);
    assert.ok(fs.readdirSync(ext).some((n) => n.startsWith('sts-lens.sts-lens-')), `not in ${ext}: ${fs.readdirSync(ext).join(', ')}`);

    const run = await runDriver(
      ['--data', data, '--extensions-dir', ext, '--folder', ws, '--open', path.join(ws, '.aws', 'config'), '--expect-log', 'ExtensionService#_doActivateExtension sts-lens\\.sts-lens', '--timeout', '120'],
      cleanEnv({ AWS_CONFIG_FILE: path.join(tmp, 'none'), AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, 'none') }),
      180_000,
    );
    assert.equal(run.code, 0, 'the installed extension did not activate and report errors (driver output above)');
    assert.match(run.output, /_doActivateExtension sts-lens\.sts-lens/);
    console.log(`vsix: ${sizeMb.toFixed(2)} MB, packaged in ${(packMs / 1000).toFixed(1)} s, installed in ${(installMs / 1000).toFixed(1)} s, activated in code-server`);
  } finally {
    if (process.env.STS_LENS_E2E_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
  }
});
