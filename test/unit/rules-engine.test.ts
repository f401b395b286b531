/**
 * How rules run inside analyze: the registry, suppression comments, severity overrides, and a rule that
 * throws not stopping the others.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeAsync } from '../../server/src/analysis/analyze';
import { RULES, ruleById } from '../../server/src/analysis/rules';
import type { Finding, Rule, RuleId } from '../../server/src/analysis/types';

const ROLE = 'arn:aws:iam::123456789012:role/deploy';
/** Two problems on one line: a duration above 43200 and a 1-character session name. */
const BAD = `https://sts.amazonaws.com/?Version=2011-06-15&Action=AssumeRole&RoleArn=${ROLE}&RoleSessionName=a&DurationSeconds=43201`;

function slice(text: string, f: { offset: number; length: number }): string {
  return text.slice(f.offset, f.offset + f.length);
}
function summary(text: string, fs: Finding[]): [string, string, string][] {
  return fs.map((f) => [f.ruleId, slice(text, f), f.severity]);
}

describe('rule registry', () => {
  it('has every issue-3 parameter rule, once, with a description, a limit and a default severity', () => {
    const expected: RuleId[] = [
      'duration-out-of-range',
      'duration-exceeds-role-max',
      'role-chaining-duration',
      'console-session-duration',
      'max-session-duration-out-of-range',
      'invalid-role-arn',
      'invalid-policy-arn',
      'invalid-session-name',
      'invalid-external-id',
      'invalid-mfa-serial',
      'invalid-token-code',
      'invalid-source-identity',
      'invalid-federation-name',
      'too-many-tags',
      'invalid-tag',
      'transitive-tag-not-in-tags',
      'too-many-policy-arns',
      'unsigned-call-policy',
      'federation-token-without-policy',
      'long-term-access-key',
      'missing-required-parameter',
    ];
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`);
    for (const id of expected) {
      const rule = ruleById(id);
      assert.ok(rule, `${id} is registered`);
      assert.ok(rule.description.length > 10 && rule.limit.length > 10, id);
      assert.ok(['error', 'warning', 'info'].includes(rule.defaultSeverity), id);
    }
  });
});

describe('suppression comments', () => {
  it('without a comment both findings are reported (the baseline the other cases depend on)', async () => {
    assert.deepEqual(summary(BAD, await analyzeAsync(BAD, 'plaintext')), [
      ['invalid-session-name', 'a', 'error'],
      ['duration-out-of-range', '43201', 'error'],
    ]);
  });
  it('sts-lens-disable-next-line <rule-id> silences that rule on the next line only', async () => {
    const text = `# sts-lens-disable-next-line duration-out-of-range\n${BAD}\n${BAD}\n`;
    const fs = await analyzeAsync(text, 'plaintext');
    const line2 = text.indexOf(BAD);
    const line3 = text.lastIndexOf(BAD);
    assert.deepEqual(
      fs.map((f) => [f.ruleId, f.offset >= line3 ? 3 : f.offset >= line2 ? 2 : 1]),
      [
        ['invalid-session-name', 2],
        ['invalid-session-name', 3],
        ['duration-out-of-range', 3],
      ],
    );
  });
  it('several ids, separated by commas', async () => {
    const text = `<!-- sts-lens-disable-next-line duration-out-of-range, invalid-session-name -->\n${BAD}\n`;
    assert.deepEqual(await analyzeAsync(text, 'plaintext'), []);
  });
  it('without ids it silences every rule on the next line', async () => {
    const text = `# sts-lens-disable-next-line\n${BAD}\n`;
    assert.deepEqual(await analyzeAsync(text, 'plaintext'), []);
  });
  it('another rule id silences nothing', async () => {
    const text = `# sts-lens-disable-next-line too-many-tags\n${BAD}\n`;
    assert.equal((await analyzeAsync(text, 'plaintext')).length, 2);
  });
  it('sts-lens-disable-line on the same line', async () => {
    const text = `${BAD} # sts-lens-disable-line invalid-session-name\n`;
    assert.deepEqual(summary(text, await analyzeAsync(text, 'plaintext')), [['duration-out-of-range', '43201', 'error']]);
  });
  it('works in ~/.aws/config comments', async () => {
    const cfg = (comment: string) => `[profile deploy]\nrole_arn = ${ROLE}\n${comment}duration_seconds = 43201\n`;
    assert.equal((await analyzeAsync(cfg(''), 'aws-config')).length, 1);
    assert.deepEqual(await analyzeAsync(cfg('# sts-lens-disable-next-line duration-out-of-range\n'), 'aws-config'), []);
    assert.deepEqual(await analyzeAsync(cfg('; sts-lens-disable-next-line duration-out-of-range\n'), 'aws-config'), []);
  });
});

