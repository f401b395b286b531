/** Which language id a file is, and which grammar a language id needs. */
import * as path from 'node:path';

/** Language ids the analysis understands (VS Code ids where they exist, our own for AWS files). */
export const LANGUAGE_IDS = [
  'aws-config',
  'aws-credentials',
  'ini',
  'json',
  'jsonc',
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'python',
  'go',
  'java',
  'csharp',
  'ruby',
  'powershell',
  'shellscript',
  'terraform',
  'yaml',
  'makefile',
  'dockerfile',
  'groovy',
  'markdown',
  'restructuredtext',
  'plaintext',
] as const;

/** Languages whose code is documentation: findings in them follow the docs severity setting. */
export const DOCS_LANGUAGE_IDS: readonly string[] = ['markdown', 'restructuredtext'];

const BY_EXTENSION: Record<string, string> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.json': 'json',
  '.jsonc': 'jsonc',
  '.ini': 'ini',
  '.py': 'python',
  '.go': 'go',
  '.java': 'java',
  '.cs': 'csharp',
  '.rb': 'ruby',
  '.ps1': 'powershell',
  '.psm1': 'powershell',
  '.sh': 'shellscript',
  '.bash': 'shellscript',
  '.zsh': 'shellscript',
  '.tf': 'terraform',
  '.tfvars': 'terraform',
  '.hcl': 'terraform',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.template': 'yaml',
  '.mk': 'makefile',
  '.mak': 'makefile',
  '.dockerfile': 'dockerfile',
  '.containerfile': 'dockerfile',
  '.groovy': 'groovy',
  '.jenkinsfile': 'groovy',
  '.txt': 'plaintext',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.rst': 'restructuredtext',
  '.env': 'plaintext',
  '.http': 'plaintext',
};

/** Files known by their whole name (the names VS Code gives these language ids, and CI's own names). */
const BY_NAME: [RegExp, string][] = [
  [/^(GNUmakefile|[Mm]akefile)$/, 'makefile'],
  [/^(Dockerfile|Containerfile)(\..+)?$/, 'dockerfile'],
  [/^Jenkinsfile(\..+)?$/, 'groovy'],
];

/**
 * The language id for a file path. `config` and `credentials` inside a `.aws` (or `aws`) folder are
 * the AWS shared config files; anything else unknown is plain text (URLs and access keys are still found).
 */
export function languageIdForPath(file: string): string {
  const base = path.basename(file);
  const dir = path.basename(path.dirname(file));
  if (base === 'config' && (dir === '.aws' || dir === 'aws')) return 'aws-config';
  if (base === 'credentials' && (dir === '.aws' || dir === 'aws')) return 'aws-credentials';
  if (/\.aws-config$/.test(base)) return 'aws-config';
  if (/\.aws-credentials$/.test(base)) return 'aws-credentials';
  for (const [pattern, id] of BY_NAME) if (pattern.test(base)) return id;
  return BY_EXTENSION[path.extname(base).toLowerCase()] ?? 'plaintext';
}
