import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalOrg, OrgStore, type LocalOrg } from '../../src/local-org/index.js';
import { makeId } from '../../src/local-org/ids.js';
import { bulkQueryPages, restQueryPages } from '../../src/salesforce/query.js';
import { buildStore, connect } from './helpers.js';

const STAGES = ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'];

let org: LocalOrg;
beforeAll(async () => {
  const store = buildStore(30);
  store.addRecords('Opportunity', (function* () {
    for (let i = 0; i < 40; i++) {
      yield { Id: makeId('006', i), AccountId: i < 36 ? makeId('001', i % 30) : null, Name: `Opp ${i}`, StageName: STAGES[i % STAGES.length], CloseDate: '2026-12-31', Amount: 1000 * i, CreatedDate: '2026-01-01T00:00:00.000Z' };
    }
  })());
  org = await startLocalOrg({ store, bulkPollDelayMs: 10 });
});
afterAll(async () => {
  await org.close();
});

describe('Opportunity in the local org (through jsforce)', () => {
  it('describes Opportunity like Salesforce: 006 prefix, Account lookup, stage picklist in order, IsClosed/IsWon read-only', async () => {
    const conn = connect(org);
    const d = await conn.sobject('Opportunity').describe();
    expect(d.keyPrefix).toBe('006');
    const field = (n: string) => d.fields.find((f) => f.name === n)!;
    expect(field('AccountId')).toMatchObject({ type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' });
    expect(field('StageName')).toMatchObject({ type: 'picklist', nillable: false, label: 'Stage' });
    expect(field('StageName').picklistValues!.map((p) => p.value)).toEqual(STAGES);
    expect(field('CloseDate').type).toBe('date');
    expect(field('Amount').type).toBe('currency');
    expect(field('Probability').type).toBe('percent');
    for (const f of ['IsClosed', 'IsWon', 'CreatedDate']) expect(field(f)).toMatchObject({ createable: false, updateable: false });
    expect(field('IsWon').type).toBe('boolean');
    const account = await conn.sobject('Account').describe();
    expect(account.childRelationships).toContainEqual(expect.objectContaining({ childSObject: 'Opportunity', field: 'AccountId', relationshipName: 'Opportunities' }));
  });

  it('derives IsClosed, IsWon and the default Probability from the stage on create and update; refuses to set IsWon', async () => {
    const conn = connect(org);
    const created = await conn.sobject('Opportunity').create({ AccountId: makeId('001', 1), Name: 'Won deal', StageName: 'Closed Won', CloseDate: '2026-11-01' });
    expect(created.success).toBe(true);
    const id = (created as { id: string }).id;
    expect(id.startsWith('006')).toBe(true);
    expect(await conn.sobject('Opportunity').retrieve(id)).toMatchObject({ IsClosed: true, IsWon: true, Probability: 100 });
    await conn.sobject('Opportunity').update({ Id: id, StageName: 'Negotiation/Review' });
    expect(await conn.sobject('Opportunity').retrieve(id)).toMatchObject({ IsClosed: false, IsWon: false, Probability: 90 });
    await expect(conn.sobject('Opportunity').create({ Name: 'x', StageName: 'Prospecting', CloseDate: '2026-11-01', IsWon: true })).rejects.toThrow(/Unable to create\/update fields: IsWon/);
    await expect(conn.sobject('Opportunity').create({ Name: 'x', CloseDate: '2026-11-01' })).rejects.toThrow(/Required fields are missing: \[StageName\]/);
    await conn.sobject('Opportunity').destroy(id);
  });

  it('answers SOQL (REST, with a parent field) and Bulk 2.0 queries on Opportunity, and the OpportunityStage list', async () => {
    const conn = connect(org);
    const soql = 'SELECT AccountId, CreatedDate, StageName, IsWon, IsClosed FROM Opportunity WHERE AccountId != null';
    const rest = (await restQueryPages(conn, soql)[Symbol.asyncIterator]().next()).value!;
    expect(rest).toHaveLength(36);
    expect(rest[8]).toMatchObject({ StageName: 'Closed Won', IsWon: true, IsClosed: true, CreatedDate: '2026-01-01T00:00:00.000+0000' });
    const types = new Map([['iswon', 'boolean'], ['isclosed', 'boolean']]);
    const bulk: Record<string, unknown>[] = [];
    for await (const page of bulkQueryPages(conn, soql, types, { bulkThreshold: 0, bulkPageSize: 10, pollIntervalMs: 10, pollTimeoutMs: 5000 })) bulk.push(...page);
    // Bulk CSV writes datetimes as ...Z where REST answers ...+0000: the same instant.
    const sameInstant = (rows: Record<string, unknown>[]) => rows.map((r) => ({ ...r, CreatedDate: Date.parse(String(r.CreatedDate)) }));
    expect(sameInstant(bulk)).toEqual(sameInstant(rest));
    const parent = await conn.query<{ Name: string; Account: { Name: string } }>(`SELECT Name, Account.Name FROM Opportunity WHERE Id = '${makeId('006', 3)}'`);
    expect(parent.records[0].Account.Name).toBe('Account 3');
    const stages = await conn.query<{ ApiName: string; IsClosed: boolean; IsWon: boolean }>('SELECT ApiName, SortOrder, IsClosed, IsWon FROM OpportunityStage WHERE IsActive = true ORDER BY SortOrder');
    expect(stages.records.map((s) => s.ApiName)).toEqual(STAGES);
    expect(stages.records.filter((s) => s.IsWon).map((s) => s.ApiName)).toEqual(['Closed Won']);
    await expect(conn.sobject('OpportunityStage').create({ ApiName: 'Mine' })).rejects.toThrow(/cannot be inserted/);
  });

  it('persists Opportunity.ndjson in the org directory and loads it back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'opp-org-'));
    try {
      await org.store.saveDir(dir);
      expect(await readdir(dir)).toContain('Opportunity.ndjson');
      const back = await OrgStore.loadDir(dir);
      expect(back.count('Opportunity')).toBe(org.store.count('Opportunity'));
      expect(back.get('Opportunity', makeId('006', 9))).toMatchObject({ StageName: 'Closed Lost', IsClosed: true, IsWon: false, Probability: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
