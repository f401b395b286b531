// `npm run package`: production bundles, then sts-lens.vsix with @vscode/vsce.
// Everything the extension runs is bundled into dist/ (client, server, CLI, tree-sitter grammars, the
// IAM catalog in dist/iam-data that policy/catalog.ts looks for next to the bundle), so the vsix carries
// no node_modules (--no-dependencies); .vscodeignore is an allowlist.
// Usage: node scripts/package.mjs [--out FILE.vsix]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outArg = process.argv.indexOf('--out');
const out = path.resolve(root, outArg > 0 ? process.argv[outArg + 1] : 'sts-lens.vsix');
const vsce = path.join(path.dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');

execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
for (const f of ['dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/grammars/web-tree-sitter.wasm', 'dist/iam-data/services.json']) {
  if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing after the build: the vsix would not work`);
}
// README links are relative (docs/, images): keep them as they are, there is no repository URL to prepend
const args = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out];
execFileSync(process.execPath, [vsce, ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
const top = {};
for (const f of files) {
  const key = f.startsWith('dist/iam-data/') ? 'dist/iam-data/**' : f.startsWith('dist/grammars/') ? 'dist/grammars/**' : f;
  top[key] = (top[key] ?? 0) + 1;
}
console.log(`${path.relative(root, out)}: ${(fs.statSync(out).size / 1024 / 1024).toFixed(2)} MB, ${files.length} files`);
for (const [k, n] of Object.entries(top)) console.log(`  ${k}${n > 1 ? ` (${n} files)` : ''}`);
