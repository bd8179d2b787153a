/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
import { createHash } from 'node:crypto';
import { describe, it, expect } from '@jest/globals';
import { exportOnnx } from '../../src/model/onnx/export.js';
import { loadScoringModel } from '../../src/model/score/model.js';
import { defaultSpecModelMeta } from '../fixtures/models/default-spec-model.js';
import { randomEnsemble } from '../fixtures/models/random-ensemble.js';

describe('loadScoringModel', () => {
  const { names, meta } = defaultSpecModelMeta();

  it('loads a model whose metadata spec defines its inputs: version, digest of the bytes, labels, value formatting', async () => {
    const ens = randomEnsemble({ trees: 3, depth: 3, features: names.length, seed: 4 });
    const bytes = exportOnnx(ens, { featureNames: names, metadata: meta });
    const m = await loadScoringModel(bytes);
    expect(m.version).toBe('v-test');
    expect(m.digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(m.scale).toEqual({ offset: 50, factor: 10 });
    expect(m.probabilityShift).toBe(0);
    expect(m.featureNames).toEqual(names);
    expect(m.nFeatures).toBe(names.length);
    expect(m.featureLabels).toHaveLength(names.length);
    expect(m.describeValue(0, NaN)).toBe('(missing)');
    expect(m.accountFields).toContain('AnnualRevenue');
    expect(m.accountFields).not.toContain('Id');
    await m.close();
  });

  it('refuses a model with one feature too many for its spec, or without spec, version or score scale', async () => {
    const ens = randomEnsemble({ trees: 2, depth: 2, features: names.length + 1, seed: 4 });
    const bytes = exportOnnx(ens, { featureNames: [...names, 'extra'], metadata: meta });
    await expect(loadScoringModel(bytes)).rejects.toThrow(new RegExp(`takes ${names.length + 1} features but the feature spec defines ${names.length}`));
    const bare = exportOnnx(ens, { featureNames: [...names, 'extra'] });
    await expect(loadScoringModel(bare)).rejects.toThrow(/has no feature spec/);
    const badSpec = exportOnnx(ens, { featureNames: [...names, 'extra'], metadata: { ...meta, 'account_score.feature_spec': '{"version": "nope"}' } });
    await expect(loadScoringModel(badSpec)).rejects.toThrow(/feature spec is invalid/);
    const fits = randomEnsemble({ trees: 2, depth: 2, features: names.length, seed: 4 });
    const { 'account_score.model_version': _v, ...noVersion } = meta;
    await expect(loadScoringModel(exportOnnx(fits, { featureNames: names, metadata: noVersion }))).rejects.toThrow(/has no model version/);
    const { 'account_score.score_scale': _s, ...noScale } = meta;
    await expect(loadScoringModel(exportOnnx(fits, { featureNames: names, metadata: noScale }))).rejects.toThrow(/has no score scale/);
  });

  it('names the file it could not read', async () => {
    await expect(loadScoringModel('/nonexistent/model.onnx')).rejects.toThrow('cannot read model file /nonexistent/model.onnx: ENOENT');
  });
});
