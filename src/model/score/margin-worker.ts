/**
 * Worker entry for openMarginThread: its own onnxruntime session over the same ONNX bytes with
 * the same options as the caller's, so margins are bit-identical to scoreMatrix in the caller's
 * thread; onnxruntime-node runs inference synchronously, so here it no longer blocks the thread
 * that reads and encodes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scoreMatrix } from './score.js';
import { createSession, type SessionOptions } from './session.js';

export interface MarginWorkerData {
  bytes: Uint8Array;
  options: SessionOptions;
  source: string;
  inputName: string;
  cols: number;
}

export interface MarginTask {
  id: number;
  X: Float32Array;
  rows: number;
}

export type MarginReply = { id: number; margins: Float64Array } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('margin-worker must run in a worker thread');
const d = workerData as MarginWorkerData;
const session = await createSession(d.bytes, d.source, d.options);
const model = { session, inputName: d.inputName, source: d.source, ensemble: { nFeatures: d.cols } };
port.on('message', (t: MarginTask) => {
  scoreMatrix(model, t.X, t.rows).then(
    ({ margins }) => port.postMessage({ id: t.id, margins } satisfies MarginReply, [margins.buffer as ArrayBuffer]),
    (err: unknown) => port.postMessage({ id: t.id, error: (err as Error).message } satisfies MarginReply),
  );
});
port.postMessage({ ready: true });
