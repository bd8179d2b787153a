/**
 * Worker entry for openScoringThread: its own onnxruntime session over the same ONNX bytes with
 * the same options as the caller's, so margins are bit-identical to scoreMatrix in the caller's
 * thread (onnxruntime-node runs inference synchronously: here it no longer blocks the thread
 * that reads). With the fitted feature spec it also encodes accounts (encodeBatch is pure: the
 * same rows as in the caller's thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeBatch, type AccountInput, type FittedFeatureSpec } from '../../features/index.js';
import { scoreMatrix } from './score.js';
import { createSession, type SessionOptions } from './session.js';

export interface ScoringWorkerData {
  bytes: Uint8Array;
  options: SessionOptions;
  source: string;
  inputName: string;
  cols: number;
  /** present when the thread also encodes */
  spec?: FittedFeatureSpec;
}

export type ScoringTask = { id: number; kind: 'margins'; X: Float32Array; rows: number } | { id: number; kind: 'encode'; inputs: AccountInput[]; asOf: number };

export type ScoringReply = { id: number; margins: Float64Array; X?: Float32Array } | { id: number; error: string; name: string };

const port = parentPort;
if (!port) throw new Error('scoring-worker must run in a worker thread');
const d = workerData as ScoringWorkerData;
const session = await createSession(d.bytes, d.source, d.options);
const model = { session, inputName: d.inputName, source: d.source, ensemble: { nFeatures: d.cols } };

async function run(t: ScoringTask): Promise<{ margins: Float64Array; X?: Float32Array }> {
  if (t.kind === 'margins') return { margins: (await scoreMatrix(model, t.X, t.rows)).margins };
  if (!d.spec) throw new Error('this scoring thread has no feature spec to encode with');
  const batch = encodeBatch(d.spec, t.inputs, { asOf: new Date(t.asOf) });
  if (batch.cols !== d.cols) throw new Error(`Model ${d.source}: the feature spec yields ${batch.cols} features, the model takes ${d.cols}`);
  return { X: batch.data, margins: (await scoreMatrix(model, batch.data, t.inputs.length)).margins };
}

port.on('message', (t: ScoringTask) => {
  run(t).then(
    (r) => port.postMessage({ id: t.id, ...r } satisfies ScoringReply, r.X ? [r.margins.buffer as ArrayBuffer, r.X.buffer as ArrayBuffer] : [r.margins.buffer as ArrayBuffer]),
    (err: unknown) => port.postMessage({ id: t.id, error: (err as Error).message, name: (err as Error).name } satisfies ScoringReply),
  );
});
port.postMessage({ ready: true });
