/**
 * Shared set-up of the real-VS-Code suites (vscode.test.ts, vsix.test.ts): code-server installed with
 * the recipe script, the skip rule, the Ceph STS server, and running test/e2e/driver.mjs.
 */
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const E2E = __dirname;
/** Where code-server 4.100.3 is installed (the recipe script's marker makes a second install a no-op). */
export const CS_DIR = process.env.STS_LENS_CODE_SERVER_DIR || path.join(os.tmpdir(), 'cs');
const CEPH_SCRIPT = path.join(ROOT, 'test', 'integration', 'ceph-rgw-sts.sh');
const CEPH_DIR = process.env.STS_LENS_CEPH_DIR || '/tmp/ceph-sts-lens';
const CEPH_PORT = process.env.STS_LENS_CEPH_PORT || '8000';

const isRoot = process.getuid?.() === 0;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const installed = () => fs.existsSync(path.join(CS_DIR, '.installed-4.100.3'));

/**
 * Why these suites cannot run here, or undefined. Only one reason counts: not root, so apt cannot
 * install what is missing (Chromium, or the build tools code-server's native modules need).
 */
export function skipReason(): string | undefined {
  if (isRoot) return undefined;
  const missing = ['chromium', 'rg', ...(installed() ? [] : ['make', 'g++', 'python3', 'curl'])].filter((c) => !has(c));
  return missing.length ? `not root, so apt cannot install ${missing.join(', ')} (needed by code-server / headless Chromium)` : undefined;
}

export function announceSkip(what: string, reason: string): void {
  const bar = '!'.repeat(100);
  console.error(`\n${bar}\n!!! ${what} SKIPPED: ${reason}.\n!!! Run as root (or install chromium ripgrep build-essential python3 curl) to run it.\n${bar}\n`);
}

export function installCodeServer(): number {
  const t0 = Date.now();
  execFileSync('bash', [path.join(E2E, 'code-server.sh'), 'install', CS_DIR], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 20 * 60_000 });
  return Date.now() - t0;
}

export function build(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

export interface Ceph {
  env: Record<string, string>;
  /** Stops the cluster only when this run started it. */
  stop(): void;
  startedMs: number;
}

/** Starts Ceph RGW (or reuses the one already running: one cluster per machine). */
export function startCeph(): Ceph {
  const t0 = Date.now();
  const wasRunning = spawnSync('bash', [CEPH_SCRIPT, 'status', CEPH_DIR], { stdio: 'ignore' }).status === 0;
  const start = () => execFileSync('bash', [CEPH_SCRIPT, 'start', CEPH_DIR, CEPH_PORT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 10 * 60_000 });
  let out: string;
  try {
    out = start();
  } catch {
    // seen right after another suite stopped the cluster: the new OSD is refused ("wrong fsid") and
    // never comes up; the script's second start (stop what it started, wipe, fresh cluster) succeeds
    console.error('e2e: Ceph did not come up; retrying once');
    try {
      out = start();
    } catch (e) {
      if (!wasRunning) spawnSync('bash', [CEPH_SCRIPT, 'stop', CEPH_DIR], { stdio: ['ignore', 'ignore', 'inherit'] });
      throw e;
    }
  }
  const env: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) env[m[1]] = m[2];
  }
  return {
    env,
    startedMs: Date.now() - t0,
    stop: () => {
      if (!wasRunning && process.env.STS_LENS_CEPH_KEEP !== '1') execFileSync('bash', [CEPH_SCRIPT, 'stop', CEPH_DIR], { stdio: ['ignore', 'ignore', 'inherit'] });
    },
  };
}

/** A scratch dir with the XDG/user-data dirs code-server and Chromium write to, and a copy of a workspace. */
export function scratch(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The environment the code-server process (and so its extension host and terminals) gets: no AWS settings of the caller. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|STS_LENS_E2E_)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

export interface DriverRun {
  code: number | null;
  output: string;
  ms: number;
}

/** Runs test/e2e/driver.mjs, echoing its output as it comes (the mocha report), and collects it. */
export function runDriver(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<DriverRun> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(E2E, 'driver.mjs'), '--cs', CS_DIR, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - t0 });
    });
  });
}

/** Builds the e2e workspace in `dir` from the examples and fixtures listed in test/e2e/workspace.json. */
export function assembleWorkspace(dir: string, only?: string[]): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(E2E, 'workspace.json'), 'utf8')) as Record<string, { source?: string }>;
  for (const [rel, entry] of Object.entries(manifest)) {
    if (!entry.source || (only && !only.includes(rel))) continue;
    const target = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(ROOT, ...entry.source.split('/')), target);
  }
}
