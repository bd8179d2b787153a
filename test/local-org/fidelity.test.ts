// What real clients (jsforce, the sf CLI) ask beyond a sync, answered as Salesforce does: query
// column metadata, HAVING, date functions, explain, identity, replication, several-Id retrieve,
// the Tooling query the CLI sends - and every SOQL construct the local org cannot apply refused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeId, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { account, connect, contact, rejection } from './helpers.js';
import { scoreStore } from '../helpers/score-org.js';

const N = 240;
const ADMIN = makeId('005', 1); // the user startLocalOrg creates in an empty org
const created = (n: number) => new Date(Date.UTC(2022 + (n % 3), n % 12, 1 + (n % 28), n % 24, 30));
const industries = ['Technology', 'Banking', 'Healthcare', 'Retail', null];

let org: LocalOrg;
let token: string;
beforeAll(async () => {
  const store = scoreStore();
  store.addRecords(
    'Account',
    Array.from({ length: N }, (_, n) => ({ ...account(n), Industry: industries[n % 5], CreatedDate: created(n).toISOString(), OwnerId: n % 4 === 0 ? ADMIN : makeId('005', 99) })),
  );
  store.addRecords('Contact', Array.from({ length: 30 }, (_, n) => contact(n, n)));
  store.addRecords('Contact', [30, 31, 32, 33].map((n) => contact(n, 0))); // Account 0 has five
  org = await startLocalOrg({ store });
  token = org.issueToken();
});
afterAll(async () => {
  await org.close();
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${org.url}/services/data/v62.0${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
const soql = async (q: string, extra = '') => {
  const res = await api(`/query?q=${encodeURIComponent(q)}${extra}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { records: Record<string, unknown>[] } };
};
const count = (pred: (n: number) => boolean) => Array.from({ length: N }, (_, n) => n).filter(pred).length;

describe('query column metadata (columns=true)', () => {
  it('describes plain and parent-relationship columns as Salesforce does, without returning rows', async () => {
    const { status, body } = await soql('SELECT Id, Name, AnnualRevenue, Converted_To_SQL__c FROM Account LIMIT 5', '&columns=true');
    expect(status).toBe(200);
    expect(body.records).toBeUndefined();
    expect(body).toMatchObject({ entityName: 'Account', groupBy: false, idSelected: true, keyPrefix: '001' });
    const cols = body.columnMetadata as Record<string, unknown>[];
    expect(cols.map((c) => c.columnName)).toEqual(['Id', 'Name', 'AnnualRevenue', 'Converted_To_SQL__c']);
    expect(cols[0]).toEqual({ aggregate: false, apexType: 'Id', booleanType: false, columnName: 'Id', custom: false, displayName: 'Id', foreignKeyName: null, insertable: false, joinColumns: [], numberType: false, textType: false, updatable: false });
    expect(cols[1]).toMatchObject({ apexType: 'String', textType: true, insertable: true, updatable: true });
    expect(cols[2]).toMatchObject({ apexType: 'Decimal', numberType: true });
    expect(cols[3]).toMatchObject({ apexType: 'Boolean', booleanType: true, custom: true });

    const rel = await soql('SELECT LastName, Account.Name, Account.Industry FROM Contact', '&columns=true');
    const relCols = rel.body.columnMetadata as { columnName: string; foreignKeyName: string | null; joinColumns: { columnName: string }[] }[];
    expect(relCols.map((c) => c.columnName)).toEqual(['LastName', 'Account']);
    expect(relCols[1].foreignKeyName).toBe('AccountId');
    expect(relCols[1].joinColumns.map((c) => c.columnName)).toEqual(['Name', 'Industry']);
  });

  it('marks aggregate and date-function columns with their expr names and query text', async () => {
    const { body } = await soql('SELECT Industry, COUNT(Id), CALENDAR_YEAR(CreatedDate) yr FROM Account GROUP BY Industry, CALENDAR_YEAR(CreatedDate)', '&columns=true');
    expect(body).toMatchObject({ groupBy: true, idSelected: false });
    const cols = body.columnMetadata as Record<string, unknown>[];
    expect(cols.map((c) => [c.columnName, c.displayName, c.aggregate])).toEqual([
      ['Industry', 'Industry', false],
      ['expr0', 'COUNT(Id)', true],
      ['yr', 'CALENDAR_YEAR(CreatedDate)', true],
    ]);
  });
});

describe('HAVING', () => {
  it('keeps only the groups that satisfy it (aggregates and grouped fields)', async () => {
    const perIndustry = new Map<string | null, number>();
    for (let n = 0; n < N; n++) perIndustry.set(industries[n % 5], (perIndustry.get(industries[n % 5]) ?? 0) + 1);
    const all = await soql('SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry');
    expect(all.body.records).toHaveLength(5);
    const none = await soql('SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 1000');
    expect(none.status).toBe(200);
    expect(none.body.records).toEqual([]);
    const some = await soql("SELECT Industry, COUNT(Id) n FROM Account GROUP BY Industry HAVING COUNT(Id) >= 48 AND Industry != null AND Industry != 'Retail' ORDER BY Industry");
    expect(some.body.records.map((r) => [r.Industry, r.n])).toEqual([
      ['Banking', perIndustry.get('Banking')],
      ['Healthcare', perIndustry.get('Healthcare')],
      ['Technology', perIndustry.get('Technology')],
    ]);
    const notSelected = await soql('SELECT Industry FROM Account GROUP BY Industry HAVING MAX(AnnualRevenue) < 0');
    expect(notSelected.body.records).toEqual([]);
  });

  it('answers at most one batch of 2,000 groups, as Salesforce has no queryMore for aggregates', async () => {
    const many = await soql('SELECT Name, COUNT(Id) FROM Account GROUP BY Name');
    expect(many.status).toBe(200); // 240 groups
    org.store.addRecords('Opportunity', Array.from({ length: 2001 }, (_, n) => ({ Name: `Deal ${n}`, StageName: 'Prospecting', CloseDate: '2024-06-30' })));
    const over = await soql('SELECT Name, COUNT(Id) FROM Opportunity GROUP BY Name');
    expect(over.status).toBe(400);
    expect(JSON.stringify(over.body)).toMatch(/Aggregate query does not support queryMore\(\), use LIMIT/);
    expect((await soql('SELECT Name, COUNT(Id) FROM Opportunity GROUP BY Name LIMIT 2000')).body.records).toHaveLength(2000);
  });

  it('refuses a HAVING field that is neither grouped nor aggregated', async () => {
    const { status, body } = await soql('SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING Name = null');
    expect(status).toBe(400);
    expect(JSON.stringify(body)).toMatch(/Field must be grouped or aggregated: Name/);
  });
});

describe('date functions', () => {
  it('group by CALENDAR_YEAR and CALENDAR_MONTH with counts that match the data', async () => {
    const { status, body } = await soql('SELECT CALENDAR_YEAR(CreatedDate) y, COUNT(Id) c FROM Account GROUP BY CALENDAR_YEAR(CreatedDate) ORDER BY CALENDAR_YEAR(CreatedDate) DESC');
    expect(status).toBe(200);
    expect(body.records.map((r) => [r.y, r.c])).toEqual([2024, 2023, 2022].map((y) => [y, count((n) => 2022 + (n % 3) === y)]));
    const months = await soql('SELECT CALENDAR_MONTH(CreatedDate), COUNT(Id) FROM Account WHERE CALENDAR_YEAR(CreatedDate) = 2023 GROUP BY CALENDAR_MONTH(CreatedDate) ORDER BY CALENDAR_MONTH(CreatedDate)');
    expect(months.body.records.map((r) => [r.expr0, r.expr1])).toEqual(
      Array.from({ length: 12 }, (_, m) => [m + 1, count((n) => n % 3 === 1 && n % 12 === m)]).filter(([, c]) => c > 0),
    );
  });

  it('filter with DAY_ONLY, HOUR_IN_DAY, DAY_IN_WEEK and CALENDAR_QUARTER in WHERE', async () => {
    const day = await soql('SELECT COUNT() FROM Account WHERE DAY_ONLY(CreatedDate) = 2023-02-02');
    expect(day.body.totalSize).toBe(count((n) => created(n).toISOString().startsWith('2023-02-02')));
    const hour = await soql('SELECT Id FROM Account WHERE HOUR_IN_DAY(CreatedDate) >= 20 AND CALENDAR_QUARTER(CreatedDate) = 4');
    expect(hour.body.totalSize).toBe(count((n) => created(n).getUTCHours() >= 20 && created(n).getUTCMonth() >= 9));
    const sundays = await soql('SELECT COUNT() FROM Account WHERE DAY_IN_WEEK(CreatedDate) = 1');
    expect(sundays.body.totalSize).toBe(count((n) => created(n).getUTCDay() === 0));
  });

  it("convertTimezone() reads datetimes in the running user's time zone (America/Los_Angeles here)", async () => {
    const la = (n: number) => new Date(created(n).toLocaleString('en-US', { timeZone: 'America/Los_Angeles' }));
    const { status, body } = await soql('SELECT HOUR_IN_DAY(convertTimezone(CreatedDate)) h, COUNT(Id) c FROM Account GROUP BY HOUR_IN_DAY(convertTimezone(CreatedDate)) ORDER BY HOUR_IN_DAY(convertTimezone(CreatedDate))');
    expect(status).toBe(200);
    expect(body.records.map((r) => [r.h, r.c])).toEqual(
      Array.from({ length: 24 }, (_, h) => [h, count((n) => la(n).getHours() === h)]).filter(([, c]) => c > 0),
    );
    const day = await soql('SELECT COUNT() FROM Account WHERE DAY_ONLY(convertTimezone(CreatedDate)) = 2023-02-01');
    expect(day.body.totalSize).toBe(count((n) => la(n).getFullYear() === 2023 && la(n).getMonth() === 1 && la(n).getDate() === 1));
    expect(day.body.totalSize).not.toBe(count((n) => created(n).toISOString().startsWith('2023-02-01')));
    expect((await soql('SELECT convertTimezone(CreatedDate) FROM Account')).status).toBe(400);
  });

  it('refuses a date function on a field of the wrong type, and one in SELECT without GROUP BY', async () => {
    const wrong = await soql('SELECT COUNT() FROM Account WHERE HOUR_IN_DAY(Converted_To_SQL_Date__c) = 1');
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toMatch(/HOUR_IN_DAY\(\) takes a datetime field/);
    const ungrouped = await soql('SELECT CALENDAR_YEAR(CreatedDate) FROM Account');
    expect(ungrouped.status).toBe(400);
  });
});

describe('SOQL the local org cannot apply fails loudly', () => {
  const refused = async (q: string) => {
    const { status, body } = await soql(q);
    expect(status).toBe(400);
    const err = (body as unknown as { errorCode: string; message: string }[])[0];
    expect(err.errorCode).toBe('MALFORMED_QUERY');
    expect(err.message).toMatch(/not supported by the local org/);
    expect(err.message).not.toMatch(/FieldSubquery|FieldTypeof|valueQuery|withSecurityEnforced/);
    return err.message;
  };
  it.each([
    ['SELECT Id FROM Account WITH SECURITY_ENFORCED', /WITH SECURITY_ENFORCED/],
    ['SELECT Id FROM Account WITH USER_MODE', /USER_MODE/],
    ['SELECT Id FROM Account USING SCOPE team', /USING SCOPE team/],
    ['SELECT Id FROM Account FOR VIEW', /FOR VIEW/],
    ['SELECT Id, (SELECT Id FROM Contacts GROUP BY Id) FROM Account', /groupBy clause in a child relationship subquery/],
    ['SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact)', /semi-join/],
    ['SELECT Industry, COUNT(Id) FROM Account GROUP BY ROLLUP(Industry)', /GROUP BY ROLLUP/],
    ['SELECT toLabel(Industry) FROM Account', /toLabel\(\)/],
  ])('%s', async (q, message) => {
    expect(await refused(q)).toMatch(message);
  });

  it('applies USING SCOPE mine (the owner filter) and everything', async () => {
    expect((await soql('SELECT COUNT() FROM Account USING SCOPE mine')).body.totalSize).toBe(count((n) => n % 4 === 0));
    expect((await soql('SELECT COUNT() FROM Account USING SCOPE everything')).body.totalSize).toBe(N);
  });

  it('FIELDS(CUSTOM) returns custom fields only, and needs a LIMIT', async () => {
    const res = await soql('SELECT FIELDS(CUSTOM) FROM Account LIMIT 1');
    const keys = Object.keys(res.body.records[0]).filter((k) => k !== 'attributes');
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.every((k) => k.endsWith('__c'))).toBe(true);
    expect((await soql('SELECT FIELDS(ALL) FROM Account')).status).toBe(400);
  });
});

describe('explain, identity, tooling and records', () => {
  it("answers jsforce's query().explain() with plans", async () => {
    const conn = connect(org);
    const plan = await conn.query("SELECT Id FROM Account WHERE Industry = 'Banking'").explain();
    expect(plan.plans[0]).toMatchObject({ leadingOperationType: 'TableScan', sobjectType: 'Account', sobjectCardinality: N, cardinality: count((n) => n % 5 === 1) });
    expect(plan.plans[0].notes[0].fields).toEqual(['Industry']);
    const byId = await conn.query(`SELECT Id FROM Account WHERE Id = '${makeId('001', 3)}'`).explain();
    expect(byId.plans.map((p) => p.leadingOperationType)).toEqual(['Index', 'TableScan']);
    expect(byId.plans[0].cardinality).toBe(1);
  });

  it("serves jsforce's identity() on a token-only connection, and never echoes a token in an error", async () => {
    const conn = connect(org);
    const id = await conn.identity();
    expect(id).toMatchObject({ user_id: ADMIN, organization_id: makeId('00D', 1), username: org.credentials.username });
    const secret = '00D000000000001AAA!not.a.valid.token';
    const bad = await fetch(`${org.url}/id/${makeId('00D', 1)}/${ADMIN}?format=json&oauth_token=${encodeURIComponent(secret)}`);
    expect(bad.status).toBe(403);
    const text = await bad.text();
    expect(text).toBe('Bad_OAuth_Token');
    expect(text).not.toContain('not.a.valid.token');
    const other = await fetch(`${org.url}/id/${makeId('00D', 1)}/${makeId('005', 42)}`, { headers: { Authorization: `Bearer ${token}` } });
    expect([other.status, await other.text()]).toEqual([404, 'Bad_Id']);
  });

  it('answers the Tooling query the sf CLI sends (SandboxProcess: none) and refuses other Tooling objects', async () => {
    const sp = await api(`/tooling/query?q=${encodeURIComponent("SELECT Id, SandboxName FROM SandboxProcess WHERE SandboxOrganization = '00D000000000001'")}`);
    expect(await sp.json()).toEqual({ size: 0, totalSize: 0, done: true, queryLocator: null, entityTypeName: 'SandboxProcess', records: [] });
    const other = await api(`/tooling/query?q=${encodeURIComponent('SELECT Id FROM ApexClass')}`);
    expect(other.status).toBe(400);
    expect(((await other.json()) as { errorCode: string }[])[0].errorCode).toBe('INVALID_TYPE');
  });

  it('says ENTITY_IS_DELETED when a deleted record is deleted, read or updated again', async () => {
    const conn = connect(org);
    const id = makeId('001', 200);
    await conn.sobject('Account').destroy(id);
    const again = await rejection(conn.sobject('Account').destroy(id));
    expect(again.errorCode).toBe('ENTITY_IS_DELETED');
    expect((await rejection(conn.sobject('Account').retrieve(id))).errorCode).toBe('ENTITY_IS_DELETED');
    expect((await rejection(conn.sobject('Account').update({ Id: id, Name: 'x' }))).errorCode).toBe('ENTITY_IS_DELETED');
    const viaCollections = await conn.sobject('Account').destroy([id], { allOrNone: false });
    expect((viaCollections[0] as unknown as { errors: { statusCode: string }[] }).errors[0].statusCode).toBe('ENTITY_IS_DELETED');
    const missing = await rejection(conn.sobject('Account').destroy(makeId('001', 9999)));
    expect(missing.errorCode).toBe('NOT_FOUND');
  });

  it('retrieves several Ids in one call (sObject Collections), null where a record is gone', async () => {
    const conn = connect(org);
    const ids = [makeId('001', 1), makeId('001', 200), makeId('001', 2)];
    await conn.sobject('Account').destroy(ids[1]).catch(() => undefined);
    const before = org.requests.entries.length;
    const recs = (await conn.sobject('Account').retrieve(ids, { fields: ['Name', 'Industry'] })) as unknown as ({ Id?: string; Name: string } | null)[];
    expect(recs.map((r) => r?.Name ?? null)).toEqual(['Account 1', null, 'Account 2']);
    expect(org.requests.entries.slice(before).filter((e) => e.apiCall)).toHaveLength(1);
    const get = await api(`/composite/sobjects/Account?ids=${ids[0]},${ids[2]}&fields=Id,Nope__c`);
    expect(get.status).toBe(400);
  });

  it('lists updated and deleted records for a time window, and recent items', async () => {
    const conn = connect(org);
    const id = makeId('001', 5);
    await conn.sobject('Account').update({ Id: id, Name: 'Updated five' });
    await conn.sobject('Account').destroy(makeId('001', 6));
    // Salesforce covers whole minutes up to now: age both writes by three minutes instead of waiting.
    const t = org.store.table('Account');
    for (const n of [5, 6]) t.set(t.rowOf(makeId('001', n))!, 'SystemModstamp', Date.now() - 180_000);
    const start = new Date(Date.now() - 600_000);
    const end = new Date(Date.now() + 120_000);
    const updated = (await conn.sobject('Account').updated(start.toISOString(), end.toISOString())) as { ids: string[] };
    expect(updated.ids).toContain(id);
    expect(updated.ids).not.toContain(makeId('001', 7));
    const deleted = (await conn.sobject('Account').deleted(start.toISOString(), end.toISOString())) as { deletedRecords: { id: string }[] };
    expect(deleted.deletedRecords.map((d) => d.id)).toContain(makeId('001', 6));
    expect(await conn.recent()).toEqual([]);
  });
});

describe('child relationship subqueries', () => {
  it('nest each parent\'s children (filtered, ordered and limited per parent), null when it has none', async () => {
    const ids = [0, 3, 100].map((n) => `'${makeId('001', n)}'`).join(', ');
    const q = `SELECT Name, (SELECT LastName, Title FROM Contacts WHERE Title = 'Recruiter' ORDER BY LastName DESC LIMIT 1) FROM Account WHERE Id IN (${ids}) ORDER BY Id`;
    const { status, body } = await soql(q);
    expect(status).toBe(200);
    const [zero, three, hundred] = body.records as { Name: string; Contacts: { totalSize: number; done: boolean; records: Record<string, unknown>[] } | null }[];
    // Account 0's Recruiters are Last31 and Last32; Account 3's one contact is a VP; Account 100 has none
    expect(zero.Contacts).toMatchObject({ totalSize: 1, done: true });
    expect(zero.Contacts!.records[0]).toMatchObject({ attributes: { type: 'Contact' }, LastName: 'Last32', Title: 'Recruiter' });
    expect(three).toMatchObject({ Name: 'Account 3', Contacts: null });
    expect(hundred).toMatchObject({ Name: 'Account 100', Contacts: null });
  });

  it('answers several children per parent, and describes the subquery column', async () => {
    const { body } = await soql(`SELECT Id, (SELECT Id FROM Contacts) FROM Account WHERE Id = '${makeId('001', 0)}'`);
    expect((body.records[0].Contacts as { totalSize: number }).totalSize).toBe(5);
    const cols = await soql('SELECT Name, (SELECT LastName FROM Contacts) FROM Account', '&columns=true');
    const sub = (cols.body.columnMetadata as { columnName: string; aggregate: boolean; joinColumns: { columnName: string }[] }[])[1];
    expect(sub).toMatchObject({ columnName: 'Contacts', aggregate: true });
    expect(sub.joinColumns.map((c) => c.columnName)).toEqual(['LastName']);
  });

  it('refuses an unknown child relationship as Salesforce does', async () => {
    const { status, body } = await soql('SELECT Id, (SELECT Id FROM Contact) FROM Account');
    expect(status).toBe(400);
    const err = (body as unknown as { errorCode: string; message: string }[])[0];
    expect(err.errorCode).toBe('INVALID_TYPE');
    expect(err.message).toMatch(/Didn't understand relationship 'Contact' in FROM part of query call/);
  });
});

describe('syntax errors', () => {
  it.each([
    ["SELECT Id, FROM Account", "unexpected token: 'FROM'"],
    ["SELECT Id FROM Account WHERE (Name = 'x'", 'unexpected token: <EOF>'],
    ['SELECT Id FROM Account LIMIT x', "unexpected token: 'x'"],
  ])('%s reads as Salesforce words it, without the parser\'s token names', async (q, text) => {
    const { status, body } = await soql(q);
    expect(status).toBe(400);
    const err = (body as unknown as { errorCode: string; message: string }[])[0];
    expect(err.errorCode).toBe('MALFORMED_QUERY');
    expect(err.message).toContain(text);
    expect(err.message).toMatch(/ERROR at Row:1:Column:\d+/);
    expect(err.message).not.toMatch(/L_PAREN|RParen|Token sequences|UNSIGNED_INTEGER/);
  });
});
