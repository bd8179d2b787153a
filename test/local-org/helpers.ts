// Tiny deterministic data builder and jsforce connection helpers for local-org tests.
import jsforce from 'jsforce';
import { makeId } from '../../src/local-org/ids.js';
import { OrgStore, PlainRecord } from '../../src/local-org/store.js';
import type { LocalOrg } from '../../src/local-org/server.js';
import { scoreStore } from '../helpers/score-org.js';

const INDUSTRIES = ['Technology', 'Banking', 'Healthcare', 'Retail', null];
const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise'];

export function account(n: number): PlainRecord {
  return {
    Id: makeId('001', n),
    Name: `Account ${n}`,
    Industry: INDUSTRIES[n % INDUSTRIES.length],
    AnnualRevenue: (n % 100) * 1_000_000,
    NumberOfEmployees: (n % 50) * 10,
    BillingCountry: n % 2 ? 'United States' : 'Germany',
    GTM_Segment__c: SEGMENTS[n % 3],
    Researcher_Notes__c: n % 7 === 0 ? null : `Raised Series B; hiring ${n % 13} SDRs`,
    CreatedDate: '2024-01-01T00:00:00.000Z',
  };
}

export function contact(n: number, accountN: number | null): PlainRecord {
  return {
    Id: makeId('003', n),
    AccountId: accountN === null ? null : makeId('001', accountN),
    FirstName: `First${n}`,
    LastName: `Last${n}`,
    Title: n % 3 === 0 ? 'VP Talent' : 'Recruiter',
    Email: `p${n}@example.com`,
  };
}

/** A store with `accounts` Accounts and `contactsPerAccount` Contacts each. */
export function buildStore(accounts: number, contactsPerAccount = 0): OrgStore {
  const s = scoreStore();
  s.addRecords('Account', (function* () {
    for (let i = 0; i < accounts; i++) yield account(i);
  })());
  s.addRecords('Contact', (function* () {
    let c = 0;
    for (let i = 0; i < accounts; i++) for (let j = 0; j < contactsPerAccount; j++) yield contact(c++, i);
  })());
  return s;
}

/** A jsforce connection logged in with the password grant (refresh token included). */
export async function login(org: LocalOrg, version = org.apiVersion): Promise<jsforce.Connection> {
  const conn = new jsforce.Connection({
    oauth2: { loginUrl: org.url, clientId: org.credentials.clientId, clientSecret: org.credentials.clientSecret, redirectUri: `${org.url}/callback` },
    version,
  });
  await conn.login(org.credentials.username, org.credentials.password);
  return conn;
}

/** A connection using a token issued directly (no login round trip). */
export function connect(org: LocalOrg): jsforce.Connection {
  return new jsforce.Connection({ instanceUrl: org.url, accessToken: org.issueToken(), version: org.apiVersion });
}

/** The error a promise rejects with (jsforce errors carry errorCode); throws if it resolves. */
export async function rejection(p: PromiseLike<unknown>): Promise<Error & { errorCode?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { errorCode?: string };
  }
  throw new Error('expected a rejection');
}
