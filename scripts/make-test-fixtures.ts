/**
 * Regenerates the checked-in test fixtures, so scoring tests need no training of their own:
 *   test/fixtures/org/             a generated org (1,000 accounts, seed 7, 20% converters)
 *   test/fixtures/models/fixture-a.onnx, fixture-b.onnx
 *                                  two small models trained on it by the real pipeline, with the
 *                                  same version string and different trees (a same-day retrain)
 *
 *   node --import tsx scripts/make-test-fixtures.ts
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOrgDir } from '../src/local-org/generate/index.js';
import { trainModelFromOrg } from '../src/model/pipeline/index.js';

const ROOT = join(import.meta.dirname, '..');
const ORG = join(ROOT, 'test/fixtures/org');
const MODELS = join(ROOT, 'test/fixtures/models');
export const FIXTURE = { accounts: 1000, seed: 7, positiveRate: 0.2, version: 'fixture-1' } as const;

const tmp = await mkdtemp(join(tmpdir(), 'fixtures-'));
try {
  await rm(ORG, { recursive: true, force: true });
  await writeOrgDir(ORG, { seed: FIXTURE.seed, accounts: FIXTURE.accounts, positiveRate: FIXTURE.positiveRate, calibrationSample: 1000 }, { truthFile: join(tmp, 'truth.csv') });
  // a fixed training date keeps the files identical from one regeneration to the next
  const now = new Date('2026-01-01T00:00:00Z');
  for (const [name, seed] of [['fixture-a', 1], ['fixture-b', 2]] as const) {
    const out = join(tmp, name);
    await trainModelFromOrg({ orgDir: ORG, label: 'Converted_To_SQL__c', outDir: out, folds: 2, seed, modelVersion: FIXTURE.version, now, params: { nEstimators: 40, maxDepth: 3, maxLeaves: 8 } });
    await copyFile(join(out, 'account-score.onnx'), join(MODELS, `${name}.onnx`));
    console.log(`wrote ${join(MODELS, `${name}.onnx`)}`);
  }
  console.log(`wrote ${ORG}`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}
