/**
 * A worker thread of the CLI's batch (cliPool.ts): one shard of checkBatch.ts, fed by messages. The
 * worker runs the CLI's own bundle (dist/cli.js), which calls {@link runCheckWorker} instead of the CLI
 * when it finds itself in a worker started by the pool: one file to ship, not two.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { CheckShard, type FileOutcome } from './checkBatch';
import { CHECK_WORKER, type FromWorker, type ToWorker, type WorkerSetup } from './cliPool';

/** True in a worker thread the pool started. */
export function isCheckWorker(): boolean {
  return !isMainThread && (workerData as WorkerSetup | undefined)?.kind === CHECK_WORKER;
}

export function runCheckWorker(): void {
  const port = parentPort;
  if (!port) return;
  const shard = new CheckShard(undefined, (workerData as WorkerSetup | undefined)?.checkedPaths);
  const reply = (msg: FromWorker): void => port.postMessage(msg);
  // Messages are handled one at a time, in order: extraction awaits grammar loads.
  let queue = Promise.resolve();
  port.on('message', (msg: ToWorker) => {
    queue = queue.then(async () => {
      if (msg.type === 'extract') {
        const outcomes: FileOutcome[] = [];
        for (let k = 0; k < msg.files.length; k++) {
          const o = await shard.extract(msg.start + k, msg.files[k] as string);
          if (o) outcomes.push(o);
        }
        reply({ type: 'extracted', outcomes });
      } else {
        reply({ type: 'checked', result: shard.check(msg.facts) });
      }
    });
  });
}
