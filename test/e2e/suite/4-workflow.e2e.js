// The daily workflow in a real VS Code against the real STS server (Ceph RGW): one-step Assume Role from a
// profile, recent targets first, the customise walk with Back keeping answers, the Sessions view with
// several sessions, the region picker, a terminal bound to one session and the status bar following it,
// the console destination picker, the walkthrough and the settings labels. Read where a person reads
// them: the DOM through Chromium.
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
const QUICK = '.quick-input-widget';
const TITLE = '.quick-input-widget .quick-input-title';
const ROWS = '.quick-input-widget .monaco-list-row';
const VIEW_ROWS = '.pane-body .monaco-list-row';
const PROFILE = 'ceph-demo';

/** What the window shows now, for a failure message: the quick input, its rows, the toasts. */
async function whatIsShown() {
  const q = async (selector) => (await bridge('/query', { selector })).filter((e) => e.visible).map((e) => (e.value !== undefined && e.value !== null ? `${e.text}[value=${e.value}]` : e.text).replace(/\s+/g, ' ').slice(0, 160));
  return JSON.stringify({ title: await q(TITLE), input: await q(`${QUICK} .quick-input-box input`), rows: (await q(ROWS)).slice(0, 8), toasts: await q('.notifications-toasts .notification-toast') });
}
async function shown(selector, text, timeout) {
  try {
    return await bridge('/wait', { selector, text, timeout });
  } catch (e) {
    throw new Error(`${selector} with "${text}" not shown (${e.message}); the window shows ${await whatIsShown()}`);
  }
}
async function quickTitle(text) {
  return shown(TITLE, text);
}
async function typeAndEnter(text) {
  if (text) await bridge('/type', { text });
  await bridge('/press', { key: 'Enter' });
}
async function clearAllSessions() {
  // clearSession acts on the active session; the next one becomes active
  for (let i = 0; i < 10; i++) {
    const shown = hasBridge() ? await bridge('/query', { selector: STATUS }) : [];
    if (hasBridge() && !shown.some((s) => s.visible)) return;
    await vscode.commands.executeCommand('stsLens.clearSession');
    if (!hasBridge() && i >= 3) return;
  }
}

/** The environment of a shell terminal: node inside it writes process.env to a file, then the shell exits. */
async function envOf(terminal) {
  const out = path.join(os.tmpdir(), `sts-lens-e2e-term-${process.pid}-${Date.now()}.json`);
  const closed = nextEvent(vscode.window.onDidCloseTerminal, (t) => t === terminal, 'the session terminal to exit', 45000);
  terminal.sendText(`${JSON.stringify(process.execPath)} -e 'require("fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.env))'; exit`);
  await closed;
  try {
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  } finally {
    fs.rmSync(out, { force: true });
  }
}

