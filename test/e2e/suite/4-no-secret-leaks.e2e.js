// Where credentials go, seen from inside VS Code: a full assume, refresh, console, copy, write and error
// cycle against Ceph STS. The secrets STS issued are learnt from a terminal (where the user asked for
// them) and posted to the outer test's in-memory sink (STS_LENS_E2E_SECRET_SINK), which then searches
// every file the run wrote, the driver output and the CLI's output. Here, the workbench DOM (notifications,
// status bar, the whole page) is searched. Then the language server is killed twice: restarted, one toast.
const assert = require('assert');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { extension, bridge, hasBridge, nextEvent, ours } = require('./helpers');

const ENDPOINT = process.env.STS_LENS_E2E_STS_ENDPOINT;
const ROLE_ARN = process.env.STS_LENS_E2E_ROLE_ARN;
const SINK = process.env.STS_LENS_E2E_SECRET_SINK;
const STATUS = '.statusbar-item[id*="stsLens.credentials"]';
const TOASTS = '.notifications-toasts .notification-toast';

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(SINK, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => (res.resume(), res.on('end', resolve)));
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** The credentials a new terminal gets (the env file is read and removed at once). */
async function terminalCredentials() {
  const out = path.join(os.tmpdir(), `sts-lens-e2e-leak-${process.pid}-${Date.now()}.json`);
  const terminal = vscode.window.createTerminal({ name: 'sts-lens leak check', shellPath: process.execPath, shellArgs: ['-e', `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ s: process.env.AWS_SECRET_ACCESS_KEY, t: process.env.AWS_SESSION_TOKEN }), { mode: 0o600 })`] });
  await nextEvent(vscode.window.onDidCloseTerminal, (t) => t === terminal, 'the env terminal to exit');
  try {
    const { s, t } = JSON.parse(fs.readFileSync(out, 'utf8'));
    return { secret: s, token: t };
  } finally {
    fs.rmSync(out, { force: true });
  }
}

/** Runs a command that opens a quick input, and accepts what it offers. */
async function acceptPrompt(command, text) {
  const running = vscode.commands.executeCommand(command);
  await bridge('/wait', { selector: '.quick-input-widget', text });
  await bridge('/press', { key: 'Enter' });
  await running;
}

const forms = (s) => [s, encodeURIComponent(s), encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), Buffer.from(s).toString('base64'), s.slice(Math.floor(s.length / 2) - 16, Math.floor(s.length / 2) + 16)];

