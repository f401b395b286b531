/**
 * The document store keeps a tree-sitter tree per document and re-parses incrementally: after any
 * sequence of edits the tree (and the call sites extracted from it) must equal a fresh parse.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractSites, prepare } from '../../server/src/analysis/analyze';
import { getParser } from '../../server/src/analysis/treesitter';
import { DocumentStore, treeGrammar, withDocumentTree } from '../../server/src/lsp/documents';

const TS = [
  "import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';",
  'const sts = new STSClient({});',
  "export const a = () => sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/deploy', RoleSessionName: 'ci', DurationSeconds: 7200 }));",
  '// ünïcödé 🚀 comment before the next call',
  "export const b = () => sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/x', RoleSessionName: 'b', DurationSeconds: 900 }));",
  '',
].join('\r\n');

function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

describe('document store', () => {
  it('re-parses incrementally to the same tree and sites as a fresh parse', async () => {
    await prepare('typescript');
    const grammar = treeGrammar('typescript');
    assert.equal(grammar, 'tree-sitter-typescript.wasm');
    const store = new DocumentStore();
    const uri = 'file:///t.ts';
    let text = TS;
    let entry = store.open(uri, 'typescript', 1, text);
    withDocumentTree(entry, () => undefined);
    const firstTree = entry.tree;
    assert.ok(firstTree);
    const rnd = random(7);
    const inserts = ['9', '\n', ', ExternalId: "abc"', '🚀', '})', '\r\n  ', ''];
    for (let version = 2; version < 60; version++) {
      const start = Math.floor(rnd() * text.length);
      const end = Math.min(text.length, start + Math.floor(rnd() * 6));
      // never split a surrogate pair (editors do not)
      if (/[\uDC00-\uDFFF\n]/.test(text.charAt(start)) || /[\uDC00-\uDFFF\n]/.test(text.charAt(end))) continue;
      const insert = inserts[Math.floor(rnd() * inserts.length)] ?? '';
      const range = { start: entry.doc.positionAt(start), end: entry.doc.positionAt(end) };
      text = text.slice(0, start) + insert + text.slice(end);
      entry = store.change(uri, version, [{ range, text: insert }]) ?? assert.fail('document lost');
      assert.equal(entry.doc.getText(), text);
      const incremental = withDocumentTree(entry, () => ({ tree: entry.tree?.rootNode.toString(), sites: JSON.stringify(extractSites(text, 'typescript')) }));
      const fresh = getParser('tree-sitter-typescript.wasm').parse(text);
      assert.ok(fresh);
      assert.equal(incremental.tree, fresh.rootNode.toString(), `tree differs after edit ${version}`);
      const freshSites = JSON.stringify(extractSites(text, 'typescript'));
      assert.equal(incremental.sites, freshSites, `sites differ after edit ${version}`);
      fresh.delete();
    }
    store.closeAll();
  });
});
