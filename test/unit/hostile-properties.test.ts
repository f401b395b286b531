/**
 * Property-based tests (fast-check) over every extractor and rule, through `analyze` as the server and
 * the CLI call it: mutated fixtures (every file under test/fixtures and examples/, with random splices,
 * deletions, duplications and byte flips), random strings around STS keywords, and random bytes decoded
 * as the editor decodes them (invalid UTF-8 becomes U+FFFD). For every input: no exception escapes,
 * no extractor or rule fails internally, and every finding's range lies inside the document.
 * Then the shapes the issue names: a 1 MB line, 10,000-deep nesting, invalid UTF-8 and a YAML alias
 * bomb in every language, each within the test's time limit.
 *
 * Runs are bounded (seeded, a few hundred each) so the file stays well under a minute.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, prepare } from '../../server/src/analysis/analyze';
import { LANGUAGE_IDS, languageIdForPath } from '../../server/src/analysis/languages';
import { recordReliability } from '../reliability/record';

const root = path.resolve(__dirname, '..', '..');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isSymbolicLink()) return [];
    return e.isDirectory() ? filesUnder(full) : [full];
  });
}

interface Doc {
  name: string;
  languageId: string;
  text: string;
}

const corpus: Doc[] = [...filesUnder(path.join(root, 'test', 'fixtures')), ...filesUnder(path.join(root, 'examples'))]
  .filter((f) => fs.statSync(f).size < 256 * 1024)
  .map((f) => ({ name: path.relative(root, f), languageId: languageIdForPath(f), text: fs.readFileSync(f, 'utf8') }))
  .filter((d) => !d.text.includes('\u0000'));

/** Analyzes and checks the invariants; returns the number of findings. */
function check(text: string, languageId: string, what: string): number {
  const errors: string[] = [];
  const findings = analyze(text, languageId, `file:///w/${languageId}`, {
    onInternalError: (where, e) => errors.push(`${where}: ${e instanceof Error ? e.stack?.split('\n').slice(0, 4).join(' | ') : String(e)}`),
  });
  assert.deepEqual(errors, [], `${what} (${languageId}): internal errors`);
  for (const f of findings) {
    assert.ok(Number.isInteger(f.offset) && Number.isInteger(f.length), `${what}: non-integer range ${f.offset}+${f.length} (${f.ruleId})`);
    assert.ok(f.offset >= 0 && f.length >= 0 && f.offset + f.length <= text.length, `${what}: range ${f.offset}+${f.length} outside 0..${text.length} (${f.ruleId})`);
    assert.equal(typeof f.message, 'string');
  }
  return findings.length;
}

/** One edit of a document: the kinds a fuzzer applies to source text. */
type Mutation =
  | { kind: 'splice'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'flip'; at: number; bit: number };

const STS_WORDS = ['AssumeRole', 'DurationSeconds', '900', '43201', '"', "'", '{', '}', '[', ']', '(', ')', ':', ',', '=', '\n', '\\', '${', 'file://', '%', '&', 'Action=AssumeRole&', 'arn:aws:iam::', '*', '\u0000', '\ufffd', '\ud800', 'sts-lens-disable-line'];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...STS_WORDS), fc.string({ maxLength: 12 }), fc.string({ maxLength: 6, unit: 'binary' })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }), to: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 15 }) }),
);

function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.kind === 'splice') t = t.slice(0, at) + m.text + t.slice(at);
    else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.length);
    else if (m.kind === 'duplicate') {
      const piece = t.slice(at, at + m.length);
      const to = t.length === 0 ? 0 : m.to % (t.length + 1);
      t = t.slice(0, to) + piece + t.slice(to);
    } else if (at < t.length) t = t.slice(0, at) + String.fromCharCode(t.charCodeAt(at) ^ (1 << m.bit)) + t.slice(at + 1);
  }
  return t;
}

before(async () => {
  for (const id of LANGUAGE_IDS) await prepare(id);
});

