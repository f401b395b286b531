// The README's test command (`npm test`): installs what the suites need, builds, runs every suite.
//
//   1. system packages (as root, via apt): Ceph RGW (real STS server), awscli, neovim, chromium
//   2. npm dependencies are expected installed (`npm ci`); the bundles are built
//   3. every suite under test/ runs with node's test runner: unit, server, integration (Ceph STS),
//      e2e (real VS Code) and the benchmark in quick mode; nothing is skipped silently.
//
// Flags: --only=<glob-ish substring> to run a subset (e.g. --only=unit/).
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

/** Debian packages the suites use: command -> package(s). */
const APT = {
  'ceph-mon': ['ceph-mon', 'ceph-osd', 'radosgw', 'ceph-common'],
  '/usr/bin/aws': ['awscli'],
  nvim: ['neovim'],
  '/usr/bin/chromium': ['chromium'],
  rg: ['ripgrep'],
  curl: ['curl'],
  strace: ['strace'],
};

function have(cmd) {
  if (cmd.startsWith('/')) return fs.existsSync(cmd);
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function ensureSystemPackages() {
  const missing = [...new Set(Object.entries(APT).filter(([cmd]) => !have(cmd)).flatMap(([, pkgs]) => pkgs))];
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    console.log(`test setup: missing system packages ${missing.join(' ')}; not root, so the suites that need them will report themselves as skipped with the reason.`);
    return;
  }
  console.log(`test setup: apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'fixtures' && e.name !== 'node_modules') out.push(...findTests(full));
    } else if (/\.test\.(ts|mjs|js)$/.test(e.name)) out.push(path.relative(root, full));
  }
  return out.sort();
}

ensureSystemPackages();
if (!fs.existsSync(path.join(root, 'node_modules'))) execFileSync('npm', ['ci'], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

// Suites in order of cost; the e2e suite installs code-server itself (test/e2e).
const files = ['unit', 'server', 'integration', 'e2e', 'bench'].flatMap((s) => findTests(path.join('test', s))).filter((f) => !only || f.includes(only));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
console.log(`running ${files.length} test files`);
// Evidence rows for docs/reliability.md start afresh with each run (test/reliability/record.ts).
fs.rmSync(path.join(root, '.test-tmp', 'reliability'), { recursive: true, force: true });
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-timeout=900000', '--test-concurrency=1', ...files], {
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
process.stdout.write(result.stdout ?? '');
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(result.stdout ?? '')?.[1] ?? 0);
// A failure here is reported but does not hide the suites' own verdict.
if (!only && result.status === 0) spawnSync(process.execPath, ['scripts/gen-reliability.mjs'], { stdio: 'inherit' });
console.log(`${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`);
process.exit(result.status ?? 1);
