/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { LocalOrg, LocalOrgOptionsInput } from '../../src/local-org/index.js';
import { loadScoringModel } from '../../src/model/index.js';
import type { SyncOptions } from '../../src/sync/run.js';
import { buildFixture, cleanup, FIXTURE_MODEL_VERSION, startOrgWith, scoreSnapshot, syncSession, type Fixture } from './helpers.js';

const FAST_RETRY = { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 10, seed: 9 };
const NOW = new Date('2026-11-21T02:00:00.000Z');
let f: Fixture;
let reference: Map<string, string>;

beforeAll(async () => {
  f = await buildFixture(400);
  const org = await startOrgWith(f);
  await (await sync(org)).run();
  reference = snapshot(org);
  await org.close();
}, 90_000);
afterAll(() => cleanup(f));

const sync = (org: LocalOrg, extra: Partial<SyncOptions> = {}) => syncSession(org, f, { retry: FAST_RETRY, now: NOW, pollIntervalMs: 2 }, extra);

const snapshot = (org: LocalOrg) => scoreSnapshot(org, f);

async function withOrg(opts: LocalOrgOptionsInput, fn: (org: LocalOrg) => Promise<void>) {
  const org = await startOrgWith(f, opts);
  try {
    await fn(org);
  } finally {
    await org.close();
  }
}

describe('read and write paths', () => {
  it('uses Bulk API 2.0 query and ingest above the thresholds, with the same end state', () =>
    withOrg({}, async (org) => {
      const s = await sync(org, { read: { bulkThreshold: 100, bulkPageSize: 250, pollIntervalMs: 2 }, write: { bulkThreshold: 100, pollIntervalMs: 2, recordRetry: FAST_RETRY } });
      const report = await s.run();
      expect(report.paths).toEqual({ accounts: 'bulk', contacts: 'bulk', write: 'bulk' });
      expect(report.accounts.written).toBe(400);
      expect(snapshot(org)).toEqual(reference);
    }));
});

describe('faults', () => {
  it('with 10% of requests failing 503 and 5% of updates UNABLE_TO_LOCK_ROW, every account ends correctly written', () =>
    withOrg({ faults: { unavailableRate: 0.1, lockRowRate: 0.05, seed: 4 } }, async (org) => {
      const s = await sync(org);
      const report = await s.run();
      expect(report.status).toBe('ok');
      expect(report.api.retries).toBeGreaterThan(0);
      expect(org.faults.counts.lockRow).toBeGreaterThan(0);
      expect(snapshot(org)).toEqual(reference);
    }));

  it('the same faults on the Bulk paths', () =>
    withOrg({ faults: { unavailableRate: 0.1, lockRowRate: 0.05, seed: 5 } }, async (org) => {
      const s = await sync(org, { read: { bulkThreshold: 100, pollIntervalMs: 2 }, write: { bulkThreshold: 100, pollIntervalMs: 2, recordRetry: FAST_RETRY } });
      const report = await s.run();
      expect(report.status).toBe('ok');
      expect(snapshot(org)).toEqual(reference);
    }));
});

describe('crash and restart', () => {
  const points = ['settings', 'model', 'contacts', 'read', 'score', 'plan', 'checkpoint'];
  it.each(points)('killed at %s, then restarted: same end state as an uninterrupted run', (point) =>
    withOrg({}, async (org) => {
      const s = await sync(org);
      const crashed = await s.run({ crashPoint: (p) => { if (p === point) throw new Error(`simulated crash at ${p}`); } });
      expect(crashed.status).toBe('failed');
      const after = await s.run();
      expect(after.status).toBe('ok');
      expect(after.resumed).toBe(point === 'checkpoint');
      expect(snapshot(org)).toEqual(reference);
    }));

  it('a checkpoint written under model A is discarded when model B (same version string, other bytes) is loaded', async () => {
    // B: other trees, the same version string as A
    const other = await buildFixture(300, { model: 'b' });
    try {
      await withOrg({}, async (org) => {
        const s = await sync(org);
        const crashed = await s.run({ crashPoint: (p) => { if (p === 'checkpoint') throw new Error('simulated crash after the plan'); } });
        expect(crashed.status).toBe('failed');
        const messages: string[] = [];
        const withB = await s.run({ loadModel: () => loadScoringModel(other.modelPath), progress: (m) => messages.push(m) });
        expect(withB.status).toBe('ok');
        expect(withB.modelVersion).toBe(FIXTURE_MODEL_VERSION);
        expect(withB.resumed).toBe(false);
        expect(messages.some((m) => m.startsWith('discarding a stale checkpoint'))).toBe(true);
        // what was written is B's scoring: a second B run finds nothing to change
        const again = await s.run({ loadModel: () => loadScoringModel(other.modelPath) });
        expect(again.accounts.changed).toBe(0);
        expect(snapshot(org)).not.toEqual(reference);
      });
    } finally {
      await cleanup(other);
    }
  }, 60_000);

  it('killed mid-write at random request numbers, restarted until done: resumes from the checkpoint and converges', () =>
    withOrg({}, async (org) => {
      const s = await sync(org, { write: { bulkThreshold: 10_000, recordRetry: FAST_RETRY, pollIntervalMs: 2 }, writeChunk: 200 });
      let seed = 17;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      let resumedRuns = 0;
      for (let attempt = 0; attempt < 20; attempt++) {
        // each attempt dies at a random request during the read, or right after a random confirmed write batch
        const killAt = s.calls.count + 1 + Math.floor(rand() * 12);
        s.calls.onRequest = (req) => {
          if (req.method === 'GET' && s.calls.count + 1 >= killAt) throw new Error('simulated kill');
        };
        const r = await s.run({
          crashPoint: (p) => {
            if (p === 'written' && rand() < 0.5) throw new Error('simulated kill mid-write');
          },
        });
        s.calls.onRequest = undefined;
        if (r.resumed) resumedRuns++;
        if (r.status === 'ok') break;
      }
      const final = await s.run();
      expect(final.status).toBe('ok');
      expect(final.accounts.changed).toBe(0);
      expect(resumedRuns).toBeGreaterThan(0);
      expect(snapshot(org)).toEqual(reference);
    }));
});
