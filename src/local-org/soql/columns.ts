// Column metadata for the query resource's columns=true, in Salesforce's shape (the sf CLI
// reads it to lay out `data query` output).
import { describeField } from '../describe.js';
import { FieldDef, ObjectDef, storageKind } from '../schema.js';
import type { ColumnMetadata, Path } from './types.js';

const APEX_TYPE: Record<string, string> = {
  id: 'Id',
  reference: 'Id',
  boolean: 'Boolean',
  int: 'Integer',
  double: 'Decimal',
  currency: 'Decimal',
  percent: 'Decimal',
  date: 'Date',
  datetime: 'Datetime',
};

export function leafColumn(fd: FieldDef, def: ObjectDef, name = fd.name): ColumnMetadata {
  const d = describeField(fd, def);
  const kind = storageKind(fd.type);
  return {
    aggregate: false,
    apexType: APEX_TYPE[fd.type] ?? 'String',
    booleanType: kind === 'boolean',
    columnName: name,
    custom: fd.custom,
    displayName: name,
    foreignKeyName: null,
    insertable: d.createable,
    joinColumns: [],
    numberType: kind === 'number',
    textType: kind === 'string' && fd.type !== 'id' && fd.type !== 'reference',
    updatable: d.updateable,
  };
}

export function functionColumn(name: string, raw: string, numberType: boolean): ColumnMetadata {
  return { aggregate: true, apexType: null, booleanType: false, columnName: name, custom: false, displayName: raw, foreignKeyName: null, insertable: false, joinColumns: [], numberType, textType: false, updatable: false };
}

/** Record-query columns: a parent relationship is one column whose joinColumns hold its fields. */
export function pathColumns(paths: Path[]): ColumnMetadata[] {
  const out: ColumnMetadata[] = [];
  for (const p of paths) {
    let level = out;
    for (const hop of p.hops) {
      let col = level.find((c) => c.columnName === hop.relName && c.joinColumns.length > 0);
      if (!col) {
        col = { aggregate: false, apexType: null, booleanType: false, columnName: hop.relName, custom: hop.ref.custom, displayName: hop.relName, foreignKeyName: hop.ref.name, insertable: false, joinColumns: [], numberType: false, textType: false, updatable: false };
        level.push(col);
      }
      level = col.joinColumns;
    }
    level.push(leafColumn(p.field, p.table.def));
  }
  return out;
}
