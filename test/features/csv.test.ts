import { describe, it, expect } from '@jest/globals';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { MISSING_WORDS } from '../../src/features/value-words.js';
import { profileValues } from '../../src/features/infer/values.js';
import { toBoolean, toTime, type AccountInput } from '../../src/features/encode.js';
import {
  defaultFeatureSpec,
  encodeBatch,
  featureNames,
  fitFeatureSpec,
  parseCsvNumber,
  readAccountCsv,
} from '../../src/features/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/features/${name}`, import.meta.url));
const spec = defaultFeatureSpec();
const HEADER =
  'Id,Type,Industry,AnnualRevenue,NumberOfEmployees,BillingCountry,Region__c,GTM_Segment__c,ABM_Group__c,Persona__c,Current_Technology__c,Researcher_Notes__c';
const csv = (text: string) => Readable.from([text]);

describe('readAccountCsv', () => {
  it('reads good rows and reports every bad one by line and column', async () => {
    const r = await readAccountCsv(fixture('accounts.csv'), {
      spec,
      labelColumn: 'Converted_To_SQL__c',
      contactsCsv: fixture('contacts.csv'),
    });
    expect(r.rows.map((x) => [x.line, x.label])).toEqual([
      [2, 1],
      [3, 0], // a quoted note spanning two lines
      [5, 0],
    ]);
    expect(r.errors).toEqual([
      { file: 'accounts', line: 6, field: 'AnnualRevenue', message: '"abc" is not a number' },
      { file: 'accounts', line: 7, field: 'AnnualRevenue', message: '"12k" is not a plain number (write 12000, not 12k)' },
      { file: 'accounts', line: 8, message: 'expected 14 columns, found 5' },
      { file: 'accounts', line: 9, field: 'Converted_To_SQL__c', message: 'label is blank (expected 1/0, true/false, yes/no, y/n or won/lost)' },
      { file: 'contacts', line: 6, field: 'AccountId', message: 'contact has no AccountId' },
    ]);
    const acme = r.rows[0];
    expect(acme.input.account.AnnualRevenue).toBe(40_000_000);
    expect(acme.input.contacts).toEqual({ contactCount: 3, atlCount: 1, btlCount: 1, otherCount: 1, freeMailCount: 1, withEmailCount: 2 });
    // 15-char AccountId in the contacts file still matches; "Inhaberin / Owner" is a decision maker.
    expect(r.rows[1].input.contacts.atlCount).toBe(1);
    expect(r.rows[2].input.account.AnnualRevenue).toBe(1_200_000);
    expect(r.rows[2].input.account.Researcher_Notes__c).toBeNull();
  });

  it('rows encode like records read from the org', async () => {
    const r = await readAccountCsv(fixture('accounts.csv'), { spec, contactsCsv: fixture('contacts.csv') });
    const inputs = r.rows.map((x) => x.input);
    const fitted = fitFeatureSpec(spec, inputs);
    const b = encodeBatch(fitted, inputs);
    const names = featureNames(fitted);
    expect(b.data[names.indexOf('notes_series_b_plus')]).toBe(1);
    expect(b.data[b.cols + names.indexOf('notes_funding')]).toBe(0);
  });

  it('names missing required columns and reads no rows', async () => {
    const r = await readAccountCsv(csv('Id,Industry\n1,Software\n'), { spec, labelColumn: 'Converted_To_SQL__c' });
    expect(r.rows).toEqual([]);
    expect(r.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['AnnualRevenue', 'NumberOfEmployees', 'Researcher_Notes__c', 'Converted_To_SQL__c']),
    );
    expect(r.errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/missing required column/) });
  });

  it('reports an unbalanced quote on the line where the broken record starts, and reads the rows after it', async () => {
    const text = `${HEADER}\n1,Prospect,Software,10,5,US,,,,,,ok\n2,Prospect,Software,10,5,US,,,,,,"never closed\n3,Prospect,Software,10,5,US,,,,,,x\n4,Prospect,Software,10,5,US,,,,,,"a quoted note"\n`;
    const r = await readAccountCsv(csv(text), { spec });
    expect(r.rows.map((x) => x.line)).toEqual([2, 4, 5]);
    expect(r.rows[2].input.account.Researcher_Notes__c).toBe('a quoted note');
    expect(r.errors).toEqual([{ line: 3, message: expect.stringMatching(/unbalanced quote.*line 3 was skipped and reading resumed on line 4/) }]);
  });

  it('reports a stray quote inside a field and keeps reading', async () => {
    const text = `${HEADER}\n1,Prospect,Software,10,5,US,,,,,,"bad"quote"\n2,Prospect,Software,10,5,US,,,,,,fine\n`;
    const r = await readAccountCsv(csv(text), { spec });
    expect(r.rows.map((x) => x.line)).toEqual([3]);
    expect(r.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/malformed CSV/) });
  });

  it('reads contact count columns, and warns when there is no contact data at all', async () => {
    const withCounts = await readAccountCsv(csv(`${HEADER},ContactCount,ATLContactCount\n1,,,,,,,,,,,,5,2\n2,,,,,,,,,,,,x,1\n`), { spec });
    expect(withCounts.rows[0].input.contacts).toMatchObject({ contactCount: 5, atlCount: 2 });
    expect(withCounts.rows[0].input.contacts.btlCount).toBeNaN();
    expect(withCounts.errors).toEqual([{ line: 3, field: 'ContactCount', message: '"x" is not a number' }]);
    expect(withCounts.warnings).toEqual([]);
    const none = await readAccountCsv(csv(`${HEADER}\n1,,,,,,,,,,,\n`), { spec });
    expect(none.warnings[0]).toMatch(/No contact data/);
    expect(none.rows[0].input.contacts.contactCount).toBeNaN();
  });

  it('rejects duplicate Ids, bad labels and an empty file', async () => {
    const r = await readAccountCsv(csv(`${HEADER},Won\n1,,,,,,,,,,,,maybe\n1,,,,,,,,,,,,TRUE\n`), { spec, labelColumn: 'Won' });
    expect(r.errors).toEqual([
      { line: 2, field: 'Won', message: '"maybe" is not a label (expected 1/0, true/false, yes/no, y/n or won/lost)' },
      { line: 3, field: 'Id', message: 'duplicate Id 1 (first on line 2)' },
    ]);
    expect((await readAccountCsv(csv(''), { spec })).errors[0].message).toMatch(/empty file/);
  });
});

