import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import jsforce from 'jsforce';
import { startLocalOrg, OrgStore, type LocalOrg } from '../../src/local-org/index.js';
import { VALIDATION_RULES, REQUIRED_FIELDS } from '../../src/local-org/custom-metadata.js';
import { connect, login, rejection } from './helpers.js';

const FULL_NAME = 'Account_Score_Setting.Default';
const MDT_DIR = path.resolve('force-app/main/default/objects/Account_Score_Setting__mdt');

let org: LocalOrg;
beforeAll(async () => {
  org = await startLocalOrg({ store: OrgStore.withDefaults() });
});
afterAll(async () => {
  await org.close();
});
beforeEach(() => {
  org.faults.reset();
});

const settingRow = () => org.store.iterate('Account_Score_Setting__mdt').next().value as Record<string, unknown>;

/** The whole record, as a client that read it first would send it. */
function record(values: Record<string, unknown>, label = 'Default') {
  const base = { Hot_Threshold__c: 70, Warm_Threshold__c: 40, Model_Version__c: null, Score_Change_Tolerance__c: 0.5, Api_Reserve_Percent__c: 20, Top_Factor_Count__c: 5 };
  return { fullName: FULL_NAME, label, values: Object.entries({ ...base, ...values }).map(([field, value]) => ({ field, value })) };
}

