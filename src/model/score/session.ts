import * as ort from 'onnxruntime-node';

export interface SessionOptions {
  /** Threads onnxruntime may use inside the tree operator; default 2 (this product's nightly box). */
  intraOpThreads?: number;
}

/** One onnxruntime session per loaded model; reuse it for every batch. */
export async function createSession(bytes: Uint8Array, source: string, opts: SessionOptions = {}): Promise<ort.InferenceSession> {
  const threads = opts.intraOpThreads ?? 2;
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`intraOpThreads must be a positive integer (got ${threads})`);
  try {
    return await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    });
  } catch (e) {
    throw new Error(`onnxruntime could not load ${source}: ${(e as Error).message}`);
  }
}

export { ort };
