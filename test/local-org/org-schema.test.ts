// An org directory's schema.json changes that org's objects: describe, SOQL, REST DML and the
// Bulk API all see the same fields, and a bad schema.json is refused naming the entry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrgStore, SchemaError, makeId, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { account, connect, rejection } from './helpers.js';
import { scoreOrgFields } from '../helpers/score-org.js';

const SCHEMA = {
  objects: {
    Account: {
      removeFields: ['Region__c', 'Account_Score_Tier__c'],
      addFields: [
        { name: 'Funding_Stage__c', label: 'Funding Stage', type: 'picklist', picklist: ['Seed', 'Series A', 'Series B'] },
        { name: 'Open_Roles__c', type: 'double', precision: 6, scale: 0 },
        { name: 'Revenue_Per_Employee__c', type: 'currency', calculated: true, calculatedFormula: 'AnnualRevenue / NumberOfEmployees' },
      ],
    },
    Contact: { addFields: [{ name: 'Seniority__c', type: 'string', length: 40 }] },
  },
};

function accountRow(n: number) {
  const { GTM_Segment__c, ...rest } = account(n);
  return { ...rest, GTM_Segment__c, Funding_Stage__c: n % 2 ? 'Series B' : 'Seed', Open_Roles__c: n, Revenue_Per_Employee__c: n * 1000 };
}

let dir: string;
let org: LocalOrg;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'org-schema-'));
  await writeFile(join(dir, 'schema.json'), JSON.stringify(SCHEMA));
  await writeFile(join(dir, 'Account.ndjson'), [1, 2, 3].map((n) => JSON.stringify(accountRow(n))).join('\n') + '\n');
  org = await startLocalOrg({ store: await OrgStore.loadDir(dir, { extraFields: scoreOrgFields() }), bulkPollDelayMs: 5 });
});
afterAll(async () => {
  await org.close();
  await rm(dir, { recursive: true, force: true });
});

