import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import jsforce from 'jsforce';
import { startLocalOrg, LocalOrg, makeId } from '../../src/local-org/index.js';
import { buildStore, connect, login, rejection } from './helpers.js';

let org: LocalOrg;
beforeAll(async () => {
  org = await startLocalOrg({ store: buildStore(3000, 2), dailyApiLimit: 1_000_000 });
});
afterAll(async () => {
  await org.close();
});
beforeEach(() => {
  org.faults.reset();
});

describe('auth', () => {
  it('refreshes an expired session through the refresh token', async () => {
    const conn = await login(org);
    const refreshed: string[] = [];
    conn.on('refresh', (token: string) => refreshed.push(token));
    const old = conn.accessToken;
    org.expireTokens();
    const res = await conn.query('SELECT COUNT() FROM Account');
    expect(res.totalSize).toBe(3000);
    expect(refreshed).toHaveLength(1);
    expect(conn.accessToken).not.toBe(old);
  });

  it('issues tokens for the client credentials grant and rejects bad passwords', async () => {
    const oauth2 = new jsforce.OAuth2({ loginUrl: org.url, clientId: org.credentials.clientId, clientSecret: org.credentials.clientSecret });
    const res = await oauth2.requestToken({ grant_type: 'client_credentials' });
    expect(res.instance_url).toBe(org.url);
    expect(res.refresh_token).toBeUndefined();
    const bad = await rejection(oauth2.authenticate(org.credentials.username, 'wrong'));
    expect(bad.message).toMatch(/authentication failure/);
    expect(bad.name).toBe('invalid_grant');
  });

  it('answers 401 INVALID_SESSION_ID without a valid bearer token, and userinfo with one', async () => {
    const res = await fetch(`${org.url}/services/data/v62.0/limits`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    const conn = new jsforce.Connection({ instanceUrl: org.url, accessToken: 'nope', version: '62.0' });
    expect((await rejection(conn.query('SELECT Id FROM Account'))).errorCode).toBe('INVALID_SESSION_ID');
    const info = await connect(org).request<{ preferred_username: string }>('/services/oauth2/userinfo');
    expect(info.preferred_username).toBe(org.credentials.username);
  });
});

describe('metadata', () => {
  it('lists versions and describes Account with the score fields', async () => {
    const versions = await (await fetch(`${org.url}/services/data/`)).json() as { version: string }[];
    expect(versions.at(-1)?.version).toBe('62.0');
    const d = await connect(org).sobject('Account').describe();
    const score = d.fields.find((f) => f.name === 'Account_Score__c')!;
    expect(score).toMatchObject({ type: 'double', precision: 5, scale: 2, updateable: true, nillable: true, custom: true });
    const tier = d.fields.find((f) => f.name === 'Account_Score_Tier__c')!;
    expect(tier.picklistValues!.map((p) => p.value)).toEqual(['Hot', 'Warm', 'Cold']);
    expect(d.fields.find((f) => f.name === 'Id')!.updateable).toBe(false);
    const mdt = await connect(org).sobject('Account_Score_Setting__mdt').describe();
    expect(mdt.fields.find((f) => f.name === 'Hot_Threshold__c')!.updateable).toBe(false);
  });

  it('serves the default settings record and the Organization row the sf CLI reads', async () => {
    const conn = connect(org);
    const s = await conn.query("SELECT DeveloperName, Hot_Threshold__c, Warm_Threshold__c, Score_Change_Tolerance__c, Model_Version__c FROM Account_Score_Setting__mdt WHERE DeveloperName = 'Default'");
    expect(s.records[0]).toMatchObject({ Hot_Threshold__c: 70, Warm_Threshold__c: 40, Score_Change_Tolerance__c: 0.5, Model_Version__c: null });
    const o = await conn.query('SELECT Name, TrialExpirationDate, IsSandbox, InstanceName, OrganizationType, NamespacePrefix FROM Organization');
    expect(o.records[0]).toMatchObject({ IsSandbox: false, TrialExpirationDate: null });
    const u = await conn.query(`SELECT Id, Username FROM User WHERE Username = '${org.credentials.username}'`);
    expect(u.totalSize).toBe(1);
  });
});

describe('SOQL', () => {
  it('honours Sforce-Query-Options batchSize', async () => {
    const res = await connect(org).request<{ records: unknown[]; nextRecordsUrl: string }>({
      method: 'GET',
      url: '/services/data/v62.0/query?q=' + encodeURIComponent('SELECT Id FROM Account'),
      headers: { 'Sforce-Query-Options': 'batchSize=500' },
    });
    expect(res.records).toHaveLength(500);
    expect(res.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g.+-500$/);
  });

  it('filters, sorts and pages like Salesforce', async () => {
    const conn = connect(org);
    const r = await conn.query<{ Name: string; AnnualRevenue: number }>(
      "SELECT Name, AnnualRevenue FROM Account WHERE (Industry IN ('Banking','Retail') OR Industry = null) AND NOT Name LIKE '%7' AND AnnualRevenue >= 90000000 ORDER BY AnnualRevenue DESC, Name ASC LIMIT 3 OFFSET 1",
    );
    expect(r.records.map((x) => x.AnnualRevenue)).toEqual([99_000_000, 99_000_000, 99_000_000]);
    expect(r.records.every((x) => !x.Name.endsWith('7'))).toBe(true);
    const keyset = await conn.query<{ Id: string }>(`SELECT Id FROM Account WHERE Id > '${makeId('001', 2990)}' ORDER BY Id`);
    expect(keyset.totalSize).toBe(9);
    const dated = await conn.query("SELECT COUNT() FROM Account WHERE CreatedDate < 2024-06-01T00:00:00Z AND CreatedDate = LAST_N_DAYS:100000");
    expect(dated.totalSize).toBe(3000);
  });

  it('answers COUNT() and GROUP BY aggregates', async () => {
    const conn = connect(org);
    expect((await conn.query('SELECT COUNT() FROM Contact')).totalSize).toBe(6000);
    const g = await conn.query<{ GTM_Segment__c: string; expr0: number }>('SELECT GTM_Segment__c, COUNT(Id) FROM Account GROUP BY GTM_Segment__c ORDER BY GTM_Segment__c');
    expect(g.records).toEqual([
      { attributes: { type: 'AggregateResult' }, GTM_Segment__c: 'Enterprise', expr0: 1000 },
      { attributes: { type: 'AggregateResult' }, GTM_Segment__c: 'Mid-Market', expr0: 1000 },
      { attributes: { type: 'AggregateResult' }, GTM_Segment__c: 'SMB', expr0: 1000 },
    ]);
    const per = await conn.query<{ AccountId: string; n: number }>('SELECT AccountId, COUNT(Id) n FROM Contact GROUP BY AccountId LIMIT 2');
    expect(per.records[0].n).toBe(2);
  });

  it('surfaces INVALID_FIELD, MALFORMED_QUERY and INVALID_TYPE as jsforce errors', async () => {
    const conn = connect(org);
    const f = await rejection(conn.query('SELECT Id, Foo FROM Account'));
    expect(f.errorCode).toBe('INVALID_FIELD');
    expect(f.name).toBe('INVALID_FIELD');
    expect(f.message).toMatch(/No such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c'/);
    expect((await rejection(conn.query('SELECT Id FROM'))).errorCode).toBe('MALFORMED_QUERY');
    expect((await rejection(conn.query('SELECT Id FROM Nope__c'))).errorCode).toBe('INVALID_TYPE');
  });
});

describe('sObject Collections', () => {
  it('rolls back everything with allOrNone when one record fails', async () => {
    const conn = connect(org);
    const a = makeId('001', 10);
    const b = makeId('001', 11);
    const res = await conn.sobject('Account').update(
      [
        { Id: a, Account_Score__c: 10 },
        { Id: b, Account_Score_Tier__c: 'Lukewarm' },
      ],
      { allOrNone: true },
    ).catch((e: unknown) => e);
    // jsforce resolves with per-record results; neither record succeeds and the first is not applied
    const results = res as { success: boolean; errors: { statusCode: string }[] }[];
    expect(results.map((r) => [r.success, r.errors[0]?.statusCode])).toEqual([
      [false, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
      [false, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'],
    ]);
    expect(org.store.get('Account', a)?.Account_Score__c).toBeNull();
    const direct = await conn.request<{ success: boolean; errors: { statusCode: string }[] }[]>({
      method: 'PATCH',
      url: '/services/data/v62.0/composite/sobjects',
      body: JSON.stringify({ allOrNone: true, records: [{ attributes: { type: 'Account' }, id: a, Account_Score__c: 10 }, { attributes: { type: 'Account' }, id: b, Account_Score_Tier__c: 'Lukewarm' }] }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(direct.map((r) => r.errors[0].statusCode)).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']);
  });

  it('validates fields like Salesforce and sets LastModifiedDate', async () => {
    const conn = connect(org);
    const id = makeId('001', 20);
    const before = org.store.get('Account', id)!.LastModifiedDate;
    const res = await conn.sobject('Account').update(
      [
        { Id: id, Account_Score__c: 88.123, Account_Score_Factors__c: '{"v":1} 🚀' },
        { Id: makeId('001', 21), Account_Score_Model_Version__c: 'x'.repeat(81) },
        { Id: makeId('001', 22), CreatedDate: '2020-01-01T00:00:00Z' },
        { Id: makeId('001', 23), Bogus__c: 1 },
        { Id: '001xx', Name: 'x' },
        { Id: makeId('001', 999_999), Name: 'x' },
      ],
      { allOrNone: false },
    );
    const codes = res.map((r) => (r.success ? 'OK' : (r as unknown as { errors: { statusCode: string }[] }).errors[0].statusCode));
    expect(codes).toEqual(['OK', 'STRING_TOO_LONG', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'INVALID_FIELD', 'MALFORMED_ID', 'INVALID_CROSS_REFERENCE_KEY']);
    const after = org.store.get('Account', id)!;
    expect(after.Account_Score__c).toBe(88.12);
    expect(after.Account_Score_Factors__c).toBe('{"v":1} 🚀');
    expect(after.LastModifiedDate).not.toBe(before);
  });

  it('rejects more than 200 records and writes to custom metadata', async () => {
    const conn = connect(org);
    const many = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Account' }, id: makeId('001', i), Name: 'x' }));
    const err = await rejection(conn.request({ method: 'PATCH', url: '/services/data/v62.0/composite/sobjects', body: JSON.stringify({ records: many }), headers: { 'Content-Type': 'application/json' } }));
    expect(err.errorCode).toBe('EXCEEDED_ID_LIMIT');
    const mdt = await rejection(conn.sobject('Account_Score_Setting__mdt').update({ Id: makeId('m00', 1), Hot_Threshold__c: 10 }));
    expect(mdt.errorCode).toBe('INVALID_TYPE_FOR_OPERATION');
  });

  it('supports single-record GET and PATCH (204)', async () => {
    const conn = connect(org);
    const id = makeId('001', 30);
    await conn.sobject('Account').update({ Id: id, Account_Score_Tier__c: 'Warm' });
    const rec = await conn.sobject('Account').retrieve(id);
    expect(rec.Account_Score_Tier__c).toBe('Warm');
    const entry = org.requests.entries.filter((e) => e.method === 'PATCH').at(-1)!;
    expect(entry.status).toBe(204);
  });
});

describe('limits', () => {
  it('counts API calls but not token calls, and stops at the daily limit', async () => {
    const small = await startLocalOrg({ store: buildStore(10), dailyApiLimit: 5 });
    try {
      const conn = await login(small);
      expect(small.limits.used).toBe(0);
      const l1 = await conn.limits();
      expect(l1.DailyApiRequests).toEqual({ Max: 5, Remaining: 4 });
      await conn.query('SELECT Id FROM Account');
      const l2 = await conn.limits();
      expect(l2.DailyApiRequests.Remaining).toBe(2);
      await conn.query('SELECT Id FROM Account');
      await conn.query('SELECT Id FROM Account');
      const err = await rejection(conn.query('SELECT Id FROM Account'));
      expect(err.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
      expect(small.requests.entries.at(-1)!.status).toBe(403);
      expect(small.requests.apiCalls()).toBe(5);
    } finally {
      await small.close();
    }
  });
});

describe('faults', () => {
  // Raw HTTP here: jsforce itself retries 5xx with back-off, which is what the worker relies on.
  const statuses = async (n: number, token: string) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${org.url}/services/data/v62.0/query?q=SELECT+Id+FROM+Account+LIMIT+1`, { headers: { Authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { errorCode?: string }[];
      if (res.status === 503) expect(body[0].errorCode).toBe('SERVER_UNAVAILABLE');
      out.push(res.status);
    }
    return out;
  };

  it('answers a seeded share of requests with 503 SERVER_UNAVAILABLE, deterministically', async () => {
    const token = org.issueToken();
    org.faults.set({ unavailableRate: 0.5, seed: 7 });
    const first = await statuses(20, token);
    expect(first.filter((s) => s === 503).length).toBe(org.faults.counts.unavailable);
    expect(org.faults.counts.unavailable).toBeGreaterThan(3);
    expect(first.filter((s) => s !== 503 && s !== 200)).toEqual([]);
    org.faults.set({ unavailableRate: 0.5, seed: 7 });
    expect(await statuses(20, token)).toEqual(first);
  });

  it('jsforce recovers from a transient 503 by retrying', async () => {
    org.faults.set({ unavailableRate: 0.5, seed: 3 }); // seed 3: first request 503, second fine
    const res = await connect(org).query('SELECT COUNT() FROM Account');
    expect(res.totalSize).toBe(3000);
    expect(org.faults.counts.unavailable).toBe(1);
  });

  it('fails record updates with UNABLE_TO_LOCK_ROW in collections', async () => {
    org.faults.set({ lockRowRate: 0.3, seed: 3 });
    const conn = connect(org);
    const recs = Array.from({ length: 100 }, (_, i) => ({ Id: makeId('001', 100 + i), Account_Score__c: 1 }));
    const res = await conn.sobject('Account').update(recs, { allOrNone: false });
    const locked = res.filter((r) => !r.success);
    expect(locked.length).toBe(org.faults.counts.lockRow);
    expect(locked.length).toBeGreaterThan(10);
    const e = (locked[0] as unknown as { errors: { statusCode: string; message: string }[] }).errors[0];
    expect(e.statusCode).toBe('UNABLE_TO_LOCK_ROW');
    expect(e.message).toMatch(/^unable to obtain exclusive access to this record or 1 records: 001/);
  });

  it('answers 500 and adds latency when asked', async () => {
    org.faults.set({ serverErrorRate: 1, latencyMs: 30 });
    const res = await fetch(`${org.url}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${org.issueToken()}` } });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { errorCode: string }[])[0].errorCode).toBe('UNKNOWN_EXCEPTION');
    expect(org.faults.counts).toMatchObject({ serverError: 1, delayed: 1 });
  });
});
