// The credential commands against a real STS server (Ceph RGW), seen where a person sees them:
// the status bar text read from the DOM through Chromium, and the environment of a new terminal.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { extension, bridge, hasBridge, nextEvent } = require('./helpers');

const ENDPOINT = process.env.STS_LENS_E2E_STS_ENDPOINT;
const ROLE_ARN = process.env.STS_LENS_E2E_ROLE_ARN;
const SOURCE_KEY = process.env.AWS_ACCESS_KEY_ID;
const STATUS = '.statusbar-item[id*="stsLens.credentials"]';

/** The environment a new integrated terminal gets (its process writes it to a temp file and exits). */
async function terminalEnv() {
  const out = path.join(os.tmpdir(), `sts-lens-e2e-env-${process.pid}-${Date.now()}.json`);
  const terminal = vscode.window.createTerminal({
    name: 'sts-lens e2e env',
    shellPath: process.execPath,
    shellArgs: ['-e', `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.env))`],
  });
  await nextEvent(vscode.window.onDidCloseTerminal, (t) => t === terminal, 'the env terminal to exit');
  try {
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  } finally {
    fs.rmSync(out, { force: true });
  }
}

describe('credential commands against Ceph STS', function () {
  before(async function () {
    if (!ENDPOINT || !ROLE_ARN || !SOURCE_KEY) {
      console.log('    !!! no STS server given (STS_LENS_E2E_STS_ENDPOINT, STS_LENS_E2E_ROLE_ARN, AWS_ACCESS_KEY_ID): credential tests skipped');
      this.skip();
    }
    await extension().activate();
    const config = vscode.workspace.getConfiguration('stsLens');
    await config.update('stsEndpoint', ENDPOINT, vscode.ConfigurationTarget.Global);
    await config.update('region', 'us-east-1', vscode.ConfigurationTarget.Global);
  });

  it('Assume Role opens its quick pick with the role profiles of the AWS config (screenshot)', async function () {
    if (!hasBridge()) this.skip();
    await vscode.commands.executeCommand('notifications.clearAll');
    const running = vscode.commands.executeCommand('stsLens.assumeRole');
    const shown = await bridge('/wait', { selector: '.quick-input-widget', text: 'Enter a role ARN' });
    assert.match(shown.text, /Assume Role/);
    await bridge('/screenshot', { name: 'assume-role-quick-pick' });
    await bridge('/press', { key: 'Escape' });
    await running; // a dismissed prompt ends the command quietly
    await bridge('/wait', { selector: '.quick-input-widget', text: 'Enter a role ARN', absent: true });
  });

  it('Assume Role gets credentials from STS and the status bar counts down to their expiry', async function () {
    await vscode.commands.executeCommand('stsLens.assumeRole', { roleArn: ROLE_ARN, roleSessionName: 'sts-lens-e2e', durationSeconds: 3600 });
    if (!hasBridge()) return;
    const shown = await bridge('/wait', { selector: STATUS, text: 'demo', timeout: 30000 }).catch(async (e) => {
      const notes = await bridge('/query', { selector: '.notifications-toasts .notification-toast' });
      throw new Error(`${e.message}; notifications: ${JSON.stringify(notes && notes.map((n) => n.text))}`);
    });
    assert.match(shown.text, /demo · (59m|1h 00m)/, `status bar text: ${shown.text}`);
    await bridge('/hover', { selector: STATUS });
    await bridge('/wait', { selector: '.monaco-hover, .workbench-hover, .custom-hover', text: 'demo' }).catch(() => undefined);
    await bridge('/screenshot', { name: 'status-bar-timer', clip: { x: 0, y: 560, width: 760, height: 300 }, settleMs: 800 });
    await bridge('/press', { key: 'Escape' });
  });

  it('Apply to Terminals gives new terminals the session credentials', async () => {
    await vscode.commands.executeCommand('stsLens.applyToTerminals');
    const env = await terminalEnv();
    assert.ok(env.AWS_SESSION_TOKEN, 'AWS_SESSION_TOKEN missing in a new terminal');
    assert.ok(env.AWS_ACCESS_KEY_ID && env.AWS_ACCESS_KEY_ID !== SOURCE_KEY, 'the terminal still has the source access key');
    assert.ok(env.AWS_SECRET_ACCESS_KEY && env.AWS_SECRET_ACCESS_KEY !== process.env.AWS_SECRET_ACCESS_KEY);
  });

  it('Write Credentials to Profile writes <role>-session, asks (modal) before replacing it and refuses long-term keys', async function () {
    if (!hasBridge()) this.skip(); // the input box and the modal need the DOM bridge
    const file = process.env.AWS_SHARED_CREDENTIALS_FILE;
    // a failed wait says which step it was, with what the notifications showed and a screenshot
    const wait = (step, q) =>
      bridge('/wait', q).catch(async (e) => {
        const notes = await bridge('/query', { selector: '.notifications-toasts .notification-toast' }).catch(() => []);
        await bridge('/screenshot', { name: 'write-profile-failure' }).catch(() => undefined);
        throw new Error(`${step}: ${e.message}; notifications: ${JSON.stringify(notes && notes.map((n) => n.text))}`);
      });
    const accept = async (command) => {
      const running = vscode.commands.executeCommand(command);
      await wait('profile name input', { selector: '.quick-input-widget', text: 'Write to profile' });
      await bridge('/press', { key: 'Enter' }); // the proposed name
      return running;
    };
    await accept('stsLens.writeProfile');
    const written = fs.readFileSync(file, 'utf8');
    const m = /^\[demo-session\]\naws_access_key_id = (\S+)\naws_secret_access_key = \S+\naws_session_token = \S+\nexpiration = \S+\nregion = us-east-1\n$/.exec(written);
    assert.ok(m, `credentials file: ${written.replace(/= .*/g, '= …')}`);
    assert.notStrictEqual(m[1], SOURCE_KEY);
    assert.strictEqual(fs.statSync(file).mode & 0o777, 0o600);

    // the profile exists now: a modal asks before replacing it. VS Code under test refuses every dialog
    // ("DialogService: refused to show dialog in tests", shown as a notification with the dialog's text),
    // which answers it like Escape: the question was asked, the file stays as it was.
    await vscode.commands.executeCommand('notifications.clearAll');
    const again = vscode.commands.executeCommand('stsLens.writeProfile');
    await wait('profile name input (second write)', { selector: '.quick-input-widget', text: 'Write to profile' });
    await bridge('/press', { key: 'Enter' });
    const asked = await wait('replace confirmation', { selector: '.monaco-dialog-box, .notifications-toasts .notification-toast', text: 'already exists' });
    assert.match(asked.text, /\[demo-session\] already exists .*Replace it with this session\?/s);
    const dialogs = (await bridge('/query', { selector: '.monaco-dialog-box' })) || [];
    if (dialogs.some((d) => d.visible)) await bridge('/press', { key: 'Escape' });
    await again;
    assert.strictEqual(fs.readFileSync(file, 'utf8'), written);

    // long-term keys under that name: refused, nothing written
    const longTerm = `[demo-session]\naws_access_key_id = AKIAE2ELONGTERM\naws_secret_access_key = longTermSecret\n`;
    fs.writeFileSync(file, longTerm, { mode: 0o600 });
    await vscode.commands.executeCommand('notifications.clearAll');
    await accept('stsLens.writeProfile');
    await wait('refusal notification', { selector: '.notifications-toasts .notification-toast', text: 'long-term access keys' });
    assert.strictEqual(fs.readFileSync(file, 'utf8'), longTerm);
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.sts-lens.bak`, { force: true });
  });

  it('Clear Session removes the status bar item and the terminal credentials', async () => {
    await vscode.commands.executeCommand('stsLens.clearSession');
    if (hasBridge()) await bridge('/wait', { selector: STATUS, text: 'demo', absent: true });
    const env = await terminalEnv();
    assert.ok(!env.AWS_SESSION_TOKEN, 'AWS_SESSION_TOKEN still set in a new terminal after clear');
    assert.strictEqual(env.AWS_ACCESS_KEY_ID, SOURCE_KEY, 'a new terminal should be back to the source credentials');
  });
});
