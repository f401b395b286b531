/**
 * `npm start` to the URL a user opens: build, the CLI over examples/, code-server up. Against
 * code-server alone from spawn to its health check, measured in the same run.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ms, note, quick, ratio, row } from './report';

const root = path.resolve(__dirname, '..');
const MARKER = '.installed-4.100.3';

/** Where scripts/start.mjs finds code-server (the same order). */
function codeServerDir(): string | undefined {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const candidates = [process.env.STS_LENS_CODE_SERVER_DIR, path.join(os.tmpdir(), 'cs'), path.join(cacheHome, 'sts-lens', 'code-server')];
  return candidates.find((d): d is string => d !== undefined && fs.existsSync(path.join(d, MARKER)));
}

/** Runs `node scripts/start.mjs` (code-server, smoke mode) until it prints the URL; resolves with the time. */
function startToUrl(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], {
      cwd: root,
      env: { ...process.env, STS_LENS_START_CODE_SERVER: '1', STS_LENS_START_EXIT_AFTER_READY: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let at: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (at === undefined && /http:\/\/127\.0\.0\.1:\d+\/\?folder=/.test(out)) at = performance.now() - t0;
    });
    child.stderr.resume();
    child.on('exit', (code) => (at !== undefined ? resolve(at) : reject(new Error(`npm start exited with ${code} before printing a URL:\n${out}`))));
  });
}

/** code-server alone: spawn to a 200 from /healthz. */
async function codeServerAlone(dir: string): Promise<number> {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'sts-lens-bench-cs-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(dir, 'node_modules/code-server/out/node/entry.js'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--user-data-dir', path.join(state, 'ud'), '--extensions-dir', path.join(state, 'ext'), root], {
    env: { ...process.env, XDG_DATA_HOME: state, XDG_CONFIG_HOME: state, XDG_CACHE_HOME: state },
    stdio: 'ignore',
  });
  try {
    for (let i = 0; i < 1200; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (r.ok) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('code-server did not answer in 60 s');
  } finally {
    child.kill('SIGTERM');
    fs.rmSync(state, { recursive: true, force: true });
  }
}

export async function npmStart(): Promise<void> {
  if (quick) {
    note('`npm start` to a ready URL: not measured in quick mode (it builds and starts code-server).');
    return;
  }
  const dir = codeServerDir();
  if (!dir) {
    note('`npm start` to a ready URL: not measured; code-server 4.100.3 is not installed (the first `npm start` or the e2e suite installs it).');
    return;
  }
  const start = await startToUrl();
  const alone = await codeServerAlone(dir);
  row('`npm start` (build, `check examples`, code-server) to the printed URL / code-server alone: spawn → /healthz', `${ms(start)} ms`, `${ms(alone)} ms`, ratio(start, alone), '—', 'measured');
}
