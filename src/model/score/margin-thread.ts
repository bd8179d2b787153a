import type { Worker } from 'node:worker_threads';
import { startModuleWorker, whenWorkerReady } from '../../util/worker-thread.js';
import type { LoadedModel } from './load.js';
import type { MarginReply, MarginTask, MarginWorkerData } from './margin-worker.js';
import { scoreMatrix } from './score.js';

/** Margins computed off the calling thread, batch by batch, in the order asked. */
export interface MarginThread {
  /** true when a worker thread scores (false: in the calling thread, e.g. no worker support) */
  readonly offThread: boolean;
  /** Log-odds for rows [0, rows) of X (X is copied: the caller may keep using it). */
  margins(X: Float32Array, rows: number): Promise<Float64Array>;
  close(): Promise<void>;
}

/**
 * A worker thread with its own onnxruntime session over the model's bytes and options, so the
 * caller can encode the next batch while this one is scored; the digits are those of
 * scoreMatrix in the caller's thread. If the worker cannot start or dies, batches are scored
 * in the calling thread instead.
 */
export async function openMarginThread(model: LoadedModel, opts: { thread?: boolean } = {}): Promise<MarginThread> {
  const data: MarginWorkerData = {
    bytes: model.sessionBytes,
    options: model.sessionOptions,
    source: model.source,
    inputName: model.inputName,
    cols: model.ensemble.nFeatures,
  };
  const inThread = async (X: Float32Array, rows: number) => (await scoreMatrix(model, X, rows)).margins;
  if (opts.thread === false) return { offThread: false, margins: inThread, close: async () => {} };
  let worker: Worker | null = null;
  try {
    worker = await whenWorkerReady(startModuleWorker(import.meta.url, 'margin-worker', { workerData: data }));
  } catch {
    worker = null;
  }
  if (!worker) return { offThread: false, margins: inThread, close: async () => {} };

  const w = worker;
  w.unref();
  let nextId = 0;
  let closed = false;
  const waiting = new Map<number, { resolve: (m: Float64Array) => void; reject: (e: Error) => void; X: Float32Array; rows: number }>();
  let dead = false;
  const onDeath = () => {
    if (dead) return;
    dead = true;
    // whatever the worker had not answered is scored here
    for (const [id, t] of waiting) {
      waiting.delete(id);
      inThread(t.X, t.rows).then(t.resolve, t.reject);
    }
  };
  w.on('message', (m: MarginReply) => {
    const t = waiting.get(m.id);
    if (!t) return;
    waiting.delete(m.id);
    if (waiting.size === 0) w.unref();
    if ('error' in m) t.reject(new Error(m.error));
    else t.resolve(m.margins);
  });
  w.on('error', onDeath);
  w.on('exit', onDeath);
  return {
    get offThread() {
      return !dead;
    },
    margins(X, rows) {
      if (closed) return Promise.reject(new Error('MarginThread: margins() after close()'));
      if (dead) return inThread(X, rows);
      const copy = X.slice(0, rows * model.ensemble.nFeatures);
      return new Promise<Float64Array>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject, X: copy, rows });
        w.ref();
        w.postMessage({ id, X: copy, rows } satisfies MarginTask);
      });
    },
    async close() {
      closed = true;
      dead = true;
      for (const [id, t] of waiting) {
        waiting.delete(id);
        t.reject(new Error('MarginThread closed before the batch was scored'));
      }
      await w.terminate();
    },
  };
}
