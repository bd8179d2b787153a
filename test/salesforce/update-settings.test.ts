import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import jsforce from 'jsforce';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { SettingsUpdateError, updateThresholds, validateUpdate } from '../../src/salesforce/update-settings.js';

const DEFAULTS = { Hot_Threshold__c: 70, Warm_Threshold__c: 40, Score_Change_Tolerance__c: 0.5, Api_Reserve_Percent__c: 20, Top_Factor_Count__c: 5, Model_Version__c: 'v7' };

let org: LocalOrg;
beforeAll(async () => {
  org = await startLocalOrg();
});
afterAll(async () => {
  await org.close();
});
const row = () => org.store.iterate('Account_Score_Setting__mdt').next().value as Record<string, unknown>;
const setRow = (values: Record<string, unknown>) => org.store.update('Account_Score_Setting__mdt', row().Id, values, { load: true });
const connect = () => new jsforce.Connection({ instanceUrl: org.url, accessToken: org.issueToken(), version: org.apiVersion });
beforeEach(() => {
  setRow(DEFAULTS);
  org.requests.clear();
});

describe('updateThresholds', () => {
  it('reads the record, upserts it whole with the new values, and returns the settings read back', async () => {
    const res = await updateThresholds(connect(), { hot: 75.004, warm: 45 });
    expect(res.created).toBe(false);
    expect(res.previous).toMatchObject({ exists: true, hotThreshold: 70, warmThreshold: 40, tolerance: 0.5, modelVersion: 'v7' });
    // rounded to the field's 2 decimals, as the org stores it; the rest kept, model version included
    expect(res.settings).toEqual({ hotThreshold: 75, warmThreshold: 45, tolerance: 0.5, apiReservePercent: 20, topFactorCount: 5, modelVersion: 'v7' });
    expect(row()).toMatchObject({ ...DEFAULTS, Hot_Threshold__c: 75, Warm_Threshold__c: 45 });
    expect(org.requests.entries.map((e) => `${e.method} ${e.path.replace(/v\d+\.\d/, 'vNN')}`)).toEqual([
      'POST /services/Soap/m/62.0',
      'POST /services/Soap/m/62.0',
      'GET /services/data/vNN/query',
    ]);
  });

  it('repairs a record the worker refuses (warm above hot)', async () => {
    setRow({ Warm_Threshold__c: 80 });
    const res = await updateThresholds(connect(), { hot: 85, warm: 60 });
    expect(res.previous).toMatchObject({ hotThreshold: 70, warmThreshold: 80 });
    expect(res.settings).toMatchObject({ hotThreshold: 85, warmThreshold: 60 });
  });

  it('refuses invalid values with the settings reader rules, naming the fields, before any call', async () => {
    const err = await updateThresholds(connect(), { hot: 101, warm: 101, topFactorCount: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SettingsUpdateError);
    expect((err as SettingsUpdateError).fields.sort()).toEqual(['Hot_Threshold__c', 'Top_Factor_Count__c', 'Warm_Threshold__c']);
    expect((err as Error).message).toMatch(/Hot_Threshold__c = 101: Hot_Threshold__c must be between 0 and 100/);
    expect(org.requests.entries).toHaveLength(0);
    expect(() => validateUpdate({ hot: Number.NaN, warm: 10 })).toThrow(/Hot_Threshold__c/);
  });

  it("reports the org's rejection with the field and the validation rule's message", async () => {
    // a rule an admin added in Setup: the product's own checks cannot know it
    org.store.settingsValidationRules.push({
      fullName: 'Hot_In_Steps_Of_5',
      errorDisplayField: 'Hot_Threshold__c',
      errorMessage: 'Hot Threshold must be a multiple of 5.',
      fails: (v) => typeof v.Hot_Threshold__c === 'number' && v.Hot_Threshold__c % 5 !== 0,
    });
    const err = await updateThresholds(connect(), { hot: 77, warm: 45 }).catch((e: unknown) => e);
    org.store.settingsValidationRules.length = 0;
    expect(err).toBeInstanceOf(SettingsUpdateError);
    expect((err as SettingsUpdateError).fields).toEqual(['Hot_Threshold__c']);
    expect((err as Error).message).toContain('Hot_Threshold__c: Hot Threshold must be a multiple of 5.');
    expect(row()).toMatchObject(DEFAULTS);
  });

  it('polls the read-back while the org still returns the old values (the deploy behind the call)', async () => {
    const conn = connect();
    const realQuery = conn.query.bind(conn);
    let reads = 0;
    // the first read sees the record as it was before the deploy landed
    (conn as unknown as { query: unknown }).query = (soql: string, opts: unknown) => {
      reads++;
      return reads === 1 ? Promise.resolve({ records: [{ DeveloperName: 'Default', ...DEFAULTS }], totalSize: 1, done: true }) : realQuery(soql, opts as never);
    };
    const res = await updateThresholds(conn, { hot: 75, warm: 45 }, { readBackIntervalMs: 10 });
    expect(reads).toBe(2);
    expect(res.settings.hotThreshold).toBe(75);

    (conn as unknown as { query: unknown }).query = async () => ({ records: [{ DeveloperName: 'Default', ...DEFAULTS }], totalSize: 1, done: true });
    const err = await updateThresholds(conn, { hot: 76, warm: 45 }, { readBackIntervalMs: 10, readBackTimeoutMs: 50 }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/accepted the new Account_Score_Setting.Default values but still returns Hot_Threshold__c = 70/);
  });
});
