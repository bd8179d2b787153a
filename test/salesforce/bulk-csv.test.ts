// Bulk query results are parsed by our own CSV reader (for speed): it must read every page
// exactly as a general RFC 4180 parser does, and refuse malformed pages naming the line.
import { describe, it, expect } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { BulkCsvError, parseBulkCsv, typedValue } from '../../src/salesforce/bulk-csv.js';
import { csvLine } from '../../src/local-org/csv-out.js';

const NO_TYPES = new Map<string, string>();
const reference = (text: string) => (parse(text, { columns: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[]).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v])));

/** Deterministic pseudo-random values with every character that matters to CSV. */
function* values(seed: number): Generator<string | null> {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const alphabet = ['a', 'Z', '0', ' ', ',', '"', '""', '\n', '\r\n', 'é', '€', '😀', '{"v":1,"f":[]}', ';', '\t'];
  for (;;) {
    if (rnd() < 0.15) { yield null; continue; }
    let v = '';
    const len = Math.floor(rnd() * 12);
    for (let k = 0; k < len; k++) v += alphabet[Math.floor(rnd() * alphabet.length)];
    yield v;
  }
}

describe('parseBulkCsv', () => {
  it('reads what the org writes exactly as csv-parse does (quotes, delimiters, newlines, nulls, unicode)', () => {
    const gen = values(7);
    const header = ['Id', 'Name', 'Researcher_Notes__c', 'Account_Score_Factors__c'];
    let text = csvLine(header);
    for (let r = 0; r < 2000; r++) text += csvLine(header.map(() => gen.next().value as string | null));
    const ours = parseBulkCsv(text, NO_TYPES);
    expect(ours).toHaveLength(2000);
    expect(ours).toEqual(reference(text));
  });

  it('reads unquoted values, CRLF line ends, empty lines and a trailing empty value', () => {
    const text = 'Id,Amount,Note\r\n001,12.5,plain\r\n\r\n002,,"a, ""b""\nc"\r\n003,7,\n';
    expect(parseBulkCsv(text, new Map([['amount', 'currency']]))).toEqual([
      { Id: '001', Amount: 12.5, Note: 'plain' },
      { Id: '002', Amount: null, Note: 'a, "b"\nc' },
      { Id: '003', Amount: 7, Note: null },
    ]);
  });

  it('types values by the field describe type, as REST returns them', () => {
    const types = new Map([['annualrevenue', 'currency'], ['isdeleted', 'boolean'], ['numberofemployees', 'int']]);
    const text = 'Id,AnnualRevenue,IsDeleted,NumberOfEmployees\n"001","5000000","false","42"\n"002","","true",""\n';
    expect(parseBulkCsv(text, types)).toEqual([
      { Id: '001', AnnualRevenue: 5_000_000, IsDeleted: false, NumberOfEmployees: 42 },
      { Id: '002', AnnualRevenue: null, IsDeleted: true, NumberOfEmployees: null },
    ]);
    expect(typedValue('n/a', 'double')).toBe('n/a');
  });

  it('gives no records for an empty page or a header alone', () => {
    expect(parseBulkCsv('', NO_TYPES)).toEqual([]);
    expect(parseBulkCsv('"Id","Name"\n', NO_TYPES)).toEqual([]);
  });

  it('refuses a malformed page, naming the line', () => {
    expect(() => parseBulkCsv('Id,Name\n"001","a"\n"002"\n', NO_TYPES)).toThrow(new BulkCsvError('Bulk query results, line 3: 1 values where the header names 2 fields'));
    expect(() => parseBulkCsv('Id,Name\n"001","a\n', NO_TYPES)).toThrow('line 2: a quoted value is never closed');
    expect(() => parseBulkCsv('Id,Name\n001,a"b\n', NO_TYPES)).toThrow('line 2: a quote inside an unquoted value');
    expect(() => parseBulkCsv('Id,Name\n"001","a"x\n', NO_TYPES)).toThrow('line 2: unexpected "x" where a value should end');
  });
});
