// A filter that pins one Id is answered through the Id index: it must match exactly what a
// scan of every row matches (15-char Ids, other conditions, OR, deleted rows, COUNT()).
import { describe, expect, it } from '@jest/globals';
import { makeId } from '../../src/local-org/ids.js';
import { runSoql } from '../../src/local-org/soql.js';
import { buildStore } from './helpers.js';

const store = buildStore(50);
const names = (soql: string, includeDeleted = false): string[] => {
  const r = runSoql(store, soql, { includeDeleted });
  if (r.kind !== 'records') throw new Error(`expected records for ${soql}`);
  const t = store.table('Account');
  return [...r.rows].map((row) => String(t.get(row, 'Name')));
};
const id3 = makeId('001', 3);

describe('SOQL WHERE Id = one Id', () => {
  it('returns that record, whether the Id is given in 18 or 15 characters', () => {
    expect(names(`SELECT Name FROM Account WHERE Id = '${id3}'`)).toEqual(['Account 3']);
    expect(names(`SELECT Name FROM Account WHERE Id = '${id3.slice(0, 15)}'`)).toEqual(['Account 3']);
    expect(names(`SELECT Name FROM Account WHERE Id = '${makeId('001', 999)}'`)).toEqual([]);
  });

  it('still applies the other conditions, and OR still reads every row', () => {
    expect(names(`SELECT Name FROM Account WHERE Id = '${id3}' AND Name = 'Account 4'`)).toEqual([]);
    expect(names(`SELECT Name FROM Account WHERE Name = 'Account 3' AND Id = '${id3}'`)).toEqual(['Account 3']);
    expect(names(`SELECT Name FROM Account WHERE Id = '${id3}' OR Name = 'Account 4'`)).toEqual(['Account 3', 'Account 4']);
    expect(names(`SELECT Name FROM Account WHERE Id = '${id3}' AND Id = '${makeId('001', 4)}'`)).toEqual([]);
    const count = runSoql(store, `SELECT COUNT() FROM Account WHERE Id = '${id3}'`);
    expect(count).toMatchObject({ kind: 'count', totalSize: 1 });
  });

  it('leaves a deleted record out unless deleted rows are asked for (queryAll)', () => {
    const s = buildStore(10);
    const t = s.table('Account');
    t.set(t.rowOf(id3)!, 'IsDeleted', true);
    const q = (includeDeleted: boolean) => {
      const r = runSoql(s, `SELECT Name FROM Account WHERE Id = '${id3}'`, { includeDeleted });
      return r.kind === 'records' ? r.totalSize : -1;
    };
    expect([q(false), q(true)]).toEqual([0, 1]);
  });
});
