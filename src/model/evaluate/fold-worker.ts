/**
 * Worker entry for runExperimentParallel: receives the shared matrix and labels once, then CV
 * folds to run with the same in-thread code (runFold), so results equal runExperiment's.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runFold, type FoldOptions, type FoldResult } from './experiment.js';
import type { TrainProgress } from '../train/index.js';

export interface FoldTask {
  id: number;
  k: number;
  train: Int32Array;
  test: Int32Array;
  o: FoldOptions;
}

export type FoldMessage = { id: number; progress: TrainProgress } | { id: number; result: FoldResult } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('fold-worker must run in a worker thread');
const { X, y, cols } = workerData as { X: Float32Array; y: Uint8Array; cols: number };
port.on('message', (t: FoldTask) => {
  try {
    const result = runFold(X, cols, y, t.train, t.test, t.o, t.k, (progress) => port.postMessage({ id: t.id, progress } satisfies FoldMessage));
    port.postMessage({ id: t.id, result } satisfies FoldMessage);
  } catch (err) {
    port.postMessage({ id: t.id, error: (err as Error).message } satisfies FoldMessage);
  }
});
port.postMessage({ ready: true });
