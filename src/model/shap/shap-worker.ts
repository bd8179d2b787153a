/**
 * Worker entry for treeShapParallel / createShapPool: receives the compiled model once, then
 * row ranges of shared (SharedArrayBuffer) input and output matrices, and runs the same
 * in-thread kernel on them, so results are bit-identical to treeShap.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { treeShap, type CompiledShap } from './tree-shap.js';

export interface ShapTask {
  id: number;
  X: Float32Array | Float64Array;
  out: Float64Array;
  cols: number;
  start: number;
  end: number;
}

const port = parentPort;
if (!port) throw new Error('shap-worker must run in a worker thread');
const compiled = (workerData as { compiled: CompiledShap }).compiled;
port.on('message', (t: ShapTask) => {
  try {
    const w = t.cols + 1;
    treeShap(compiled, t.X.subarray(t.start * t.cols, t.end * t.cols), t.end - t.start, t.cols, t.out.subarray(t.start * w, t.end * w));
    port.postMessage({ id: t.id });
  } catch (err) {
    port.postMessage({ id: t.id, error: (err as Error).message });
  }
});
port.postMessage({ ready: true });
