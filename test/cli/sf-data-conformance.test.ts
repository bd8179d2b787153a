// Conformance: the real Salesforce CLI's data, org and sobject commands against the local org.
// Nobody on this project wrote these clients, so they check that the local org answers as
// Salesforce does (query column metadata, Bulk API 2.0 jobs, record REST, limits, describe).
// Runs with CI=true or SF_CLI_TEST=1 (SF_CLI_TEST=0 skips); the CLI is installed once into
// .cache/sfcli as for the plugin test.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { installSfCli, isolatedEnv, sf, type SfCli, type SfRun } from './sf-cli.js';
import { ROOT } from '../commands/run-command.js';
import { tempDir } from '../commands/fixtures.js';
import { makeId, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { account, contact } from '../local-org/helpers.js';
import { scoreStore } from '../helpers/score-org.js';

const TOKEN = '00D000000000001AAA!sf.data.conformance';
const wanted = process.env.SF_CLI_TEST === '1' || (process.env.CI === 'true' && process.env.SF_CLI_TEST !== '0');
const run = wanted ? describe : describe.skip;
const N = 60;
const industries = ['Technology', 'Banking', 'Healthcare', 'Retail', null];

run('the real sf CLI against the local org', () => {
  let cli: SfCli;
  let org: LocalOrg;
  let work: string;
  const data = (args: string[]) => sf(cli, [...args, '--target-org', 'lo'], {}, work);
  const json = <T>(r: SfRun): { status: number; result: T; name?: string; message?: string } => {
    try {
      return JSON.parse(r.stdout) as { status: number; result: T };
    } catch {
      throw new Error(`sf printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
  };
  const stored = (n: number) => org.store.get('Account', makeId('001', n))!;

  beforeAll(async () => {
    cli = isolatedEnv(await installSfCli(path.join(ROOT, '.cache', 'sfcli')));
    work = tempDir('sf-data');
    const store = scoreStore();
    store.addRecords('Account', Array.from({ length: N }, (_, n) => ({ ...account(n), Industry: industries[n % 5] })));
    store.addRecords('Contact', Array.from({ length: 10 }, (_, n) => contact(n, n)));
    // Jobs finish before the CLI's first status check: it then waits 5 s between checks, and the
    // in-progress states are polled through in test/local-org/bulk.test.ts and the sync tests.
    org = await startLocalOrg({ store, accessToken: TOKEN, bulkPollDelayMs: 0 });
    const login = await sf(cli, ['org', 'login', 'access-token', '--instance-url', org.url, '--alias', 'lo', '--no-prompt', '--json'], { SF_ACCESS_TOKEN: TOKEN });
    expect(json(login).status).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await org?.close();
    if (cli) rmSync(cli.home, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('data query', () => {
    it('prints rows of a plain query as a table', async () => {
      const r = await data(['data', 'query', '--query', 'SELECT Id, Name FROM Account ORDER BY Name LIMIT 3']);
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Account 0/);
      expect(r.stdout).toMatch(/Account 1 /);
      expect(r.stdout).toContain(makeId('001', 0));
      expect(r.stdout).toMatch(/Total number of records retrieved: 3\./);
    });

    it('returns records with --json', async () => {
      const r = json<{ records: { Id: string; Industry: string }[]; totalSize: number }>(
        await data(['data', 'query', '--query', "SELECT Id, Industry FROM Account WHERE Industry = 'Banking'", '--json']),
      );
      expect(r.status).toBe(0);
      expect(r.result.totalSize).toBe(N / 5);
      expect(new Set(r.result.records.map((x) => x.Industry))).toEqual(new Set(['Banking']));
    });

    it('prints parent-relationship columns', async () => {
      const r = await data(['data', 'query', '--query', 'SELECT LastName, Account.Name FROM Contact WHERE LastName = \'Last3\'']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/ACCOUNT\.NAME/);
      expect(r.stdout).toMatch(/Last3\s+│\s+Account 3/);
    });

    it('returns child relationship subqueries', async () => {
      const q = "SELECT Name, (SELECT LastName FROM Contacts) FROM Account WHERE Name = 'Account 3'";
      const r = json<{ records: { Name: string; Contacts: { records: { LastName: string }[] } }[] }>(await data(['data', 'query', '--query', q, '--json']));
      expect(r.result.records.map((a) => [a.Name, a.Contacts.records.map((c) => c.LastName)])).toEqual([['Account 3', ['Last3']]]);
      const human = await data(['data', 'query', '--query', q]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/Last3/);
    });

    it('prints aggregate results, HAVING applied', async () => {
      const csv = await data(['data', 'query', '--query', 'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 1 ORDER BY Industry', '--result-format', 'csv']);
      expect(csv.code).toBe(0);
      const lines = csv.stdout.trim().split('\n');
      expect(lines[0]).toBe('Industry,COUNT(Id)');
      expect(lines).toContain(`Banking,${N / 5}`);
      expect(lines).toHaveLength(6);
      const none = await data(['data', 'query', '--query', 'SELECT Industry, COUNT(Id) n FROM Account GROUP BY Industry HAVING COUNT(Id) > 1000']);
      expect(none.code).toBe(0);
      expect(none.stdout).toMatch(/Total number of records retrieved: 0\./);
      const human = await data(['data', 'query', '--query', "SELECT CALENDAR_YEAR(CreatedDate) yr, COUNT(Id) n FROM Account WHERE Industry = 'Retail' GROUP BY CALENDAR_YEAR(CreatedDate)"]);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(new RegExp(`2024\\s+│\\s+${N / 5}`));
    });

    it('reports a construct the local org cannot apply as an error, not as wrong rows', async () => {
      const r = await data(['data', 'query', '--query', 'SELECT Id FROM Account WITH SECURITY_ENFORCED', '--json']);
      expect(r.code).not.toBe(0);
      expect(json(r).message).toMatch(/WITH SECURITY_ENFORCED is not supported by the local org/);
    });
  });

  it('data export bulk writes the matching records to CSV', async () => {
    const file = path.join(work, 'banking.csv');
    const r = await data(['data', 'export', 'bulk', '--query', "SELECT Id, Name FROM Account WHERE Industry = 'Banking'", '--output-file', file, '--wait', '5']);
    expect(r.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('"Id","Name"');
    const ids = lines.slice(1).map((l) => l.split(',')[0].replace(/"/g, ''));
    expect(ids.sort()).toEqual(Array.from({ length: N }, (_, n) => n).filter((n) => n % 5 === 1).map((n) => makeId('001', n)).sort());
  });

  describe('records', () => {
    it('data get record returns the stored values', async () => {
      const r = json<{ Id: string; Name: string; AnnualRevenue: number }>(await data(['data', 'get', 'record', '--sobject', 'Account', '--record-id', makeId('001', 3), '--json']));
      expect(r.result).toMatchObject({ Id: makeId('001', 3), Name: 'Account 3', AnnualRevenue: stored(3).AnnualRevenue });
    });

    it('data update record changes the record', async () => {
      const r = await data(['data', 'update', 'record', '--sobject', 'Account', '--record-id', makeId('001', 4), '--values', "Name='Renamed Four' Industry=Retail"]);
      expect(r.code).toBe(0);
      expect(stored(4)).toMatchObject({ Name: 'Renamed Four', Industry: 'Retail' });
    });

    it('data create record inserts one', async () => {
      const r = json<{ id: string; success: boolean }>(await data(['data', 'create', 'record', '--sobject', 'Account', '--values', "Name='Created By sf' Industry=Banking", '--json']));
      expect(r.result.success).toBe(true);
      expect(org.store.get('Account', r.result.id)).toMatchObject({ Name: 'Created By sf', Industry: 'Banking' });
    });

    it('data delete record deletes it, and a second delete says the entity is deleted', async () => {
      const id = makeId('001', 5);
      expect((await data(['data', 'delete', 'record', '--sobject', 'Account', '--record-id', id])).code).toBe(0);
      expect(stored(5).IsDeleted).toBe(true);
      const again = json(await data(['data', 'delete', 'record', '--sobject', 'Account', '--record-id', id, '--json']));
      expect(again.status).not.toBe(0);
      expect(again.message).toMatch(/entity is deleted/);
    });
  });

  describe('bulk ingest', () => {
    it('data import bulk inserts every row', async () => {
      const file = path.join(work, 'insert.csv');
      writeFileSync(file, 'Name,Industry\nBulk Alpha,Retail\nBulk Beta,Banking\n');
      const r = await data(['data', 'import', 'bulk', '--sobject', 'Account', '--file', file, '--wait', '5', '--json']);
      expect(json<{ processedRecords: number; failedRecords: number }>(r).result).toMatchObject({ processedRecords: 2, failedRecords: 0 });
      const names = [...org.store.iterate('Account')].map((a) => a.Name);
      expect(names).toEqual(expect.arrayContaining(['Bulk Alpha', 'Bulk Beta']));
    });

    it('data upsert bulk updates by Id', async () => {
      const file = path.join(work, 'upsert.csv');
      writeFileSync(file, `Id,Name\n${makeId('001', 7)},Upserted Seven\n`);
      const r = await data(['data', 'upsert', 'bulk', '--sobject', 'Account', '--file', file, '--external-id', 'Id', '--wait', '5', '--json']);
      expect(json<{ jobInfo: object }>(r).result.jobInfo).toMatchObject({ state: 'JobComplete', operation: 'upsert', numberRecordsProcessed: 1, numberRecordsFailed: 0 });
      expect(stored(7).Name).toBe('Upserted Seven');
    });

    it('data delete bulk deletes the listed Ids', async () => {
      const file = path.join(work, 'delete.csv');
      writeFileSync(file, `Id\n${makeId('001', 8)}\n${makeId('001', 9)}\n`);
      const r = await data(['data', 'delete', 'bulk', '--sobject', 'Account', '--file', file, '--wait', '5', '--json']);
      expect(json<{ jobInfo: object }>(r).result.jobInfo).toMatchObject({ state: 'JobComplete', operation: 'delete', numberRecordsProcessed: 2, numberRecordsFailed: 0 });
      expect([stored(8).IsDeleted, stored(9).IsDeleted]).toEqual([true, true]);
    });
  });

  describe('org and schema', () => {
    it('org display shows the org without printing the token', async () => {
      const r = await data(['org', 'display', '--json']);
      expect(r.stdout).not.toContain('sf.data.conformance');
      expect(json<{ id: string; instanceUrl: string; username: string; connectedStatus: string }>(r).result).toMatchObject({
        id: org.store.organizationId(),
        username: org.credentials.username,
        connectedStatus: 'Connected',
      });
    });

    it('org list limits shows the daily API allowance', async () => {
      const r = json<{ name: string; max: number; remaining: number }[]>(await data(['org', 'list', 'limits', '--json']));
      const daily = r.result.find((l) => l.name === 'DailyApiRequests')!;
      expect(daily.max).toBe(org.limits.toJson().DailyApiRequests.Max);
      expect(daily.remaining).toBeLessThan(daily.max);
    });

    it('sobject describe lists the fields, including those passed to the org', async () => {
      const r = json<{ name: string; fields: { name: string; type: string }[] }>(await data(['sobject', 'describe', '--sobject', 'Account', '--json']));
      expect(r.result.name).toBe('Account');
      expect(r.result.fields.find((f) => f.name === 'Account_Score__c')?.type).toBe('double');
      expect(r.result.fields.find((f) => f.name === 'Region__c')?.type).toBe('picklist');
    });
  });
});
