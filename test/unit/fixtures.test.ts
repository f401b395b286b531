/**
 * Data-driven fixtures: every `test/fixtures/<language>/<name>` with `<name>.expected.json` beside it is
 * checked through the same path the CLI uses. The realistic samples in `examples/` are fixtures too:
 * their expected findings live in `test/fixtures/examples/<path>.expected.json` (examples stay clean
 * for users to open). Adding a case needs no code.
 *
 * Expected entries: {ruleId, line, column, endLine?, endColumn?, severity?, messageIncludes?} (1-based).
 * The findings must match the list exactly: nothing missing, nothing extra.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkFile, type PositionedFinding } from '../../server/src/checkFile';

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/** Where a file's expected findings live: beside it, or for an example under test/fixtures/examples/. */
export function expectedPathOf(file: string): string {
  const rel = path.relative(EXAMPLES, file);
  return rel.startsWith('..') ? `${file}.expected.json` : path.join(FIXTURES, 'examples', `${rel}.expected.json`);
}

interface Expected {
  ruleId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity?: string;
  messageIncludes?: string | string[];
}

function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtureFiles(full));
    else if (!e.name.endsWith('.expected.json') && fs.existsSync(expectedPathOf(full))) out.push(full);
  }
  return out.sort();
}

function matches(f: PositionedFinding, e: Expected): boolean {
  if (f.ruleId !== e.ruleId || f.line !== e.line || f.column !== e.column) return false;
  if (e.endLine !== undefined && f.endLine !== e.endLine) return false;
  if (e.endColumn !== undefined && f.endColumn !== e.endColumn) return false;
  if (e.severity !== undefined && f.severity !== e.severity) return false;
  const includes = e.messageIncludes === undefined ? [] : Array.isArray(e.messageIncludes) ? e.messageIncludes : [e.messageIncludes];
  return includes.every((s) => f.message.includes(s));
}

const show = (f: PositionedFinding): string => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.ruleId} ${f.message}`;

describe('fixtures', () => {
  const files = [...fixtureFiles(FIXTURES), ...fixtureFiles(EXAMPLES)];
  it('has fixtures to run', () => assert.ok(files.length > 0, 'no fixtures found'));
  for (const file of files) {
    const rel = file.startsWith(EXAMPLES) ? path.relative(path.dirname(EXAMPLES), file) : path.relative(FIXTURES, file);
    it(rel, async () => {
      const expected = JSON.parse(fs.readFileSync(expectedPathOf(file), 'utf8')) as Expected[];
      const internal: string[] = [];
      const { findings, error } = await checkFile(file, { onInternalError: (w, e) => internal.push(`${w}: ${String(e)}`) });
      assert.equal(error, undefined, `could not check ${rel}: ${error}`);
      assert.deepEqual(internal, [], 'no extractor or rule may throw');
      const unmatched = [...findings];
      const missing: Expected[] = [];
      for (const e of expected) {
        const i = unmatched.findIndex((f) => matches(f, e));
        if (i >= 0) unmatched.splice(i, 1);
        else missing.push(e);
      }
      assert.ok(
        missing.length === 0 && unmatched.length === 0,
        `${rel}\n  missing: ${JSON.stringify(missing)}\n  unexpected:\n    ${unmatched.map(show).join('\n    ')}\n  all findings:\n    ${findings.map(show).join('\n    ')}`,
      );
    });
  }
});
