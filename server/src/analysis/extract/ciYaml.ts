/**
 * CI pipeline files: GitHub Actions, GitLab CI, CircleCI, Bitbucket Pipelines, AWS CodeBuild buildspec,
 * Azure Pipelines. Two things in them set STS parameters:
 *
 * - the `aws-actions/configure-aws-credentials` action's `with:` inputs, which become one AssumeRole
 *   (access keys given, or `role-chaining: true`) or AssumeRoleWithWebIdentity (the GitHub OIDC token)
 *   call site; with `role-chaining: true` the action assumes the role with role credentials already in
 *   the environment, so the one-hour chaining cap applies;
 * - shell steps (`run:`, `script:`, `command:`, `commands:`, `bash:`, …), analysed by the shell (or
 *   PowerShell) extractor with every offset mapped back through the YAML scalar.
 *
 * `${{ … }}` expressions are filled in by the runner: values that hold one are not literals.
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Argument, ArrayValue, CallSite, Extractor, StsApi, Value } from '../types';
import { extractRegions, RegionBuilder, type Region } from './embedded';
import { powershellExtractor } from './powershell';
import { shellExtractor } from './shell';
import { maskExpressions, scalarOffsets, scalarRegion, scalarValue } from './yamlScalars';

/** Keys whose string (or list of strings) is shell run by the CI runner. */
const SHELL_KEYS = new Set(['run', 'script', 'before_script', 'after_script', 'command', 'commands', 'bash', 'sh', 'inlineScript']);
/** Keys whose string is PowerShell (Azure Pipelines `powershell:`/`pwsh:` steps). */
const POWERSHELL_KEYS = new Set(['pwsh', 'powershell']);
const ACTION = /^aws-actions\/configure-aws-credentials(@|$)/;
/** Cheap look before parsing: a CI file without any of these has nothing for us. */
const HINT = /\bsts\b|configure-aws-credentials|-STS|STS[A-Z]/i;

/** configure-aws-credentials inputs -> canonical STS parameters. */
const INPUTS: Record<string, string> = {
  'role-to-assume': 'RoleArn',
  'role-session-name': 'RoleSessionName',
  'role-duration-seconds': 'DurationSeconds',
  'role-external-id': 'ExternalId',
  'inline-session-policy': 'Policy',
  'managed-session-policies': 'PolicyArns',
};

export const ciYamlExtractor: Extractor = {
  grammars: [...shellExtractor.grammars, ...powershellExtractor.grammars],
  extract(text, uri) {
    if (!HINT.test(text)) return [];
    const sites: CallSite[] = [];
    const shell: Region[] = [];
    const pwsh: Region[] = [];
    for (const doc of parseAllDocuments(text, { keepSourceTokens: true, strict: false, uniqueKeys: false, prettyErrors: false })) {
      if (!('contents' in doc)) continue;
      visit(doc.contents as YamlNode | null, text, sites, shell, pwsh);
    }
    sites.push(...extractRegions(shellExtractor, shell.map(maskExpressions), text, uri));
    sites.push(...extractRegions(powershellExtractor, pwsh.map(maskExpressions), text, uri));
    return sites.sort((a, b) => a.span.offset - b.span.offset);
  },
};

function visit(node: YamlNode | null | undefined, text: string, sites: CallSite[], shell: Region[], pwsh: Region[]): void {
  if (isSeq(node)) {
    for (const item of node.items) visit(item as YamlNode, text, sites, shell, pwsh);
    return;
  }
  if (!isMap(node)) return;
  const uses = mapGet(node, 'uses');
  if (isScalar(uses) && typeof uses.value === 'string' && ACTION.test(uses.value)) {
    const site = configureCredentialsSite(node, uses, text);
    if (site) sites.push(site);
  }
  // A GitHub step's `shell:` decides the language of its `run:`.
  const shellName = mapGet(node, 'shell');
  const runIsPowerShell = isScalar(shellName) && /^(pwsh|powershell)\b/.test(String(shellName.value));
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const value = pair.value as YamlNode | null;
    const target = POWERSHELL_KEYS.has(key) || (key === 'run' && runIsPowerShell) ? pwsh : SHELL_KEYS.has(key) ? shell : undefined;
    if (target) {
      const region = isScalar(value) ? scalarRegion(value, text) : isSeq(value) ? listRegion(value.items, text) : undefined;
      if (region) {
        target.push(region);
        continue;
      }
    }
    visit(value, text, sites, shell, pwsh);
  }
}

