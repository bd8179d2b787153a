/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
import { describe, it, expect } from '@jest/globals';
import { defaultFeatureSpec, fitFeatureSpec, featureNames } from '../../src/features/index.js';
import { exportOnnx } from '../../src/model/onnx/export.js';
import { loadAccountScoreModel } from '../../src/model/score/load-account-model.js';
import { randomEnsemble } from '../fixtures/models/random-ensemble.js';

describe('loadAccountScoreModel', () => {
  const fitted = fitFeatureSpec(defaultFeatureSpec(), []);
  const names = featureNames(fitted);

  it('loads a model whose metadata spec defines its inputs, with labels and value formatting', async () => {
    const ens = randomEnsemble({ trees: 3, depth: 3, features: names.length, seed: 4 });
    const bytes = exportOnnx(ens, { featureNames: names, metadata: { 'account_score.feature_spec': JSON.stringify(fitted) } });
    const m = await loadAccountScoreModel(bytes);
    expect(m.featureNames).toEqual(names);
    expect(m.featureLabels).toHaveLength(names.length);
    expect(m.describeValue(0, NaN)).toBe('(missing)');
    await m.session.release();
  });

  it('refuses a model with one feature too many for its spec, or with no spec', async () => {
    const ens = randomEnsemble({ trees: 2, depth: 2, features: names.length + 1, seed: 4 });
    const bytes = exportOnnx(ens, { featureNames: [...names, 'extra'], metadata: { 'account_score.feature_spec': JSON.stringify(fitted) } });
    await expect(loadAccountScoreModel(bytes)).rejects.toThrow(new RegExp(`takes ${names.length + 1} features but the feature spec defines ${names.length}`));
    const bare = exportOnnx(ens, { featureNames: [...names, 'extra'] });
    await expect(loadAccountScoreModel(bare)).rejects.toThrow(/has no feature spec/);
    const badSpec = exportOnnx(ens, { featureNames: [...names, 'extra'], metadata: { 'account_score.feature_spec': '{"version": "nope"}' } });
    await expect(loadAccountScoreModel(badSpec)).rejects.toThrow(/feature spec is invalid/);
  });
});
