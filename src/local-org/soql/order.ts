// ORDER BY for every kind of SOQL result (records, child subqueries, aggregate groups).
import type { OrderByClause } from '@jetstreamapp/soql-parser-js';
import type { Stored } from '../values.js';

export interface OrderKey {
  /** the key's value for a row (or group) number */
  read: (row: number) => Stored;
  /** compare lowercased (text fields) */
  fold: boolean;
  desc: boolean;
  nullsLast: boolean;
}

/** ASC/DESC and where nulls go: NULLS FIRST/LAST as written, else first ascending and last descending. */
export function direction(o: OrderByClause): { desc: boolean; nullsLast: boolean } {
  return { desc: o.order === 'DESC', nullsLast: o.nulls ? o.nulls === 'LAST' : o.order === 'DESC' };
}

/** `rows` sorted by the keys (each value read once); rows that tie keep their order. */
export function sortRows(rows: ArrayLike<number>, keys: readonly OrderKey[]): number[] {
  const n = rows.length;
  const columns = keys.map((k) => {
    const arr = new Array<string | number | null>(n);
    for (let i = 0; i < n; i++) {
      const v = k.read(rows[i]);
      arr[i] = v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : k.fold ? String(v).toLowerCase() : v;
    }
    return arr;
  });
  const perm = Array.from({ length: n }, (_, i) => i);
  perm.sort((a, b) => {
    for (let j = 0; j < keys.length; j++) {
      const x = columns[j][a];
      const y = columns[j][b];
      if (x === y) continue;
      if (x === null) return keys[j].nullsLast ? 1 : -1;
      if (y === null) return keys[j].nullsLast ? -1 : 1;
      const cmp = x < y ? -1 : 1;
      return keys[j].desc ? -cmp : cmp;
    }
    return a - b;
  });
  return perm.map((i) => rows[i]);
}