describe('no secret in anything the extension shows or writes (assume, refresh, console, copy, write, errors)', function () {
  const issued = [];

  before(async function () {
    if (!ENDPOINT || !ROLE_ARN || !SINK) {
      console.log('    !!! no STS server or secret sink given: leak checks skipped');
      this.skip();
    }
    await extension().activate();
    const config = vscode.workspace.getConfiguration('stsLens');
    await config.update('stsEndpoint', ENDPOINT, vscode.ConfigurationTarget.Global);
    await config.update('region', 'us-east-1', vscode.ConfigurationTarget.Global);
  });

  it('runs the cycle and finds no secret key or session token in the workbench', async function () {
    this.timeout(180000);
    await vscode.commands.executeCommand('notifications.clearAll');
    // assume
    await vscode.commands.executeCommand('stsLens.assumeRole', { roleArn: ROLE_ARN, roleSessionName: 'leak-check', durationSeconds: 900 });
    if (hasBridge()) await bridge('/wait', { selector: STATUS, text: 'demo', timeout: 30000 });
    await vscode.commands.executeCommand('stsLens.applyToTerminals');
    const first = await terminalCredentials();
    assert.ok(first.secret && first.token, 'the terminal got no credentials');
    issued.push(first.secret, first.token);
    await post({ secrets: [first.secret, first.token] });
    // refresh: new credentials, the terminals follow
    await vscode.commands.executeCommand('stsLens.refresh');
    const second = await terminalCredentials();
    assert.ok(second.token && second.token !== first.token, 'refresh gave no new session token');
    issued.push(second.secret, second.token);
    await post({ secrets: [second.secret, second.token] });
    if (!hasBridge()) return;
    // Each step starts from an empty notification list and reads the list (toasts can be queued or
    // hidden: VS Code shows at most three, and hides them while a terminal opens)
    const seen = [];
    const LIST = '.notifications-list-container .notification-list-item';
    const step = async (run, text) => {
      await vscode.commands.executeCommand('notifications.clearAll');
      await run();
      await vscode.commands.executeCommand('notifications.showList');
      await bridge('/wait', { selector: LIST, text });
      const items = (await bridge('/query', { selector: LIST })) || [];
      seen.push(...items.map((n) => n.text));
      await vscode.commands.executeCommand('notifications.hideList');
      return items.map((n) => n.text).join('\n');
    };
    await step(() => vscode.commands.executeCommand('stsLens.refresh'), 'refreshed');
    const third = await terminalCredentials();
    issued.push(third.secret, third.token);
    await post({ secrets: [third.secret, third.token] });
    // console: the session comes from Ceph, so it is refused before any request
    assert.match(await step(() => vscode.commands.executeCommand('stsLens.openConsole'), 'not by AWS'), /issued by 127\.0\.0\.1:\d+ .*not by AWS/);
    // copy (the user asks for the secrets on the clipboard) and write (the user asks for a profile)
    await step(() => acceptPrompt('stsLens.copyCredentials', 'Copy credentials as'), 'STS Lens');
    await step(() => acceptPrompt('stsLens.writeProfile', 'profile'), 'profile');
    // errors with the session in play: a duration over the role's maximum, an operation Ceph lacks
    await step(() => vscode.commands.executeCommand('stsLens.assumeRole', { roleArn: ROLE_ARN, roleSessionName: 'leak-check', durationSeconds: 43200 }), 'maximum session duration');
    await step(() => vscode.commands.executeCommand('stsLens.getCallerIdentity'), 'GetCallerIdentity');
    // and the whole page
    for (const p of (await bridge('/query', { selector: 'body' })) || []) seen.push(p.text);
    await post({ dom: seen });
    const leaks = [];
    // where, never what: a failure message must not print the secret it found
    issued.forEach((secret, si) => forms(secret).forEach((f, fi) => seen.forEach((t, ti) => t.includes(f) && leaks.push(`secret ${si} (form ${fi}) in DOM text ${ti}`))));
    assert.deepStrictEqual(leaks, [], 'a secret reached the workbench');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('stsLens.clearSession');
  });
});

describe('a crashed language server is restarted and the user is told once', function () {
  /** The pid of the extension's language server (a child of this extension host running dist/server.js). */
  function serverPid() {
    for (const d of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid !== process.pid) continue;
        if (fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(path.join('dist', 'server.js'))) return Number(d);
      } catch {
        /* gone */
      }
    }
    return undefined;
  }
  async function newServerAfter(old) {
    for (;;) {
      const pid = serverPid();
      if (pid && pid !== old) return pid;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const SOURCE = "import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';\nnew STSClient({}).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/x', RoleSessionName: 'ab', DurationSeconds: 100 }));\n";

  it('kill -9 twice: diagnostics come back each time, one notification in all', async function () {
    this.timeout(180000);
    if (process.platform !== 'linux') this.skip();
    await extension().exports.languageClientReady;
    await vscode.commands.executeCommand('notifications.clearAll');
    let pid = serverPid();
    assert.ok(pid, 'no language server process found under this extension host');
    for (let crash = 1; crash <= 2; crash++) {
      process.kill(pid, 'SIGKILL');
      pid = await newServerAfter(pid);
      const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: SOURCE });
      await vscode.window.showTextDocument(doc);
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics after restart ${crash}`)), 45000);
        const check = () => ours(doc.uri).length > 0 && (clearTimeout(timer), sub.dispose(), resolve());
        const sub = vscode.languages.onDidChangeDiagnostics(check);
        check();
      });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    if (!hasBridge()) return;
    await vscode.commands.executeCommand('notifications.showList');
    const list = (await bridge('/query', { selector: '.notifications-list-container .notification-list-item' })) || [];
    const restarts = list.filter((n) => /language server stopped unexpectedly and was restarted/.test(n.text));
    await vscode.commands.executeCommand('notifications.hideList');
    assert.strictEqual(restarts.length, 1, `restart notifications: ${JSON.stringify(list.map((n) => n.text))}`);
    assert.ok(!list.some((n) => /Connection to server got closed/.test(n.text)), 'the library default toast is not shown');
  });
});
