import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrgStore, makeId } from '../../src/local-org/index.js';
import { buildStore } from './helpers.js';
import { scoreOrgFields } from '../helpers/score-org.js';

const tricky = {
  Id: makeId('001', 5000),
  Name: 'Zoë "Quotes", Inc. 🚀',
  Researcher_Notes__c: 'Raised $40M Series B;\nhiring 12 SDRs, "new VP Talent" 🎉 ' + 'x'.repeat(50_000),
  Industry: null,
  AnnualRevenue: null,
  Converted_To_SQL__c: true,
  Converted_To_SQL_Date__c: '2024-03-05',
  Account_Score__c: 42.5,
  CreatedDate: '2023-02-01T10:00:00.000Z',
};

async function roundTrip(format: 'ndjson' | 'csv') {
  const dir = await mkdtemp(join(tmpdir(), 'local-org-'));
  try {
    const s = buildStore(50, 3);
    s.addRecords('Account', [tricky]);
    await s.saveDir(dir, format);
    const loaded = await OrgStore.loadDir(dir, { extraFields: scoreOrgFields() });
    expect(loaded.count('Account')).toBe(51);
    expect(loaded.count('Contact')).toBe(150);
    expect(loaded.get('Account', tricky.Id)).toEqual(s.get('Account', tricky.Id));
    expect(loaded.get('Contact', makeId('003', 7))).toEqual(s.get('Contact', makeId('003', 7)));
    expect(loaded.get('Account', tricky.Id)?.Researcher_Notes__c).toBe(tricky.Researcher_Notes__c);
    expect(loaded.count('Account_Score_Setting__mdt')).toBe(1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('org directory persistence', () => {
  it('round-trips NDJSON with emojis, nulls and 50 KB notes', () => roundTrip('ndjson'));
  it('round-trips CSV with emojis, nulls and 50 KB notes', () => roundTrip('csv'));

  it('names the file, line and field of a bad record, and loads nothing half-way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-org-'));
    try {
      await writeFile(join(dir, 'Account.ndjson'), `${JSON.stringify({ Id: makeId('001', 1), Name: 'ok' })}\n${JSON.stringify({ Id: makeId('001', 2), Name: 'bad', Region__c: 'Mars' })}\n`);
      await expect(OrgStore.loadDir(dir)).rejects.toThrow(/Account\.ndjson line 2 \(Id 001000000000002AAA\): Region: bad value for restricted picklist field: Mars/);
      await writeFile(join(dir, 'Account.ndjson'), '{"Id": "001000000000001AAA", "Name": \n');
      await expect(OrgStore.loadDir(dir)).rejects.toThrow(/Account\.ndjson line 1: not valid JSON/);
      await rm(join(dir, 'Account.ndjson'));
      await writeFile(join(dir, 'Account.csv'), 'Id,Name,Nope__c\n001000000000001AAA,Acme,1\n');
      await expect(OrgStore.loadDir(dir)).rejects.toThrow(/Account\.csv line 2 .*No such column 'Nope__c'/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes nulls as absent keys in NDJSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'local-org-'));
    try {
      const s = OrgStore.withDefaults();
      s.addRecords('Account', [{ Id: makeId('001', 1), Name: 'A', Industry: null }]);
      await s.saveDir(dir);
      const line = JSON.parse((await readFile(join(dir, 'Account.ndjson'), 'utf8')).trim());
      expect(line.Name).toBe('A');
      expect('Industry' in line).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
