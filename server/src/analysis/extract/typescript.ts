/** TypeScript / JavaScript extractor (AWS SDK v3 and v2). Placeholder until implemented. */
import type { Extractor } from '../types';

export const typescriptExtractor: Extractor = { grammars: ['tree-sitter-typescript.wasm'], extract: () => [] };
export const tsxExtractor: Extractor = { grammars: ['tree-sitter-tsx.wasm'], extract: () => [] };
export const javascriptExtractor: Extractor = { grammars: ['tree-sitter-javascript.wasm'], extract: () => [] };
