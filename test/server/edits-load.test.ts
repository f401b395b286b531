/**
 * Edits in bulk and over time: a change event with thousands of edits on a large document lands as
 * the same text TextDocument would give (and the document and its neighbours get diagnostics), and
 * thousands of edits over LSP leave the server's memory where it was.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyChanges } from '../../server/src/lsp/bulkEdits';
import { DocumentStore } from '../../server/src/lsp/documents';
import { recordReliability } from '../reliability/record';
import { codes, positionAt, startTestServer, type TestClient } from './harness';

const clients: TestClient[] = [];
after(() => clients.forEach((c) => c.close()));

type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } | { text: string };

/**
 * The meaning of one change: offsets from a fresh TextDocument (its offsetAt clamps positions past a
 * line or the text), then a string splice. TextDocument.update itself is not the reference: a range
 * past the last line leaves its line table wrong for the next change.
 */
function applyOne(text: string, change: Change): string {
  if (!('range' in change)) return change.text;
  const doc = TextDocument.create('file:///x', 'plaintext', 1, text);
  const [a, b] = [doc.offsetAt(change.range.start), doc.offsetAt(change.range.end)].sort((x, y) => x - y);
  return text.slice(0, a) + change.text + text.slice(b);
}

/** Text without lone \r (a \r\n formed across an edit boundary is a matter of definition). */
const textArb = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r\n', 'é', '🚀', '='), { maxLength: 60 }).map((a) => a.join(''));
const posArb = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 14 }) });
const changeArb: fc.Arbitrary<Change> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: posArb, end: posArb }), text: textArb }) },
  { weight: 1, arbitrary: fc.record({ text: textArb }) },
);

describe('bulk content changes', () => {
  it('applyChanges gives the same text as applying the changes one by one', () => {
    let runs = 0;
    fc.assert(
      fc.property(textArb, fc.array(changeArb, { minLength: 1, maxLength: 40 }), (text, changes) => {
        runs++;
        const reference = changes.reduce(applyOne, text);
        assert.equal(applyChanges(text, changes), reference);
      }),
      { numRuns: 2000, seed: 11 },
    );
    recordReliability({ area: 'server faults', input: 'random batches of 1-40 content changes (CRLF, astral characters, positions past the end, reversed ranges, whole-text changes)', count: runs, held: 'same text as the changes applied one by one', test: __filename });
  });

  it('4,000 edits on a 1.2 MB document in one change event: right text, right diagnostics, neighbours served', async () => {
    const c = await startTestServer({ settings: { debounceMs: 0 } });
    clients.push(c);
    const profiles = 4000;
    const filler = `# ${'x'.repeat(220)}\n`;
    const big = Array.from({ length: profiles }, (_, i) => `[profile p${i}]\nrole_arn = arn:aws:iam::111122223333:role/r\nduration_seconds = 50000\n${filler}`).join('');
    assert.ok(big.length > 1.2e6, String(big.length));
    const uri = 'file:///ws/big/.aws/config';
    c.open(uri, 'aws-config', big);
    const first = await c.waitForDiagnostics(uri, () => true, 60000);
    assert.equal(first.diagnostics.length, profiles);

    // A replace-all: edits from the bottom up (as editors send them), each 50000 -> 3600.
    const changes: Change[] = [];
    let text = big;
    for (let at = big.lastIndexOf('50000'); at !== -1; at = at > 0 ? big.lastIndexOf('50000', at - 1) : -1) {
      changes.push({ range: { start: positionAt(big, at), end: positionAt(big, at + 5) }, text: '3600' });
    }
    assert.equal(changes.length, profiles);
    text = big.split('50000').join('3600');
    void c.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: changes });
    const other = 'file:///ws/other/.aws/config';
    c.open(other, 'aws-config', '[profile q]\nrole_arn = arn:aws:iam::111122223333:role/r\nduration_seconds = 99999\n');
    const after = await c.waitForDiagnostics(uri, (p) => p.version === 2, 60000);
    assert.equal(after.diagnostics.length, 0);
    assert.deepEqual(codes((await c.waitForDiagnostics(other, () => true, 60000)).diagnostics), ['duration-out-of-range']);

    // The store's text is the replace-all's result.
    const store = new DocumentStore();
    store.open(uri, 'aws-config', 1, big);
    assert.equal(store.change(uri, 2, changes)?.doc.getText(), text);
    recordReliability({ area: 'server faults', input: 'one change event with 4,000 edits on a 1.2 MB document', count: changes.length, held: 'text equals the replace-all; 4,000 diagnostics -> 0; another document served', test: __filename });
  });
});

describe('memory over many edits', () => {
  it('3,000 edits over LSP leave the heap where it was', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const c = await startTestServer({ settings: { debounceMs: 0 } });
    clients.push(c);
    const uri = 'file:///ws/mem/.aws/config';
    const text = Array.from({ length: 30 }, (_, i) => `[profile p${i}]\nrole_arn = arn:aws:iam::111122223333:role/r\nduration_seconds = 3600\n`).join('');
    c.open(uri, 'aws-config', text);
    await c.waitForDiagnostics(uri);
    const edit = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) {
        const t = c.text(uri);
        const at = t.indexOf('duration_seconds = ') + 'duration_seconds = '.length;
        c.edit(uri, at, at + 4, i % 2 === 0 ? '9999' : '3600');
        if (i % 50 === 49) await c.waitForDiagnostics(uri, (p) => p.version === c.version(uri), 20000);
      }
      await c.waitForDiagnostics(uri, (p) => p.version === c.version(uri), 20000);
    };
    await edit(500); // warm up: grammars, caches, JIT
    c.published.length = 0;
    gc();
    const before = process.memoryUsage().heapUsed;
    const edits = 3000;
    await edit(edits);
    c.published.length = 0; // the test's own record of every publish is not the server's memory
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 20 * 1024 * 1024, `heap grew by ${(grown / 1024 / 1024).toFixed(1)} MB over ${edits} edits`);
    recordReliability({ area: 'server faults', input: '3,000 edits over LSP on one document (after 500 warm-up edits)', count: edits, held: `heap growth under 20 MB (was ${(grown / 1024 / 1024).toFixed(1)} MB)`, test: __filename });
  });
});
