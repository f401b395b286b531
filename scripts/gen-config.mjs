// Generates the language server's part of package.json `contributes` from the code, so they cannot drift:
// one `stsLens.rules.<rule-id>` setting per rule (RULES / RULE_IDS: default = the rule's severity,
// description = the rule's), the server settings, and the aws-config / aws-credentials languages and
// grammars. Other contributes keys and other settings are left as they are.
//
//   node --import tsx scripts/gen-config.mjs          write package.json
//   node --import tsx scripts/gen-config.mjs --check  exit 1 when package.json is out of date
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = path.join(root, 'package.json');

/** The settings, languages and grammars the server owns. */
export async function serverContributes() {
  const { RULES } = await import('../server/src/analysis/rules/index.ts');
  const { RULE_IDS } = await import('../server/src/analysis/types.ts');
  const { LANGUAGE_IDS } = await import('../server/src/analysis/languages.ts');
  const { DEFAULT_DEBOUNCE_MS, SEVERITY_SETTINGS } = await import('../server/src/lsp/settings.ts');
  const rules = RULES.default ?? RULES;
  const properties = {};
  for (const id of RULE_IDS) {
    const rule = rules.find((r) => r.id === id);
    if (!rule) throw new Error(`rule ${id} is in RULE_IDS but not in RULES`);
    properties[`stsLens.rules.${id}`] = {
      type: 'string',
      enum: [...SEVERITY_SETTINGS],
      default: rule.defaultSeverity,
      scope: 'resource',
      markdownDescription: `${rule.description}\n\nLimit: ${rule.limit}\n\n\`ignore\` turns the check off.`,
    };
  }
  properties['stsLens.roleMaxDurations'] = {
    type: 'object',
    default: {},
    scope: 'resource',
    additionalProperties: { type: 'integer', minimum: 3600, maximum: 43200 },
    markdownDescription:
      'Known role maximum session durations (seconds), by role ARN or role name, e.g. `{"arn:aws:iam::111122223333:role/deploy": 7200}`. A `DurationSeconds` above it is reported (`duration-exceeds-role-max`). Roles defined in templates in the workspace are found without this setting.',
  };
  properties['stsLens.exclude'] = {
    type: 'array',
    items: { type: 'string' },
    default: [],
    scope: 'resource',
    markdownDescription: 'Glob patterns of files not to validate (relative to the workspace folder, e.g. `**/fixtures/**`; a pattern without `/` matches a file or folder name anywhere).',
  };
  properties['stsLens.languages'] = {
    type: 'array',
    items: { type: 'string', enum: [...LANGUAGE_IDS] },
    default: [...LANGUAGE_IDS],
    scope: 'resource',
    markdownDescription: 'Language ids STS Lens validates.',
  };
  const { DOCS_SEVERITY_SETTINGS, DEFAULT_DOCS_SEVERITY } = await import('../server/src/analysis/docsSeverity.ts');
  properties['stsLens.docsSeverity'] = {
    type: 'string',
    enum: [...DOCS_SEVERITY_SETTINGS],
    default: DEFAULT_DOCS_SEVERITY,
    scope: 'resource',
    markdownDescription:
      'Severity of findings in code blocks of Markdown and reStructuredText files: `same` keeps each check\'s own severity, `info` or `warning` lowers errors to it, `ignore` skips docs.',
  };
  properties['stsLens.debounceMs'] = {
    type: 'integer',
    default: DEFAULT_DEBOUNCE_MS,
    minimum: 0,
    scope: 'resource',
    markdownDescription: 'Milliseconds between the last keystroke and re-validation.',
  };
  const languages = [
    {
      id: 'aws-config',
      aliases: ['AWS Config', 'aws-config'],
      filenamePatterns: ['**/.aws/config', '*.aws-config'],
      configuration: './syntaxes/aws-ini.language-configuration.json',
    },
    {
      id: 'aws-credentials',
      aliases: ['AWS Credentials', 'aws-credentials'],
      filenamePatterns: ['**/.aws/credentials', '*.aws-credentials'],
      configuration: './syntaxes/aws-ini.language-configuration.json',
    },
    {
      // VS Code has no Terraform language of its own; the id matches HashiCorp's extension, so the two
      // contributions merge when both are installed.
      id: 'terraform',
      aliases: ['Terraform', 'terraform'],
      extensions: ['.tf', '.tfvars'],
      configuration: './syntaxes/terraform.language-configuration.json',
    },
  ];
  // Files the CLI reads by name: the ids are VS Code's own (built-in makefile, dockerfile and groovy
  // extensions); these entries only add the file names, and merge with the built-in definitions.
  languages.push(
    { id: 'makefile', filenames: ['Makefile', 'makefile', 'GNUmakefile'], extensions: ['.mk', '.mak'] },
    { id: 'dockerfile', filenamePatterns: ['Dockerfile', 'Dockerfile.*', 'Containerfile', 'Containerfile.*'], extensions: ['.dockerfile', '.containerfile'] },
    { id: 'groovy', filenamePatterns: ['Jenkinsfile', 'Jenkinsfile.*'], extensions: ['.groovy', '.jenkinsfile'] },
  );
  const grammars = [
    { language: 'aws-config', scopeName: 'source.aws-config', path: './syntaxes/aws-config.tmLanguage.json' },
    { language: 'aws-credentials', scopeName: 'source.aws-credentials', path: './syntaxes/aws-credentials.tmLanguage.json' },
  ];
  const activationEvents = LANGUAGE_IDS.map((id) => `onLanguage:${id}`);
  return { properties, languages, grammars, activationEvents };
}

