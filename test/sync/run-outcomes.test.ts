/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
// What a run reports when the org does not confirm its writes, when the session expires, and
// when the API budget runs out during the write: every planned update is counted once as
// written, failed, unknown (sent, unconfirmed) or not attempted, and the next run reconciles.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalOrg, LocalOrgOptionsInput } from '../../src/local-org/index.js';
import { connect } from '../../src/salesforce/connection.js';
import { SCORE_FIELDS } from '../../src/salesforce/score-fields.js';
import { loadScoringModel } from '../../src/model/index.js';
import { summarize, type RunReport } from '../../src/sync/report.js';
import { runSync, type SyncOptions } from '../../src/sync/run.js';
import { buildFixture, cleanup, startOrgWith, scoreSnapshot, syncSession, type Fixture } from './helpers.js';

const FAST_RETRY = { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5, seed: 3 };
const NOW = new Date('2026-11-22T02:00:00.000Z');
const BULK_WRITE = { bulkThreshold: 100, pollIntervalMs: 2, recordRetry: FAST_RETRY };
let f: Fixture;
let reference: Map<string, string>;

beforeAll(async () => {
  f = await buildFixture(600, 31);
  const org = await startOrgWith(f);
  await (await sync(org)).run();
  reference = snapshot(org);
  await org.close();
}, 90_000);
afterAll(() => cleanup(f));

const sync = (org: LocalOrg, extra: Partial<SyncOptions> = {}) => syncSession(org, f, { retry: FAST_RETRY, now: NOW, pollIntervalMs: 2 }, extra);

const snapshot = (org: LocalOrg) => scoreSnapshot(org, f);
const scoredInOrg = (org: LocalOrg) => f.accounts.filter((a) => org.store.get('Account', String(a.Id))![SCORE_FIELDS.score.name] != null).length;
/** every planned update is in exactly one bucket */
const accountedFor = (r: RunReport) => r.accounts.written + r.accounts.failed + r.accounts.unknown + r.accounts.notAttempted;

async function withOrg(opts: LocalOrgOptionsInput, fn: (org: LocalOrg) => Promise<void>) {
  const org = await startOrgWith(f, opts);
  try {
    await fn(org);
  } finally {
    await org.close();
  }
}

/** A run over an OAuth login (no access token handed in), fast polling and retries. */
async function oauthRun(org: LocalOrg, login: Record<string, string>, write: SyncOptions['write']) {
  const { conn, calls } = await connect({ loginUrl: org.url, clientId: org.credentials.clientId, clientSecret: org.credentials.clientSecret, ...login }, FAST_RETRY);
  return runSync({
    conn,
    calls,
    stateDir: await mkdtemp(join(tmpdir(), 'sync-state-')),
    loadModel: () => loadScoringModel(f.modelPath),
    now: () => NOW,
    read: { pollIntervalMs: 2 },
    write,
  });
}

describe('sessions that expire during the run', () => {
  const COLLECTIONS_WRITE = { recordRetry: FAST_RETRY, pollIntervalMs: 2 };
  const cases: { name: string; path: 'collections' | 'bulk'; login: (org: LocalOrg) => Record<string, string>; write: SyncOptions['write'] }[] = [
    { name: 'client credentials', path: 'collections', login: () => ({ grant: 'client_credentials' }), write: COLLECTIONS_WRITE },
    { name: 'client credentials', path: 'bulk', login: () => ({ grant: 'client_credentials' }), write: BULK_WRITE },
    { name: 'username-password', path: 'bulk', login: (org) => ({ username: org.credentials.username, password: org.credentials.password }), write: BULK_WRITE },
  ];
  it.each(cases)('$name, $path write: the session is renewed and every account is written', ({ path, login, write }) =>
    withOrg({ faults: { expireTokensEvery: 4 } }, async (org) => {
      const report = await oauthRun(org, login(org), write);
      expect(report.error).toBeUndefined();
      expect(report.status).toBe('ok');
      expect(report.paths.write).toBe(path);
      expect(report.accounts).toMatchObject({ written: 600, failed: 0, unknown: 0, notAttempted: 0 });
      expect(org.faults.counts.tokenExpiries).toBeGreaterThan(1);
      expect(snapshot(org)).toEqual(reference);
    }),
  );
});

