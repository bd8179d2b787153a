import type { Worker } from 'node:worker_threads';
import { workerThreads } from '../../util/threads.js';
import { startModuleWorker, whenWorkerReady } from '../../util/worker-thread.js';
import type { TrainResult } from '../train/index.js';
import { finalParams, finalTreeCount, finishExperiment, foldDoneLine, foldProgressLine, planExperiment, runFold, type ExperimentOptions, type ExperimentResult, type FoldResult } from './experiment.js';
import type { FinalTask, FoldMessage, FoldTask } from './fold-worker.js';

export interface ParallelExperimentOptions extends ExperimentOptions {
  /** CV folds trained at once on worker threads; default ACCOUNT_SCORE_THREADS, else min(2, cores). 1 runs them in this thread. */
  threads?: number;
}

export function defaultFoldThreads(): number {
  return workerThreads();
}

function shared<T extends Float32Array | Uint8Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = (a instanceof Float32Array ? new Float32Array(new SharedArrayBuffer(a.byteLength)) : new Uint8Array(new SharedArrayBuffer(a.byteLength))) as T;
  copy.set(a);
  return copy;
}

/**
 * runExperiment with the CV folds trained concurrently on worker threads, each fold the same code on
 * the same rows, so the result is identical to runExperiment's. When the last folds run, an idle
 * worker starts the final model (all non-holdout rows) before its tree count is known: the first N
 * trees of a longer run are exactly an N-tree model, so it stops (or is cut back) at the mean
 * early-stopped count once the folds report it. Folds whose worker fails, or all of them when
 * workers cannot start, run in this thread; so does the final model then.
 */
export async function runExperimentParallel(X: Float32Array, rows: number, cols: number, y: Uint8Array, opts: ParallelExperimentOptions = {}): Promise<ExperimentResult> {
  const plan = planExperiment(X, rows, cols, y, opts);
  const log = opts.onProgress ?? (() => {});
  const nFolds = plan.folds.length;
  const results = new Array<FoldResult | undefined>(nFolds);
  const threads = Math.min(opts.threads ?? defaultFoldThreads(), nFolds);
  const queue = plan.folds.map((_, k) => k);
  const failed: number[] = [];
  let running = 0;
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
  // Fixed once every fold is in; the final model's worker reads it between trees.
  const limit = new Int32Array(new SharedArrayBuffer(4));
  let finalStarted = false;
  let final: TrainResult | undefined;
  let foldsSettled!: () => void;
  const settled = new Promise<void>((resolve) => (foldsSettled = resolve));
  // Settled: no fold is running on a worker and none will be (queue empty, or no worker left to take it).
  let activeLoops = workers.length;
  const checkSettled = (): void => {
    if (running === 0 && (queue.length === 0 || activeLoops === 0)) foldsSettled();
  };
  checkSettled();

  const loops = workers.map(
    (w, wi) =>
      new Promise<void>((resolve) => {
        let current: FoldTask | FinalTask | undefined;
        const stop = (): void => {
          w.off('message', onMessage);
          w.off('error', onFail);
          w.off('exit', onFail);
          activeLoops--;
          checkSettled();
          resolve();
        };
        const release = (): void => {
          if (current?.kind === 'fold') {
            running--;
            checkSettled();
          }
          current = undefined;
        };
        const onFail = (err?: unknown): void => {
          const msg = err instanceof Error ? err.message : 'worker stopped';
          if (current?.kind === 'fold') {
            log(`fold ${current.k + 1} of ${nFolds} failed on worker ${wi + 1} (${msg}); it runs in the main thread`);
            failed.push(current.k);
          } else if (current?.kind === 'final') log(`the final model failed on worker ${wi + 1} (${msg}); it trains in the main thread`);
          release();
          stop();
        };
        const onMessage = (m: FoldMessage): void => {
          const t = current;
          if (!t) return;
          if ('progress' in m) {
            if (t.kind === 'fold') log(foldProgressLine(t.k, nFolds, m.progress));
            else if (!m.progress.done) log(`final model: ${m.progress.trees} trees${Atomics.load(limit, 0) > 0 ? ` of ${Atomics.load(limit, 0)}` : ' (its tree count is set when the folds finish)'}`);
            return;
          }
          if ('error' in m) return onFail(new Error(m.error));
          if ('result' in m && t.kind === 'fold') {
            results[t.k] = m.result;
            log(foldDoneLine(t.k, nFolds, m.result));
          } else if ('final' in m) final = m.final;
          release();
          next();
        };
        const next = (): void => {
          const k = queue.shift();
          if (k !== undefined) {
            const f = plan.folds[k];
            current = { kind: 'fold', id: k, k, train: f.train, test: f.test, o: plan.o };
            running++;
          } else if (!finalStarted && workers.length > 1) {
            finalStarted = true;
            log(`training the final model on ${plan.train.length} rows beside the last folds`);
            current = { kind: 'final', id: nFolds, train: plan.train, params: finalParams(plan.o), limit, progressEveryMs: plan.o.progressEveryMs };
          } else return stop();
          w.postMessage(current);
        };
        w.on('message', onMessage);
        w.on('error', onFail);
        w.on('exit', onFail);
        next();
      }),
  );
  try {
    await settled;
    for (const k of [...failed, ...queue.splice(0)].sort((a, b) => a - b)) {
      const f = plan.folds[k];
      const r = runFold(X, cols, y, f.train, f.test, plan.o, k, (p) => log(foldProgressLine(k, nFolds, p)));
      results[k] = r;
      log(foldDoneLine(k, nFolds, r));
    }
    const finalTrees = finalTreeCount(results as FoldResult[]);
    Atomics.store(limit, 0, finalTrees);
    Atomics.notify(limit, 0);
    if (finalStarted) log(`final model: ${finalTrees} trees (the mean early-stopped count)`);
    await Promise.all(loops);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return finishExperiment(X, cols, y, plan, results as FoldResult[], log, final);
}
