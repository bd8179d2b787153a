import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateOrg } from '../../src/local-org/generate/index.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { connect } from '../../src/salesforce/connection.js';
import { DEFAULT_WRITE, requestNeverSent, requestWasRefused, writeAccounts, type AccountUpdate } from '../../src/salesforce/writer.js';
import { scoreOrgFields } from '../helpers/score-org.js';

const FAST_RETRY = { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5, seed: 4 };
let org: LocalOrg;
let ids: string[];

beforeAll(async () => {
  org = await startLocalOrg({ bulkPollDelayMs: 2, extraFields: scoreOrgFields() });
  const accounts = [...generateOrg({ seed: 11, accounts: 300, calibrationSample: 1000 })].map((g) => g.account);
  org.store.addRecords('Account', accounts);
  ids = accounts.map((a) => String(a.Id));
});
afterAll(() => org.close());

const update = (id: string, i: number): AccountUpdate => ({
  Id: id,
  Account_Score__c: i % 100,
  Account_Score_Factors__c: `{"v":1,"pad":"${'x'.repeat(200)}"}`,
});

describe('Bulk API 2.0 ingest upload size', () => {
  it('splits one large write into several jobs, each upload under bulkMaxBytes, every record written once', async () => {
    const { conn } = await connect({ instanceUrl: org.url, accessToken: org.issueToken() }, FAST_RETRY);
    const updates = ids.map(update);
    const maxBytes = 16 * 1024; // ~70 rows of ~250 bytes per job
    org.requests.clear();
    const uploadBytes: number[] = [];
    const request = conn.request.bind(conn);
    conn.request = ((req: { method?: string; body?: string }) => {
      if (req.method === 'PUT' && typeof req.body === 'string') uploadBytes.push(Buffer.byteLength(req.body));
      return request(req as never);
    }) as typeof conn.request;
    const written: string[] = [];
    const res = await writeAccounts(conn, updates, {
      ...DEFAULT_WRITE,
      bulkThreshold: 10,
      bulkMaxBytes: maxBytes,
      pollIntervalMs: 2,
      recordRetry: FAST_RETRY,
      onWritten: (w) => void written.push(...w),
    });
    expect(res).toEqual({ mode: 'bulk', written: 300, failed: [], unknown: [], notAttempted: 0 });
    const uploads = org.requests.matching('/jobs/ingest/', 'PUT');
    const jobs = org.requests.matching('/jobs/ingest', 'POST');
    expect(jobs.length).toBe(uploads.length);
    expect(uploads.length).toBeGreaterThanOrEqual(Math.ceil((300 * 250) / maxBytes));
    expect(uploadBytes.length).toBe(uploads.length);
    for (const b of uploadBytes) expect(b).toBeLessThanOrEqual(maxBytes);
    expect(new Set(written).size).toBe(300);
    expect(written.length).toBe(300);
    for (const [i, id] of ids.entries()) expect(org.store.get('Account', id)!.Account_Score__c).toBe(i % 100);
  });

  it('reports a row larger than the upload limit as that record failing, and writes the rest', async () => {
    const { conn } = await connect({ instanceUrl: org.url, accessToken: org.issueToken() }, FAST_RETRY);
    const updates: AccountUpdate[] = ids.slice(0, 20).map((id, i) => ({ ...update(id, i), Account_Score__c: 55 }));
    updates[3] = { ...updates[3], Account_Score__c: 77, Account_Score_Factors__c: 'y'.repeat(20_000) };
    const res = await writeAccounts(conn, updates, { ...DEFAULT_WRITE, bulkThreshold: 10, bulkMaxBytes: 16 * 1024, pollIntervalMs: 2, recordRetry: FAST_RETRY });
    expect(res.written).toBe(19);
    expect(res.failed).toEqual([{ id: ids[3], code: 'ROW_TOO_LARGE', message: expect.stringMatching(/larger than the Bulk upload limit/) }]);
    expect(org.store.get('Account', ids[3])!.Account_Score__c).not.toBe(77);
    expect(org.store.get('Account', ids[4])!.Account_Score__c).toBe(55);
  });
});

describe('a write the org stops answering', () => {
  it('counts every update once: confirmed written, and not attempted after the host refused, naming the host', async () => {
    const gone = await startLocalOrg({ bulkPollDelayMs: 2, extraFields: scoreOrgFields() });
    const accounts = [...generateOrg({ seed: 12, accounts: 600, calibrationSample: 1000 })].map((g) => g.account);
    gone.store.addRecords('Account', accounts);
    const { conn } = await connect({ instanceUrl: gone.url, accessToken: gone.issueToken() }, FAST_RETRY);
    let closed = false;
    const res = await writeAccounts(conn, accounts.map((a, i) => update(String(a.Id), i)), {
      ...DEFAULT_WRITE,
      recordRetry: FAST_RETRY,
      onWritten: async () => {
        if (!closed) await gone.close();
        closed = true;
      },
    });
    expect(res).toMatchObject({ mode: 'collections', written: 200, failed: [], unknown: [], notAttempted: 400 });
    expect(res.stopped).toEqual({ reason: 'request', message: `sObject Collections update failed: Could not reach ${gone.url}: connection refused (ECONNREFUSED)` });
  });

  it('tells refused requests (certainly not applied) from ones whose outcome is unknown', () => {
    expect(requestWasRefused({ errorCode: 'INVALID_FIELD', message: 'No such column' })).toBe(true);
    expect(requestWasRefused({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' })).toBe(true);
    expect(requestWasRefused(new Error('Unable to refresh session due to: expired access/refresh token'))).toBe(true);
    expect(requestWasRefused({ errorCode: 'SERVER_UNAVAILABLE', message: 'try again' })).toBe(false);
    expect(requestWasRefused({ errorCode: 'ERROR_HTTP_502', message: 'Bad Gateway' })).toBe(false);
    expect(requestWasRefused(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toBe(false);
    expect(requestNeverSent(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(requestNeverSent(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toBe(false);
  });
});
