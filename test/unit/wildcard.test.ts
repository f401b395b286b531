/**
 * IAM wildcards (`*`, `?`) are matched by a two-pointer walk, not a `.*` regex: the same answers as the
 * regex on small inputs, at most pattern × text steps on hostile ones, and policies with dozens of
 * stars checked at once in the core and in the client's pre-call validation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkSessionPolicyText } from '../../server/src/analysis/policy/sessionText';
import { lastMatchSteps, templateWildcard, wildcard } from '../../server/src/analysis/wildcard';
import { checkSessionPolicy } from '../../client/src/validation';
import { recordReliability } from '../reliability/record';

/** The old definition, kept here as the reference on inputs too small to backtrack for long. */
function referenceRegex(pattern: string): RegExp {
  return new RegExp('^' + pattern.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : '\\' + c)) + '$', 'is');
}

describe('wildcard matcher', () => {
  it('answers like the regex it replaces (random patterns over a small alphabet)', () => {
    let runs = 0;
    fc.assert(
      fc.property(fc.stringMatching(/^[ab*?:-]{0,8}$/), fc.stringMatching(/^[abAB:-]{0,10}$/), (pattern, text) => {
        runs++;
        assert.equal(wildcard(pattern).test(text), referenceRegex(pattern).test(text), `${pattern} ~ ${text}`);
      }),
      { numRuns: 3000, seed: 11 },
    );
    recordReliability({ area: 'hostile input', input: 'random IAM wildcard patterns vs the regex definition', count: runs, held: 'same match answer as the regex', test: __filename });
  });

  it('is case-insensitive and treats a template literal `*` as a character', () => {
    assert.ok(wildcard('S3:Get*').test('s3:getobject'));
    assert.ok(wildcard('s3:?etObject').test('s3:GetObject'));
    assert.ok(!wildcard('s3:?etObject').test('s3:etObject'));
    const t = templateWildcard(['aws:RequestTag/', ''], true);
    assert.ok(t.test('aws:requesttag/Team'));
    assert.ok(!t.test('aws:RequestTag/'));
    const star = templateWildcard(['a*b/', ''], false);
    assert.ok(star.test('a*b/x'));
    assert.ok(!star.test('axxb/x'));
  });

  it('takes at most pattern × text steps on hostile patterns', () => {
    const cases: [string, string][] = [
      ['s3:' + '*'.repeat(10) + '-', 's3:' + 'a'.repeat(60)],
      ['*a'.repeat(30) + 'b', 'a'.repeat(2000)],
      ['*?'.repeat(40) + 'x', 'y'.repeat(5000)],
      ['arn:aws:s3:::' + '*a'.repeat(30), 'arn:aws:s3:::' + 'a'.repeat(3000) + 'b'],
    ];
    for (const [pattern, text] of cases) {
      assert.equal(wildcard(pattern).test(text), false);
      assert.ok(lastMatchSteps <= (pattern.length + 1) * (text.length + 1), `${lastMatchSteps} steps for ${pattern.length} × ${text.length}`);
    }
    recordReliability({ area: 'hostile input', input: 'wildcard patterns with up to 40 stars against 5,000-character text', count: cases.length, held: 'no more than pattern × text steps', test: __filename });
  });

  // With the regex, `s3:******-` took 1.8 s at 6 stars and over 120 s at 10: 30 stars never finished.
  it('checks a session policy with 30-star actions and resources at once (core and client validation)', { timeout: 30_000 }, async () => {
    const stars = '*'.repeat(30);
    const spaced = Array.from({ length: 30 }, () => '*a').join('');
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: [`s3:${stars}-`, `s3:${spaced}-`], Resource: [`arn:aws:s3:::${spaced}`, `arn:aws:s3:::${stars}/x${stars}-`] },
      ],
    });
    const findings = checkSessionPolicyText(policy);
    assert.ok(findings.some((f) => f.ruleId === 'policy-wildcard-matches-nothing'), JSON.stringify(findings));
    const client = await checkSessionPolicy(policy);
    assert.ok(client, 'the client validation answers');
    recordReliability({ area: 'hostile input', input: 'session policy with 30-star Action and Resource (core + client validation)', count: 2, held: 'checked without backtracking; wildcard-matches-nothing reported', test: __filename });
  });
});
