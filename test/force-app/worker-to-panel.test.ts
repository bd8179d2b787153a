// The contract between the worker and the Account page: what a real sync writes to the score
// fields (through jsforce, into the local org) must render in the panel as a scored account
// with its factors, never as the panel's "cannot show the factors" state.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LocalOrg } from '../../src/local-org/index.js';
import { FactorsPayloadV1, SCORE_FIELDS, SCORE_FIELD_NAMES } from '../../src/salesforce/score-fields.js';
import { buildFixture, cleanup, FIXTURE_MODEL_VERSION, startOrgWith, syncSession, type Fixture } from '../sync/helpers.js';

interface PanelFactor { label: string; value: string; points: string; direction: string }
interface Panel {
  state: string;
  scoreText?: string;
  tier?: string | null;
  percentileText?: string | null;
  modelVersion?: string | null;
  factors?: PanelFactor[];
  factorsProblem?: string | null;
}
type BuildPanel = (input: { record: unknown; locale?: string; timeZone?: string }) => Panel;

describe('what the worker writes, the Account panel shows', () => {
  let fixture: Fixture;
  let org: LocalOrg;
  let buildPanel: BuildPanel;
  let tmp: string;

  beforeAll(async () => {
    // force-app is CommonJS-typed for sfdx-lwc-jest; load the pure view model as the ES module it is.
    tmp = await mkdtemp(join(tmpdir(), 'panel-model-'));
    const copy = join(tmp, 'panelModel.mjs');
    await copyFile('force-app/main/default/lwc/accountScorePanel/panelModel.js', copy);
    ({ buildPanel } = (await import(pathToFileURL(copy).href)) as { buildPanel: BuildPanel });
    fixture = await buildFixture(400);
    org = await startOrgWith(fixture);
    const session = await syncSession(org, fixture, {
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      now: new Date('2026-11-02T03:00:00Z'),
      pollIntervalMs: 5,
    });
    const report = await session.run();
    expect(report.status).toBe('ok');
    expect(report.accounts.written).toBe(400);
  });

  afterAll(async () => {
    await org?.close();
    await cleanup(fixture);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('renders every scored account with its score, tier, percentile and factors', () => {
    let withFactors = 0;
    for (const row of org.store.iterate('Account')) {
      const r = row as Record<string, unknown>;
      // getRecord's shape: {fields: {Api_Name: {value, displayValue}}}
      const fields = Object.fromEntries(SCORE_FIELD_NAMES.map((n) => [n, { value: r[n] ?? null, displayValue: null }]));
      const panel = buildPanel({ record: { apiName: 'Account', id: r.Id, fields }, locale: 'en-US', timeZone: 'UTC' });

      expect(panel.state).toBe('scored');
      // the panel shows one decimal
      expect(Math.abs(Number(panel.scoreText) - Number(r[SCORE_FIELDS.score.name]))).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(panel.tier).toBe(r[SCORE_FIELDS.tier.name]);
      expect(panel.modelVersion).toBe(FIXTURE_MODEL_VERSION);
      const pct = r[SCORE_FIELDS.percentile.name] as number;
      expect(panel.percentileText).toBe(pct >= 50 ? `Top ${101 - pct}% of accounts` : `Bottom ${pct}% of accounts`);
      expect(panel.factorsProblem).toBeNull();

      const payload = FactorsPayloadV1.parse(JSON.parse(String(r[SCORE_FIELDS.factors.name])));
      expect(panel.factors?.map((f) => f.label)).toEqual(payload.f.map((f) => f.l));
      expect(panel.factors?.map((f) => f.value)).toEqual(payload.f.map((f) => f.v));
      for (const [i, f] of (panel.factors ?? []).entries()) {
        expect(f.direction).toBe(payload.f[i].c > 0 ? 'pushes up' : payload.f[i].c < 0 ? 'pulls down' : 'no effect');
      }
      if (payload.f.length > 0) withFactors++;
    }
    expect(withFactors).toBe(400);
  });
});