/**
 * `contributes.configuration` as [main, console, rules]: an old single object (or anything missing) is
 * spread over the three by key prefix, so a setting added to either shape lands in its category.
 */
function normaliseConfiguration(config) {
  const list = Array.isArray(config) ? config : config ? [config] : [];
  const all = Object.assign({}, ...list.map((b) => b.properties ?? {}));
  const pick = (test) => Object.fromEntries(Object.entries(all).filter(([k]) => test(k)));
  return [
    { title: 'STS Lens', properties: pick((k) => !k.startsWith('stsLens.rules.') && !k.startsWith('stsLens.console.')) },
    { id: 'stsLens.console', title: 'Console sign-in', properties: pick((k) => k.startsWith('stsLens.console.')) },
    { id: 'stsLens.rules', title: 'Rules', properties: pick((k) => k.startsWith('stsLens.rules.')) },
  ];
}

/** package.json with the server's contributes merged in (other keys untouched, key order kept). */
export async function mergedPackage(pkg) {
  const { properties, languages, grammars, activationEvents } = await serverContributes();
  const out = structuredClone(pkg);
  // The extension wakes for every language the server validates (other activation events are kept).
  out.activationEvents = [...activationEvents, ...(out.activationEvents ?? []).filter((e) => !e.startsWith('onLanguage:'))];
  out.contributes ??= {};
  const ours = new Set(languages.map((l) => l.id));
  out.contributes.languages = [...(out.contributes.languages ?? []).filter((l) => !ours.has(l.id)), ...languages];
  const ourGrammars = new Set(grammars.map((g) => g.scopeName));
  out.contributes.grammars = [...(out.contributes.grammars ?? []).filter((g) => !ourGrammars.has(g.scopeName)), ...grammars];
  // Settings come in three categories. VS Code shows a setting's key minus its category's id
  // (`stsLens.rules.x` under id `stsLens.rules` reads "X"); a key under no matching id would read
  // "Sts Lens › Rules: X". The first block has no id: it is the extension's own page, titled like it.
  const blocks = normaliseConfiguration(out.contributes.configuration);
  out.contributes.configuration = blocks;
  const [main, consoleBlock, rulesBlock] = blocks;
  const server = Object.entries(properties);
  const keep = (props, test) => Object.fromEntries(Object.entries(props).filter(([k]) => test(k) && !(k in properties)));
  main.properties = { ...keep(main.properties, (k) => !k.startsWith('stsLens.rules.') && !k.startsWith('stsLens.console.')), ...Object.fromEntries(server.filter(([k]) => !k.startsWith('stsLens.rules.'))) };
  consoleBlock.properties = keep(consoleBlock.properties, (k) => k.startsWith('stsLens.console.'));
  rulesBlock.properties = Object.fromEntries(server.filter(([k]) => k.startsWith('stsLens.rules.')));
  return out;
}

async function main() {
  const text = fs.readFileSync(PACKAGE, 'utf8');
  const next = JSON.stringify(await mergedPackage(JSON.parse(text)), null, 2) + '\n';
  if (process.argv.includes('--check')) {
    if (next !== text) {
      console.error('package.json contributes are out of date with the rules: run node --import tsx scripts/gen-config.mjs');
      process.exit(1);
    }
    console.log('package.json contributes match the rules');
    return;
  }
  if (next !== text) fs.writeFileSync(PACKAGE, next);
  console.log(next !== text ? 'updated package.json' : 'package.json already up to date');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
