import { describe, it, expect } from '@jest/globals';
import { splitCsvRecords } from '../../src/features/csv-records.js';

describe('splitCsvRecords', () => {
  it('reads quoted fields, doubled quotes, CRLF and fields spanning lines, with start lines', () => {
    const r = splitCsvRecords('a,b,c\r\n1,"x, ""y""",z\r\n\r\n2,"two\nlines",w\n3,,\n');
    expect(r).toEqual([
      { line: 1, endLine: 1, cells: ['a', 'b', 'c'] },
      { line: 2, endLine: 2, cells: ['1', 'x, "y"', 'z'] },
      { line: 4, endLine: 5, cells: ['2', 'two\nlines', 'w'] },
      { line: 6, endLine: 6, cells: ['3', '', ''] },
    ]);
  });

  it('an unclosed quote costs its own line only: the next valid row is read', () => {
    const r = splitCsvRecords('a,b,c\n1,"never closed,x\n2,ok,y\n3,"fine",z\n');
    expect(r.map((x) => [x.line, x.cells, x.error ?? null])).toEqual([
      [1, ['a', 'b', 'c'], null],
      [2, [], expect.stringMatching(/^unbalanced quote: the quoted field opened on line 2 is not closed on that line .*line 2 was skipped and reading resumed on line 3$/)],
      [3, ['2', 'ok', 'y'], null],
      [4, ['3', 'fine', 'z'], null],
    ]);
  });

  it('an unclosed quote at the end of the file, and one whose swallowed lines happen to parse', () => {
    expect(splitCsvRecords('a,b\n1,"open\n2,x\n').map((x) => [x.line, x.cells, !!x.error])).toEqual([
      [1, ['a', 'b'], false],
      [2, [], true],
      [3, ['2', 'x'], false],
    ]);
    // the quote opened on line 2 closes on line 3 at a field boundary: 3 columns instead of 2 gives it away
    const r = splitCsvRecords('a,b\n1,"open\n2,x",y\n');
    expect(r[1]).toMatchObject({ line: 2, error: expect.stringMatching(/unbalanced quote: a quoted field spans lines 2-3 and the record has 3 columns instead of 2/) });
    expect(r[2]).toMatchObject({ line: 3, error: expect.stringMatching(/quote inside an unquoted field/) });
  });
});