describe('severity overrides', () => {
  it("'ignore' turns a rule off and leaves the others", async () => {
    const fs = await analyzeAsync(BAD, 'plaintext', undefined, { severities: { 'duration-out-of-range': 'ignore' } });
    assert.deepEqual(summary(BAD, fs), [['invalid-session-name', 'a', 'error']]);
  });
  it("'warning' and 'info' change the severity of that rule only", async () => {
    for (const severity of ['warning', 'info'] as const) {
      const fs = await analyzeAsync(BAD, 'plaintext', undefined, { severities: { 'duration-out-of-range': severity } });
      assert.deepEqual(summary(BAD, fs), [
        ['invalid-session-name', 'a', 'error'],
        ['duration-out-of-range', '43201', severity],
      ]);
    }
  });
  it("'error' raises a warning rule", async () => {
    const text = `https://sts.amazonaws.com/?Action=GetFederationToken&Name=bob`;
    const [before] = await analyzeAsync(text, 'plaintext');
    assert.equal(before?.severity, 'warning');
    const [after] = await analyzeAsync(text, 'plaintext', undefined, { severities: { 'federation-token-without-policy': 'error' } });
    assert.equal(after?.severity, 'error');
  });
});

describe('a rule that throws', () => {
  it('does not stop the other rules; onInternalError hears about it', async () => {
    const failure = new Error('boom');
    const throwing: Rule = {
      id: 'test-throwing-rule' as RuleId,
      description: 'throws',
      limit: 'none',
      defaultSeverity: 'error',
      check() {
        throw failure;
      },
    };
    const rules = RULES as Rule[];
    // First, so that every real rule runs after it.
    rules.unshift(throwing);
    try {
      const errors: [string, unknown][] = [];
      const fs = await analyzeAsync(BAD, 'plaintext', undefined, { onInternalError: (where, e) => errors.push([where, e]) });
      assert.deepEqual(summary(BAD, fs), [
        ['invalid-session-name', 'a', 'error'],
        ['duration-out-of-range', '43201', 'error'],
      ]);
      assert.deepEqual(errors, [['rule test-throwing-rule', failure]]);
      // Without a listener it is still contained.
      assert.equal((await analyzeAsync(BAD, 'plaintext')).length, 2);
    } finally {
      const i = rules.indexOf(throwing);
      if (i >= 0) rules.splice(i, 1);
    }
    assert.ok(!RULES.includes(throwing));
  });

  it('a finding reported before the throw is kept', async () => {
    const partial: Rule = {
      id: 'test-partial-rule' as RuleId,
      description: 'reports then throws',
      limit: 'none',
      defaultSeverity: 'info',
      check(ctx) {
        ctx.report({ offset: 0, length: 5, message: 'first' });
        throw new Error('late');
      },
    };
    const rules = RULES as Rule[];
    rules.push(partial);
    try {
      const fs = await analyzeAsync(BAD, 'plaintext', undefined, { onInternalError: () => {} });
      assert.deepEqual(summary(BAD, fs), [
        ['test-partial-rule' as RuleId, 'https', 'info'],
        ['invalid-session-name', 'a', 'error'],
        ['duration-out-of-range', '43201', 'error'],
      ]);
    } finally {
      const i = rules.indexOf(partial);
      if (i >= 0) rules.splice(i, 1);
    }
  });
});