describe('daily workflow against Ceph STS', function () {
  before(async function () {
    if (!ENDPOINT || !ROLE_ARN || !SOURCE_KEY) {
      console.log('    !!! no STS server given: workflow tests skipped');
      this.skip();
    }
    await extension().activate();
    const config = vscode.workspace.getConfiguration('stsLens');
    await config.update('stsEndpoint', ENDPOINT, vscode.ConfigurationTarget.Global);
    await config.update('region', 'us-east-1', vscode.ConfigurationTarget.Global);
    // a role profile with its own settings: the one-step flow must use them all
    const configFile = process.env.AWS_CONFIG_FILE;
    assert.ok(configFile, 'AWS_CONFIG_FILE is set by the harness');
    fs.appendFileSync(configFile, `\n[profile ${PROFILE}]\nrole_arn = ${ROLE_ARN}\nrole_session_name = e2e-one-step\nduration_seconds = 1800\nregion = us-east-1\n`);
    await clearAllSessions();
  });

  afterEach(async function () {
    // a failed step must not leave a prompt open for the next test
    if (hasBridge() && this.currentTest.state === 'failed') {
      await bridge('/press', { key: 'Escape' });
      await bridge('/press', { key: 'Escape' });
    }
  });

  after(async () => {
    await clearAllSessions();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Assume Role on a profile: one step, the profile\'s own duration and session name, nothing asked (screenshot)', async function () {
    if (!hasBridge()) {
      await vscode.commands.executeCommand('stsLens.assumeRole', { profile: PROFILE });
      return;
    }
    await vscode.commands.executeCommand('notifications.clearAll');
    const running = vscode.commands.executeCommand('stsLens.assumeRole');
    await bridge('/wait', { selector: ROWS, text: PROFILE });
    const rows = await bridge('/query', { selector: ROWS });
    const row = rows.find((r) => r.text.includes(PROFILE));
    assert.match(row.text, /as e2e-one-step · 30 min · us-east-1 · from the default chain/, row.text);
    await bridge('/screenshot', { name: 'assume-role-one-step', clip: { x: 300, y: 0, width: 800, height: 360 } });
    await typeAndEnter(PROFILE);
    await running;
    // no further prompt: the profile set everything; 30 min from duration_seconds = 1800
    const shown = await bridge('/wait', { selector: STATUS, text: PROFILE, timeout: 30000 });
    assert.match(shown.text, new RegExp(`${PROFILE} · (29m|30m)`), shown.text);
    await bridge('/wait', { selector: QUICK, absent: true, text: 'MFA' });
  });

  it('the pick list then shows the profile first, as recent', async function () {
    if (!hasBridge()) this.skip();
    const running = vscode.commands.executeCommand('stsLens.assumeRole');
    await bridge('/wait', { selector: ROWS, text: 'recent' });
    const rows = (await bridge('/query', { selector: ROWS })).filter((r) => r.visible);
    assert.match(rows[0].text, /^Recent/m, rows.map((r) => r.text).join(' | '));
    assert.ok(rows[0].text.includes(PROFILE) && /recent · just now/.test(rows[0].text), rows[0].text);
    await bridge('/press', { key: 'Escape' });
    await running;
  });

  it('Customise: a typed role ARN, step count, Back keeps the typed session name, and a second session is held', async function () {
    if (!hasBridge()) this.skip();
    const running = vscode.commands.executeCommand('stsLens.assumeRole');
    await bridge('/wait', { selector: ROWS, text: PROFILE }); // the list is up (Customise… is below the fold)
    await typeAndEnter('Customise');
    await quickTitle('Assume Role: role');
    await typeAndEnter('Enter a role ARN');
    const arnStep = await quickTitle('role ARN');
    assert.match(arnStep.text, /\(2\/8\)/, `a typed ARN adds the source step: ${arnStep.text}`);
    await typeAndEnter(ROLE_ARN);
    await quickTitle('source credentials');
    await typeAndEnter('Default credential chain');
    const nameStep = await quickTitle('session name');
    assert.match(nameStep.text, /\(4\/8\)/, nameStep.text);
    await bridge('/press', { key: 'Control+a' });
    await typeAndEnter('e2e-custom');
    const durationStep = await quickTitle('duration');
    assert.match(durationStep.text, /\(5\/8\)/, durationStep.text);
    await bridge('/click', { selector: `${QUICK} .codicon-quick-input-back` });
    await quickTitle('session name');
    const [back] = await bridge('/query', { selector: `${QUICK} .quick-input-box input` });
    assert.equal(back.value, 'e2e-custom', 'Back shows the answer given before');
    await typeAndEnter('');
    await quickTitle('duration');
    await typeAndEnter(''); // the current value: the 1 h default
    await quickTitle('external id');
    await typeAndEnter('');
    await quickTitle('MFA');
    await typeAndEnter('');
    await quickTitle('session policy');
    await typeAndEnter('');
    await running;
    await shown('.notifications-toasts', 'assumed demo', 30000);
  });

  it('the Sessions view lists both sessions with account, role, region and time left (screenshot)', async function () {
    await vscode.commands.executeCommand('stsLens.sessions.focus');
    await vscode.commands.executeCommand('stsLens.sessions.refreshView');
    if (!hasBridge()) return;
    await bridge('/wait', { selector: VIEW_ROWS, text: 'us-east-1' });
    const rows = (await bridge('/query', { selector: VIEW_ROWS })).filter((r) => r.visible);
    assert.equal(rows.length, 2, JSON.stringify(rows));
    assert.match(rows.find((r) => r.text.includes(PROFILE)).text, /no account id · demo · us-east-1 · (29m|30m)/);
    assert.match(rows.find((r) => !r.text.includes(PROFILE)).text, /^demo[\s\S]*no account id · demo · us-east-1 · (59m|1h 00m)/);
    await bridge('/hover', { selector: VIEW_ROWS });
    await bridge('/screenshot', { name: 'sessions-view', clip: { x: 0, y: 0, width: 760, height: 420 }, settleMs: 300 });
  });

  it('a click on a row switches to that session; its inline Refresh gets new credentials for it', async function () {
    if (!hasBridge()) this.skip();
    const status = await bridge('/wait', { selector: STATUS, text: 'demo' });
    assert.ok(!status.text.includes(PROFILE), `the customised session is active: ${status.text}`);
    await bridge('/click', { selector: `${VIEW_ROWS}[aria-label*="${PROFILE}"]` });
    await bridge('/wait', { selector: STATUS, text: PROFILE });
    await vscode.commands.executeCommand('notifications.clearAll');
    await bridge('/hover', { selector: `${VIEW_ROWS}[aria-label*="${PROFILE}"]` });
    await bridge('/click', { selector: `${VIEW_ROWS}[aria-label*="${PROFILE}"] .action-label[aria-label*="Refresh Session"]` });
    await shown('.notifications-toasts', `${PROFILE} refreshed`, 30000);
  });

  it('Pick Region changes the active session\'s region: the view and the exports follow', async function () {
    if (!hasBridge()) this.skip();
    const running = vscode.commands.executeCommand('stsLens.pickRegion');
    const title = await quickTitle('Region for');
    assert.match(title.text, /\(aws\)/, 'only the session\'s partition is offered');
    const rows = (await bridge('/query', { selector: ROWS })).map((r) => r.text).join('\n');
    assert.doesNotMatch(rows, /cn-north-1|us-gov-west-1/);
    await typeAndEnter('eu-west-1');
    await running;
    await bridge('/wait', { selector: VIEW_ROWS, text: 'eu-west-1' });
    await vscode.commands.executeCommand('stsLens.applyToTerminals');
    const env = await envOf(vscode.window.createTerminal({ name: 'sts-lens e2e region' }));
    assert.equal(env.AWS_REGION, 'eu-west-1', 'terminals get the picked region');
    assert.equal(vscode.workspace.getConfiguration('stsLens').get('region'), 'eu-west-1', 'new STS calls use the region');
    await vscode.workspace.getConfiguration('stsLens').update('region', 'us-east-1', vscode.ConfigurationTarget.Global);
  });

  it('a terminal bound to one session gets its credentials, and the status bar names it while it is active', async function () {
    if (!hasBridge()) this.skip();
    await vscode.commands.executeCommand('stsLens.clearSession'); // keep one session: no picker
    const opened = nextEvent(vscode.window.onDidOpenTerminal, (t) => t.name === 'AWS demo', 'the session terminal');
    await vscode.commands.executeCommand('stsLens.openSessionTerminal');
    const terminal = await opened;
    if (vscode.window.activeTerminal !== terminal) {
      const active = nextEvent(vscode.window.onDidChangeActiveTerminal, (t) => t === terminal, 'the session terminal to become active');
      terminal.show();
      await active;
    }
    await bridge('/hover', { selector: STATUS });
    const hover = await bridge('/wait', { selector: '.monaco-hover, .workbench-hover, .custom-hover', text: 'The active terminal' });
    assert.match(hover.text, /The active terminal "AWS demo" uses this session/);
    await bridge('/press', { key: 'Escape' });
    const env = await envOf(terminal);
    assert.ok(env.AWS_SESSION_TOKEN, 'AWS_SESSION_TOKEN missing in the session terminal');
    assert.ok(env.AWS_ACCESS_KEY_ID && env.AWS_ACCESS_KEY_ID !== SOURCE_KEY, 'the session terminal has the source key');
    assert.equal(env.AWS_REGION, 'us-east-1');
  });

  it('Open AWS Console at…: services of the session\'s partition; a Ceph session is refused before any request', async function () {
    if (!hasBridge()) this.skip();
    await vscode.commands.executeCommand('notifications.clearAll');
    const running = vscode.commands.executeCommand('stsLens.openConsoleAt');
    await quickTitle('Open the AWS console');
    const rows = (await bridge('/query', { selector: ROWS })).map((r) => r.text).join('\n');
    assert.match(rows, /S3[\s\S]*console\.aws\.amazon\.com\/s3\/home\?region=us-east-1/);
    await typeAndEnter('S3');
    await running;
    const note = await shown('.notifications-toasts', 'not by AWS');
    assert.match(note.text, /Nothing was sent/);
  });

  it('the extension\'s walkthrough: what it checks, assuming a role, the status bar (screenshot)', async function () {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'sts-lens.sts-lens#stsLens.gettingStarted', false);
    if (!hasBridge()) return;
    const page = await bridge('/wait', { selector: '.gettingStartedContainer', text: 'Get started with STS Lens' });
    for (const step of ['See what it checks', 'Assume a role in one step', 'Follow your sessions', 'Choose the region']) assert.ok(page.text.includes(step), step);
    await bridge('/screenshot', { name: 'walkthrough', settleMs: 300 });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
