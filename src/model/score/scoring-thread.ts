import type { Worker } from 'node:worker_threads';
import type { AccountInput, EncodeOptions, FittedFeatureSpec } from '../../features/index.js';
import { startModuleWorker, whenWorkerReady } from '../../util/worker-thread.js';
import type { LoadedModel } from './load.js';
import type { ScoringReply, ScoringTask, ScoringWorkerData } from './scoring-worker.js';
import { scoreMatrix } from './score.js';

/** Scoring off the calling thread, batch by batch. */
export interface ScoringThread {
  /** true when a worker thread scores (false: in the calling thread, e.g. no worker support) */
  readonly offThread: boolean;
  /** batches handed to the thread and not yet answered */
  readonly backlog: number;
  /** Log-odds for rows [0, rows) of X (X is copied: the caller may keep using it). */
  margins(X: Float32Array, rows: number): Promise<Float64Array>;
  /** Encodes the accounts (as the model's encode would) and scores them, both on the thread. */
  encodeAndScore(inputs: readonly AccountInput[], asOf: Date): Promise<{ X: Float32Array; margins: Float64Array }>;
  close(): Promise<void>;
}

/** How accounts are encoded for this model: its fitted spec and its own encode (for the in-thread fallback). */
export interface ScoringEncoder {
  spec: FittedFeatureSpec;
  encode(inputs: readonly AccountInput[], opts?: EncodeOptions): Float32Array;
}

interface Waiting {
  resolve: (r: { margins: Float64Array; X?: Float32Array }) => void;
  reject: (e: Error) => void;
  task: ScoringTask;
}

/**
 * A worker thread with its own onnxruntime session over the model's bytes and options (and,
 * with an encoder, the fitted feature spec), so the caller can read and encode the next
 * accounts while these are encoded and scored; the digits are those of the caller's thread.
 * If the worker cannot start or dies, batches are done in the calling thread instead.
 */
export async function openScoringThread(model: LoadedModel, opts: { thread?: boolean; encoder?: ScoringEncoder } = {}): Promise<ScoringThread> {
  const cols = model.ensemble.nFeatures;
  const marginsHere = async (X: Float32Array, rows: number) => (await scoreMatrix(model, X, rows)).margins;
  const encodeHere = async (inputs: readonly AccountInput[], asOf: Date) => {
    if (!opts.encoder) throw new Error('ScoringThread: no encoder given');
    const X = opts.encoder.encode(inputs, { asOf });
    return { X, margins: await marginsHere(X, inputs.length) };
  };
  const runHere = async (t: ScoringTask) => (t.kind === 'margins' ? { margins: await marginsHere(t.X, t.rows) } : encodeHere(t.inputs, new Date(t.asOf)));
  const here = (): ScoringThread => ({ offThread: false, backlog: 0, margins: marginsHere, encodeAndScore: encodeHere, close: async () => {} });
  if (opts.thread === false) return here();
  const data: ScoringWorkerData = { bytes: model.sessionBytes, options: model.sessionOptions, source: model.source, inputName: model.inputName, cols, spec: opts.encoder?.spec };
  let worker: Worker | null = null;
  try {
    worker = await whenWorkerReady(startModuleWorker(import.meta.url, 'scoring-worker', { workerData: data }));
  } catch {
    worker = null;
  }
  if (!worker) return here();

  const w = worker;
  w.unref();
  let nextId = 0;
  let closed = false;
  let dead = false;
  const waiting = new Map<number, Waiting>();
  const onDeath = () => {
    if (dead) return;
    dead = true;
    // whatever the worker had not answered is done here
    for (const [id, t] of waiting) {
      waiting.delete(id);
      runHere(t.task).then(t.resolve, t.reject);
    }
  };
  w.on('message', (m: ScoringReply) => {
    const t = waiting.get(m.id);
    if (!t) return;
    waiting.delete(m.id);
    if (waiting.size === 0) w.unref();
    if ('error' in m) {
      const e = new Error(m.error);
      e.name = m.name;
      t.reject(e);
    } else t.resolve(m);
  });
  w.on('error', onDeath);
  w.on('exit', onDeath);
  const send = (task: ScoringTask) =>
    new Promise<{ margins: Float64Array; X?: Float32Array }>((resolve, reject) => {
      waiting.set(task.id, { resolve, reject, task });
      w.ref();
      w.postMessage(task);
    });
  return {
    get offThread() {
      return !dead;
    },
    get backlog() {
      return waiting.size;
    },
    async margins(X, rows) {
      if (closed) throw new Error('ScoringThread: margins() after close()');
      if (dead) return marginsHere(X, rows);
      return (await send({ id: nextId++, kind: 'margins', X: X.slice(0, rows * cols), rows })).margins;
    },
    async encodeAndScore(inputs, asOf) {
      if (closed) throw new Error('ScoringThread: encodeAndScore() after close()');
      if (dead || !opts.encoder) return encodeHere(inputs, asOf);
      const r = await send({ id: nextId++, kind: 'encode', inputs: [...inputs], asOf: asOf.getTime() });
      return { X: r.X!, margins: r.margins };
    },
    async close() {
      closed = true;
      dead = true;
      for (const [id, t] of waiting) {
        waiting.delete(id);
        t.reject(new Error('ScoringThread closed before the batch was scored'));
      }
      await w.terminate();
    },
  };
}
