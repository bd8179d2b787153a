import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLocalOrg, LocalOrg } from '../../src/local-org/index.js';
import { buildStore, connect, login } from './helpers.js';

let org: LocalOrg;
beforeAll(async () => {
  org = await startLocalOrg({ store: buildStore(10_000, 1) });
});
afterAll(async () => {
  await org.close();
});

describe('local org core via jsforce', () => {
  it('logs in with the password grant and queries', async () => {
    const conn = await login(org);
    expect(conn.accessToken).toBeTruthy();
    expect(conn.instanceUrl).toBe(org.url);
    const res = await conn.query('SELECT Id, Name FROM Account WHERE Name = \'account 5\'');
    expect(res.totalSize).toBe(1);
    expect(res.records[0].Name).toBe('Account 5');
  });

  it('pages 10,000 records with queryMore', async () => {
    const conn = connect(org);
    const first = await conn.query('SELECT Id FROM Account');
    expect(first.records).toHaveLength(2000);
    expect(first.done).toBe(false);
    let all = first.records.length;
    let cur = first;
    while (!cur.done) {
      cur = await conn.queryMore(cur.nextRecordsUrl!);
      all += cur.records.length;
    }
    expect(all).toBe(10_000);
  });

  it('returns parent relationship fields nested', async () => {
    const conn = connect(org);
    const res = await conn.query<{ Account: { Name: string } }>('SELECT Id, Account.Name FROM Contact ORDER BY Id LIMIT 2');
    expect(res.records[0].Account.Name).toBe('Account 0');
  });

  it('updates with collections, mixed success', async () => {
    const conn = connect(org);
    const first = await conn.query<{ Id: string }>('SELECT Id FROM Account ORDER BY Id LIMIT 2');
    const results = await conn.sobject('Account').update(
      [
        { Id: first.records[0].Id, Account_Score__c: 55.5 },
        { Id: first.records[1].Id, Account_Score__c: 12345 },
      ],
      { allOrNone: false },
    );
    expect(results[0].success).toBe(true);
    expect(results[1].success).toBe(false);
    expect((results[1] as { errors: { statusCode: string }[] }).errors[0].statusCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
  });
});
