// Rows as the REST API returns them (nested parents and children) and as Bulk CSV cells.
import { ObjectDef, storageKind } from '../schema.js';
import type { PlainRecord } from '../values.js';
import { Stored, formatDate, toJson } from '../values.js';
import type { Path, RecordsResult } from './types.js';

/** Renders one row as the REST API returns it, with nested parent records and attributes. */
export function renderRecord(r: RecordsResult, row: number, apiVersion: string): PlainRecord {
  const rec = renderRow(r.object, r.paths, r.idRead, row, apiVersion);
  for (const c of r.children) {
    const rows = c.byParent().get(r.idRead(row) as string);
    // Salesforce gives null, not an empty result, for a parent without matching children.
    rec[c.relName] = rows?.length ? { totalSize: rows.length, done: true, records: rows.map((cr) => renderRow(c.object, c.paths, c.idRead, cr, apiVersion)) } : null;
  }
  return rec;
}

function renderRow(object: ObjectDef, paths: Path[], idRead: (row: number) => Stored, row: number, apiVersion: string): PlainRecord {
  const rec: PlainRecord = { attributes: { type: object.name, url: `/services/data/v${apiVersion}/sobjects/${object.name}/${idRead(row) as string}` } };
  for (const p of paths) {
    if (p.hops.length === 0) {
      rec[p.field.name] = toJson(p.field, p.read(row));
      continue;
    }
    let target: PlainRecord | null = rec;
    let cur = row;
    for (let h = 0; h < p.hops.length && target; h++) {
      const hop = p.hops[h];
      const id = hop.read(cur) as string | null;
      const next = id === null ? undefined : hop.target.rowOf(id);
      const key = hop.relName;
      if (next === undefined) {
        if (!(key in target)) target[key] = null;
        target = null;
        break;
      }
      if (!target[key]) {
        target[key] = { attributes: { type: hop.target.def.name, url: `/services/data/v${apiVersion}/sobjects/${hop.target.def.name}/${id}` } };
      }
      target = target[key] as PlainRecord;
      cur = next;
    }
    if (target) target[p.field.name] = toJson(p.field, p.table.get(cur, p.field.name));
  }
  return rec;
}

/** Header names and value formatter for Bulk API CSV results. */
export function csvColumns(r: RecordsResult): { header: string[]; values: (row: number) => (string | null)[] } {
  const header = r.paths.map((p) => p.names.join('.'));
  const fmts = r.paths.map((p) => {
    const kind = storageKind(p.field.type);
    return (v: Stored): string | null => {
      if (v === null) return null;
      if (kind === 'datetime') return new Date(v as number).toISOString();
      if (kind === 'date') return formatDate(v as number);
      return String(v);
    };
  });
  return { header, values: (row) => r.paths.map((p, i) => fmts[i](p.read(row))) };
}
