// Columnar storage for one sObject: one column per field, numbers/dates in Float64Array
// (NaN = null), booleans in Uint8Array, text in plain arrays. 1M Accounts then cost
// pointers and string payloads only, not one JS object with repeated keys per record.
import { FieldDef, ObjectDef, storageKind } from './schema.js';
import { Stored } from './values.js';

interface NumColumn {
  kind: 'num';
  data: Float64Array;
}
interface BoolColumn {
  kind: 'bool';
  data: Uint8Array;
}
interface StrColumn {
  kind: 'str';
  data: (string | null)[];
}
type Column = NumColumn | BoolColumn | StrColumn;

export class Table {
  size = 0;
  private capacity = 1024;
  private readonly columns: Column[];
  private readonly fieldPos = new Map<string, number>();
  /** Id -> row */
  readonly idIndex = new Map<string, number>();
  /** true while Ids were appended in ascending order, so ORDER BY Id needs no sort */
  idSorted = true;
  private lastId = '';

  constructor(readonly def: ObjectDef) {
    this.columns = def.fields.map((fd, i) => {
      this.fieldPos.set(fd.name, i);
      const k = storageKind(fd.type);
      if (k === 'boolean') return { kind: 'bool', data: new Uint8Array(this.capacity) };
      if (k === 'string') return { kind: 'str', data: [] };
      return { kind: 'num', data: new Float64Array(this.capacity).fill(NaN) };
    });
  }

  private grow(min: number) {
    if (min <= this.capacity) return;
    let cap = this.capacity;
    while (cap < min) cap *= 2;
    for (const c of this.columns) {
      if (c.kind === 'num') {
        const d = new Float64Array(cap).fill(NaN);
        d.set(c.data);
        c.data = d;
      } else if (c.kind === 'bool') {
        const d = new Uint8Array(cap);
        d.set(c.data);
        c.data = d;
      }
    }
    this.capacity = cap;
  }

  /** Appends a row of already-validated values (keyed by canonical field name); returns its index. */
  append(values: Map<string, Stored>): number {
    const id = values.get('Id');
    if (typeof id !== 'string') throw new Error(`${this.def.name}: row without Id`);
    if (this.idIndex.has(id)) throw new Error(`${this.def.name}: duplicate Id ${id}`);
    const row = this.size;
    this.grow(row + 1);
    for (let i = 0; i < this.columns.length; i++) {
      const c = this.columns[i];
      if (c.kind === 'str') c.data.push(null);
    }
    this.size++;
    for (const [k, v] of values) this.set(row, k, v);
    this.idIndex.set(id, row);
    if (id < this.lastId) this.idSorted = false;
    else this.lastId = id;
    return row;
  }

  set(row: number, field: string, v: Stored) {
    const c = this.columns[this.fieldPos.get(field)!];
    if (c.kind === 'str') c.data[row] = v as string | null;
    else if (c.kind === 'bool') c.data[row] = v ? 1 : 0;
    else c.data[row] = v === null ? NaN : (v as number);
  }

  get(row: number, field: string): Stored {
    return this.reader(field)(row);
  }

  /** A fast accessor for one column (used by the query engine in tight loops). */
  reader(field: string): (row: number) => Stored {
    const pos = this.fieldPos.get(field);
    if (pos === undefined) throw new Error(`${this.def.name}.${field}: no such column`);
    const c = this.columns[pos];
    if (c.kind === 'str') {
      const d = c.data;
      return (row) => d[row] ?? null;
    }
    if (c.kind === 'bool') {
      const d = c.data;
      return (row) => d[row] === 1;
    }
    const d = c.data;
    return (row) => {
      const v = d[row];
      return Number.isNaN(v) ? null : v;
    };
  }

  field(name: string): FieldDef | undefined {
    const pos = this.fieldPos.get(name);
    return pos === undefined ? undefined : this.def.fields[pos];
  }

  rowOf(id: string): number | undefined {
    return this.idIndex.get(id);
  }
}