describe('parseCsvNumber', () => {
  it.each([
    ['1200', 1200],
    [' 1,200,000 ', 1_200_000],
    ['$40,000,000', 40e6],
    ['-5.5', -5.5],
    ['1.2e6', 1.2e6],
  ])('%j -> %p', (raw, n) => expect(parseCsvNumber(raw)).toBe(n));
  it.each(['', 'N/A', '#N/A', 'null', '-'])('%j is missing', (raw) => expect(parseCsvNumber(raw)).toBeNaN());
  it.each(['abc', '12k', '1.2M', '1,20', '12 000'])('%j is an error', (raw) => expect(parseCsvNumber(raw)).toHaveProperty('error'));
});

describe('missing words: one list for inference and the readers', () => {
  // A numeric or yes/no column inference types by skipping these words must then read with them
  // (a "none" in a number column once passed inference and failed the reader on every such row).
  it.each([...MISSING_WORDS])('%j: inference skips it and parseCsvNumber reads it as missing', (w) => {
    expect(profileValues(['12', w, '7']).allNumber).toBe(true);
    expect(profileValues(['yes', w, 'no']).allBoolean).toBe(true);
    expect(parseCsvNumber(w)).toBeNaN();
    expect(parseCsvNumber(w.toUpperCase())).toBeNaN();
  });
});

describe('missing words in yes/no and date columns', () => {
  const input = { account: { Id: '001A' }, contacts: null } as unknown as AccountInput;
  it.each([...MISSING_WORDS])('%j reads as missing, not an error', (w) => {
    expect(toBoolean(w, 0, input, 'Partner')).toBeNaN();
    expect(toTime(w, 0, input, 'First_Meeting__c')).toBeNaN();
  });
  it('anything else that is not yes/no or a date is still refused, naming the field', () => {
    expect(() => toBoolean('sometimes', 0, input, 'Partner')).toThrow(/Partner/);
    expect(() => toTime('soon', 0, input, 'First_Meeting__c')).toThrow(/First_Meeting__c/);
  });
});
