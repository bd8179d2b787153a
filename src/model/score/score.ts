import { ort } from './session.js';
import type { LoadedModel } from './load.js';

export interface ScoreOptions {
  /** Rows per onnxruntime call; bounds peak memory on very large orgs. */
  batchRows?: number;
}

export interface ScoreResult {
  /** P(positive) per row. */
  probabilities: Float32Array;
  /** Log-odds per row, log(p1 / p0) from onnxruntime's two columns (keeps precision in both tails). */
  margins: Float64Array;
}

/** What scoring needs of a loaded model: also what a scoring worker thread holds. */
export interface SessionModel {
  session: Pick<LoadedModel['session'], 'run'>;
  inputName: string;
  source: string;
  ensemble: { nFeatures: number };
}

function checkInput(loaded: Pick<SessionModel, 'ensemble' | 'source'>, X: Float32Array, rows: number): number {
  const cols = loaded.ensemble.nFeatures;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`scoreBatch: rows must be a non-negative integer (got ${rows})`);
  if (X.length !== rows * cols) {
    throw new Error(`scoreBatch: ${loaded.source} takes ${cols} features per row; got ${X.length} values for ${rows} rows (expected ${rows * cols})`);
  }
  return cols;
}

/** Scores a row-major float matrix [rows, nFeatures] with the model's onnxruntime session. */
export async function scoreMatrix(loaded: SessionModel, X: Float32Array, rows: number, opts: ScoreOptions = {}): Promise<ScoreResult> {
  const cols = checkInput(loaded, X, rows);
  const probabilities = new Float32Array(rows);
  const margins = new Float64Array(rows);
  const batch = Math.max(1, opts.batchRows ?? 65536);
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    const input = new ort.Tensor('float32', X.subarray(start * cols, (start + n) * cols), [n, cols]);
    const out = await loaded.session.run({ [loaded.inputName]: input }, ['probabilities']);
    const p = out.probabilities.data as Float32Array;
    if (p.length !== n * 2) throw new Error(`${loaded.source}: onnxruntime returned ${p.length} probabilities for ${n} rows (expected ${n * 2})`);
    for (let r = 0; r < n; r++) {
      const p0 = p[2 * r], p1 = p[2 * r + 1];
      probabilities[start + r] = p1;
      margins[start + r] = Math.log(p1) - Math.log(p0);
    }
    out.probabilities.dispose?.();
  }
  return { probabilities, margins };
}

/** Probabilities only. */
export async function scoreBatch(loaded: LoadedModel, X: Float32Array, rows: number, opts: ScoreOptions = {}): Promise<Float32Array> {
  return (await scoreMatrix(loaded, X, rows, opts)).probabilities;
}

/** Margins (log-odds) only. */
export async function marginsBatch(loaded: LoadedModel, X: Float32Array, rows: number, opts: ScoreOptions = {}): Promise<Float64Array> {
  return (await scoreMatrix(loaded, X, rows, opts)).margins;
}
