/** The rule reference is generated: it must match the rules, and every rule must cite its limit. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { RULES } from '../../server/src/analysis/rules';
import { rulesMarkdown } from '../../server/src/analysis/rules/docs';
import { RULE_IDS } from '../../server/src/analysis/types';

it('docs/rules.md is current (run npm run docs)', () => {
  assert.equal(fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8'), rulesMarkdown());
});

it('every rule id is registered exactly once and cites an AWS limit', () => {
  assert.deepEqual([...RULES.map((r) => r.id)].sort(), [...RULE_IDS].sort());
  for (const r of RULES) {
    assert.ok(r.limit.length > 10, `${r.id} cites no limit`);
    assert.ok(r.description.endsWith('.'), `${r.id} description is a sentence`);
  }
});

it('every rule has its own file named after its id', () => {
  const dir = path.join(__dirname, '..', '..', 'server', 'src', 'analysis', 'rules');
  for (const r of RULES) assert.ok(fs.existsSync(path.join(dir, `${r.id}.ts`)), `rules/${r.id}.ts`);
});
