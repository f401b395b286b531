/**
 * Completion patterns on hostile lines: the duration-key pattern is linear (recheck's verdict), and
 * a line of 40,000 spaces still completes correctly.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { check } from 'recheck';
import { extractSites, NO_ROLE_FACTS, prepare } from '../../server/src/analysis/analyze';
import { completionsAt, DURATION_KEY } from '../../server/src/lsp/features';
import { recordReliability } from '../reliability/record';

it('the duration-key pattern has no super-linear backtracking', async () => {
  const result = await check(DURATION_KEY.source, DURATION_KEY.flags, { timeout: 120_000 });
  assert.equal(result.status, 'safe', result.status === 'vulnerable' ? `${result.complexity.summary}: ${JSON.stringify(result.attack.pattern)}` : result.status);
});

it('completes durations after 40,000 spaces, and nothing on a line of spaces alone', async () => {
  const spaces = ' '.repeat(40_000);
  const lines = [
    [`[profile p]\nrole_arn = arn:aws:iam::123456789012:role/r\nduration_seconds =${spaces}`, true],
    [`[profile p]\nrole_arn = arn:aws:iam::123456789012:role/r\nduration_seconds${spaces}x${spaces}`, false],
    [`[profile p]\n${'duration_seconds '.repeat(2000)}${spaces}=x`, false],
  ] as const;
  await prepare('aws-config');
  for (const [text, expectValues] of lines) {
    const items = completionsAt(text, 'aws-config', extractSites(text, 'aws-config'), text.length, NO_ROLE_FACTS);
    assert.equal(items.some((i) => i.kind === 'value'), expectValues, text.slice(0, 60));
  }
  recordReliability({ area: 'hostile input', input: 'duration completion on lines with 40,000 spaces and 2,000 repeated keys', count: lines.length, held: 'pattern linear (recheck safe); completions correct', test: __filename });
});
