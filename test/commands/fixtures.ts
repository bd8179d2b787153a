import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportOnnx, META, type Ensemble } from '../../src/model/index.js';

/** A temp directory for one test file's outputs. */
export const tempDir = (prefix: string): string => mkdtempSync(path.join(tmpdir(), `${prefix}-`));

/**
 * A two-feature, two-tree model written the way the trainer writes one (version, training
 * date and metrics in metadata_props), so command tests don't depend on the shipped model.
 */
export function writeTinyModel(dir: string, metadata: Record<string, string> = {}): string {
  const ensemble: Ensemble = {
    nFeatures: 2,
    baseScore: -1,
    trees: [
      { feature: [0, -1, -1], threshold: [10, 0, 0], left: [1, -1, -1], right: [2, -1, -1], missingLeft: [1, 0, 0], value: [0, -0.5, 0.8], cover: [100, 60, 40] },
      { feature: [1, -1, -1], threshold: [0.5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], missingLeft: [0, 0, 0], value: [0, -0.2, 0.4], cover: [100, 70, 30] },
    ],
  };
  const bytes = exportOnnx(ensemble, {
    featureNames: ['employees', 'series_b'],
    metadata: {
      [META.modelVersion]: 'tiny-1',
      [META.trainedAt]: '2026-11-01T10:00:00.000Z',
      [META.metrics]: JSON.stringify({ holdout: { auc: 0.81, averagePrecision: 0.42 }, positives: 120 }),
      ...metadata,
    },
  });
  const file = path.join(dir, 'tiny.onnx');
  writeFileSync(file, bytes);
  return file;
}
