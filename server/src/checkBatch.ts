/**
 * Checking many files in two passes, in shards that can run in worker threads (see cliPool.ts):
 * pass 1 reads, prefilters and extracts each file, keeping only the files with something to check and
 * returning the role facts they state; pass 2 analyzes the kept files with the role facts of the whole
 * set (a role defined in one file bounds the calls in another). Everything that crosses a thread is
 * plain data keyed by the file's index in the sorted file list, so the merged result is the same
 * whatever the number of shards.
 */
import { RoleFactTable } from './analysis/analyze';
import type { RoleFact, Rule } from './analysis/types';
import type { ReadFile } from './analysis/extract/fileRefs';
import { checkedTreeReader, checkExtracted, extractFile, loadFileSync, roleFactsOf, type Extracted, type PositionedFinding } from './checkFile';

/** An exception inside the core for one file: "where: what". */
export interface InternalError {
  /** 1 while reading calls, 2 while checking them. */
  pass: 1 | 2;
  index: number;
  message: string;
}

/** Pass 1's result for one file, only for files with something to say (most files have nothing). */
export interface FileOutcome {
  index: number;
  /** The file could not be read or was skipped (binary, too large). */
  failure?: { reason: string; skipped: boolean };
  /** Role facts the file states (in file order). */
  facts?: RoleFact[];
}

export interface ShardChecked {
  findings: { index: number; findings: PositionedFinding[] }[];
  internal: InternalError[];
}

/** "where: what" for an exception, naming a stack overflow for what it is. */
export function describeInternalError(where: string, e: unknown): string {
  const what = e instanceof RangeError && /call stack/i.test(e.message) ? 'the input is nested too deeply (stack overflow)' : e instanceof Error ? e.message : String(e);
  return `${where}: ${what}`;
}

/** One shard's files between the passes: the extracted files it keeps for pass 2. */
export class CheckShard {
  private readonly kept: { index: number; extracted: Extracted }[] = [];
  /** Internal errors of pass 1, reported with pass 2's. */
  private readonly extractErrors: InternalError[] = [];

  /** `file://` references are read only inside the checked paths (each file's own folder when not given). */
  private readonly readReferenced: ReadFile | undefined;

  constructor(
    private readonly rules?: readonly Rule[],
    checkedPaths?: readonly string[],
  ) {
    this.readReferenced = checkedPaths ? checkedTreeReader(checkedPaths) : undefined;
  }

  /** Pass 1 for one file. */
  async extract(index: number, file: string): Promise<FileOutcome | undefined> {
    const loaded = loadFileSync(file);
    if (!loaded.ok) return { index, failure: { reason: loaded.reason, skipped: loaded.skipped === true } };
    const onError = (where: string, e: unknown): void => void this.extractErrors.push({ pass: 1, index, message: describeInternalError(where, e) });
    try {
      const ex = await extractFile(loaded, onError, this.readReferenced);
      if (ex.sites.length === 0 && !ex.text.includes('AKIA')) return undefined;
      this.kept.push({ index, extracted: ex });
      const facts = roleFactsOf([ex]);
      return facts.length > 0 ? { index, facts } : undefined;
    } catch (e) {
      onError('reading its calls', e);
      return undefined;
    }
  }

  /** Pass 2: the findings of every kept file, given the role facts of all files in file order. */
  check(facts: readonly RoleFact[]): ShardChecked {
    const roleFacts = new RoleFactTable(facts);
    const internal = [...this.extractErrors];
    const findings = this.kept.map(({ index, extracted }) => {
      const onInternalError = (where: string, e: unknown): void => void internal.push({ pass: 2, index, message: describeInternalError(where, e) });
      try {
        return { index, findings: checkExtracted(extracted, { roleFacts, onInternalError, ...(this.rules ? { rules: this.rules } : {}) }) };
      } catch (e) {
        onInternalError('checking', e);
        return { index, findings: [] };
      }
    });
    this.kept.length = 0;
    return { findings, internal };
  }
}

/** What a batch found, merged in file order. */
export interface BatchResult {
  failures: { index: number; reason: string; skipped: boolean }[];
  findings: PositionedFinding[];
  /** Pass 1's errors, then pass 2's, each in file order (as one thread would have met them). */
  internal: InternalError[];
}

/** Merges the shards' outcomes of pass 1: failures and role facts in file order. */
export function mergeOutcomes(outcomes: FileOutcome[]): { failures: BatchResult['failures']; facts: RoleFact[] } {
  const sorted = [...outcomes].sort((a, b) => a.index - b.index);
  return {
    failures: sorted.flatMap((o) => (o.failure ? [{ index: o.index, ...o.failure }] : [])),
    facts: sorted.flatMap((o) => o.facts ?? []),
  };
}

/** Merges the shards' results of pass 2 into file order. */
export function mergeChecked(failures: BatchResult['failures'], shards: ShardChecked[]): BatchResult {
  const findings = shards.flatMap((s) => s.findings).sort((a, b) => a.index - b.index);
  // A stable sort keeps each shard's own order within a file and pass.
  const internal = shards.flatMap((s) => s.internal).sort((a, b) => a.pass - b.pass || a.index - b.index);
  return { failures, findings: findings.flatMap((f) => f.findings), internal };
}

/** The whole batch in this thread. */
export async function checkBatchInProcess(files: readonly string[], rules?: readonly Rule[], checkedPaths?: readonly string[]): Promise<BatchResult> {
  const shard = new CheckShard(rules, checkedPaths);
  const outcomes: FileOutcome[] = [];
  for (let i = 0; i < files.length; i++) {
    const o = await shard.extract(i, files[i] as string);
    if (o) outcomes.push(o);
  }
  const { failures, facts } = mergeOutcomes(outcomes);
  return mergeChecked(failures, [shard.check(facts)]);
}
