/**
 * package.json `contributes` against the code: one severity setting per rule (RULES / RULE_IDS), the
 * server settings, the aws-config / aws-credentials languages and grammars. Regenerate with
 * `node --import tsx scripts/gen-config.mjs`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../server/src/analysis/rules';
import { RULE_IDS } from '../../server/src/analysis/types';
import { normalizeSettings } from '../../server/src/lsp/settings';

const ROOT = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const categories: { id?: string; title: string; properties: Record<string, { default: unknown; enum?: string[] }> }[] = pkg.contributes.configuration;
const properties: Record<string, { default: unknown; enum?: string[] }> = Object.assign({}, ...categories.map((c) => c.properties));

describe('contributes', () => {
  it('is what scripts/gen-config.mjs generates from the rules', async () => {
    const script: string = pathToFileURL(path.join(ROOT, 'scripts', 'gen-config.mjs')).href;
    const gen = (await import(script)) as { mergedPackage(p: unknown): Promise<unknown> };
    assert.deepEqual(await gen.mergedPackage(pkg), pkg, 'run: node --import tsx scripts/gen-config.mjs');
  });

  it('groups settings so VS Code never shows the key prefix as "Sts Lens ›": each key sits under a category whose id is its prefix', () => {
    assert.equal(categories[0]?.title, pkg.displayName, 'the first category is the extension page itself');
    assert.equal(categories[0]?.id, undefined);
    for (const c of categories) {
      for (const key of Object.keys(c.properties)) {
        const prefix = key.slice(0, key.lastIndexOf('.'));
        // VS Code strips the category id (or, for the main page, the extension name) from the key's prefix
        assert.equal(prefix, c.id ?? 'stsLens', `${key} is in category ${c.id ?? c.title}`);
      }
    }
  });

  it('has one severity setting per rule id, defaulting to the rule severity', () => {
    const ruleKeys = Object.keys(properties).filter((k) => k.startsWith('stsLens.rules.')).map((k) => k.slice('stsLens.rules.'.length));
    assert.deepEqual([...ruleKeys].sort(), [...RULE_IDS].sort());
    for (const rule of RULES) {
      const p = properties[`stsLens.rules.${rule.id}`];
      assert.equal(p?.default, rule.defaultSeverity, rule.id);
      assert.deepEqual(p?.enum, ['ignore', 'info', 'warning', 'error']);
    }
  });

  it('has the settings the server reads, and the defaults the server assumes', () => {
    const defaults = normalizeSettings({});
    assert.equal(properties['stsLens.debounceMs']?.default, defaults.debounceMs);
    assert.deepEqual(properties['stsLens.exclude']?.default, defaults.exclude);
    assert.deepEqual(properties['stsLens.roleMaxDurations']?.default, defaults.roleMaxDurations);
    assert.ok(properties['stsLens.languages']);
    // The settings object VS Code sends for these keys is understood.
    assert.equal(normalizeSettings({ docsSeverity: 'info' }).docsSeverity, 'info');
    assert.equal(normalizeSettings({ docsSeverity: 'ignore' }).docsSeverity, 'ignore');
    assert.equal(normalizeSettings({ docsSeverity: 'loud' }).docsSeverity, 'same');
    const s = normalizeSettings({ rules: { 'duration-out-of-range': 'info' }, roleMaxDurations: { 'arn:aws:iam::111122223333:role/deploy': 7200 }, exclude: ['**/x/**'], languages: ['go'], debounceMs: 0 });
    assert.deepEqual(s, { rules: { 'duration-out-of-range': 'info' }, roleMaxDurations: { 'arn:aws:iam::111122223333:role/deploy': 7200 }, exclude: ['**/x/**'], languages: ['go'], debounceMs: 0, docsSeverity: 'same' });
  });

  it('contributes the AWS config languages with grammars that exist and compile', () => {
    const langs = pkg.contributes.languages as { id: string; filenamePatterns: string[]; configuration: string }[];
    assert.deepEqual(langs.find((l) => l.id === 'aws-config')?.filenamePatterns, ['**/.aws/config', '*.aws-config']);
    assert.deepEqual(langs.find((l) => l.id === 'aws-credentials')?.filenamePatterns, ['**/.aws/credentials', '*.aws-credentials']);
    for (const g of pkg.contributes.grammars as { language: string; scopeName: string; path: string }[]) {
      const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8'));
      assert.equal(grammar.scopeName, g.scopeName);
      const regexes: string[] = [];
      const walk = (o: unknown): void => {
        if (!o || typeof o !== 'object') return;
        for (const [k, v] of Object.entries(o)) {
          if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') regexes.push(v);
          else walk(v);
        }
      };
      walk(grammar);
      for (const r of regexes) assert.doesNotThrow(() => new RegExp(r), r);
      // The section and setting rules tokenize a profile line the way the scopes promise.
      const section = new RegExp(grammar.repository.section.match);
      assert.ok(section.test(g.language === 'aws-config' ? '[profile deploy]' : '[deploy]'));
      assert.equal(new RegExp(grammar.repository.setting.begin).exec('duration_seconds = 3600')?.[2], 'duration_seconds');
    }
    for (const l of langs.filter((x) => x.id.startsWith('aws-'))) assert.ok(fs.existsSync(path.join(ROOT, l.configuration)));
  });
});