/** A list of commands (GitLab `script:`, buildspec `commands:`) as one script, one command a line. */
function listRegion(items: unknown[], text: string): Region | undefined {
  const builder = new RegionBuilder();
  const zones: { offset: number; length: number }[] = [];
  let end = 0;
  for (const item of items) {
    const region = scalarRegion(item, text);
    if (!region) continue;
    if (builder.length > 0) builder.put('\n', end);
    for (let i = 0; i < region.text.length; i++) builder.put(region.text.charAt(i), region.offsets[i] ?? end);
    end = region.offsets[region.text.length] ?? end;
    zones.push(...(region.unknownZones ?? []));
  }
  return builder.length > 0 ? builder.finish(end, zones) : undefined;
}

function mapGet(map: YAMLMap, key: string): unknown {
  for (const pair of map.items) if (isPair(pair) && isScalar(pair.key) && pair.key.value === key) return pair.value;
  return undefined;
}

function configureCredentialsSite(step: YAMLMap, uses: { range?: [number, number, number] | null }, text: string): CallSite | undefined {
  const inputs = mapGet(step, 'with');
  if (!isMap(inputs)) return undefined;
  const args: Argument[] = [];
  let hasKeys = false;
  let chaining: { line: number } | undefined;
  let webIdentityFile = false;
  let roleGiven = false;
  for (const pair of inputs.items) {
    if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    const keySpan = { offset: pair.key.range[0], length: pair.key.range[1] - pair.key.range[0] };
    if (key === 'aws-access-key-id') hasKeys = true;
    if (key === 'web-identity-token-file') webIdentityFile = true;
    if (key === 'role-chaining') {
      const v = pair.value;
      if (isScalar(v) && (v.value === true || v.value === 'true')) chaining = { line: lineOf(text, keySpan.offset) };
    }
    const name = INPUTS[key];
    if (!name) continue;
    let value: Value = scalarValue(pair.value, text) ?? { kind: 'unknown', offset: keySpan.offset + keySpan.length, length: 0 };
    if (name === 'RoleArn') {
      roleGiven = true;
      // The input takes a role name too (resolved in the caller's account): only an ARN is checked as one.
      if (value.kind === 'string' && !value.value.startsWith('arn:')) value = { kind: 'unknown', offset: value.offset, length: value.length };
    }
    if (name === 'PolicyArns') value = policyArnList(pair.value, value, text);
    const end = Math.max(value.offset + value.length, keySpan.offset + keySpan.length);
    args.push({ name, sourceName: key, span: { offset: keySpan.offset, length: end - keySpan.offset }, keySpan, value });
  }
  if (!roleGiven) return undefined;
  const kind: StsApi = hasKeys || chaining ? 'AssumeRole' : 'AssumeRoleWithWebIdentity';
  const usesSpan = uses.range ? { offset: uses.range[0], length: uses.range[1] - uses.range[0] } : { offset: 0, length: 0 };
  const site: CallSite = { kind, span: usesSpan, args, argsComplete: false, nameStyle: 'kebab', label: 'configure-aws-credentials' };
  if (chaining && !webIdentityFile) site.chainedVia = `role-chaining: true (line ${chaining.line}) makes the action assume this role with the role credentials already in the environment`;
  return site;
}

/** `managed-session-policies`: one ARN a line in a block scalar, or a YAML list. */
function policyArnList(node: unknown, whole: Value, text: string): Value {
  if (isSeq(node)) {
    const items = node.items.map((item) => scalarValue(item, text) ?? { kind: 'unknown' as const, offset: whole.offset, length: 0 });
    return { kind: 'array', items, complete: true, offset: whole.offset, length: whole.length };
  }
  if (whole.kind !== 'string' || !isScalar(node)) return whole;
  const offsets = scalarOffsets(node, text);
  if (!offsets) return { kind: 'unknown', offset: whole.offset, length: whole.length };
  const items: Value[] = [];
  const lines = whole.value.split('\n');
  let index = 0;
  for (const line of lines) {
    const lead = line.length - line.trimStart().length;
    const item = line.trim();
    if (item !== '') {
      const from = index + lead;
      const start = offsets[from] ?? whole.offset;
      const end = (offsets[from + item.length - 1] ?? start) + 1;
      items.push({ kind: 'string', value: item, offset: start, length: end - start, map: (i) => offsets[from + Math.min(Math.max(i, 0), item.length)] ?? start });
    }
    index += line.length + 1;
  }
  const list: ArrayValue = { kind: 'array', items, complete: true, offset: whole.offset, length: whole.length };
  return list;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
