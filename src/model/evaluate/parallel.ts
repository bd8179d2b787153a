import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker, whenWorkerReady } from '../../util/worker-thread.js';
import { finishExperiment, foldDoneLine, foldProgressLine, planExperiment, runFold, type ExperimentOptions, type ExperimentResult, type FoldResult } from './experiment.js';
import type { FoldMessage, FoldTask } from './fold-worker.js';

export interface ParallelExperimentOptions extends ExperimentOptions {
  /** CV folds trained at once on worker threads; default min(2, cores). 1 runs them in this thread. */
  threads?: number;
}

export function defaultFoldThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

function shared<T extends Float32Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = (a instanceof Float32Array ? new Float32Array(new SharedArrayBuffer(a.byteLength)) : new Uint8Array(new SharedArrayBuffer(a.byteLength))) as T;
  copy.set(a);
  return copy;
}

/**
 * runExperiment with the CV folds trained concurrently on worker threads (each fold is the same
 * code on the same rows, so the result is identical to runExperiment's); the final model follows
 * in this thread once the folds have fixed its tree count. Folds whose worker fails, or all of
 * them when workers cannot start, run in this thread.
 */
export async function runExperimentParallel(X: Float32Array, rows: number, cols: number, y: Uint8Array, opts: ParallelExperimentOptions = {}): Promise<ExperimentResult> {
  const plan = planExperiment(X, rows, cols, y, opts);
  const log = opts.onProgress ?? (() => {});
  const nFolds = plan.folds.length;
  const results: Array<FoldResult | undefined> = new Array(nFolds);
  const threads = Math.min(opts.threads ?? defaultFoldThreads(), nFolds);
  const queue = plan.folds.map((_, k) => k);
  const failed: number[] = [];
  let workers: Worker[] = [];
  if (threads > 1) {
    const data = { X: shared(X), y: shared(y), cols };
    const started: Worker[] = [];
    for (let i = 0; i < threads; i++) {
      try {
        started.push(startModuleWorker(import.meta.url, 'fold-worker', { workerData: data }));
      } catch {
        /* no worker support: in-thread */
      }
    }
    workers = (await Promise.all(started.map(whenWorkerReady))).filter((w): w is Worker => w !== null);
  }
  try {
    await Promise.all(
      workers.map(
        (w, wi) =>
          new Promise<void>((resolve) => {
            let current: number | undefined;
            const stop = (): void => {
              w.off('message', onMessage);
              w.off('error', onFail);
              w.off('exit', onFail);
              resolve();
            };
            const onFail = (): void => {
              // the fold goes back to this thread below
              if (current !== undefined) failed.push(current);
              current = undefined;
              stop();
            };
            const onMessage = (m: FoldMessage): void => {
              if (current === undefined) return;
              if ('progress' in m) return log(foldProgressLine(current, nFolds, m.progress));
              if ('error' in m) {
                log(`fold ${current + 1} of ${nFolds} failed on worker ${wi + 1} (${m.error}); retrying in the main thread`);
                return onFail();
              }
              results[current] = m.result;
              log(foldDoneLine(current, nFolds, m.result));
              next();
            };
            const next = (): void => {
              current = queue.shift();
              if (current === undefined) return stop();
              const f = plan.folds[current];
              w.postMessage({ id: current, k: current, train: f.train, test: f.test, o: plan.o } satisfies FoldTask);
            };
            w.on('message', onMessage);
            w.on('error', onFail);
            w.on('exit', onFail);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  for (const k of [...failed, ...queue].sort((a, b) => a - b)) {
    const f = plan.folds[k];
    const r = runFold(X, cols, y, f.train, f.test, plan.o, k, (p) => log(foldProgressLine(k, nFolds, p)));
    results[k] = r;
    log(foldDoneLine(k, nFolds, r));
  }
  return finishExperiment(X, cols, y, plan, results as FoldResult[], log);
}