describe("an org's schema.json", () => {
  it('shows in describe: removed fields gone, added ones present, calculated fields read-only with their formula', async () => {
    const d = await connect(org).sobject('Account').describe();
    const names = d.fields.map((f) => f.name);
    expect(names).not.toContain('Region__c');
    expect(names).not.toContain('Account_Score_Tier__c');
    expect(names).toContain('Account_Score__c');
    expect(d.fields.find((f) => f.name === 'Funding_Stage__c')).toMatchObject({ type: 'picklist', label: 'Funding Stage', custom: true, updateable: true, calculated: false, calculatedFormula: null });
    expect(d.fields.find((f) => f.name === 'Funding_Stage__c')!.picklistValues!.map((p) => p.value)).toEqual(['Seed', 'Series A', 'Series B']);
    expect(d.fields.find((f) => f.name === 'Revenue_Per_Employee__c')).toMatchObject({
      type: 'currency',
      calculated: true,
      calculatedFormula: 'AnnualRevenue / NumberOfEmployees',
      createable: false,
      updateable: false,
    });
    const c = await connect(org).sobject('Contact').describe();
    expect(c.fields.find((f) => f.name === 'Seniority__c')).toMatchObject({ type: 'string', length: 40 });
  });

  it('shows in SOQL: added fields are queryable and filterable, removed ones are INVALID_FIELD', async () => {
    const conn = connect(org);
    const res = await conn.query<{ Id: string; Funding_Stage__c: string; Revenue_Per_Employee__c: number }>(
      "SELECT Id, Funding_Stage__c, Revenue_Per_Employee__c FROM Account WHERE Funding_Stage__c = 'Series B' ORDER BY Id",
    );
    expect(res.records.map((r) => [r.Id, r.Funding_Stage__c, r.Revenue_Per_Employee__c])).toEqual([
      [makeId('001', 1), 'Series B', 1000],
      [makeId('001', 3), 'Series B', 3000],
    ]);
    const e = await rejection(conn.query('SELECT Id, Region__c FROM Account'));
    expect(e.errorCode).toBe('INVALID_FIELD');
    expect(e.message).toMatch(/No such column 'Region__c' on entity 'Account'/);
  });

  it('shows in REST DML: calculated fields refused by name, removed fields unknown, added fields written', async () => {
    const conn = connect(org);
    const id = makeId('001', 2);
    const calc = await rejection(conn.sobject('Account').update({ Id: id, Revenue_Per_Employee__c: 5 }));
    expect(calc.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    expect(calc.message).toMatch(/Unable to create\/update fields: Revenue_Per_Employee__c/);
    const res = await conn.sobject('Account').update([{ Id: id, Revenue_Per_Employee__c: 5 }, { Id: id, Region__c: 'EMEA' }], { allOrNone: false });
    const errors = res.map((r) => (r as unknown as { errors: { statusCode: string; message: string; fields: string[] }[] }).errors[0]);
    expect(errors[0]).toMatchObject({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['Revenue_Per_Employee__c'] });
    expect(errors[1]).toMatchObject({ statusCode: 'INVALID_FIELD' });
    expect(errors[1].message).toMatch(/Region__c/);
    await conn.sobject('Account').update({ Id: id, Funding_Stage__c: 'Series A', Open_Roles__c: 12 });
    expect(org.store.get('Account', id)).toMatchObject({ Funding_Stage__c: 'Series A', Open_Roles__c: 12, Revenue_Per_Employee__c: 2000 });
  });

  it('shows in Bulk API 2.0: added fields load and export, a removed field fails the job naming it', async () => {
    const conn = connect(org);
    conn.bulk2.pollInterval = 10;
    const ok = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: 'Name,Funding_Stage__c,Open_Roles__c\nBulk One,Seed,4\n',
      pollInterval: 10,
      pollTimeout: 30_000,
    });
    expect(ok.successfulResults).toHaveLength(1);
    const bad = await rejection(
      conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: 'Name,Region__c\nBulk Two,EMEA\n', pollInterval: 10, pollTimeout: 30_000 }),
    );
    expect(bad.message).toMatch(/Field name not found : Region__c/);
    const rows = (await (await conn.bulk2.query("SELECT Name, Funding_Stage__c, Open_Roles__c FROM Account WHERE Name = 'Bulk One'", { pollInterval: 10 })).toArray()) as Record<string, unknown>[];
    expect(rows.map((r) => [r.Name, r.Funding_Stage__c, String(r.Open_Roles__c)])).toEqual([['Bulk One', 'Seed', '4']]);
  });

  it('is written back when the org is saved, so the saved directory loads the same', async () => {
    const out = await mkdtemp(join(tmpdir(), 'org-schema-save-'));
    try {
      await org.store.saveDir(out);
      expect(JSON.parse(await readFile(join(out, 'schema.json'), 'utf8'))).toMatchObject({ objects: { Account: { removeFields: ['Region__c', 'Account_Score_Tier__c'] } } });
      const back = await OrgStore.loadDir(out, { extraFields: scoreOrgFields() });
      expect(back.get('Account', makeId('001', 2))).toEqual(org.store.get('Account', makeId('001', 2)));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('a bad schema.json', () => {
  const refuse = async (schema: unknown) => {
    const d = await mkdtemp(join(tmpdir(), 'org-schema-bad-'));
    try {
      await writeFile(join(d, 'schema.json'), typeof schema === 'string' ? schema : JSON.stringify(schema));
      const e = await rejection(OrgStore.loadDir(d));
      expect(e).toBeInstanceOf(SchemaError);
      return e.message;
    } finally {
      await rm(d, { recursive: true, force: true });
    }
  };

  it('is refused with the object and field it concerns', async () => {
    expect(await refuse({ objects: { Account: { addFields: [{ name: 'Stage__c', type: 'picklist' }] } } })).toMatch(/schema\.json objects\.Account\.addFields\.Stage__c\.picklist: a picklist field needs its values/);
    expect(await refuse({ objects: { Account: { addFields: [{ name: 'Size__c', type: 'bigint' }] } } })).toMatch(/Account\.addFields\.Size__c\.type/);
    expect(await refuse({ objects: { Account: { addFields: [{ name: 'Calc__c', type: 'double', calculated: true, updateable: true }] } } })).toMatch(/Calc__c\.updateable: a calculated field is read-only/);
    expect(await refuse({ objects: { Account: { addFields: [{ name: 'Industry', type: 'string' }] } } })).toMatch(/Account\.Industry: the field already exists/);
    expect(await refuse({ objects: { Account: { addFields: [{ name: 'Parent__c', type: 'reference', referenceTo: 'Widget__c' }] } } })).toMatch(/Account\.Parent__c: referenceTo 'Widget__c' is not an object/);
    expect(await refuse({ objects: { Account: { removeFields: ['Regoin__c'] } } })).toMatch(/Account\.removeFields: no field 'Regoin__c' on Account/);
    expect(await refuse({ objects: { Account: { removeFields: ['Id'] } } })).toMatch(/'Id' cannot be removed/);
    expect(await refuse({ objects: { Contact: { removeFields: ['AccountId'] } } })).toMatch(/'AccountId' cannot be removed/);
    expect(await refuse({ objects: { Widget__c: { addFields: [] } } })).toMatch(/no object named 'Widget__c'/);
    expect(await refuse({ objects: { Account: { addFeilds: [] } } })).toMatch(/Account: Unrecognized key\(s\) in object: 'addFeilds'/);
    expect(await refuse('{ nope')).toMatch(/schema\.json: not valid JSON/);
  });

  it('extraFields from the program starting the org are checked the same way', async () => {
    const bad = await rejection(startLocalOrg({ extraFields: { Account: [{ name: 'Tier__c', type: 'picklist' }] } }));
    expect(bad.message).toMatch(/startLocalOrg options extraFields\.Account\.Tier__c\.picklist: a picklist field needs its values/);
    const both = await rejection(startLocalOrg({ store: OrgStore.withDefaults(), extraFields: scoreOrgFields() }));
    expect(both.message).toMatch(/give the fields to OrgStore\.withDefaults\/loadDir/);
    const ok = await startLocalOrg({ extraFields: { Contact: [{ name: 'Seniority__c', type: 'string', length: 40 }] } });
    try {
      expect(ok.store.findObject('Contact')!.fields.map((f) => f.name)).toContain('Seniority__c');
    } finally {
      await ok.close();
    }
  });

  it('leaves the standard schema of other orgs alone', async () => {
    await refuse({ objects: { Account: { removeFields: ['Regoin__c'] } } });
    const plain = OrgStore.withDefaults();
    expect(plain.findObject('Account')!.fields.map((f) => f.name)).toContain('Region__c');
    expect(plain.findObject('Account')!.fields.map((f) => f.name)).not.toContain('Account_Score__c');
  });
});
