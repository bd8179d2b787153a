import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OrgStore } from '../../src/local-org/store.js';
import { isValidId } from '../../src/local-org/ids.js';
import { generateOrg, writeOrgDir } from '../../src/local-org/generate/index.js';
import { STANDARD_STAGES } from '../../src/local-org/opportunity-stages.js';

const DAY = 86_400_000;
const ms = (s: unknown) => Date.parse(String(s));
const strip = (g: { account: unknown; contacts: unknown; propensity: number }) => JSON.stringify([g.account, g.contacts, g.propensity]);

describe('generateOrg opportunities: true', () => {
  const N = 4000;
  const asOf = Date.parse('2026-11-01T00:00:00Z');
  const withOpps = [...generateOrg({ seed: 17, accounts: N, positiveRate: 0.1, calibrationSample: 1000, opportunities: true })];

  it('leaves accounts, contacts and labels exactly as without opportunities, and is deterministic', () => {
    const without = [...generateOrg({ seed: 17, accounts: N, positiveRate: 0.1, calibrationSample: 1000 })];
    expect(without.every((g) => g.opportunities.length === 0)).toBe(true);
    expect(withOpps.map(strip)).toEqual(without.map(strip));
    const again = [...generateOrg({ seed: 17, accounts: 300, positiveRate: 0.1, calibrationSample: 1000, opportunities: true })];
    expect(JSON.stringify(again.map((g) => g.opportunities))).toBe(JSON.stringify(withOpps.slice(0, 300).map((g) => g.opportunities)));
  });

  it('gives converted accounts an Opportunity 0-60 days after conversion and a few others noise; stages and flags agree', () => {
    const converted = withOpps.filter((g) => g.account.Converted_To_SQL__c === true);
    const others = withOpps.filter((g) => g.account.Converted_To_SQL__c !== true);
    const stageOf = new Map(STANDARD_STAGES.map((s) => [s.name, s]));
    const ids = new Set<string>();
    for (const g of withOpps) {
      for (const o of g.opportunities) {
        expect(isValidId(String(o.Id)) && String(o.Id).startsWith('006')).toBe(true);
        ids.add(String(o.Id));
        expect(o.AccountId).toBe(g.account.Id);
        const st = stageOf.get(String(o.StageName))!;
        expect(st).toBeDefined();
        expect([o.IsClosed, o.IsWon, o.Probability]).toEqual([st.isClosed, st.isWon, st.probability]);
        expect(ms(o.CreatedDate)).toBeLessThanOrEqual(asOf);
        expect(ms(o.CreatedDate)).toBeGreaterThanOrEqual(ms(g.account.CreatedDate));
      }
    }
    expect(ids.size).toBe(withOpps.reduce((n, g) => n + g.opportunities.length, 0));
    for (const g of converted) {
      expect(g.opportunities.length).toBeLessThanOrEqual(1);
      for (const o of g.opportunities) {
        const days = (ms(o.CreatedDate) - ms(`${String(g.account.Converted_To_SQL_Date__c)}T00:00:00Z`)) / DAY;
        expect(days).toBeGreaterThanOrEqual(0);
        expect(days).toBeLessThan(61);
      }
    }
    const convertedWithOpp = converted.filter((g) => g.opportunities.length).length / converted.length;
    expect(convertedWithOpp).toBeGreaterThan(0.7); // the rest converted too recently for an Opportunity yet
    const noise = others.filter((g) => g.opportunities.length).length / others.length;
    expect(noise).toBeGreaterThan(0.03);
    expect(noise).toBeLessThan(0.07);
    const convStages = converted.flatMap((g) => g.opportunities.map((o) => String(o.StageName)));
    expect(convStages).toContain('Closed Won');
    expect(convStages).toContain('Closed Lost');
    expect(convStages.some((s) => !stageOf.get(s)!.isClosed)).toBe(true);
    const noiseStages = others.flatMap((g) => g.opportunities.map((o) => String(o.StageName)));
    expect(noiseStages.filter((s) => s === 'Closed Lost').length / noiseStages.length).toBeGreaterThan(0.5);
  });
});

describe('writeOrgDir with opportunities', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'gen-opp-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes Opportunity.ndjson that the local org loads with every record accepted', async () => {
    const dir = path.join(root, 'org');
    const res = await writeOrgDir(dir, { seed: 3, accounts: 1200, opportunities: true }, { truthFile: path.join(root, 'truth.csv') });
    expect((await readdir(dir)).sort()).toEqual(['Account.ndjson', 'Account_Score_Setting__mdt.ndjson', 'Contact.ndjson', 'Opportunity.ndjson']);
    expect(res.opportunities).toBeGreaterThan(0);
    expect(res.bytes.total).toBe(res.bytes.account + res.bytes.contact + res.bytes.opportunity + res.bytes.settings + res.bytes.truth);
    const store = await OrgStore.loadDir(dir);
    expect(store.count('Opportunity')).toBe(res.opportunities);
    expect(store.count('OpportunityStage')).toBe(10);
  });
});
