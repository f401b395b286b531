// `npm start`: build, then open VS Code with the extension under development on examples/.
//   * desktop VS Code when `code` is on PATH: code --extensionDevelopmentPath=<repo> examples
//   * otherwise a local code-server 4.100.3 (VS Code 1.100.3 in the browser) on 127.0.0.1, installed
//     by test/e2e/code-server.sh into a cache dir (first time: a few minutes; needs root for apt when
//     chromium/ripgrep/build tools are missing), and the URL to open is printed. Ctrl-C stops it.
// Environment: PORT (default 8123), STS_LENS_CODE_SERVER_DIR (install dir), STS_LENS_START_EXIT_AFTER_READY=1
// (start, print the URL, check it answers, stop: a smoke test), STS_LENS_START_STATE (the profile dir;
// default ~/.cache/sts-lens/start).
// The first screen: examples/src/deploy-v3.ts (a file with findings) and STS Lens's own walkthrough beside
// it; VS Code's generic welcome page is off, and the built-in TypeScript support uses the repository's
// TypeScript (code-server ships none: "Could not find bundled tsserver.js") without its own diagnostics
// (the examples' imports are not installed), in this profile only. code-server's own log goes
// to a file, so this terminal shows only what STS Lens prints.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const examples = path.join(root, 'examples');
const SAMPLE = path.join(examples, 'src', 'deploy-v3.ts');
const MARKER = '.installed-4.100.3';

execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const check = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', examples], { encoding: 'utf8' });
const summary = /\d+ errors?.*files? checked/.exec(`${check.stderr}\n${check.stdout}`)?.[0] ?? '(no summary)';
console.log(`sts-lens check examples: ${summary}`);

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
if (onPath('code') && process.env.STS_LENS_START_CODE_SERVER !== '1') {
  console.log(`opening desktop VS Code: code --extensionDevelopmentPath=${root} ${examples}`);
  const r = spawnSync('code', [`--extensionDevelopmentPath=${root}`, examples], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// ---- code-server -------------------------------------------------------------------------------
const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
const csDir =
  process.env.STS_LENS_CODE_SERVER_DIR ||
  // reuse the copy the e2e tests installed, if any
  (fs.existsSync(path.join(os.tmpdir(), 'cs', MARKER)) ? path.join(os.tmpdir(), 'cs') : path.join(cacheHome, 'sts-lens', 'code-server'));
if (!fs.existsSync(path.join(csDir, MARKER))) console.log(`\`code\` is not on PATH: installing code-server 4.100.3 into ${csDir} (once)…`);
// the install script reports each step on stderr: shown only when it fails (a quiet terminal otherwise)
const install = spawnSync('bash', [path.join(root, 'test', 'e2e', 'code-server.sh'), 'install', csDir], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (install.status !== 0) {
  process.stderr.write(install.stderr ?? '');
  console.error(`code-server could not be installed into ${csDir} (exit ${install.status}).`);
  process.exit(1);
}

async function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer().once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
let port = Number(process.env.PORT || 8123);
while (!(await portFree(port))) port++;

const state = process.env.STS_LENS_START_STATE || path.join(cacheHome, 'sts-lens', 'start');
const xdg = { XDG_DATA_HOME: path.join(state, 'xdg/data'), XDG_CACHE_HOME: path.join(state, 'xdg/cache'), XDG_CONFIG_HOME: path.join(state, 'xdg/config') };
for (const d of Object.values(xdg)) fs.mkdirSync(d, { recursive: true });
fs.writeFileSync(path.join(state, 'config.yaml'), 'auth: none\n');
writeStartSettings(path.join(state, 'ud', 'User', 'settings.json'));
const serverLog = path.join(state, 'code-server.log');
const logFd = fs.openSync(serverLog, 'w');
const server = spawn(
  process.execPath,
  [path.join(csDir, 'node_modules/code-server/out/node/entry.js'), '--config', path.join(state, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', path.join(state, 'ud'), '--extensions-dir', path.join(state, 'ext'),
    examples],
  { env: { ...process.env, ...xdg }, stdio: ['ignore', logFd, logFd] },
);
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', () => (stop(), process.exit(0)));
process.on('SIGTERM', () => (stop(), process.exit(0)));
server.on('exit', (code) => {
  if (code) console.error(`code-server stopped (exit ${code}); its log: ${serverLog}`);
  process.exit(code ?? 0);
});

const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    await fetch(`${base}/healthz`);
    break;
  } catch {
    if (i > 600) throw new Error('code-server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}
// the extension under development: payload values must be vscode-remote://<host:port>/abs/path
const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
const payload = [['extensionDevelopmentPath', remote(root)], ['openFile', remote(SAMPLE)]];
const url = `${base}/?folder=${encodeURIComponent(examples)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
console.log(`\nSTS Lens in VS Code (code-server 4.100.3) on examples/ — open this URL in a browser on this machine:\n\n  ${url}\n\n(Ctrl-C stops the server; its log: ${serverLog}.)`);
if (process.env.STS_LENS_START_EXIT_AFTER_READY === '1') {
  const res = await fetch(url);
  console.log(`smoke: ${res.status} ${res.headers.get('content-type')}`);
  stop();
}

/**
 * The settings of this start profile: no generic welcome page, a TypeScript server that can start and
 * does not report the examples' missing imports. Keys the user set
 * in this profile are kept; only missing ones are added.
 */
function writeStartSettings(file) {
  let current = {};
  if (fs.existsSync(file)) {
    try {
      current = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return; // edited by hand (comments?): leave it as it is
    }
  }
  const wanted = {
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.ignoreRecommendations': true,
    'typescript.tsdk': path.join(root, 'node_modules', 'typescript', 'lib'),
    'typescript.validate.enable': false,
    'javascript.validate.enable': false,
  };
  const next = { ...wanted, ...current };
  if (JSON.stringify(next) === JSON.stringify(current)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(next, null, 2) + '\n');
}
