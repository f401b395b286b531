/**
 * Tree-sitter grammars, loaded lazily, one Parser per grammar, reused (and reused incrementally by
 * the language server through {@link parseIncremental}).
 *
 * The grammar files live in `dist/grammars/` next to the bundles (copied by scripts/build.mjs), or in
 * node_modules when running from source (tests, tsx).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import { tameHclWhitespace } from './hclWhitespace';
import { applyWasmTiers } from './wasmTiers';

export type { Node, Tree };

/** Grammar file names and where each comes from in node_modules. */
const GRAMMAR_PACKAGES: Record<string, string> = {
  'tree-sitter-hcl.wasm': '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm',
  'tree-sitter-terraform.wasm': '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
};

function grammarCandidates(file: string): string[] {
  const out = [path.join(__dirname, 'grammars', file), path.join(__dirname, '..', 'grammars', file)];
  try {
    out.push(require.resolve(GRAMMAR_PACKAGES[file] ?? `@vscode/tree-sitter-wasm/wasm/${file}`));
  } catch {
    // not installed from source: only the bundled copy can exist
  }
  return out;
}

function runtimeWasm(): string | undefined {
  const candidates = [path.join(__dirname, 'grammars', 'web-tree-sitter.wasm'), path.join(__dirname, 'web-tree-sitter.wasm')];
  try {
    candidates.push(require.resolve('web-tree-sitter/web-tree-sitter.wasm'));
  } catch {
    // bundled: the copy in dist is used
  }
  return candidates.find((c) => fs.existsSync(c));
}

let initPromise: Promise<void> | undefined;
const languages = new Map<string, Language>();
const loading = new Map<string, Promise<Language>>();
const parsers = new Map<string, Parser>();

function init(): Promise<void> {
  applyWasmTiers();
  initPromise ??= Parser.init({
    locateFile: (name: string) => (name.endsWith('.wasm') ? (runtimeWasm() ?? name) : name),
  });
  return initPromise;
}

/** Loads the named grammars (once); afterwards {@link parse} with them is synchronous. */
export async function loadGrammars(files: readonly string[]): Promise<void> {
  await init();
  await Promise.all(
    files.map((file) => {
      if (languages.has(file)) return undefined;
      let p = loading.get(file);
      if (!p) {
        const found = grammarCandidates(file).find((c) => fs.existsSync(c));
        if (!found) return Promise.reject(new Error(`tree-sitter grammar ${file} not found (run npm run build)`));
        p = Language.load(fs.readFileSync(found)).then((lang) => {
          languages.set(file, lang);
          return lang;
        });
        loading.set(file, p);
      }
      return p;
    }),
  );
}

export function isLoaded(file: string): boolean {
  return languages.has(file);
}

export function getParser(file: string): Parser {
  let parser = parsers.get(file);
  if (!parser) {
    const lang = languages.get(file);
    if (!lang) throw new Error(`tree-sitter grammar ${file} is not loaded; call loadGrammars first`);
    parser = new Parser();
    parser.setLanguage(lang);
    parsers.set(file, parser);
  }
  return parser;
}

export function getLanguage(file: string): Language {
  const lang = languages.get(file);
  if (!lang) throw new Error(`tree-sitter grammar ${file} is not loaded; call loadGrammars first`);
  return lang;
}

/**
 * Trees handed in by a caller that keeps them between edits (the language server): the extractor
 * then reuses the tree instead of parsing. Keyed by the text so a stale tree is never used.
 */
const providedTrees = new Map<string, { text: string; tree: Tree }>();

export function provideTree(file: string, text: string, tree: Tree): void {
  providedTrees.set(file, { text, tree });
}

export function clearProvidedTree(file: string): void {
  providedTrees.delete(file);
}

/**
 * The last tree this module parsed per grammar. Extraction is synchronous and keeps offsets, never
 * nodes, so the tree is done with by the next parse: we free it then. Leaving trees to the garbage
 * collector lets wasm memory grow unseen by V8 until the module aborts (seen in the scaling bench).
 */
const ownTrees = new Map<string, Tree>();

/**
 * The text to give the grammar's parser for `text`: the same length and offsets, with what the grammar
 * would parse in super-linear time defused (long space runs in HCL, see hclWhitespace.ts). When it is
 * not `text` itself, a re-parse must not reuse an old tree: the change may reach past the edit.
 */
export function parserInput(file: string, text: string): string {
  return file === 'tree-sitter-hcl.wasm' || file === 'tree-sitter-terraform.wasm' ? tameHclWhitespace(text) : text;
}

/** Parses text with a loaded grammar. Returns undefined when the parser gives up (it never throws). */
export function parse(file: string, text: string): Tree | undefined {
  const provided = providedTrees.get(file);
  if (provided && provided.text === text) return provided.tree;
  ownTrees.get(file)?.delete();
  ownTrees.delete(file);
  const tree = getParser(file).parse(parserInput(file, text)) ?? undefined;
  if (tree) ownTrees.set(file, tree);
  return tree;
}

/** Children of a node that are named (skips punctuation). */
export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

export function children(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

export function field(node: Node, name: string): Node | undefined {
  return node.childForFieldName(name) ?? undefined;
}

/** Depth-first walk over every node; `visit` returns false to skip a subtree. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  const cursor = node.walk();
  let descend = true;
  for (;;) {
    if (descend) {
      const keep = visit(cursor.currentNode);
      if (keep !== false && cursor.gotoFirstChild()) continue;
    }
    if (cursor.gotoNextSibling()) {
      descend = true;
      continue;
    }
    if (!cursor.gotoParent()) break;
    descend = false;
    if (cursor.currentNode.id === node.id) break;
  }
  cursor.delete();
}
