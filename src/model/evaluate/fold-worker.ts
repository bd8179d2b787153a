/**
 * Worker entry for runExperimentParallel: receives the shared matrix and labels once, then CV
 * folds to run with the same in-thread code (runFold), so results equal runExperiment's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runFold, type FoldOptions, type FoldResult } from './experiment.js';
import { takeLabels, takeRows } from './cv.js';
import { trainGbdt, type GbdtParamsInput, type TrainProgress, type TrainResult } from '../train/index.js';

export interface FoldTask {
  kind: 'fold';
  id: number;
  k: number;
  train: Int32Array;
  test: Int32Array;
  o: FoldOptions;
}

/** The final model on the training rows; its tree count arrives in `limit` (shared) while it trains. */
export interface FinalTask {
  kind: 'final';
  id: number;
  train: Int32Array;
  params: GbdtParamsInput;
  limit: Int32Array;
  progressEveryMs: number;
}

export type FoldMessage =
  | { id: number; progress: TrainProgress }
  | { id: number; result: FoldResult }
  | { id: number; final: TrainResult }
  | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('fold-worker must run in a worker thread');
const { X, y, cols } = workerData as { X: Float32Array; y: Uint8Array; cols: number };
port.on('message', (t: FoldTask | FinalTask) => {
  try {
    if (t.kind === 'final') {
      const final = trainGbdt(takeRows(X, cols, t.train), t.train.length, cols, takeLabels(y, t.train), t.params, {
        treeLimit: t.limit,
        progressEveryMs: t.progressEveryMs,
        onProgress: (progress) => port.postMessage({ id: t.id, progress } satisfies FoldMessage),
      });
      port.postMessage({ id: t.id, final } satisfies FoldMessage);
      return;
    }
    const result = runFold(X, cols, y, t.train, t.test, t.o, t.k, (progress) => port.postMessage({ id: t.id, progress } satisfies FoldMessage));
    port.postMessage({ id: t.id, result } satisfies FoldMessage);
  } catch (err) {
    port.postMessage({ id: t.id, error: (err as Error).message } satisfies FoldMessage);
  }
});
port.postMessage({ ready: true });
