import { readFile } from 'node:fs/promises';
import type { InferenceSession } from 'onnxruntime-node';
import { parseJson } from '../../util/json.js';
import type { Ensemble } from '../ensemble.js';
import { importOnnx } from '../onnx/import.js';
import { exportOnnx, INPUT_NAME } from '../onnx/export.js';
import { META, decodeCovers, parseScoreScale, type ScoreScale } from '../onnx/metadata.js';
import { computeCovers, halfSplitCovers } from '../shap/covers.js';
import { createSession, type SessionOptions } from './session.js';

export type CoversSource = 'metadata' | 'hitrates' | 'background' | 'uniform';

export interface LoadedModel<Spec = unknown> {
  /** Where the model came from (file path or 'bytes'); used in error messages. */
  source: string;
  ensemble: Ensemble;
  featureNames: string[];
  /** The feature spec: opts.spec, else the JSON in metadata (validated by opts.parseSpec when given). */
  spec: Spec | undefined;
  metadata: Record<string, string>;
  scoreScale: ScoreScale | undefined;
  modelVersion: string | undefined;
  /** How TreeSHAP covers were obtained; 'uniform' means explanations are approximate. */
  coversSource: CoversSource;
  session: InferenceSession;
  /** the ONNX bytes the session runs (for another session on a worker thread: same bytes, same options, same digits) */
  sessionBytes: Uint8Array;
  sessionOptions: SessionOptions;
  inputName: string;
  /** True when the file was re-exported in canonical form (e.g. onnxmltools output with ZipMap). */
  normalised: boolean;
}

export interface LoadOptions<Spec> extends SessionOptions {
  /** A feature spec given beside the model (overrides the one in metadata). */
  spec?: unknown;
  /** Validates/parses the spec JSON (e.g. the features module's FeatureSpec schema .parse). */
  parseSpec?: (raw: unknown) => Spec;
  /** Feature names (in model input order) that a spec produces; used to check the input width. */
  specFeatureNames?: (spec: Spec) => string[];
  /** Names to use when neither metadata nor spec provide them. */
  featureNames?: string[];
  /** Background rows (row-major, nFeatures wide) to compute covers when the file has none. */
  background?: { X: ArrayLike<number>; rows: number };
  /** What to call bytes in messages (e.g. the file they were read from). */
  sourceName?: string;
}

/**
 * The ONNX layer under loadScoringModel (score/model.ts), which is what product code calls:
 * imports an ONNX tree-ensemble model, checks it against its feature spec, and opens an
 * onnxruntime session. Refuses (before anything is scored) a model whose input width differs
 * from the spec's feature count. Files not written by exportOnnx (e.g. onnxmltools exports
 * ending in ZipMap, whose sequence<map> output onnxruntime-node cannot return) are re-exported
 * from the imported ensemble, so scoring always runs the canonical graph.
 */
export async function loadModel<Spec = unknown>(pathOrBytes: string | Uint8Array, opts: LoadOptions<Spec> = {}): Promise<LoadedModel<Spec>> {
  const source = typeof pathOrBytes === 'string' ? pathOrBytes : (opts.sourceName ?? 'model bytes');
  const bytes = typeof pathOrBytes === 'string' ? await readModelFile(pathOrBytes) : pathOrBytes;
  if (bytes.length === 0) throw new Error(`${source} is empty, not an ONNX model`);

  const imp = importOnnx(bytes, source);
  const { ensemble, metadata } = imp;

  const rawSpec = opts.spec ?? parseJsonMeta(metadata, META.featureSpec, source);
  let spec: Spec | undefined;
  if (rawSpec !== undefined) {
    try {
      spec = opts.parseSpec ? opts.parseSpec(rawSpec) : (rawSpec as Spec);
    } catch (e) {
      throw new Error(`${source}: feature spec is invalid: ${(e as Error).message}`);
    }
  }
  const metaNames = parseJsonMeta(metadata, META.featureNames, source) as string[] | undefined;
  if (metaNames !== undefined && (!Array.isArray(metaNames) || metaNames.some((n) => typeof n !== 'string'))) {
    throw new Error(`${source}: metadata ${META.featureNames} must be a JSON array of strings`);
  }
  const specNames = spec !== undefined && opts.specFeatureNames ? opts.specFeatureNames(spec) : undefined;
  const found = imp.declaredFeatureCount ?? ensemble.nFeatures;
  const expectedNames = specNames ?? metaNames ?? opts.featureNames;
  if (expectedNames && expectedNames.length !== found) {
    const what = specNames ? 'the feature spec defines' : metaNames ? `metadata ${META.featureNames} lists` : 'the given feature names are';
    throw new Error(`${source} does not match its features: the model input '${imp.inputName}' takes ${found} features but ${what} ${expectedNames.length}; refusing to score`);
  }
  if (specNames && metaNames && specNames.some((n, i) => n !== metaNames[i])) {
    const i = specNames.findIndex((n, k) => n !== metaNames[k]);
    throw new Error(`${source}: feature ${i} is '${metaNames[i]}' in the model but '${specNames[i]}' in the spec; refusing to score`);
  }
  const featureNames = expectedNames ?? Array.from({ length: found }, (_, i) => `f${i}`);
  ensemble.nFeatures = found;

  let coversSource: CoversSource;
  if (metadata[META.covers] !== undefined) {
    decodeCovers(metadata[META.covers], ensemble).forEach((c, t) => (ensemble.trees[t].cover = c));
    coversSource = 'metadata';
  } else if (imp.hitrates && imp.hitrates.every((h, t) => h[0] > 0 && h.length === ensemble.trees[t].feature.length)) {
    imp.hitrates.forEach((h, t) => (ensemble.trees[t].cover = h));
    coversSource = 'hitrates';
  } else if (opts.background) {
    computeCovers(ensemble, opts.background.X, opts.background.rows);
    coversSource = 'background';
  } else {
    halfSplitCovers(ensemble);
    coversSource = 'uniform';
  }

  const canonical = metadata[META.format] === '1' && imp.producerName === 'account-score' && imp.inputName === INPUT_NAME;
  const runBytes = canonical
    ? bytes
    : exportOnnx(ensemble, { featureNames, metadata, docString: `normalised from ${source}` });
  const session = await createSession(runBytes, source, opts);
  return {
    source,
    ensemble,
    featureNames,
    spec,
    metadata,
    scoreScale: parseScoreScale(metadata[META.scoreScale]),
    modelVersion: metadata[META.modelVersion],
    coversSource,
    session,
    sessionBytes: runBytes,
    sessionOptions: { intraOpThreads: opts.intraOpThreads },
    inputName: INPUT_NAME,
    normalised: !canonical,
  };
}

/** A model file's bytes; the error names the file and why it could not be read. */
export async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new Error(`cannot read model file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function parseJsonMeta(metadata: Record<string, string>, key: string, source: string): unknown {
  const text = metadata[key];
  return text === undefined ? undefined : parseJson(text, `${source}: metadata ${key}`);
}
