/**
 * `npm start`, seen as a new user sees it: the terminal shows only what STS Lens prints (no code-server
 * log), and the browser opens on a sample file with findings and STS Lens's own walkthrough, with no
 * error notification. Runs scripts/start.mjs with a fresh profile dir in code-server mode, opens the URL
 * it prints in headless Chromium, and reads the workbench DOM.
 * Skipped (loudly) only when not root and the system packages are missing.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, announceSkip, cleanEnv, installCodeServer, scratch, skipReason } from './harness';

const skip = skipReason();
if (skip) announceSkip('npm start first-screen test (code-server + Chromium)', skip);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

test('npm start: a quiet terminal, the sample file with findings, the STS Lens walkthrough, no error toast', { skip }, async () => {
  installCodeServer();
  const tmp = scratch('sts-lens-start-');
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], {
    cwd: ROOT,
    env: cleanEnv({ PORT: String(port), STS_LENS_START_CODE_SERVER: '1', STS_LENS_START_STATE: path.join(tmp, 'state'), XDG_CACHE_HOME: path.join(tmp, 'cache') }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed within 5 min; output:\n${output}`)), 300_000);
      const look = () => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(output);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on('data', look);
      child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before printing a URL:\n${output}`)));
    });
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    // the sample file is the open editor, and it has findings (the status bar counts errors)
    await page.waitForSelector('.tabs-container .tab[aria-label*="deploy-v3.ts"]', { timeout: 60_000 });
    // evaluated in the page (a string: this project compiles without the DOM library)
    const problems = await page.waitForFunction(
      `(() => { const e = document.querySelector('#status\\\\.problems'); const t = e ? (e.getAttribute('aria-label') || '') + ' ' + e.innerText : ''; return /Errors?: *[1-9]|[1-9]\\d* errors?/i.test(t) ? t.trim() : false; })()`,
      undefined,
      { timeout: 90_000, polling: 200 },
    );
    assert.ok(await problems.jsonValue());
    // STS Lens's own walkthrough, not VS Code's generic welcome page
    await page.waitForSelector('.gettingStartedContainer :text("Get started with STS Lens")', { timeout: 60_000 });
    const tabs = await page.$$eval('.tabs-container .tab', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    assert.ok(!tabs.some((t) => /^Welcome\b/.test(t)), `generic welcome page open: ${tabs.join(' | ')}`);
    await page.screenshot({ path: path.join(tmp, 'first-screen.png') });
    const toasts = (await page.evaluate(
      `[...document.querySelectorAll('.notifications-toasts .notification-toast')].map((e) => ({ text: e.innerText, error: !!e.querySelector('.codicon-error') }))`,
    )) as { text: string; error: boolean }[];
    assert.deepEqual(toasts.filter((t) => t.error).map((t) => t.text), [], 'error notifications on the first screen');
    assert.ok(!toasts.some((t) => /TypeScript|tsserver/i.test(t.text)), JSON.stringify(toasts));
    // the terminal: our lines only (the check summary, the URL), no code-server log, no warnings
    const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
    const unexpected = lines.filter((l) => !/^sts-lens check examples:|^STS Lens in VS Code|^http:\/\/127\.0\.0\.1:|^\(Ctrl-C stops the server/.test(l));
    assert.deepEqual(unexpected, [], `npm start printed more than its own lines:\n${output}`);
    if (process.env.STS_LENS_E2E_UPDATE_DOCS === '1') fs.copyFileSync(path.join(tmp, 'first-screen.png'), path.join(ROOT, 'docs', 'first-screen.png'));
  } finally {
    await browser.close();
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* gone */
    }
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    if (process.env.STS_LENS_E2E_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
  }
});
