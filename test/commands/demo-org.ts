// 20% converters: at 600 accounts and 10%, the regularised default params can learn no split (flat scores).
import path from 'node:path';
import { writeOrgDir } from '../../src/local-org/generate/index.js';
import { trainModelFromOrg } from '../../src/model/pipeline/index.js';

/**
 * A small synthetic org on disk and a model trained on it by the real pipeline, so org
 * command tests score with a genuine feature spec (they don't depend on the shipped model).
 */
export async function smallOrgWithModel(dir: string, accounts = 600): Promise<{ orgDir: string; modelFile: string }> {
  const orgDir = path.join(dir, 'org');
  await writeOrgDir(orgDir, { seed: 7, accounts, positiveRate: 0.2, calibrationSample: 1000 }, { truthFile: path.join(dir, 'truth.csv') });
  const trained = await trainModelFromOrg({ orgDir, label: 'Converted_To_SQL__c', outDir: path.join(dir, 'model'), folds: 2, seed: 1, modelVersion: 'test-1' });
  return { orgDir, modelFile: trained.onnxPath };
}
