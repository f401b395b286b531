/**
 * `stsLens.exclude` globs: the automaton matches what the glob means, malformed patterns are errors
 * (not exceptions on every document), and the work is linear for patterns full of `*`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlob, GlobError } from '../../server/src/lsp/glob';
import { invalidGlobs, isExcluded } from '../../server/src/lsp/settings';
import { recordReliability } from '../reliability/record';

const CASES: [glob: string, path: string, expected: boolean][] = [
  ['*.json', 'a.json', true],
  ['*.json', 'dir/a.json', false],
  ['**/*.json', 'a.json', true],
  ['**/*.json', 'x/y/a.json', true],
  ['**/*.json', 'x/y/a.jsonc', false],
  ['src/**', 'src/a/b.ts', true],
  ['src/**', 'srcx/a.ts', false],
  ['src/**/test/*.ts', 'src/test/a.ts', true],
  ['src/**/test/*.ts', 'src/a/b/test/a.ts', true],
  ['src/**/test/*.ts', 'src/a/btest/a.ts', false],
  ['src/**/test/*.ts', 'src/a/test/b/a.ts', false],
  ['**/node_modules/**', 'a/node_modules/b/c.json', true],
  ['**/x', 'ax', false],
  ['**/x', 'x', true],
  ['a?c', 'abc', true],
  ['a?c', 'a/c', false],
  ['[abc].ts', 'b.ts', true],
  ['[a-c].ts', 'd.ts', false],
  ['[!a-c].ts', 'd.ts', true],
  ['[!a-c].ts', '/.ts', false],
  ['[x', '[x', true],
  ['*.{yaml,yml}', 'a.yml', true],
  ['*.{yaml,yml}', 'a.json', false],
  ['{a,b{c,d}}/*.tf', 'bd/main.tf', true],
  ['{a,b{c,d}}/*.tf', 'b/main.tf', false],
  ['a}b', 'a}b', true],
  ['a*b*c', 'aXXbYYc', true],
  ['a*b*c', 'aXXbYY', false],
  ['', '', true],
  ['***', 'a/b', true],
];

describe('compileGlob', () => {
  it('matches what each glob means', () => {
    for (const [glob, p, expected] of CASES) assert.equal(compileGlob(glob).matches(p), expected, `${glob} ~ ${p}`);
  });

  it('rejects malformed globs with a reason instead of throwing on every document', () => {
    assert.throws(() => compileGlob('{foo'), (e: unknown) => e instanceof GlobError && /"\{" at column 1 is never closed/.test(e.message));
    assert.throws(() => compileGlob('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}'), GlobError);
    assert.throws(() => compileGlob('x'.repeat(1001)), GlobError);
    assert.deepEqual(invalidGlobs(['**/ok/**', '{foo', './{bar']), [
      { glob: '{foo', reason: '"{" at column 1 is never closed with "}"' },
      { glob: './{bar', reason: '"{" at column 1 is never closed with "}"' },
    ]);
    // A malformed glob is ignored; the valid ones beside it still apply.
    assert.equal(isExcluded('/ws/gen/a.json', ['{foo', 'gen/**'], ['/ws']), true);
    assert.equal(isExcluded('/ws/src/a.json', ['{foo', 'gen/**'], ['/ws']), false);
  });

  it('does linear work on patterns full of * (at most pattern x path steps)', () => {
    const tried: [string, string][] = [
      ['*'.repeat(10) + 'b', 'a'.repeat(5000)],
      ['a*'.repeat(30) + 'b', 'a'.repeat(20000)],
      ['**/' + 'a*'.repeat(30) + 'b', `${'x/'.repeat(2000)}${'a'.repeat(20000)}`],
      ['{' + Array.from({ length: 8 }, (_, i) => `${'*a'.repeat(8)}${i}`).join(',') + '}', 'a'.repeat(20000)],
    ];
    for (const [glob, p] of tried) {
      const stats = { steps: 0 };
      assert.equal(compileGlob(glob).matches(p, stats), false);
      const bound = (glob.length + 2) * p.length;
      assert.ok(stats.steps <= bound, `${glob.slice(0, 30)}: ${stats.steps} steps > ${bound}`);
    }
    // Doubling the path at most doubles the work.
    const glob = 'a*'.repeat(30) + 'b';
    const work = (n: number): number => {
      const stats = { steps: 0 };
      compileGlob(glob).matches('a'.repeat(n), stats);
      return stats.steps;
    };
    assert.ok(work(20000) <= 2.1 * work(10000), `${work(10000)} -> ${work(20000)}`);
    recordReliability({ area: 'server faults', input: 'stsLens.exclude globs with 10-240 `*` against 5,000-24,000 character paths; malformed globs ({foo, 128 alternatives, 1,001 chars)', count: tried.length + 3, held: 'work within pattern x path steps and linear in the path; malformed globs rejected with a reason, others still apply', test: __filename });
  });
});
