import type { TrainingScores } from '../model/index.js';

/**
 * What the sync needs from a model, narrowed so the run does not depend on how the model
 * and feature modules are organised. `adaptLoadedModel` (model-adapter.ts) builds one from
 * the shipped ONNX model + feature spec.
 */
export interface ContactSink {
  add(contact: Record<string, unknown>): boolean;
}

/** Where the run's model came from, for the report (the org's active model, the shipped one, a file). */
export interface ModelOrigin {
  kind: 'org' | 'shipped' | 'file';
  note: string;
}

export interface ScoringModel {
  /** written to Account_Score_Model_Version__c and the factors payload */
  version: string;
  /** sha256 of the model file's bytes: tells apart two models that share a version string */
  digest: string;
  /** Account fields the features read (Id excluded) */
  accountFields: readonly string[];
  /** Contact fields to aggregate (AccountId included); empty when the spec ignores contacts */
  contactFields: readonly string[];
  nFeatures: number;
  featureIds: readonly string[];
  featureLabels: readonly string[];
  /** score points = clamp(offset + factor * margin, 0, 100) */
  scale: { offset: number; factor: number };
  newContactAggregator(): ContactSink & { get(accountId: string): unknown };
  /** Encodes accounts (with their contact aggregates) as a row-major [rows, nFeatures] matrix. */
  encode(accounts: readonly Record<string, unknown>[], contacts: ReturnType<ScoringModel['newContactAggregator']>): Float32Array;
  /** Log-odds per row. */
  margins(X: Float32Array, rows: number): Promise<Float64Array>;
  /** TreeSHAP for one row: per-feature log-odds contributions and the expected margin. */
  explain(x: Float32Array): { base: number; phi: ArrayLike<number> };
  /** A batch explainer (worker threads) for many rows; the caller closes it. Same values as explain. */
  openExplainer(): Promise<BatchExplainer>;
  /** the training population's score deciles (drift is measured against them); absent in older models */
  trainingScores?: TrainingScores;
  /** set by whoever resolved the model (see model-source.ts) */
  origin?: ModelOrigin;
  /** Human-readable value of feature `index` for the factors payload, e.g. "$40M", "(missing)". */
  describe(index: number, value: number): string;
}

export interface BatchExplainer {
  /** TreeSHAP for rows [0, rows) of X: row r is out[r*(nFeatures+1) .. +nFeatures], then the expected margin. */
  run(X: Float32Array, rows: number): Promise<Float64Array>;
  close(): Promise<void>;
}
