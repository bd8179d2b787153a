import * as ort from 'onnxruntime-node';

export interface SessionOptions {
  /**
   * Threads onnxruntime may use inside the tree operator; default 1. With more, onnxruntime sums
   * a small batch's trees in parallel (another order of float additions than a large batch), so
   * one account scored alone (explain) could differ in the last digit from the same account
   * scored in a sync page; one thread gives every path the same score.
   */
  intraOpThreads?: number;
}

/** One onnxruntime session per loaded model; reuse it for every batch. */
export async function createSession(bytes: Uint8Array, source: string, opts: SessionOptions = {}): Promise<ort.InferenceSession> {
  const threads = opts.intraOpThreads ?? 1;
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
