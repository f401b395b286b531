// Runs a mocha suite inside the extension host of a real VS Code (code-server 4.100.3 = VS Code 1.100.3)
// whose workbench is driven by headless Debian Chromium through playwright-core.
// Grown from ../shared/recipes/code-server.sh's run-ext-tests.mjs; what it adds:
//   * it starts code-server itself (own process group, fresh user-data dir, XDG dirs under --data), so
//     the extension host inherits the environment it is given (AWS source credentials, the bridge URL);
//   * an HTTP bridge on 127.0.0.1:<random> (STS_LENS_E2E_BRIDGE in the extension host) through which
//     tests running in the extension host read the DOM (status bar text, quick input), press keys and
//     take named screenshots: what a person sees, not what the API says.
//
// node test/e2e/driver.mjs --cs /tmp/cs --data DIR --folder /abs/workspace
//      [--ext /abs/extension --tests /abs/suite/index.js]   run a suite under development (payload URL)
//      [--extensions-dir DIR] [--open /abs/file --expect-log REGEX]   no suite: open a file, wait for a log line
//      [--shots DIR] [--timeout SECONDS] [--verbose 1] [--keep-open 1]
// Exit code: the suite's (0 pass, 1 fail) / 0 when --expect-log matched; 124 timeout; 2 set-up error.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

const a = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) a[argv[i].replace(/^--/, '')] = argv[i + 1];
const t0 = Date.now();
const el = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (m) => console.error(`[driver ${el()}] ${m}`);
const timeoutMs = Number(a.timeout || 300) * 1000;
const csDir = a.cs;
const data = a.data;
if (!csDir || !data || !a.folder) {
  console.error('usage: driver.mjs --cs CS_INSTALL_DIR --data DIR --folder /abs/workspace [--ext /abs --tests /abs/index.js] ...');
  process.exit(2);
}
const shots = path.resolve(a.shots || path.join(data, 'shots'));
fs.mkdirSync(shots, { recursive: true });
const timings = {};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ---- the bridge -----------------------------------------------------------------------------------
let page; // set once the workbench is up; the suite only calls the bridge after that
const bridge = http.createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  const reply = (status, value) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  try {
    const q = body ? JSON.parse(body) : {};
    if (!page) return reply(503, { error: 'workbench not ready' });
    switch (req.url) {
      case '/query': // [{id, text, ariaLabel, visible}] for every element matching the selector
        return reply(200, await page.$$eval(q.selector, (els) => els.map((e) => ({ id: e.id, text: e.innerText, value: e.value, ariaLabel: e.getAttribute('aria-label'), visible: !!(e.offsetWidth || e.offsetHeight) }))));
      case '/wait': {
        // until an element matching selector is visible and (optionally) its text contains q.text
        // (or, with q.absent, until no visible element matching selector contains q.text)
        const fn = ({ selector, text, absent }) => {
          const hits = [...document.querySelectorAll(selector)].filter((e) => (e.offsetWidth || e.offsetHeight) && (!text || e.innerText.includes(text) || (e.getAttribute('aria-label') || '').includes(text)));
          return absent ? hits.length === 0 : hits.length > 0 && hits.map((e) => e.innerText).join('\n');
        };
        const h = await page.waitForFunction(fn, { selector: q.selector, text: q.text, absent: q.absent }, { timeout: q.timeout ?? 20000, polling: 100 });
        return reply(200, { text: await h.jsonValue() });
      }
      case '/hover':
        await page.hover(q.selector);
        return reply(200, { ok: true });
      case '/press':
        await page.keyboard.press(q.key);
        return reply(200, { ok: true });
      case '/type': // text into whatever has focus (a quick input)
        await page.keyboard.type(q.text);
        return reply(200, { ok: true });
      case '/click': // the first visible element matching selector
        await page.locator(q.selector).filter({ visible: true }).first().click();
        return reply(200, { ok: true });
      case '/screenshot': {
        const file = path.join(shots, `${String(q.name).replace(/[^\w.-]/g, '_')}.png`);
        if (q.settleMs) await page.waitForTimeout(q.settleMs); // visual only: let a hover finish drawing
        if (q.selector) await (await page.$(q.selector)).screenshot({ path: file });
        else await page.screenshot({ path: file, clip: q.clip });
        log(`screenshot ${file}`);
        return reply(200, { file });
      }
      case '/mark': // the suite reports timings it wants in the metrics
        Object.assign(timings, q);
        return reply(200, { ok: true });
      default:
        return reply(404, { error: `no ${req.url}` });
    }
  } catch (e) {
    reply(500, { error: String(e && e.message) });
  }
});
const bridgePort = await freePort();
await new Promise((r) => bridge.listen(bridgePort, '127.0.0.1', r));
const bridgeUrl = `http://127.0.0.1:${bridgePort}`;

