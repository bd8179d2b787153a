/**
 * The local preview: builds accountScorePanel with LWC OSS, serves it on 127.0.0.1 with the
 * jest fixtures behind a stub getRecord, and checks in headless chromium that each state
 * renders what its fixture says. Screenshots go to out/lwc-screenshots/ for a person to look at.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildPreview, ROOT_DIR } from '../../preview/build.js';
import { startPreviewServer, type PreviewServer } from '../../preview/server.js';
import { captureBoardStates, captureStates, launchChromium, BOARD_STATES, CHROMIUM_PATH, PREVIEW_STATES, type StateCapture } from '../../preview/screenshots.js';
import { FactorsPayloadV1 } from '../../src/salesforce/score-fields.js';

const FIXTURES = join(ROOT_DIR, 'force-app/main/default/lwc/accountScorePanel/__tests__/data');
const OUT = join(ROOT_DIR, 'out/lwc-screenshots');
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
const shown = (n: number) => String(Math.round(n * 10) / 10);

describe('LWC local preview in headless chromium', () => {
  let server: PreviewServer;
  let browser: Browser;
  const captures = new Map<string, StateCapture>();

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    await buildPreview();
    server = await startPreviewServer();
    browser = await launchChromium();
    for (const c of await captureStates(browser, server.url, OUT)) captures.set(c.state, c);
    for (const c of await captureBoardStates(browser, server.url, OUT)) captures.set(`board:${c.state}`, c);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the scored fixture: score, tier, percentile and every factor label and value', () => {
    const data = fixture('scored');
    const c = captures.get('scored')!;
    expect(c.ringLabel).toBe(`Account score ${shown(data.fields.Account_Score__c.value)} out of 100, ${data.fields.Account_Score_Tier__c.value}`);
    expect(c.text).toContain('Top 6% of accounts');
    const factors = FactorsPayloadV1.parse(JSON.parse(data.fields.Account_Score_Factors__c.value));
    for (const f of factors.f) {
      expect(c.text).toContain(f.l);
      expect(c.text).toContain(f.v);
    }
    expect(c.text).toContain('pushes up');
    expect(c.text).toContain('pulls down');
  });

  it('renders ten factors with a falling trend', () => {
    const data = fixture('manyFactors');
    const c = captures.get('manyFactors')!;
    expect(c.ringLabel).toContain(`Account score ${shown(data.fields.Account_Score__c.value)} out of 100`);
    for (const f of FactorsPayloadV1.parse(JSON.parse(data.fields.Account_Score_Factors__c.value)).f) expect(c.text).toContain(f.l);
    expect(c.text).toContain('↓');
  });

  it('renders the empty, bad-factors and error states', () => {
    expect(captures.get('unscored')!.text).toContain('Not scored yet');
    expect(captures.get('malformedFactors')!.ringLabel).toContain('Account score 55 out of 100');
    expect(captures.get('malformedFactors')!.text).toContain('not valid JSON');
    expect(captures.get('unknownVersion')!.text).toContain('format version 2');
    expect(captures.get('sparse')!.text).toContain('No tier');
    expect(captures.get('missingRecord')!.text).toContain('The requested resource does not exist');
  });

  it('writes a non-empty PNG for every state', () => {
    for (const state of PREVIEW_STATES) {
      const png = captures.get(state)!.screenshot;
      expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(png).size).toBeGreaterThan(5000);
    }
  });

  it("renders the team board: every rep with the book size and expected conversions the fixture's aggregate gives, and both lists", () => {
    const data = JSON.parse(readFileSync(join(ROOT_DIR, 'force-app/main/default/lwc/accountScoreBoard/__tests__/data/team.json'), 'utf8'));
    const c = captures.get('board:team')!;
    const totals = new Map<string, { n: number; p: number }>();
    for (const { node } of data.uiapi.aggregate.Account.edges) {
      const a = node.aggregate;
      const t = totals.get(a.OwnerId.value) ?? { n: 0, p: 0 };
      t.n += a.Id.count.value;
      t.p += a.Account_Score_Probability__c.sum.value;
      totals.set(a.OwnerId.value, t);
    }
    for (const { node } of data.uiapi.query.team.edges) {
      const t = totals.get(node.Id)!;
      expect(c.text).toContain(`${node.Name.value}${t.n}`);
      expect(c.text).toContain(t.p.toFixed(1));
    }
    for (const { node } of [...data.uiapi.query.hotNew.edges, ...data.uiapi.query.pool.edges]) expect(c.text).toContain(node.Name.value);
    expect(captures.get('board:manyReps')!.text).toContain('Books by tier (24 reps)');
    expect(captures.get('board:emptyTeam')!.text).toContain('No team to show');
    expect(captures.get('board:missingBoard')!.text).toContain('The board could not be loaded');
    for (const state of BOARD_STATES) expect(statSync(captures.get(`board:${state}`)!.screenshot).size).toBeGreaterThan(5000);
  });
});
