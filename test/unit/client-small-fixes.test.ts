/** Small things a user notices: output channel names, the session-policy picker's filter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTPUT_CHANNELS } from '../../client/src/outputChannels';
import { isPolicyDocument, POLICY_FILE_FILTERS } from '../../client/src/sessionPolicySource';

const SRC = path.join(__dirname, '..', '..', 'client', 'src');

test('the two output channels have distinct names, and the code creates them under those names only', () => {
  const names = Object.values(OUTPUT_CHANNELS);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.every((n) => n.startsWith('STS Lens: ')));
  for (const f of fs.readdirSync(SRC).filter((n) => n.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(SRC, f), 'utf8');
    assert.doesNotMatch(text, /createOutputChannel\(\s*['"]/, `${f} names an output channel with a literal`);
    assert.doesNotMatch(text, /new LanguageClient\([^,]+,\s*['"]/, `${f} names the language client channel with a literal`);
  }
});

test('the session-policy picker offers JSON documents only', () => {
  assert.equal(isPolicyDocument({ languageId: 'json', fileName: '/w/policies/read.json' }), true);
  assert.equal(isPolicyDocument({ languageId: 'jsonc', fileName: '/w/p.jsonc' }), true);
  assert.equal(isPolicyDocument({ languageId: 'plaintext', fileName: '/w/p.JSON' }), true);
  assert.equal(isPolicyDocument({ languageId: 'typescript', fileName: '/w/src/deploy.ts' }), false);
  assert.deepEqual(Object.values(POLICY_FILE_FILTERS).flat(), ['json']);
});