describe('property: analyze never throws and keeps ranges inside the document', () => {
  it('has a corpus of fixtures and examples in many languages', () => {
    assert.ok(corpus.length > 100, `only ${corpus.length} files`);
    assert.ok(new Set(corpus.map((d) => d.languageId)).size >= 12);
  });

  it('on mutated fixtures and examples', { timeout: 300_000 }, () => {
    let runs = 0;
    let findings = 0;
    // Every file at least once unmutated-ish (a single mutation), then random picks.
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (i, mutations) => {
        const doc = corpus[i]!;
        runs++;
        findings += check(mutate(doc.text, mutations), doc.languageId, `${doc.name} mutated ${JSON.stringify(mutations).slice(0, 300)}`);
      }),
      { numRuns: 600, seed: 1101 },
    );
    recordReliability({ area: 'hostile input', input: `mutated fixtures and examples (${corpus.length} files; splices, deletions, duplications, bit flips)`, count: runs, held: `no exception, no internal error, every range inside the document (${findings} findings checked)`, test: __filename });
  });

  it('on random text around STS keywords, in every language', { timeout: 300_000 }, () => {
    let runs = 0;
    const piece = fc.oneof(fc.constantFrom(...STS_WORDS, 'aws sts assume-role --duration-seconds ', 'sts.assume_role(DurationSeconds=', 'new AssumeRoleCommand({ DurationSeconds: ', 'https://sts.amazonaws.com/?Action=AssumeRole&DurationSeconds=', '[profile a]\nrole_arn = ', 'Type: AWS::IAM::Role\n', 'provider "aws" {\n assume_role {\n duration = "'), fc.string({ maxLength: 20 }), fc.string({ maxLength: 8, unit: 'binary' }));
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGE_IDS), fc.array(piece, { maxLength: 40 }), (languageId, pieces) => {
        runs++;
        check(pieces.join(''), languageId, `random ${JSON.stringify(pieces.join('')).slice(0, 300)}`);
      }),
      { numRuns: 500, seed: 1102 },
    );
    recordReliability({ area: 'hostile input', input: `random strings around STS keywords in all ${LANGUAGE_IDS.length} languages`, count: runs, held: 'no exception, no internal error, every range inside the document', test: __filename });
  });

  it('on random bytes decoded with replacement (invalid UTF-8), in every language', { timeout: 300_000 }, () => {
    let runs = 0;
    const decoder = new TextDecoder('utf-8', { fatal: false });
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGE_IDS), fc.uint8Array({ maxLength: 600 }), fc.nat({ max: corpus.length - 1 }), (languageId, bytes, i) => {
        runs++;
        // Random bytes inside a real file, so the extractors get past the prefilter.
        const doc = corpus[i]!.text;
        const at = doc.length === 0 ? 0 : bytes.length % doc.length;
        const text = doc.slice(0, at) + decoder.decode(bytes) + doc.slice(at);
        check(text, languageId, `bytes ${Buffer.from(bytes).toString('hex').slice(0, 200)} in ${corpus[i]!.name}`);
      }),
      { numRuns: 300, seed: 1103 },
    );
    recordReliability({ area: 'hostile input', input: 'random bytes decoded with replacement (invalid UTF-8) inside fixtures, every language', count: runs, held: 'no exception, no internal error, every range inside the document', test: __filename });
  });
});

describe('the issue’s hostile shapes in every language, in linear time', () => {
  const seed = 'AssumeRole DurationSeconds Action=AssumeRole&DurationSeconds=5 aws sts assume-role --duration-seconds 5\n';
  const bad = [0xff, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80, 0xf0, 0x9f];
  /** Each shape at scale 1 is the size the issue names; scale 1/4 is the comparison. */
  const shapes: { what: string; make: (scale: number) => string }[] = [
    { what: '1 MB line', make: (s) => seed + 'x'.repeat(256 * 1024 * s) + ' "' + 'a'.repeat(256 * 1024 * s) + '" ' + '{['.repeat(64 * 1024 * s) + ' '.repeat(384 * 1024 * s) + '\n' },
    { what: '10,000-deep nesting', make: (s) => { const n = 10_000 * s; return seed + '['.repeat(n) + '{'.repeat(n) + '('.repeat(n) + ')'.repeat(n) + '}'.repeat(n) + ']'.repeat(n) + '\n'; } },
    { what: 'invalid UTF-8', make: (s) => seed + new TextDecoder().decode(Buffer.from(Array.from({ length: 100_000 * s }, (_, i) => bad[i % bad.length]!))) + '\n' },
    {
      what: 'YAML alias bomb (billion laughs)',
      make: (s) =>
        'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      MaxSessionDuration: 5\n' +
        '      a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' +
        Array.from({ length: Math.round(36 * s) }, (_, i) => `      a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(',')}]\n`).join('') +
        `      Tags: *a${Math.round(36 * s)}\n`,
    },
  ];
  for (const shape of shapes) {
    it(shape.what, { timeout: 300_000 }, () => {
      const timeAll = (text: string): number => {
        const t0 = performance.now();
        for (const languageId of LANGUAGE_IDS) check(text, languageId, shape.what);
        return Math.max(performance.now() - t0, 1);
      };
      const full = shape.make(1);
      const quarter = timeAll(shape.make(0.25));
      const whole = timeAll(full);
      // Summed over every language, so one slow moment on a shared machine is diluted.
      assert.ok(whole / quarter < 8, `${shape.what}: ${Math.round(quarter)} ms at a quarter, ${Math.round(whole)} ms whole: not linear`);
      recordReliability({ area: 'hostile input', input: `${shape.what} (${Math.round(full.length / 1024)} KB) in all ${LANGUAGE_IDS.length} languages`, count: 2 * LANGUAGE_IDS.length, held: `no exception, no internal error, ranges inside; linear (x${(whole / quarter).toFixed(1)} for 4x the input)`, test: __filename });
    });
  }
});
