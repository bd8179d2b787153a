// Child relationship subqueries: (SELECT LastName FROM Contacts) under each parent record.
import type { Query } from '@jetstreamapp/soql-parser-js';
import { ObjectDef, storageKind } from '../schema.js';
import type { OrgStore } from '../store.js';
import { AGGREGATE_FUNCTIONS } from './date-functions.js';
import { rawOf, resolvePath, selectPaths } from './paths.js';
import type { ChildPlan, QueryOptions } from './types.js';
import { SoqlError, errorAt, unsupported } from './unsupported.js';
import { direction, sortRows } from './order.js';
import { compileWhere, rowOperand } from './where.js';

// Clauses a child subquery may have (SOQL reference, "Relationship Queries").
const SUBQUERY_CLAUSES = new Set(['fields', 'relationshipName', 'where', 'orderBy', 'limit']);

/**
 * The SELECT list's child relationship subqueries. Each subquery's WHERE, ORDER BY and LIMIT
 * apply per parent record, as in Salesforce. The local org returns all of a parent's children
 * in one page (done: true); Salesforce may page large child sets.
 */
export function childPlans(store: OrgStore, parent: ObjectDef, q: Query, soql: string, opts: QueryOptions): ChildPlan[] {
  const plans: ChildPlan[] = [];
  for (const f of q.fields ?? []) {
    if (f.type !== 'FieldSubquery') continue;
    const sub = f.subquery as Query & { relationshipName: string };
    const rel = parent.children.find((c) => c.relationshipName.toLowerCase() === sub.relationshipName.toLowerCase());
    if (!rel || !store.findObject(rel.childSObject)) {
      throw new SoqlError(
        'INVALID_TYPE',
        errorAt(
          soql,
          sub.relationshipName,
          `Didn't understand relationship '${sub.relationshipName}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        ),
      );
    }
    for (const [key, value] of Object.entries(sub)) {
      if (!SUBQUERY_CLAUSES.has(key) && value !== undefined && value !== false) throw unsupported(soql, `FROM ${sub.relationshipName}`, `The ${key} clause in a child relationship subquery`);
    }
    for (const sf of sub.fields ?? []) {
      if (sf.type === 'FieldSubquery') throw new SoqlError('MALFORMED_QUERY', errorAt(soql, `FROM ${sub.relationshipName}`, 'Nesting of semi join sub-selects is not supported'));
      if (sf.type === 'FieldFunctionExpression' && AGGREGATE_FUNCTIONS.has(sf.functionName.toUpperCase())) {
        throw new SoqlError('MALFORMED_QUERY', errorAt(soql, rawOf(sf), 'Aggregate functions are not supported in a child relationship subquery'));
      }
    }
    const table = store.table(rel.childSObject);
    const resolve = (raw: string) => resolvePath(store, table, raw, soql);
    const paths = selectPaths(sub, table.def, resolve, soql);
    const predicate = sub.where ? compileWhere(sub.where, (c) => rowOperand(c, resolve, soql, opts.timeZone), soql, opts.now ?? Date.now()) : () => true;
    const order = sub.orderBy ? (Array.isArray(sub.orderBy) ? sub.orderBy : [sub.orderBy]) : [];
    const orderKeys = order.map((o) => {
      if (!('field' in o) || !o.field) throw unsupported(soql, 'ORDER BY', 'ORDER BY a function in a child relationship subquery');
      const p = resolve(o.field);
      return { read: p.read, fold: storageKind(p.field.type) === 'string', ...direction(o) };
    });
    const fk = table.reader(rel.field);
    const deleted = table.reader('IsDeleted');
    let index: Map<string, number[]> | undefined;
    const build = () => {
      const m = new Map<string, number[]>();
      for (let row = 0; row < table.size; row++) {
        if ((!opts.includeDeleted && deleted(row) === true) || !predicate(row)) continue;
        const parentId = fk(row) as string | null;
        if (parentId === null) continue;
        const list = m.get(parentId);
        if (list) list.push(row);
        else m.set(parentId, [row]);
      }
      for (const [k, rows] of m) {
        const ordered = orderKeys.length ? sortRows(rows, orderKeys) : rows;
        m.set(k, sub.limit !== undefined && ordered.length > sub.limit ? ordered.slice(0, sub.limit) : ordered);
      }
      return m;
    };
    plans.push({ relName: rel.relationshipName, object: table.def, paths, idRead: table.reader('Id'), byParent: () => (index ??= build()) });
  }
  return plans;
}
