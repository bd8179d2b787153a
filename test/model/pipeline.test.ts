/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile, mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOrgDir } from '../../src/local-org/generate/index.js';
import { readTruthFile } from '../../src/local-org/generate/auc.js';
import { defaultFeatureSpec } from '../../src/features/index.js';
import { trainModelFromOrg, evaluateModelOnOrg, readOrgDir } from '../../src/model/pipeline/index.js';
import { loadModel, META } from '../../src/model/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipeline-'));
  await writeOrgDir(join(dir, 'seed5'), { seed: 5, accounts: 3000, positiveRate: 0.1, calibrationSample: 2000 }, { truthFile: join(dir, 'seed5.truth.csv') });
  await writeOrgDir(join(dir, 'seed6'), { seed: 6, accounts: 2000, positiveRate: 0.1, calibrationSample: 2000 }, { truthFile: join(dir, 'seed6.truth.csv') });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('training pipeline', () => {
  it('trains from an org directory, ships a self-describing ONNX model and a model card, and scores a fresh org', async () => {
    const out = join(dir, 'model');
    const r = await trainModelFromOrg({
      orgDir: join(dir, 'seed5'),
      label: 'Converted_To_SQL__c',
      outDir: out,
      folds: 3,
      params: { nEstimators: 150, learningRate: 0.15, maxDepth: 3, maxLeaves: 8 },
      earlyStoppingRounds: 10,
      now: new Date('2026-01-02T00:00:00Z'),
    });
    expect(r.report.data.accounts).toBe(3000);
    expect(r.report.data.generatorSeed).toBe('5');
    expect(r.report.holdout.gbdt.rocAuc).toBeGreaterThan(0.6);
    expect((await stat(r.onnxPath)).size).toBe(r.onnxBytes);

    const loaded = await loadModel(r.onnxPath);
    // date + content hash, so a same-day retrain gets a new version
    expect(loaded.modelVersion).toMatch(/^gbdt-2026-01-02-[0-9a-f]{8}$/);
    expect(loaded.scoreScale!.factor).toBeGreaterThan(0);
    expect(loaded.ensemble.trees).toHaveLength(r.report.model.trees);
    const metrics = JSON.parse(loaded.metadata[META.metrics]);
    expect(metrics.holdout.rocAuc).toBeCloseTo(r.report.holdout.gbdt.rocAuc, 10);
    expect(metrics.data.generatorSeed).toBe('5');
    loaded.session.release?.();

    const md = await readFile(join(out, 'MODEL_CARD.md'), 'utf8');
    expect(md).toMatch(/Synthetic generator seed \| 5/);
    expect(md).toMatch(/Mean \|SHAP\|/);
    await stat(join(out, 'charts', 'roc.svg'));

    const e = await evaluateModelOnOrg({ modelPath: r.onnxPath, orgDir: join(dir, 'seed6'), truth: { ...(await readTruthFile(join(dir, 'seed6.truth.csv'))), source: 'seed6.truth.csv' }, label: 'Converted_To_SQL__c' });
    expect(e.accounts).toBe(2000);
    expect(e.rocAuc).toBeGreaterThan(0.6);
    expect(e.bestAchievableAuc).toBeGreaterThan(e.rocAuc - 0.05);
    expect(e.maxMarginDiff).toBeLessThan(1e-4);
    expect(e.lift[1].fraction).toBe(0.1);
  });
});

describe('readOrgDir', () => {
  const spec = defaultFeatureSpec();
  it('names the file and line of a malformed record, and the account of a bad label', async () => {
    const bad = join(dir, 'bad');
    await mkdir(bad, { recursive: true });
    await writeFile(join(bad, 'Account.ndjson'), '{"Id":"001000000000000AAA","Converted_To_SQL__c":true}\n{"Id": oops}\n');
    await expect(readOrgDir(bad, spec, { label: 'Converted_To_SQL__c' })).rejects.toThrow(/Account\.ndjson:2 is not valid JSON/);
    await writeFile(join(bad, 'Account.ndjson'), '{"Id":"001000000000000AAA","Converted_To_SQL__c":true}\n\n{"Id":"001000000000001AAA","Converted_To_SQL__c":"maybe"}\n');
    await expect(readOrgDir(bad, spec, { label: 'Converted_To_SQL__c' })).rejects.toThrow(/Account\.ndjson:3: Account 001000000000001AAA field Converted_To_SQL__c is "maybe"; a label must be/);
    await expect(readOrgDir(join(dir, 'nowhere'), spec)).rejects.toThrow(/no Account\.ndjson/);
  });

  it('reads accounts with a 50 KB note and emoji, and accounts without contacts', async () => {
    const ok = join(dir, 'ok');
    await mkdir(ok, { recursive: true });
    const note = 'Raised Series B 🚀 '.repeat(3000);
    await writeFile(join(ok, 'Account.ndjson'), [JSON.stringify({ Id: '001000000000000AAA', Researcher_Notes__c: note, Converted_To_SQL__c: false }), JSON.stringify({ Id: '001000000000001AAA', Converted_To_SQL__c: true })].join('\n'));
    const r = await readOrgDir(ok, spec, { label: 'Converted_To_SQL__c' });
    expect(r.ids).toEqual(['001000000000000AAA', '001000000000001AAA']);
    expect(Array.from(r.labels!)).toEqual([0, 1]);
    expect(r.contacts).toBe(0);
  });
});
