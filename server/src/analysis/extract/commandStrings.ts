/**
 * AWS CLI commands written as strings of another language: Ruby backticks and `system("aws sts …")`,
 * Python `subprocess.run(["aws", "sts", …])` or `os.system("aws sts …")`, Go
 * `exec.Command("aws", "sts", …)`, Node `execSync("aws sts …")` / `spawn("aws", ["sts", …])`, Java and
 * C# process builders. A command line in one string is shell; a list of strings is the command's words
 * (each quoted for the shell, anything not a literal becomes a variable). Both go to the shell
 * extractor with every character mapped back into the string literals; interpolations are not literals.
 */
import { parse, type Node } from '../treesitter';
import type { Extractor } from '../types';
import { C_ESCAPES, decodeBackslashEscape } from './common';
import { extractRegions, RegionBuilder, type Region } from './embedded';
import { shellExtractor } from './shell';

const GRAMMARS: Record<string, string> = {
  python: 'tree-sitter-python.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  go: 'tree-sitter-go.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  javascriptreact: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  typescriptreact: 'tree-sitter-tsx.wasm',
  java: 'tree-sitter-java.wasm',
  csharp: 'tree-sitter-c-sharp.wasm',
};

const STRING_TYPES = new Set(['string', 'subshell', 'interpreted_string_literal', 'raw_string_literal', 'template_string', 'string_literal', 'verbatim_string_literal']);
const CANDIDATE = /\baws(?:\.exe)?\b["'`\s,[]+sts\b/g;

export function commandStringsExtractor(languageId: string): Extractor | undefined {
  const grammar = GRAMMARS[languageId];
  if (!grammar) return undefined;
  return {
    grammars: [grammar, ...shellExtractor.grammars],
    extract(text, uri) {
      if (!/\baws(?:\.exe)?\b["'`\s,[]+sts\b/.test(text)) return [];
      const tree = parse(grammar, text);
      if (!tree) return [];
      const regions: Region[] = [];
      const seen = new Set<number>();
      for (const m of text.matchAll(CANDIDATE)) {
        const literal = enclosingString(tree.rootNode.descendantForIndex(m.index, m.index + 3));
        if (!literal || seen.has(literal.startIndex)) continue;
        seen.add(literal.startIndex);
        const content = stringRegion(literal);
        if (!content) continue;
        if (/\bsts\b/.test(content.text)) regions.push(content);
        else if (/^\s*aws(\.exe)?\s*$/.test(content.text)) {
          const words = wordsRegion(literal);
          if (words) regions.push(words);
        }
      }
      // The string extractor's tree is done with: the shell parser has its own grammar.
      return extractRegions(shellExtractor, regions, text, uri);
    },
  };
}

function enclosingString(node: Node | null): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) if (STRING_TYPES.has(n.type)) return n;
  return undefined;
}

/** The decoded content of a string literal, each character mapped to the source; interpolations masked. */
function stringRegion(literal: Node): Region | undefined {
  const b = new RegionBuilder();
  const zones: { offset: number; length: number }[] = [];
  const parts = literal.namedChildren.filter((c): c is Node => c !== null);
  const text = literal.text;
  if (!parts.some((c) => /content|fragment/.test(c.type))) {
    // No content nodes: the text between the delimiters (Go raw strings, simple literals).
    const open = /^[A-Za-z@$]*("""|'''|"|'|`)/.exec(text);
    if (!open) return undefined;
    const delim = open[1] ?? '"';
    const from = literal.startIndex + open[0].length;
    const to = literal.endIndex - (text.endsWith(delim) ? delim.length : 0);
    if (parts.some((c) => c.type.includes('interpolation') || c.type.includes('substitution'))) return undefined;
    return to >= from ? b.take(literal.tree.rootNode.text, from, to).finish(to) : undefined;
  }
  for (const c of parts) {
    if (/escape/.test(c.type)) b.put(decodeBackslashEscape(c.text, C_ESCAPES), c.startIndex);
    else if (/interpolation|substitution/.test(c.type)) {
      b.put('$', c.startIndex);
      for (let k = c.startIndex + 1; k < c.endIndex; k++) b.put('_', k);
      zones.push({ offset: c.startIndex, length: c.endIndex - c.startIndex });
    } else if (/content|fragment/.test(c.type)) {
      for (let k = 0; k < c.text.length; k++) b.put(c.text.charAt(k), c.startIndex + k);
    }
  }
  return b.finish(literal.endIndex - 1, zones);
}

/**
 * A command given as a list of words (`["aws", "sts", "assume-role", "--role-arn", arn]`): each literal
 * word single-quoted for the shell (the quotes mapped to the literal's quotes), anything else a variable.
 */
function wordsRegion(first: Node): Region | undefined {
  const container = first.parent;
  if (!container) return undefined;
  const siblings = container.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const index = siblings.findIndex((c) => c.id === first.id);
  if (index < 0) return undefined;
  const words: Node[] = [];
  for (const w of siblings.slice(index)) {
    // `spawn("aws", ["sts", ...])`: the words continue in the array argument.
    if (w.type === 'array' || w.type === 'list') words.push(...w.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment'));
    else words.push(w);
  }
  const b = new RegionBuilder();
  const zones: { offset: number; length: number }[] = [];
  for (const w of words) {
    if (b.length > 0) b.put(' ', w.startIndex);
    const content = STRING_TYPES.has(w.type) ? stringRegion(w) : undefined;
    if (content && !content.text.includes("'") && (content.unknownZones?.length ?? 0) === 0) {
      b.put("'", w.startIndex);
      for (let k = 0; k < content.text.length; k++) b.put(content.text.charAt(k), content.offsets[k] ?? w.startIndex);
      b.put("'", w.endIndex - 1);
    } else {
      b.put('$', w.startIndex).put('_', w.endIndex - 1);
      zones.push({ offset: w.startIndex, length: w.endIndex - w.startIndex });
    }
  }
  return b.finish(words[words.length - 1]?.endIndex ?? first.endIndex, zones);
}
