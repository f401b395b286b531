// Shared by the e2e suite files: the extension, the workspace, diagnostics waits, the DOM bridge.
const assert = require('assert');
const fs = require('fs');
const http = require('http');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'sts-lens.sts-lens';
const REPO = path.resolve(__dirname, '..', '..', '..');

function extension() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

function workspaceRoot() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'no workspace folder open');
  return folder.uri;
}

const fileUri = (rel) => vscode.Uri.joinPath(workspaceRoot(), ...rel.split('/'));

/** Workspace file -> language id and the fixture it was copied from (test/e2e/workspace.json). */
const EXPECTED = Object.fromEntries(
  Object.entries(JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'e2e', 'workspace.json'), 'utf8'))).filter(([k]) => !k.startsWith('_')),
);

function expectedFindings(rel) {
  const e = EXPECTED[rel];
  const expected = e.source.startsWith('examples/')
    ? path.join(REPO, 'test', 'fixtures', 'examples', e.source.slice('examples/'.length) + '.expected.json')
    : path.join(REPO, e.source + '.expected.json');
  return JSON.parse(fs.readFileSync(expected, 'utf8'));
}

const codeOf = (d) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code));
const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'sts-lens');

/**
 * Resolves with the extension's diagnostics of `uri` as soon as `accept(list)` holds, checking now
 * and on every onDidChangeDiagnostics for that uri (no polling, no sleeps). The timer only turns a
 * hang into a readable failure.
 */
function diagnosticsWhen(uri, accept, what = 'diagnostics', timeoutMs = 45000) {
  return new Promise((resolve, reject) => {
    let sub;
    const timer = setTimeout(() => {
      sub.dispose();
      const now = ours(uri).map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}`);
      reject(new Error(`timed out waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; now: [${now.join(', ')}]`));
    }, timeoutMs);
    const check = () => {
      const list = ours(uri);
      if (!accept(list)) return false;
      clearTimeout(timer);
      sub.dispose();
      resolve(list);
      return true;
    };
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

/** Asks the driver (outside, in the Chromium page) to read the DOM, press keys, take screenshots. */
function bridge(route, body = {}) {
  const base = process.env.STS_LENS_E2E_BRIDGE;
  if (!base) return Promise.resolve(undefined); // desktop runs (@vscode/test-electron) have no bridge
  return new Promise((resolve, reject) => {
    const req = http.request(base + route, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => {
        const v = data ? JSON.parse(data) : undefined;
        res.statusCode === 200 ? resolve(v) : reject(new Error(`bridge ${route}: ${v && v.error}`));
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
const hasBridge = () => Boolean(process.env.STS_LENS_E2E_BRIDGE);

/** Resolves when the next event fires (with its value), rejects after timeoutMs. */
function nextEvent(event, accept = () => true, what = 'event', timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const sub = event((v) => {
      if (!accept(v)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(v);
    });
  });
}

const metrics = () => global.__stsLensE2eMetrics || (global.__stsLensE2eMetrics = {});

module.exports = { EXTENSION_ID, REPO, EXPECTED, extension, workspaceRoot, fileUri, expectedFindings, codeOf, ours, diagnosticsWhen, bridge, hasBridge, nextEvent, metrics };
