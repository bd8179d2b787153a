import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker, whenWorkerReady } from '../../util/worker-thread.js';
import type { Ensemble } from '../ensemble.js';
import { compileTreeShap, treeShap, type CompiledShap } from './tree-shap.js';
import type { ShapTask } from './shap-worker.js';

export interface ShapPoolOptions {
  /** worker threads; default min(2, os.availableParallelism()). 0 or 1 computes in-thread. */
  threads?: number;
  /** rows per task handed to a worker (smaller balances better on a loaded machine); default 2048 */
  taskRows?: number;
}

export interface ShapPool {
  /** worker threads running: 0 until a batch big enough to split has run, or when workers could not start (runs go in-thread) */
  readonly workers: number;
  /** SHAP values for rows [0, rows) of X, exactly as treeShap computes them. */
  run(X: ArrayLike<number>, rows: number, cols: number, out?: Float64Array): Promise<Float64Array>;
  /** Stops the workers (the pool is unusable afterwards). */
  close(): Promise<void>;
}

/** Below this many rows a run stays in-thread: posting tasks costs more than it saves. */
const MIN_PARALLEL_ROWS = 512;

export function defaultShapThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

// Worker start (tsx loader under TypeScript sources) and the ready handshake are shared with the
// training folds' workers.
const startWorker = (compiled: CompiledShap): Worker => startModuleWorker(import.meta.url, 'shap-worker', { workerData: { compiled } });

/** Copies X into shared memory unless it already lives there (float32 stays float32: exact). */
function sharedInput(X: ArrayLike<number>, n: number): Float32Array | Float64Array {
  if ((X instanceof Float32Array || X instanceof Float64Array) && X.buffer instanceof SharedArrayBuffer) return X.subarray(0, n);
  const shared = X instanceof Float32Array ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float64Array(new SharedArrayBuffer(n * 8));
  if (X instanceof Float32Array || X instanceof Float64Array) shared.set(X.subarray(0, n));
  else for (let i = 0; i < n; i++) shared[i] = X[i];
  return shared;
}

/**
 * A pool of TreeSHAP workers holding one compiled model, for callers that explain many
 * batches (the sync): start it once, run each batch, close it at the end. Rows are split into
 * tasks handed out as workers free up; each row's values are computed by the same kernel
 * as treeShap, so results are bit-identical whatever the split. Workers start with the first
 * batch of at least MIN_PARALLEL_ROWS rows; if they cannot start (or die), the remaining work
 * runs in the calling thread.
 */
export async function createShapPool(model: Ensemble | CompiledShap, opts: ShapPoolOptions = {}): Promise<ShapPool> {
  const compiled = 'roots' in model ? model : compileTreeShap(model);
  const threads = opts.threads ?? defaultShapThreads();
  const taskRows = Math.max(1, opts.taskRows ?? 2048);
  let workers: Worker[] = [];
  // Workers start with the first batch big enough to split: a run that explains only a few
  // accounts (a nightly sync where little changed) never pays for starting them.
  let starting: Promise<void> | undefined;
  const start = (): Promise<void> =>
    (starting ??= (async () => {
      const started: Worker[] = [];
      for (let i = 0; i < threads; i++) {
        try { started.push(startWorker(compiled)); } catch { /* e.g. no worker support: in-thread */ }
      }
      workers = (await Promise.all(started.map(whenWorkerReady))).filter((w): w is Worker => w !== null);
      // Idle workers must not keep the process alive if a caller forgets close().
      for (const w of workers) w.unref();
    })());
  let closed = false;

  const run = async (X: ArrayLike<number>, rows: number, cols: number, out?: Float64Array): Promise<Float64Array> => {
    if (closed) throw new Error('ShapPool: run() after close()');
    if (cols !== compiled.nFeatures) throw new Error(`treeShap: the model has ${compiled.nFeatures} features, X has ${cols} columns`);
    if (X.length < rows * cols) throw new Error(`treeShap: X has ${X.length} values, expected ${rows * cols}`);
    const width = cols + 1;
    if (out && out.length < rows * width) throw new Error(`treeShap: output buffer too small`);
    if (threads <= 1 || rows < MIN_PARALLEL_ROWS) return treeShap(compiled, X, rows, cols, out);
    await start();
    const live = workers.filter((w) => w.threadId >= 0);
    if (closed || live.length === 0) return treeShap(compiled, X, rows, cols, out);

    const sharedX = sharedInput(X, rows * cols);
    const sharedOut = out && out.buffer instanceof SharedArrayBuffer ? out : new Float64Array(new SharedArrayBuffer(rows * width * 8));
    const per = Math.min(taskRows, Math.ceil(rows / live.length));
    const queue: Array<[number, number]> = [];
    for (let s = 0; s < rows; s += per) queue.push([s, Math.min(rows, s + per)]);
    let nextId = 0;
    const failed: Array<[number, number]> = [];
    await Promise.all(live.map((w) => new Promise<void>((resolve) => {
      let current: [number, number] | undefined;
      const onMessage = (m: { id: number; error?: string }): void => {
        if (m.error) return onFail(new Error(m.error));
        current = undefined;
        next();
      };
      const onFail = (_err: unknown): void => {
        // Hand the task back; whatever no worker finishes runs in-thread below.
        if (current) failed.push(current);
        current = undefined;
        w.off('message', onMessage);
        w.off('error', onFail);
        w.off('exit', onFail);
        void w.terminate();
        workers = workers.filter((x) => x !== w);
        resolve();
      };
      const next = (): void => {
        current = queue.shift();
        if (!current) {
          w.off('message', onMessage);
          w.off('error', onFail);
          w.off('exit', onFail);
          w.unref();
          resolve();
          return;
        }
        const task: ShapTask = { id: nextId++, X: sharedX, out: sharedOut, cols, start: current[0], end: current[1] };
        w.postMessage(task);
      };
      w.ref();
      w.on('message', onMessage);
      w.on('error', onFail);
      w.on('exit', onFail);
      next();
    })));
    for (const [s, e] of [...failed, ...queue]) {
      treeShap(compiled, sharedX.subarray(s * cols, e * cols), e - s, cols, sharedOut.subarray(s * width, e * width));
    }
    if (sharedOut === out) return out;
    if (out) { out.set(sharedOut.subarray(0, rows * width)); return out; }
    return sharedOut;
  };

  return {
    get workers() { return workers.length; },
    run,
    async close() {
      closed = true;
      await starting;
      const ws = workers;
      workers = [];
      await Promise.all(ws.map((w) => w.terminate()));
    },
  };
}

/**
 * treeShap on worker threads (default min(2, cores)): same result, bit for bit, as
 * treeShap(model, X, rows, cols). One-shot: starts and stops its workers; to explain many
 * batches with one model, use createShapPool.
 */
export async function treeShapParallel(model: Ensemble | CompiledShap, X: ArrayLike<number>, rows: number, cols: number, opts: ShapPoolOptions & { out?: Float64Array } = {}): Promise<Float64Array> {
  const compiled = 'roots' in model ? model : compileTreeShap(model);
  if ((opts.threads ?? defaultShapThreads()) <= 1 || rows < MIN_PARALLEL_ROWS) return treeShap(compiled, X, rows, cols, opts.out);
  const pool = await createShapPool(compiled, opts);
  try {
    return await pool.run(X, rows, cols, opts.out);
  } finally {
    await pool.close();
  }
}
