// Shared fixtures for the sync tests: a local org filled by the generator, and a small real
// model (features fitted + GBDT trained + ONNX exported) built once per test file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createContactAggregator,
  defaultFeatureSpec,
  encodeBatch,
  featureNames,
  fitFeatureSpec,
  type AccountInput,
} from '../../src/features/index.js';
import { generateOrg } from '../../src/local-org/generate/index.js';
import { startLocalOrg, type LocalOrg, type LocalOrgOptionsInput } from '../../src/local-org/index.js';
import { exportOnnx, fitScoreScale, META } from '../../src/model/index.js';
import { predictMargin, trainGbdt } from '../../src/model/train/index.js';
import { connect } from '../../src/salesforce/connection.js';
import type { RetryPolicy } from '../../src/salesforce/retry.js';
import { loadScoringModel } from '../../src/model/index.js';
import { runSync, type SyncOptions } from '../../src/sync/run.js';
import { scoreOrgFields } from '../helpers/score-org.js';

export interface Fixture {
  dir: string;
  accounts: Record<string, unknown>[];
  contacts: Record<string, unknown>[];
  modelPath: string;
}

/** Generated accounts + contacts, and a model trained on them (20 small trees: fast, real). */
export async function buildFixture(accounts: number, seed = 7, version = 'test-model-1'): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'sync-test-'));
  const accs: Record<string, unknown>[] = [];
  const cons: Record<string, unknown>[] = [];
  for (const g of generateOrg({ seed, accounts, calibrationSample: 1000 })) {
    accs.push(g.account);
    cons.push(...(g.contacts as unknown as Record<string, unknown>[]));
  }
  const spec = defaultFeatureSpec();
  const agg = createContactAggregator(spec);
  for (const c of cons) agg.add(c);
  const inputs: AccountInput[] = accs.map((a) => ({ account: a, contacts: agg.get(String(a.Id)) }));
  const fitted = fitFeatureSpec(spec, inputs);
  const enc = encodeBatch(fitted, inputs);
  const y = Uint8Array.from(accs, (a) => (a.Converted_To_SQL__c ? 1 : 0));
  const { ensemble } = trainGbdt(enc.data, enc.rows, enc.cols, y, { nEstimators: 20, maxDepth: 4, maxLeaves: 8, learningRate: 0.2, seed: 1 });
  const scale = fitScoreScale(predictMargin(ensemble, enc.data, enc.rows, enc.cols));
  const bytes = exportOnnx(ensemble, {
    featureNames: featureNames(fitted),
    metadata: {
      [META.featureSpec]: JSON.stringify(fitted),
      [META.modelVersion]: version,
      [META.scoreScale]: JSON.stringify(scale),
    },
  });
  const modelPath = join(dir, 'model.onnx');
  await writeFile(modelPath, bytes);
  return { dir, accounts: accs, contacts: cons, modelPath };
}

/** A local org holding the fixture's records. */
export async function startOrgWith(f: Fixture, options: LocalOrgOptionsInput = {}): Promise<LocalOrg> {
  const org = await startLocalOrg({ bulkPollDelayMs: 5, ...(options.store ? {} : { extraFields: scoreOrgFields() }), ...options });
  org.store.addRecords('Account', f.accounts);
  org.store.addRecords('Contact', f.contacts);
  return org;
}

export async function cleanup(f: Fixture | undefined): Promise<void> {
  if (f) await rm(f.dir, { recursive: true, force: true });
}

export interface SessionSettings {
  /** connection retries and the writer's per-record retries */
  retry: RetryPolicy;
  /** the sync's clock */
  now: Date;
  /** Bulk API polling, reads and writes */
  pollIntervalMs: number;
}

/**
 * A connection to the org (token issued directly) and `run`, a runSync bound to it, the
 * fixture's model, a fixed clock, fast polling and retries, and a fresh state dir unless
 * `extra.stateDir` is given; `extra` and run's argument override any option.
 */
export async function syncSession(org: LocalOrg, f: Fixture, s: SessionSettings, extra: Partial<SyncOptions> = {}) {
  const { conn, calls } = await connect({ instanceUrl: org.url, accessToken: org.issueToken() }, s.retry);
  const stateDir = extra.stateDir ?? (await mkdtemp(join(tmpdir(), 'sync-state-')));
  const base: SyncOptions = {
    conn,
    calls,
    stateDir,
    loadModel: () => loadScoringModel(f.modelPath),
    now: () => s.now,
    write: { recordRetry: s.retry, pollIntervalMs: s.pollIntervalMs },
    read: { pollIntervalMs: s.pollIntervalMs },
    ...extra,
  };
  return { conn, calls, stateDir, run: (o: Partial<SyncOptions> = {}) => runSync({ ...base, ...o }) };
}
