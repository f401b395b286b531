/**
 * `package.json` scripts are shell command lines (npm runs them with `sh -c`): each one, decoded from
 * its JSON string with every character mapped to the file, goes to the shell extractor.
 */
import { type Node as JsonNode } from 'jsonc-parser';
import { parseJsonTree } from './jsonDepth';
import type { Extractor } from '../types';
import { extractRegions, type Region } from './embedded';
import { jsonNodeToValue } from './jsonValue';
import { shellExtractor } from './shell';

export const packageScriptsExtractor: Extractor = {
  grammars: shellExtractor.grammars,
  extract(text, uri) {
    if (!text.includes('"scripts"') || !/\bsts\b/.test(text)) return [];
    const root = parseJsonTree(text, [], { allowTrailingComma: true });
    const scripts = root?.type === 'object' ? property(root, 'scripts') : undefined;
    if (scripts?.type !== 'object') return [];
    const regions: Region[] = [];
    for (const p of scripts.children ?? []) {
      const v = p.children?.[1];
      if (v?.type !== 'string' || !/\bsts\b/.test(String(v.value))) continue;
      const value = jsonNodeToValue(v, text);
      if (value.kind !== 'string') continue;
      const offsets: number[] = [];
      for (let i = 0; i <= value.value.length; i++) offsets.push(value.map ? value.map(i) : value.offset + 1 + i);
      regions.push({ text: value.value, offsets });
    }
    return extractRegions(shellExtractor, regions, text, uri);
  },
};

function property(obj: JsonNode, key: string): JsonNode | undefined {
  for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) return p.children[1];
  return undefined;
}
