// What a person does with a diagnostic: hover it, apply its quick fix, change the rule's severity.
const assert = require('assert');
const vscode = require('vscode');
const { extension, fileUri, codeOf, ours, diagnosticsWhen, bridge, hasBridge } = require('./helpers');

const TS = 'src/deploy-v3.ts';
// deploy-v3.ts line 21: `DurationSeconds: 36 * HOUR,` -> duration-out-of-range (129600 s > 43200 s)
const LINE = 20; // 0-based

async function openTs() {
  const uri = fileUri(TS);
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const list = await diagnosticsWhen(uri, (l) => l.some((d) => codeOf(d) === 'duration-out-of-range' && d.range.start.line === LINE), 'duration-out-of-range on line 21');
  return { uri, doc, editor, diag: list.find((d) => codeOf(d) === 'duration-out-of-range' && d.range.start.line === LINE) };
}

const hoverText = (hovers) => hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

describe('hover', () => {
  it('explains DurationSeconds with its allowed range', async () => {
    const { uri, diag } = await openTs();
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, diag.range.start.translate(0, 1));
    const text = hoverText(hovers);
    assert.match(text, /DurationSeconds/, text);
    assert.match(text, /129600 s = 36 h; AssumeRole allows 900 s/, `the hover should give the value in plain words and AssumeRole's range: ${text}`);
  });

  it('shows the diagnostic and the hover in the editor (screenshot)', async function () {
    if (!hasBridge()) this.skip();
    const { editor, diag } = await openTs();
    editor.selection = new vscode.Selection(diag.range.start.translate(0, 1), diag.range.start.translate(0, 1));
    editor.revealRange(diag.range, vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('editor.action.showHover');
    const shown = await bridge('/wait', { selector: '.monaco-hover', text: 'duration-out-of-range' });
    assert.match(shown.text, /43200/);
    await bridge('/screenshot', { name: 'diagnostics-hover' });
    await bridge('/press', { key: 'Escape' });
  });
});

describe('quick fix', () => {
  // lambda-v2.js line 23: `sts.getSessionToken({ DurationSeconds: 200000, ...` (GetSessionToken allows 900–129600 s)
  const JS = 'lambda/lambda-v2.js';
  const JS_LINE = 22;
  const isIt = (d) => codeOf(d) === 'duration-out-of-range' && d.range.start.line === JS_LINE;
  it('clamps a literal duration into range and the diagnostic goes away', async () => {
    const uri = fileUri(JS);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const diag = (await diagnosticsWhen(uri, (l) => l.some(isIt), 'duration-out-of-range on line 23')).find(isIt);
    const before = doc.lineAt(JS_LINE).text;
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.edit && /129600/.test(a.title));
    assert.ok(fix, `no quick fix setting 129600; got: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit refused');
    const after = doc.lineAt(JS_LINE).text;
    assert.strictEqual(after, before.replace('DurationSeconds: 200000', 'DurationSeconds: 129600'), `"${fix.title}" changed the line to: ${after}`);
    await diagnosticsWhen(uri, (l) => !l.some(isIt), 'the fixed diagnostic to disappear');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.strictEqual(doc.lineAt(JS_LINE).text, before);
    await diagnosticsWhen(uri, (l) => l.some(isIt), 'the diagnostic back after revert');
  });
});

describe('settings', () => {
  const RULE = 'duration-out-of-range';
  /** Writes the rule's severity the way package.json declares it (one `stsLens.rules` object, or a key per rule). */
  async function setSeverity(value) {
    // settings come in categories (an array of configuration blocks)
    const props = Object.assign({}, ...[extension().packageJSON.contributes.configuration].flat().map((c) => c.properties || {}));
    const config = vscode.workspace.getConfiguration('stsLens');
    if (props['stsLens.rules']) {
      const current = { ...(config.inspect('rules').globalValue || {}) };
      if (value === undefined) delete current[RULE];
      else current[RULE] = value;
      await config.update('rules', Object.keys(current).length ? current : undefined, vscode.ConfigurationTarget.Global);
    } else if (props[`stsLens.rules.${RULE}`]) {
      await config.update(`rules.${RULE}`, value, vscode.ConfigurationTarget.Global);
    } else {
      assert.fail(`package.json contributes neither stsLens.rules nor stsLens.rules.${RULE}`);
    }
  }

  afterEach(() => setSeverity(undefined));

  it(`"${RULE}": "ignore" removes its diagnostics, "warning" downgrades them, unset restores errors`, async () => {
    const { uri } = await openTs();
    const others = ours(uri).filter((d) => codeOf(d) !== RULE).length;
    await setSeverity('ignore');
    let list = await diagnosticsWhen(uri, (l) => !l.some((d) => codeOf(d) === RULE), `${RULE} to be ignored`);
    assert.strictEqual(list.length, others, 'other rules must keep their diagnostics');
    await setSeverity('warning');
    list = await diagnosticsWhen(uri, (l) => l.some((d) => codeOf(d) === RULE && d.severity === vscode.DiagnosticSeverity.Warning), `${RULE} back as warnings`);
    for (const d of list.filter((x) => codeOf(x) === RULE)) assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    await setSeverity(undefined);
    await diagnosticsWhen(uri, (l) => l.some((d) => codeOf(d) === RULE && d.severity === vscode.DiagnosticSeverity.Error), `${RULE} back as errors`);
  });
});
