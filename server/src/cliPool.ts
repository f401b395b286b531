/**
 * The CLI's batch on every core: worker threads (running dist/cli.js as cliWorker.ts, one per core) pull files in small
 * batches, read, prefilter and extract them (pass 1), then analyze what they kept with the role facts
 * of all files (pass 2); checkBatch.ts merges the results in file order, so the output does not depend
 * on the number of threads or on which thread finished first. Small batches stay in this thread: a
 * worker costs a V8 isolate and its own grammar loads, more than a few hundred files take to check.
 *
 * `STS_LENS_WORKERS=N` fixes the number of worker threads (0: none).
 */
import * as fs from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RoleFact, Rule } from './analysis/types';
import { checkBatchInProcess, mergeChecked, mergeOutcomes, type BatchResult, type FileOutcome, type ShardChecked } from './checkBatch';

/** Below this many files a batch runs in this thread (about the files one thread checks while a worker starts). */
const MIN_FILES_PER_WORKER = 400;
/** Files per message: small enough to even out the threads at the end, large enough to keep messages rare. */
const FILES_PER_MESSAGE = 128;

/** What every worker is started with: the paths the CLI checks (they confine `file://` reads). */
export interface WorkerSetup {
  kind: typeof CHECK_WORKER;
  checkedPaths?: string[];
}

/** Marks a worker started by this pool (the bundle it runs is the CLI's own). */
export const CHECK_WORKER = 'sts-lens-check-shard';

export type ToWorker = { type: 'extract'; start: number; files: string[] } | { type: 'check'; facts: RoleFact[] };
export type FromWorker = { type: 'extracted'; outcomes: FileOutcome[] } | { type: 'checked'; result: ShardChecked };

export function workerCount(files: number, env = process.env.STS_LENS_WORKERS): number {
  if (env !== undefined && /^\d+$/.test(env.trim())) return Math.min(Number(env), files);
  const n = Math.min(availableParallelism(), Math.floor(files / MIN_FILES_PER_WORKER));
  // One worker alone only adds its start-up to this thread's work.
  return n >= 2 ? n : 0;
}

/**
 * Checks the files (sorted) on as many threads as pay off. The workers run `workerScript` (the CLI's
 * bundle; without one, as when running from source, everything stays in this thread); `rules` (a test
 * hook) keeps it in this thread too.
 */
export async function checkBatch(files: readonly string[], rules?: readonly Rule[], checkedPaths?: readonly string[], workerScript?: string): Promise<BatchResult> {
  const script = workerScript;
  const n = rules ? 0 : workerCount(files.length);
  if (n < 1 || !script || !fs.existsSync(script)) return checkBatchInProcess(files, rules, checkedPaths);
  try {
    return await checkInWorkers(script, files, n, checkedPaths);
  } catch {
    // A worker that dies (out of memory, a crash in the runtime) loses its shard: check in this thread instead.
    return checkBatchInProcess(files, rules, checkedPaths);
  }
}

/** The batch on `n` worker threads running `script`; rejects when a worker dies. */
export function checkInWorkers(script: string, files: readonly string[], n: number, checkedPaths?: readonly string[]): Promise<BatchResult> {
  return new Promise((resolve, reject) => {
    const workerData: WorkerSetup = { kind: CHECK_WORKER, checkedPaths: checkedPaths ? [...checkedPaths] : undefined };
    const workers = Array.from({ length: n }, () => new Worker(script, { workerData }));
    const outcomes: FileOutcome[] = [];
    const checked: ShardChecked[] = [];
    const inFlight = new Map<Worker, number>();
    let next = 0;
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    const send = (w: Worker, msg: ToWorker): void => w.postMessage(msg);
    const feed = (w: Worker): void => {
      if (next >= files.length) return;
      const start = next;
      next = Math.min(files.length, next + FILES_PER_MESSAGE);
      inFlight.set(w, (inFlight.get(w) ?? 0) + 1);
      send(w, { type: 'extract', start, files: files.slice(start, next) });
    };
    let merged: ReturnType<typeof mergeOutcomes> | undefined;
    for (const w of workers) {
      w.on('error', fail);
      w.on('exit', (code) => {
        if (!settled && code !== 0) fail(new Error(`a worker thread stopped with code ${code}`));
      });
      w.on('message', (msg: FromWorker) => {
        if (settled) return;
        if (msg.type === 'extracted') {
          outcomes.push(...msg.outcomes);
          inFlight.set(w, (inFlight.get(w) ?? 1) - 1);
          feed(w);
          if (next >= files.length && [...inFlight.values()].every((c) => c === 0) && !merged) {
            merged = mergeOutcomes(outcomes);
            for (const each of workers) send(each, { type: 'check', facts: merged.facts });
          }
        } else {
          checked.push(msg.result);
          if (checked.length === workers.length && merged) {
            settled = true;
            for (const each of workers) void each.terminate();
            resolve(mergeChecked(merged.failures, checked));
          }
        }
      });
      // Two batches each from the start, so a worker never waits for its next one.
      feed(w);
      feed(w);
    }
  });
}
