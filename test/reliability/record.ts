/**
 * Evidence for docs/reliability.md, written by the tests themselves.
 *
 * A test that tries hostile input or injects a fault calls `recordReliability` with what it tried, how
 * many times, and what held. Rows go to `.test-tmp/reliability/<area>.jsonl` (one file per area, appended);
 * `scripts/gen-reliability.mjs` (run by `npm test` after the suites) turns them into docs/reliability.md.
 * Only what a test really ran is recorded: call it after the assertions passed, with the real count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ReliabilityRow {
  /** Table the row goes in: 'credential files', 'hostile input', 'server faults', 'network faults', 'output', ... */
  area: string;
  /** What was tried or injected, in a few words: "kill -9 mid-write", "Action with 30 wildcards". */
  input: string;
  /** How many cases / trials / iterations ran. */
  count: number;
  /** What held (the asserted property): "previous file intact, no temp file left". */
  held: string;
  /** The test file that ran it (path relative to the repo), filled in by the caller: `__filename` is fine. */
  test: string;
}

const root = path.resolve(__dirname, '..', '..');
export const reliabilityDir = path.join(root, '.test-tmp', 'reliability');

export function recordReliability(row: ReliabilityRow): void {
  fs.mkdirSync(reliabilityDir, { recursive: true });
  const test = path.isAbsolute(row.test) ? path.relative(root, row.test) : row.test;
  const file = path.join(reliabilityDir, `${row.area.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.jsonl`);
  fs.appendFileSync(file, JSON.stringify({ ...row, test }) + '\n');
}
