/**
 * The extractor for each language id. Each extractor lives in its own file; the text extractors
 * (query-API URLs) run on every language, since a URL can sit in a comment, a string or a README.
 */
import type { Extractor } from '../types';
import { ciYamlExtractor } from './ciYaml';
import { cloudFormationYamlExtractor } from './cloudformation';
import { commandStringsExtractor } from './commandStrings';
import { csharpExtractor } from './csharp';
import { docsExtractor } from './docs';
import { dockerfileExtractor } from './dockerfile';
import { combinedExtractor } from './embedded';
import { goExtractor } from './go';
import { iniExtractor } from './ini';
import { javaExtractor } from './java';
import { jenkinsfileExtractor } from './jenkinsfile';
import { jsonExtractor } from './json';
import { makefileExtractor } from './makefile';
import { packageScriptsExtractor } from './packageScripts';
import { powershellExtractor } from './powershell';
import { pythonExtractor } from './python';
import { queryUrlExtractor } from './queryUrl';
import { roleMaxInCodeExtractor } from './roleMaxInCode';
import { rubyExtractor } from './ruby';
import { shellExtractor } from './shell';
import { terraformExtractor } from './terraform';
import { javascriptExtractor, tsxExtractor, typescriptExtractor } from './typescript';

const BY_LANGUAGE: Record<string, Extractor> = {
  python: pythonExtractor,
  shellscript: shellExtractor,
  'aws-config': iniExtractor('config'),
  'aws-credentials': iniExtractor('credentials'),
  ini: iniExtractor('config'),
  json: combinedExtractor(jsonExtractor, packageScriptsExtractor),
  jsonc: jsonExtractor,
  typescript: typescriptExtractor,
  typescriptreact: tsxExtractor,
  javascript: javascriptExtractor,
  javascriptreact: javascriptExtractor,
  terraform: terraformExtractor,
  yaml: combinedExtractor(cloudFormationYamlExtractor, ciYamlExtractor),
  go: goExtractor,
  java: javaExtractor,
  csharp: csharpExtractor,
  ruby: rubyExtractor,
  powershell: powershellExtractor,
  makefile: makefileExtractor,
  dockerfile: dockerfileExtractor,
  groovy: jenkinsfileExtractor,
};

/** Every grammar some language needs: a README can hold code in any of them. */
let allGrammars: readonly string[] | undefined;
const everyGrammar = (): readonly string[] =>
  (allGrammars ??= [...new Set(Object.entries(BY_LANGUAGE).flatMap(([id, e]) => (id === 'markdown' || id === 'restructuredtext' ? [] : e.grammars)))]);
/** A code block's extractor: its language's, plus role settings written in code (CDK, Pulumi). */
const blockExtractor = (id: string): Extractor | undefined => {
  const own = BY_LANGUAGE[id];
  const roleMax = roleMaxInCodeExtractor(id);
  return own && roleMax ? combinedExtractor(own, roleMax) : own;
};
BY_LANGUAGE.markdown = docsExtractor('markdown', blockExtractor, everyGrammar);
BY_LANGUAGE.restructuredtext = docsExtractor('restructuredtext', blockExtractor, everyGrammar);

/**
 * Languages whose extractor parses pieces embedded in the document (CI steps, recipes, code blocks),
 * never the whole document with one grammar: no document tree is worth keeping for them.
 */
export const EMBEDDING_LANGUAGE_IDS: ReadonlySet<string> = new Set(['yaml', 'json', 'makefile', 'dockerfile', 'groovy', 'markdown', 'restructuredtext']);

export function extractorFor(languageId: string): Extractor | undefined {
  return BY_LANGUAGE[languageId];
}

export function supportedLanguageIds(): string[] {
  return Object.keys(BY_LANGUAGE);
}

const roleMaxInCode = new Map<string, Extractor | undefined>();

const commandStrings = new Map<string, Extractor | undefined>();

export function textExtractors(languageId: string): Extractor[] {
  if (!roleMaxInCode.has(languageId)) roleMaxInCode.set(languageId, roleMaxInCodeExtractor(languageId));
  if (!commandStrings.has(languageId)) commandStrings.set(languageId, commandStringsExtractor(languageId));
  const extra = [roleMaxInCode.get(languageId), commandStrings.get(languageId)].filter((e): e is Extractor => e !== undefined);
  return [queryUrlExtractor, ...extra];
}