describe('writes the org did not confirm', () => {
  it('Bulk job-status polls answered 503: the accounts are reported unknown (not "0 written"), and the next run reconciles', () =>
    withOrg({ faults: { routes: [{ method: 'GET', path: '/jobs/ingest/[^/]+$', status: 503 }] } }, async (org) => {
      const s = await sync(org, { write: BULK_WRITE });
      const report = await s.run();
      expect(report.status).toBe('failed');
      expect(report.error).toMatch(/status of Bulk ingest job \w+ could not be read/);
      expect(report.accounts).toMatchObject({ changed: 600, written: 0, failed: 0, unknown: 600, notAttempted: 0 });
      expect(report.unconfirmed).toHaveLength(600);
      expect(report.unconfirmed[0]).toMatchObject({ code: 'OUTCOME_UNKNOWN', message: expect.stringMatching(/may have been written/) });
      expect(report.reconcile).toMatch(/next run re-reads the stored score fields/);
      const text = summarize(report);
      expect(text).toContain('0 written, 0 failed, 600 unknown (sent, outcome not confirmed)');
      expect(text).toMatch(/The next run re-reads the stored score fields .*600 unconfirmed/);
      expect(text).toContain('unconfirmed: 600 accounts were sent but their outcome was not confirmed: maybe written');
      // the job did run: the org holds the scores the report could not confirm
      expect(scoredInOrg(org)).toBe(600);

      org.faults.reset();
      const next = await s.run();
      expect(next.status).toBe('ok');
      expect(next.accounts).toMatchObject({ unknown: 0, notAttempted: 0 });
      expect(snapshot(org)).toEqual(reference);
    }));

  it('sObject Collections answered 500 after retries: the chunk in flight is unknown, the rest not attempted', () =>
    withOrg({ faults: { routes: [{ method: 'PATCH', path: '/composite/sobjects$', status: 500 }] } }, async (org) => {
      const s = await sync(org);
      const report = await s.run();
      expect(report.status).toBe('failed');
      expect(report.accounts).toMatchObject({ changed: 600, written: 0, unknown: 200, notAttempted: 400 });
      expect(accountedFor(report)).toBe(600);
      expect(summarize(report)).toContain('200 unknown (sent, outcome not confirmed), 400 not attempted');
      org.faults.reset();
      expect((await s.run()).status).toBe('ok');
      expect(snapshot(org)).toEqual(reference);
    }));
});

describe('the API reserve during the write', () => {
  it('locked-row retries cost more calls than estimated: the write stops before the reserve, reported, and the next run finishes', () =>
    withOrg({ dailyApiLimit: 1000, faults: { lockRowRate: 0.5, seed: 8 } }, async (org) => {
      // calls a run makes before writing, measured with a dry run
      const dry = await (await sync(org)).run({ dryRun: true });
      expect(dry.status).toBe('ok');
      const before = dry.api.calls;
      // leave the reserve (200 of 1000) plus what reading needs plus 5 calls for writing: the
      // up-front estimate for 600 accounts (4 calls) fits, the retries of locked rows do not
      org.limits.used = 1000 - (200 + before + 5);
      const s = await sync(org, { apiReservePercent: 20 });
      const report = await s.run();
      expect(report.status).toBe('failed');
      expect(report.error).toMatch(/^BudgetError: API budget: .*Stopped before going below the reserve/);
      expect(report.accounts.written).toBeGreaterThan(0);
      expect(accountedFor(report)).toBe(report.accounts.changed);
      expect(org.limits.remaining).toBeGreaterThanOrEqual(200);
      // rows still locked when the write stopped are confirmed unwritten, with Salesforce's reason
      expect(report.failures.some((x) => x.code === 'UNABLE_TO_LOCK_ROW' && /not retried: the write stopped/.test(x.message))).toBe(true);
      // locked rows pass on a later run: no advice to fix anything
      expect(summarize(report)).toMatch(/next run re-reads the stored score fields .*failed\) are reconciled then\.$/m);

      // a new day, no more locks: the next run completes
      org.limits.reset();
      org.faults.reset();
      const next = await s.run();
      expect(next.status).toBe('ok');
      expect(snapshot(org)).toEqual(reference);
    }));
});
