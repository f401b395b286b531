/**
 * Open documents with incremental sync, and a tree-sitter tree per document kept across edits:
 * each content change is applied to the text and, as a `tree.edit`, to the old tree; the next
 * analysis re-parses with `parser.parse(text, oldTree)` (a fraction of a millisecond per keystroke
 * instead of a full parse) and hands the tree to the extractor through `provideTree`.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { Edit, type Point } from 'web-tree-sitter';
import { grammarsFor } from '../analysis/analyze';
import { EMBEDDING_LANGUAGE_IDS } from '../analysis/extract';
import { applyChanges } from './bulkEdits';
import { clearProvidedTree, getParser, isLoaded, parserInput, provideTree, type Tree } from '../analysis/treesitter';

/** More changes than this in one event are applied in one pass (bulkEdits.ts). */
const BULK_CHANGES = 16;

export interface OpenDocument {
  readonly uri: string;
  readonly languageId: string;
  doc: TextDocument;
  /** The tree of the grammar the language's extractor uses; edited on change, re-parsed lazily. */
  tree?: Tree;
  /** True when `tree` has edits the parser has not seen yet. */
  treeDirty: boolean;
}

export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const entry: OpenDocument = { uri, languageId, doc: TextDocument.create(uri, languageId, version, text), treeDirty: false };
    this.docs.set(uri, entry);
    return entry;
  }

  close(uri: string): void {
    const entry = this.docs.get(uri);
    if (!entry) return;
    entry.tree?.delete();
    this.docs.delete(uri);
  }

  /**
   * Applies content changes in order, editing the tree for each so it can be re-parsed incrementally.
   * A long list (a replace-all, a formatter) is applied in one pass instead and the tree re-parsed
   * whole: per-change updates cost the whole text each time.
   */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.docs.get(uri);
    if (!entry) return undefined;
    if (changes.length > BULK_CHANGES) {
      entry.tree?.delete();
      entry.tree = undefined;
      entry.treeDirty = false;
      entry.doc = TextDocument.create(uri, entry.languageId, version, applyChanges(entry.doc.getText(), changes));
      return entry;
    }
    for (const change of changes) {
      if ('range' in change && change.range) {
        const before = entry.doc.getText();
        const startIndex = entry.doc.offsetAt(change.range.start);
        const oldEndIndex = entry.doc.offsetAt(change.range.end);
        if (entry.tree) {
          const startPosition = pointAt(before, startIndex);
          entry.tree.edit(
            new Edit({
              startIndex,
              oldEndIndex,
              newEndIndex: startIndex + change.text.length,
              startPosition,
              oldEndPosition: pointAt(before, oldEndIndex),
              newEndPosition: advance(startPosition, change.text),
            }),
          );
          entry.treeDirty = true;
        }
        entry.doc = TextDocument.update(entry.doc, [change], version);
      } else {
        entry.tree?.delete();
        entry.tree = undefined;
        entry.doc = TextDocument.update(entry.doc, [change], version);
      }
    }
    entry.doc = TextDocument.update(entry.doc, [], version);
    return entry;
  }

  closeAll(): void {
    for (const uri of [...this.docs.keys()]) this.close(uri);
  }
}

/**
 * The grammar whose tree the server keeps for a language (the extractor's first grammar); none for
 * languages whose extractor parses embedded pieces rather than the whole document.
 */
export function treeGrammar(languageId: string): string | undefined {
  if (EMBEDDING_LANGUAGE_IDS.has(languageId)) return undefined;
  return grammarsFor(languageId)[0];
}

/**
 * Brings the document's tree up to date (incremental re-parse) and runs `fn` with the tree provided
 * to the extractors. The tree is withdrawn afterwards so no one else ever sees a tree that the store
 * may delete later.
 */
export function withDocumentTree<T>(entry: OpenDocument, fn: () => T): T {
  const grammar = treeGrammar(entry.languageId);
  if (!grammar || !isLoaded(grammar)) return fn();
  const text = entry.doc.getText();
  if (!entry.tree || entry.treeDirty) {
    const old = entry.tree;
    const input = parserInput(grammar, text);
    const next = getParser(grammar).parse(input, input === text ? (old ?? null) : null) ?? undefined;
    old?.delete();
    entry.tree = next;
    entry.treeDirty = false;
  }
  if (!entry.tree) return fn();
  provideTree(grammar, text, entry.tree);
  try {
    return fn();
  } finally {
    clearProvidedTree(grammar);
  }
}

/** Tree-sitter point (row, UTF-16 column; rows end at `\n` only) of an offset. */
function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

function advance(start: Point, inserted: string): Point {
  const lastNl = inserted.lastIndexOf('\n');
  if (lastNl === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastNl - 1 };
}