// ---- code-server ----------------------------------------------------------------------------------
const port = Number(a.port || (await freePort()));
const base = `http://127.0.0.1:${port}`;
const xdg = { XDG_DATA_HOME: path.join(data, 'xdg/data'), XDG_CACHE_HOME: path.join(data, 'xdg/cache'), XDG_CONFIG_HOME: path.join(data, 'xdg/config') };
const userData = path.join(data, 'ud');
const extDir = path.resolve(a['extensions-dir'] || path.join(data, 'ext'));
for (const d of [...Object.values(xdg), userData, extDir]) fs.mkdirSync(d, { recursive: true });
fs.writeFileSync(path.join(data, 'config.yaml'), 'auth: none\n');
const serverLog = fs.openSync(path.join(data, 'server.log'), 'a');
const server = spawn(
  process.execPath,
  [path.join(csDir, 'node_modules/code-server/out/node/entry.js'), '--config', path.join(data, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extDir, a.folder],
  { env: { ...process.env, ...xdg, STS_LENS_E2E_BRIDGE: bridgeUrl }, stdio: ['ignore', serverLog, serverLog], detached: true },
);
let serverExited = false;
server.on('exit', () => (serverExited = true));
function stopServer() {
  if (serverExited || a['keep-open']) return;
  try {
    process.kill(-server.pid, 'SIGTERM'); // its own group: extension host, pty host, watchers go too
  } catch {
    /* gone */
  }
}
process.on('exit', stopServer);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

async function healthy() {
  try {
    await fetch(`${base}/healthz`);
    return true;
  } catch {
    return false;
  }
}
while (!(await healthy())) {
  if (serverExited) {
    log(`code-server exited at start:\n${fs.readFileSync(path.join(data, 'server.log'), 'utf8').slice(-3000)}`);
    process.exit(2);
  }
  if (Date.now() - t0 > 60000) {
    log('code-server did not answer /healthz within 60 s');
    process.exit(2);
  }
  await new Promise((r) => setTimeout(r, 100));
}
timings.serverReadyMs = Date.now() - t0;
log(`code-server up on ${base} (pid ${server.pid}), bridge on ${bridgeUrl}`);

// ---- the workbench --------------------------------------------------------------------------------
// Payload values are URI.parse'd in the browser and translated by the server: they MUST be
// vscode-remote://<host:port>/abs/path (plain paths fail: "No extension host found that can launch the test runner").
const remote = (p) => `vscode-remote://${new URL(base).host}${path.resolve(p)}`;
let url = `${base}/?folder=${encodeURIComponent(path.resolve(a.folder))}`;
if (a.open) url += '&payload=' + encodeURIComponent(JSON.stringify([['openFile', remote(a.open)]]));
else if (a.tests) url += '&payload=' + encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', remote(a.ext)], ['extensionTestsPath', remote(a.tests)]]));

const browser = await chromium.launch({
  executablePath: a.chromium || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  env: { ...process.env, ...xdg },
});
// reduced motion: VS Code then shows hovers without a fade-in, so screenshots catch them whole
const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, reducedMotion: 'reduce' });
page = await context.newPage();
let finish;
const exited = new Promise((r) => (finish = r));
await page.exposeFunction('codeAutomationExit', (code) => finish(code));
page.on('console', async (m) => {
  // extension-host console output (the mocha reporter) reaches the page console as
  // console.log('%c INFO', 'color: ...', fmt, ...args): re-format it printf-style.
  let parts;
  try {
    parts = await Promise.all(m.args().map((h) => h.jsonValue()));
  } catch {
    parts = [m.text()];
  }
  if (typeof parts[0] === 'string' && parts[0].startsWith('%c')) parts = parts.slice(2);
  let [fmt, ...rest] = parts;
  if (typeof fmt !== 'string') {
    rest.unshift(fmt);
    fmt = '';
  }
  let s = fmt.replace(/%[sdifoOc]/g, () => (rest.length ? String(rest.shift()) : ''));
  if (rest.length) s += ' ' + rest.map(String).join(' ');
  if (!a.verbose && (!a.tests || /^(Resolv|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore)|open-vsx|Failed to load resource|ENOTFOUND|web worker extension host/.test(s))) return;
  if (s.trim() && s.trim() !== 'undefined') console.log(a.verbose ? s : s.split('\n').slice(0, 20).join('\n'));
});
await page.goto(url);
await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
timings.workbenchMs = Date.now() - t0;
log('workbench rendered');

let code = 0;
const timeout = new Promise((r) => setTimeout(() => r(124), timeoutMs).unref());
if (a.tests) {
  code = await Promise.race([exited, timeout]);
  log(`extension tests finished, exit code ${code}`);
} else if (a.open) {
  // no suite (an installed vsix): the file came in with the URL (payload openFile, what `code FILE`
  // does); wait for the extension host log to say the extension activated and for the problems count
  log(`opened ${a.open}`);
  const re = new RegExp(a['expect-log'] || 'sts-lens');
  const found = await Promise.race([
    (async () => {
      for (;;) {
        const files = findFiles(userData, 'remoteexthost.log');
        for (const f of files) {
          const line = fs.readFileSync(f, 'utf8').split('\n').find((l) => re.test(l));
          if (line) return { file: f, line };
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })(),
    timeout,
  ]);
  if (found === 124) {
    log(`no extension host log line matching ${re} within the timeout`);
    code = 124;
  } else {
    log(`extension host log: ${found.line.trim()}`);
    const problems = await page
      .waitForFunction(() => {
        const e = document.querySelector('#status\\.problems');
        const t = e ? `${e.getAttribute('aria-label') || ''} ${e.innerText}` : '';
        return /Errors?: *[1-9]|[1-9]\d* errors?/i.test(t) ? t.trim() : false;
      }, {}, { timeout: 30000, polling: 200 })
      .then((h) => h.jsonValue())
      .catch(() => undefined);
    log(`status bar problems: ${problems ?? '(no errors shown)'}`);
    timings.problems = problems;
    code = problems ? 0 : 1;
  }
}
if (a['last-shot'] !== '0') await page.screenshot({ path: path.join(shots, 'last.png') }).catch(() => {});
fs.writeFileSync(path.join(data, 'driver-timings.json'), JSON.stringify(timings, null, 2));
if (!a['keep-open']) await browser.close();
else {
  log(`keeping ${base} open; Ctrl-C to stop`);
  await new Promise(() => {});
}
bridge.close();
stopServer();
process.exit(code);

function findFiles(dir, name) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(full, name));
    else if (e.name === name) out.push(full);
  }
  return out;
}
