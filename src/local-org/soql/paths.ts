// Field paths: resolving Name, Account.Owner.Name, FIELDS(...) against the org's schema.
import type { FieldType as SoqlField, Query } from '@jetstreamapp/soql-parser-js';
import { ObjectDef, findField } from '../schema.js';
import type { OrgStore } from '../store.js';
import type { Table } from '../table.js';
import type { Stored } from '../values.js';
import { dateFunction } from './date-functions.js';
import type { Path } from './types.js';
import { SoqlError, errorAt, unsupported } from './unsupported.js';

export function rawOf(f: SoqlField): string {
  return 'rawValue' in f && f.rawValue ? f.rawValue : 'field' in f ? String(f.field) : f.type;
}

export function resolvePath(store: OrgStore, base: Table, raw: string, soql: string): Path {
  const parts = raw.split('.');
  let table = base;
  // Salesforce allows prefixing with the object name: Account.Name FROM Account
  if (parts.length > 1 && parts[0].toLowerCase() === base.def.name.toLowerCase() && !base.def.fields.some((f) => f.relationshipName?.toLowerCase() === parts[0].toLowerCase())) {
    parts.shift();
  }
  const hops: Path['hops'] = [];
  const names: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    const rel = table.def.fields.find((f) => f.relationshipName?.toLowerCase() === parts[i].toLowerCase());
    if (!rel || !rel.referenceTo || !store.findObject(rel.referenceTo)) {
      throw new SoqlError(
        'INVALID_FIELD',
        errorAt(
          soql,
          raw,
          `Didn't understand relationship '${parts[i]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      );
    }
    const target = store.table(rel.referenceTo);
    hops.push({ ref: rel, relName: rel.relationshipName!, target, read: table.reader(rel.name) });
    names.push(rel.relationshipName!);
    table = target;
  }
  const last = parts[parts.length - 1];
  const field = findField(table.def, last);
  if (!field) {
    throw new SoqlError(
      'INVALID_FIELD',
      errorAt(
        soql,
        last,
        `No such column '${last}' on entity '${table.def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      ),
    );
  }
  names.push(field.name);
  const leaf = table.reader(field.name);
  let read: (row: number) => Stored = leaf;
  if (hops.length) {
    const chain = hops;
    read = (row) => {
      let r = row;
      for (const h of chain) {
        const id = h.read(r);
        if (id === null) return null;
        const next = h.target.rowOf(id as string);
        if (next === undefined) return null;
        r = next;
      }
      return leaf(r);
    };
  }
  return { raw, names, hops, field, table, read };
}

/** The SELECT list of a non-aggregate query as field paths. */
export function selectPaths(q: Query, def: ObjectDef, resolve: (raw: string) => Path, soql: string): Path[] {
  const paths: Path[] = [];
  for (const f of q.fields ?? []) {
    if (f.type === 'Field') paths.push(resolve(f.field));
    else if (f.type === 'FieldRelationship') paths.push(resolve(f.rawValue ?? [...f.relationships, f.field].join('.')));
    else if (f.type === 'FieldSubquery') continue; // childPlans
    else if (f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'FIELDS') {
      const which = String(f.parameters?.[0] ?? '').toUpperCase();
      if (!['ALL', 'STANDARD', 'CUSTOM'].includes(which)) throw new SoqlError('MALFORMED_QUERY', errorAt(soql, f.rawValue ?? 'FIELDS', `FIELDS(${which}): expected ALL, STANDARD or CUSTOM`));
      // Unbounded FIELDS(ALL)/FIELDS(CUSTOM) is refused by Salesforce, as here.
      if (which !== 'STANDARD' && (q.limit === undefined || q.limit > 200)) {
        throw new SoqlError('MALFORMED_QUERY', errorAt(soql, f.rawValue ?? 'FIELDS', 'The SOQL FIELDS function must have a LIMIT of at most 200'));
      }
      for (const fd of def.fields) if (which === 'ALL' || (which === 'CUSTOM') === fd.custom) paths.push(resolve(fd.name));
    } else if (f.type === 'FieldFunctionExpression' && dateFunction(f.functionName)) {
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, rawOf(f), `${rawOf(f)}: a date function in the SELECT list needs the same function in GROUP BY`));
    } else if (f.type === 'FieldFunctionExpression' && f.functionName.toLowerCase() === 'converttimezone') {
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, rawOf(f), `${rawOf(f)}: convertTimezone() can only be used inside a date function`));
    } else if (f.type === 'FieldFunctionExpression') {
      throw unsupported(soql, rawOf(f), `The function ${f.functionName}()`);
    } else {
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, rawOf(f), `unexpected token: '${rawOf(f)}'`));
    }
  }
  if (paths.length === 0) throw new SoqlError('MALFORMED_QUERY', 'unexpected token: FROM');
  return paths;
}
