// Local org benchmark: memory with N Accounts (+ M Contacts) loaded, and jsforce throughput
// for SOQL query pages and sObject Collections updates. Prints JSON.
//   node --max-old-space-size=8192 --import tsx scripts/bench-local-org.ts [--accounts 1000000] [--contacts 0] [--pages 50] [--updates 50]
import { parseArgs } from 'node:util';
import jsforce from 'jsforce';
import { OrgStore, makeId, startLocalOrg } from '../src/local-org/index.js';
import { scoreOrgFields } from '../src/demo/score-field-specs.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000000' },
    contacts: { type: 'string', default: '0' },
    pages: { type: 'string', default: '50' },
    updates: { type: 'string', default: '50' },
  },
});
const nAccounts = Number(values.accounts);
const nContacts = Number(values.contacts);
const pages = Number(values.pages);
const updates = Number(values.updates);

const mb = (n: number) => Math.round(n / 2 ** 20);
const gc = (globalThis as { gc?: () => void }).gc;
const mem = () => {
  gc?.();
  const m = process.memoryUsage();
  return { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), externalMB: mb(m.external + m.arrayBuffers) };
};

const INDUSTRIES = ['Technology', 'Banking', 'Healthcare', 'Retail', 'Manufacturing', null];
const TECH = ['Greenhouse', 'Lever', 'Workday', 'BambooHR', 'spreadsheets', null];
const before = mem();
let t = Date.now();
const store = OrgStore.withDefaults({ extraFields: scoreOrgFields() });
store.addRecords('Account', (function* () {
  for (let i = 0; i < nAccounts; i++) {
    yield {
      Id: makeId('001', i),
      Name: `Account ${i}`,
      Industry: INDUSTRIES[i % 6],
      AnnualRevenue: (i % 997) * 100_000,
      NumberOfEmployees: i % 5000,
      BillingCity: i % 2 ? 'Austin' : 'Dublin',
      BillingCountry: i % 2 ? 'United States' : 'Ireland',
      Website: `https://acct${i}.example.com`,
      Region__c: 'EMEA',
      GTM_Segment__c: 'SMB',
      Current_Technology__c: TECH[i % 6],
      Researcher_Notes__c: i % 5 === 0 ? null : `Raised $${i % 90}M Series B in March; hiring ${i % 40} SDRs across Austin and Dublin; new VP Talent since Q2 (#${i})`,
      Converted_To_SQL__c: i % 33 === 0,
      CreatedDate: '2024-01-01T00:00:00.000Z',
    };
  }
})());
const accountsLoadMs = Date.now() - t;
t = Date.now();
store.addRecords('Contact', (function* () {
  for (let i = 0; i < nContacts; i++) {
    yield { Id: makeId('003', i), AccountId: makeId('001', i % Math.max(1, nAccounts)), FirstName: `First${i % 5000}`, LastName: `Last${i}`, Title: i % 3 ? 'Recruiter' : 'VP Talent', Email: `person${i}@acct${i % Math.max(1, nAccounts)}.example.com` };
  }
})());
const contactsLoadMs = Date.now() - t;
const loaded = mem();

const org = await startLocalOrg({ store, dailyApiLimit: 10_000_000 });
const conn = new jsforce.Connection({ instanceUrl: org.url, accessToken: org.issueToken(), version: org.apiVersion });

// SOQL pages: first page + queryMore, 2000 records each.
t = Date.now();
let res = await conn.query('SELECT Id, Name, Industry, AnnualRevenue, NumberOfEmployees, Researcher_Notes__c FROM Account');
let fetched = res.records.length;
for (let p = 1; p < pages && !res.done; p++) {
  res = await conn.queryMore(res.nextRecordsUrl!);
  fetched += res.records.length;
}
const queryMs = Date.now() - t;

// Keyset page deep in the table (Id > X ORDER BY Id LIMIT 2000), the pattern a sync reader uses.
t = Date.now();
const keysetPages = 10;
for (let p = 0; p < keysetPages; p++) {
  const from = makeId('001', Math.floor((nAccounts * (p + 0.5)) / keysetPages));
  await conn.query(`SELECT Id, Name FROM Account WHERE Id > '${from}' ORDER BY Id LIMIT 2000`);
}
const keysetMs = Date.now() - t;

// sObject Collections updates: 200 records per call.
t = Date.now();
for (let u = 0; u < updates; u++) {
  const recs = Array.from({ length: 200 }, (_, i) => ({ Id: makeId('001', (u * 200 + i) % nAccounts), Account_Score__c: (u + i) % 100, Account_Score_Tier__c: 'Warm' }));
  const out = await conn.sobject('Account').update(recs, { allOrNone: false });
  if (out.some((r) => !r.success)) throw new Error('unexpected update failure');
}
const updateMs = Date.now() - t;

t = Date.now();
const count = await conn.query('SELECT COUNT() FROM Account WHERE Industry = \'Banking\'');
const countMs = Date.now() - t;

await org.close();
console.log(
  JSON.stringify(
    {
      accounts: nAccounts,
      contacts: nContacts,
      load: { accountsMs: accountsLoadMs, contactsMs: contactsLoadMs, accountsPerSec: Math.round(nAccounts / (accountsLoadMs / 1000)) },
      memory: { before, loaded, gcExposed: Boolean(gc) },
      queryPages: { pages, records: fetched, ms: queryMs, pagesPerSec: +(pages / (queryMs / 1000)).toFixed(1), recordsPerSec: Math.round(fetched / (queryMs / 1000)) },
      keysetPages: { pages: keysetPages, ms: keysetMs, pagesPerSec: +(keysetPages / (keysetMs / 1000)).toFixed(1) },
      collectionsUpdates: { requests: updates, records: updates * 200, ms: updateMs, requestsPerSec: +(updates / (updateMs / 1000)).toFixed(1), recordsPerSec: Math.round((updates * 200) / (updateMs / 1000)) },
      countQuery: { totalSize: count.totalSize, ms: countMs },
      apiCalls: org.requests.apiCalls(),
    },
    null,
    2,
  ),
);
