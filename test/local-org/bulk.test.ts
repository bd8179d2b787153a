import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalOrg, LocalOrg } from '../../src/local-org/index.js';
import { buildStore, connect } from './helpers.js';

// 50,000 Accounts: far beyond a REST query batch (2,000) and as many as the ingest test updates;
// results up to bulkResultsPageSize (10M rows) arrive in one download whatever the count.
const ACCOUNTS = 50_000;
let org: LocalOrg;
beforeAll(async () => {
  org = await startLocalOrg({ store: buildStore(ACCOUNTS), bulkPollDelayMs: 20 });
});
afterAll(async () => {
  await org.close();
});

describe('Bulk API 2.0 via jsforce', () => {
  it('conn.bulk2.query returns all 50,000 Accounts in one results download', async () => {
    const conn = connect(org);
    conn.bulk2.pollInterval = 25;
    const before = org.requests.apiCalls((e) => e.path.endsWith('/results'));
    const stream = await conn.bulk2.query('SELECT Id, Name, AnnualRevenue, Industry FROM Account');
    const records: Record<string, string>[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on('record', (r: Record<string, string>) => records.push(r));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(records).toHaveLength(ACCOUNTS);
    expect(records[3]).toMatchObject({ Name: 'Account 3', AnnualRevenue: '3000000', Industry: 'Retail' });
    expect(records[4].Industry).toBe(''); // null is empty in Bulk CSV
    expect(org.requests.apiCalls((e) => e.path.endsWith('/results')) - before).toBe(1);
  });

  it('pages results with maxRecords, Sforce-Locator and Sforce-NumberOfRecords, counting each download', async () => {
    const conn = connect(org);
    const job = await conn.request<{ id: string }>({
      method: 'POST',
      url: `/services/data/v${org.apiVersion}/jobs/query`,
      body: JSON.stringify({ operation: 'query', query: "SELECT Id, Name FROM Account WHERE Name LIKE 'Account 1999_'" }),
      headers: { 'Content-Type': 'application/json' },
    });
    await new Promise((r) => setTimeout(r, 40));
    const used = org.limits.used;
    const pages: { locator: string | null; n: string | null; body: string }[] = [];
    let locator: string | null = null;
    do {
      const res: Response = await fetch(`${org.url}/services/data/v${org.apiVersion}/jobs/query/${job.id}/results?maxRecords=4${locator ? `&locator=${locator}` : ''}`, {
        headers: { Authorization: `Bearer ${conn.accessToken}` },
      });
      expect(res.status).toBe(200);
      const body = await res.text();
      locator = res.headers.get('sforce-locator');
      pages.push({ locator, n: res.headers.get('sforce-numberofrecords'), body });
    } while (locator && locator !== 'null');
    // 'Account 19990'..'Account 19999' = 10 rows
    expect(pages.map((p) => p.n)).toEqual(['4', '4', '2']);
    expect(pages[0].body.split('\n')[0]).toBe('"Id","Name"');
    expect(pages[2].locator).toBe('null');
    expect(org.limits.used - used).toBe(3);
  });

  it('loadAndWaitForResults updates 50,000 Accounts and reports per-record failures', async () => {
    const conn = connect(org);
    conn.bulk2.pollInterval = 25;
    const ids = (await conn.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Id LIMIT 2000')).records.map((r) => r.Id);
    const input: Record<string, unknown>[] = [];
    for (let i = 0; i < 50_000; i++) {
      const id = i < ids.length ? ids[i] : `001000000000${String(i).padStart(3, '0')}`.slice(0, 15);
      input.push({ Id: i < 2000 ? id : makeAccountId(i), Account_Score__c: i % 1000 === 999 ? 1e6 : (i % 100) + 0.25, Account_Score_Tier__c: 'Hot' });
    }
    const res = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'update', input, pollInterval: 25, pollTimeout: 60_000 });
    expect(res.successfulResults).toHaveLength(49_950);
    expect(res.failedResults).toHaveLength(50);
    expect(res.failedResults[0].sf__Error).toMatch(/^NUMBER_OUTSIDE_VALID_RANGE:/);
    expect(org.store.get('Account', makeAccountId(4321))?.Account_Score__c).toBe(21.25);
  });
});

import { makeId } from '../../src/local-org/ids.js';
function makeAccountId(n: number) {
  return makeId('001', n);
}
