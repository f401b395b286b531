// Lazy activation, its measured time, and the diagnostics of a realistic file in every language.
const assert = require('assert');
const vscode = require('vscode');
const { EXPECTED, extension, fileUri, expectedFindings, codeOf, diagnosticsWhen, bridge, metrics } = require('./helpers');

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };
const where = (d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`;
const matches = (e) => (d) => codeOf(d) === e.ruleId && d.range.start.line + 1 === e.line && d.range.start.character + 1 === e.column;
const allPresent = (expected) => (list) => expected.every((e) => list.some(matches(e)));

describe('activation', () => {
  it('is lazy: the extension is not active before a file it serves is opened', () => {
    assert.strictEqual(extension().isActive, false, 'STS Lens activated before any served file was opened');
  });

  it('activates when an AWS config file opens, and reports how long activate() took', async () => {
    const uri = fileUri('.aws/config');
    const started = Date.now();
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const api = await extension().activate();
    const activatedAt = Date.now() - started;
    await diagnosticsWhen(uri, (l) => l.length > 0, 'the first diagnostics');
    const firstDiagnosticsMs = Date.now() - started;
    assert.ok(api && typeof api.activationMs === 'number' && api.activationMs > 0, `activate() returned ${JSON.stringify(api)}`);
    Object.assign(metrics(), { activationMs: Math.round(api.activationMs * 10) / 10, openToActiveMs: activatedAt, openToFirstDiagnosticsMs: firstDiagnosticsMs });
    await bridge('/mark', metrics());
    console.log(`    activate() ${api.activationMs.toFixed(1)} ms; open -> active ${activatedAt} ms; open -> first diagnostics ${firstDiagnosticsMs} ms`);
  });
});

describe('diagnostics in every language', () => {
  for (const rel of Object.keys(EXPECTED)) {
    it(`${rel}: ${EXPECTED[rel].languageId} with the fixture's codes and ranges`, async () => {
      const uri = fileUri(rel);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      assert.strictEqual(doc.languageId, EXPECTED[rel].languageId, `VS Code opened ${rel} as ${doc.languageId}`);
      const expected = expectedFindings(rel);
      const list = await diagnosticsWhen(uri, allPresent(expected), `${expected.length} expected diagnostics`);
      for (const e of expected) {
        const d = list.find(matches(e));
        if (e.endLine !== undefined) assert.strictEqual(d.range.end.line + 1, e.endLine, `${where(d)} end line`);
        if (e.endColumn !== undefined) assert.strictEqual(d.range.end.character + 1, e.endColumn, `${where(d)} end column`);
        if (e.severity) assert.strictEqual(d.severity, SEVERITY[e.severity], `${where(d)} severity`);
        for (const text of [].concat(e.messageIncludes || [])) assert.ok(d.message.includes(text), `${where(d)}: "${d.message}" lacks "${text}"`);
      }
      assert.deepStrictEqual(list.map(where).sort(), list.filter((d) => expected.some((e) => matches(e)(d))).map(where).sort(), 'diagnostics beyond the expected ones');
    });
  }
});