describe('Metadata API (SOAP): CustomMetadata records', () => {
  beforeEach(async () => {
    await connect(org).metadata.upsert('CustomMetadata', record({}));
  });

  it('upserts the Default record through conn.metadata.upsert, counted as an API call', async () => {
    const conn = connect(org);
    const before = org.limits.used;
    const res = await conn.metadata.upsert('CustomMetadata', record({ Hot_Threshold__c: 75, Warm_Threshold__c: 45, Model_Version__c: 'v2' }));
    expect(res).toEqual({ created: false, fullName: FULL_NAME, success: true, errors: [] });
    expect(org.limits.used).toBe(before + 1);
    const last = org.requests.entries.at(-1)!;
    expect(last).toMatchObject({ method: 'POST', path: '/services/Soap/m/62.0', status: 200, apiCall: true });
    // SOQL (what the worker reads) sees the new values
    const q = await conn.query<Record<string, unknown>>(`SELECT Hot_Threshold__c, Warm_Threshold__c, Model_Version__c FROM Account_Score_Setting__mdt WHERE DeveloperName = 'Default'`);
    expect(q.records[0]).toMatchObject({ Hot_Threshold__c: 75, Warm_Threshold__c: 45, Model_Version__c: 'v2' });
  });

  it('reads the record back with typed values and nil for blanks (conn.metadata.read)', async () => {
    const conn = connect(org);
    const rec = await conn.metadata.read('CustomMetadata', FULL_NAME);
    expect(rec).toMatchObject({ fullName: FULL_NAME, label: 'Default', protected: false });
    const values = Object.fromEntries((rec as unknown as { values: { field: string; value: unknown }[] }).values.map((v) => [v.field, v.value]));
    expect(values.Hot_Threshold__c).toEqual({ _: '70.0', $: { 'xsi:type': 'xsd:double' } });
    expect(values.Score_Change_Tolerance__c).toEqual({ _: '0.5', $: { 'xsi:type': 'xsd:double' } });
    expect(values.Model_Version__c).toEqual({ $: { 'xsi:nil': 'true' } });
    // a name with no record reads as an empty record
    const [, missing] = await conn.metadata.read('CustomMetadata', [FULL_NAME, 'Account_Score_Setting.Nope']);
    expect((missing as { fullName?: string }).fullName).toBeUndefined();
  });

  it('replaces the whole record: a field left out becomes blank, as a deploy of the record file does', async () => {
    await connect(org).metadata.upsert('CustomMetadata', { fullName: FULL_NAME, label: 'Default', values: [{ field: 'Hot_Threshold__c', value: 80 }, { field: 'Warm_Threshold__c', value: 50 }] });
    expect(settingRow()).toMatchObject({ Hot_Threshold__c: 80, Warm_Threshold__c: 50, Top_Factor_Count__c: null, Api_Reserve_Percent__c: null });
  });

  it('reports an unknown field with success false and errors naming it; nothing changes', async () => {
    const res = await connect(org).metadata.upsert('CustomMetadata', record({ Hot_Threshold__c: 90, Colour__c: 'red' }));
    expect(res).toMatchObject({
      success: false,
      created: false,
      errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'no CustomField named Account_Score_Setting__mdt.Colour__c found', fields: ['Colour__c'] }],
    });
    expect(settingRow().Hot_Threshold__c).toBe(70);
  });

  it('checks values against the field types (precision, text, required)', async () => {
    const conn = connect(org);
    const tooBig = await conn.metadata.upsert('CustomMetadata', record({ Api_Reserve_Percent__c: 1000 }));
    expect(tooBig.errors).toEqual([expect.objectContaining({ statusCode: 'NUMBER_OUTSIDE_VALID_RANGE', fields: ['Api_Reserve_Percent__c'] })]);
    const notNumber = await conn.metadata.upsert('CustomMetadata', record({ Hot_Threshold__c: 'high' }));
    expect(notNumber.errors).toEqual([expect.objectContaining({ statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', fields: ['Hot_Threshold__c'] })]);
    const missing = await conn.metadata.upsert('CustomMetadata', record({ Warm_Threshold__c: null }));
    expect(missing.errors).toEqual([{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Warm_Threshold__c]', fields: ['Warm_Threshold__c'], extendedErrorDetails: [] }]);
  });

  it.each([
    [{ Hot_Threshold__c: 40, Warm_Threshold__c: 45 }, 'Warm_Threshold__c', 'Warm Threshold must be lower than Hot Threshold.'],
    [{ Hot_Threshold__c: 120 }, 'Hot_Threshold__c', 'Hot Threshold must be between 0 and 100.'],
    [{ Api_Reserve_Percent__c: 95 }, 'Api_Reserve_Percent__c', 'API Reserve Percent must be between 0 and 90 (the worker needs some of the limit to run).'],
    [{ Top_Factor_Count__c: 0 }, 'Top_Factor_Count__c', 'Top Factor Count must be between 1 and 10.'],
  ])('enforces the validation rules of the force-app: %j', async (values, field, message) => {
    const res = await connect(org).metadata.upsert('CustomMetadata', record(values));
    expect(res).toMatchObject({ success: false, errors: [{ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message, fields: [field] }] });
    expect(settingRow()).toMatchObject({ Hot_Threshold__c: 70, Warm_Threshold__c: 40 });
  });

  it('creates a new record (created true) and needs a label to do so', async () => {
    const conn = connect(org);
    const { label: _none, ...unlabelled } = record({});
    const noLabel = await conn.metadata.upsert('CustomMetadata', { ...unlabelled, fullName: 'Account_Score_Setting.Sandbox' });
    expect(noLabel.errors).toEqual([expect.objectContaining({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['label'] })]);
    const made = await conn.metadata.upsert('CustomMetadata', { ...record({}, 'Sandbox'), fullName: 'Account_Score_Setting.Sandbox' });
    expect(made).toMatchObject({ created: true, success: true, fullName: 'Account_Score_Setting.Sandbox' });
    const q = await conn.query<Record<string, unknown>>(`SELECT MasterLabel FROM Account_Score_Setting__mdt WHERE DeveloperName = 'Sandbox'`);
    expect(q.records[0]?.MasterLabel).toBe('Sandbox');
  });

  it('answers each component of a multi-component call on its own', async () => {
    const res = await connect(org).metadata.upsert('CustomMetadata', [record({ Hot_Threshold__c: 72 }), { ...record({}), fullName: 'Other_Type.Default' }]);
    expect(res.map((r) => r.success)).toEqual([true, false]);
    expect(res[1].errors[0]).toMatchObject({ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'no CustomMetadataType named Other_Type__mdt found' });
    expect(settingRow().Hot_Threshold__c).toBe(72);
  });

  it('faults a name without the Type.Record shape and a typed value its text does not match', async () => {
    const conn = connect(org);
    const noDot = await rejection(conn.metadata.upsert('CustomMetadata', { ...record({}), fullName: 'Default' }));
    expect(noDot.message).toBe('Must specify the name in the CustomMetadataType.CustomMetadata format, Name:Default, Delimiter:.');
    const token = org.issueToken();
    const envelope =
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata"><SessionHeader><sessionId>${token}</sessionId></SessionHeader></soapenv:Header>` +
      '<soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata"><upsertMetadata><metadata xsi:type="CustomMetadata"><fullName>Account_Score_Setting.Default</fullName><label>Default</label>' +
      '<values><field>Hot_Threshold__c</field><value xsi:type="xsd:double">high</value></values></metadata></upsertMetadata></soapenv:Body></soapenv:Envelope>';
    const res = await fetch(`${org.url}/services/Soap/m/62.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml', SOAPAction: '""' }, body: envelope });
    expect(res.status).toBe(500);
    expect(await res.text()).toContain("<faultcode>soapenv:Client</faultcode><faultstring>'high' is not valid for the type xsd:double</faultstring>");
    // the same envelope with a well-typed value is accepted
    const ok = await fetch(`${org.url}/services/Soap/m/62.0`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: envelope.replace('>high<', '>85<').replace('</values></metadata>', '</values><values><field>Warm_Threshold__c</field><value xsi:type="xsd:double">40</value></values></metadata>') });
    expect(await ok.text()).toContain('<success>true</success>');
    expect(settingRow().Hot_Threshold__c).toBe(85);
  });

  it('faults INVALID_SESSION_ID for a bad session, uncounted, and jsforce refreshes an expired one', async () => {
    const used = org.limits.used;
    const bad = new jsforce.Connection({ instanceUrl: org.url, accessToken: 'nope', version: org.apiVersion });
    const err = await rejection(bad.metadata.read('CustomMetadata', FULL_NAME));
    expect(err.errorCode).toBe('sf:INVALID_SESSION_ID');
    expect(err.message).toBe('INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session');
    expect(org.limits.used).toBe(used);

    const conn = await login(org);
    org.expireTokens();
    const res = await conn.metadata.upsert('CustomMetadata', record({ Hot_Threshold__c: 77 }));
    expect(res.success).toBe(true);
  });

  it('answers injected faults and a spent allowance as SOAP faults', async () => {
    const conn = connect(org);
    org.faults.set({ unavailableRate: 1 });
    expect((await rejection(conn.metadata.read('CustomMetadata', FULL_NAME))).errorCode).toBe('sf:SERVER_UNAVAILABLE');
    org.faults.reset();
    const max = org.limits.max;
    org.limits.max = org.limits.used;
    try {
      expect((await rejection(conn.metadata.upsert('CustomMetadata', record({})))).errorCode).toBe('sf:REQUEST_LIMIT_EXCEEDED');
    } finally {
      org.limits.max = max;
    }
  });

  it('treats the leading // the sf CLI sends as /', async () => {
    const res = await fetch(`${org.url}//services/data`);
    expect(res.status).toBe(200);
    expect(org.requests.entries.at(-1)?.path).toBe('/services/data');
    const conn = new jsforce.Connection({ instanceUrl: `${org.url}/`, accessToken: org.issueToken(), version: org.apiVersion });
    expect((await conn.metadata.read('CustomMetadata', FULL_NAME)).fullName).toBe(FULL_NAME);
  });
});

describe('the local org mirrors the force-app definition of Account_Score_Setting__mdt', () => {
  const xml = new XMLParser();
  const read = (dir: string) =>
    readdirSync(path.join(MDT_DIR, dir)).map((f) => Object.values(xml.parse(readFileSync(path.join(MDT_DIR, dir, f), 'utf8')) as Record<string, Record<string, unknown>>).find((v) => typeof v === 'object')!);

  it('has the same active validation rules, messages and display fields', () => {
    const rules = read('validationRules').filter((r) => r.active === true);
    const fromXml = rules.map((r) => ({ fullName: r.fullName, errorDisplayField: r.errorDisplayField, errorMessage: r.errorMessage }));
    const local = VALIDATION_RULES.map(({ fullName, errorDisplayField, errorMessage }) => ({ fullName, errorDisplayField, errorMessage }));
    const byName = (a: { fullName: unknown }, b: { fullName: unknown }) => String(a.fullName).localeCompare(String(b.fullName));
    expect(local.sort(byName)).toEqual(fromXml.sort(byName));
  });

  it('requires the fields the force-app marks required', () => {
    const required = read('fields').filter((f) => f.required === true).map((f) => f.fullName);
    expect([...REQUIRED_FIELDS].sort()).toEqual(required.sort());
  });
});
