// SOQL over the columnar store. Parsing is @jetstreamapp/soql-parser-js's; the modules in
// soql/ resolve fields against the org's schema, compile WHERE into a row predicate, and
// return matched row indexes (never copies of records), so paging 1M rows stays cheap.
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import type { Condition, Query } from '@jetstreamapp/soql-parser-js';
import { ObjectDef, findField, storageKind } from './schema.js';
import { aggregate } from './soql/aggregate.js';
import { childPlans } from './soql/children.js';
import { functionColumn, pathColumns } from './soql/columns.js';
import { AGGREGATE_FUNCTIONS } from './soql/date-functions.js';
import { resolvePath, selectPaths } from './soql/paths.js';
import type { ColumnMetadata, ColumnsResult, ExplainResult, Path, Pred, QueryOptions, QueryResult } from './soql/types.js';
import { SoqlError, errorAt, refuseUnsupported, unsupported } from './soql/unsupported.js';
import { direction, sortRows } from './soql/order.js';
import { compileWhere, rowOperand, tokenize } from './soql/where.js';
import type { OrgStore } from './store.js';
import type { Table } from './table.js';

export { SoqlError };
export { renderRecord, csvColumns } from './soql/render.js';
export type { ColumnMetadata, ColumnsResult, ExplainResult, QueryOptions, QueryResult, RecordsResult, AggregateResult, CountResult, ChildPlan } from './soql/types.js';

/** Salesforce's wording for a syntax error ("unexpected token: 'X'"), not the parser's token names. */
function parseErrorText(soql: string, parserMessage: string): string {
  const found = /found:?\s*(?:-->\s*)?'([^']*)'/.exec(parserMessage) ?? /found:\s*(\S+)/.exec(parserMessage);
  if (!found) return errorAt(soql, '', 'unexpected token');
  if (found[1] === '') return `\n${soql}\n${' '.repeat(soql.length)}^\nERROR at Row:1:Column:${soql.length + 1}\nunexpected token: <EOF>`;
  return errorAt(soql, found[1], `unexpected token: '${found[1]}'`);
}

function parse(soql: string): Query {
  let q: Query;
  try {
    q = parseQuery(soql);
  } catch (e) {
    throw new SoqlError('MALFORMED_QUERY', parseErrorText(soql, (e as Error).message));
  }
  if (!q.sObject) throw new SoqlError('MALFORMED_QUERY', 'unexpected token: FROM clause is missing');
  refuseUnsupported(q, soql);
  return q;
}

/** A compiled query: what to read, which rows, before any row is scanned. */
interface Compiled {
  q: Query;
  def: ObjectDef;
  table: Table;
  resolve: (raw: string) => Path;
  predicate: Pred;
  live: Pred;
  /** the only rows that can match (an Id the filter pins), or null: every row */
  candidates: readonly number[] | null;
  isAgg: boolean;
  /** set for a plain COUNT() */
  countOnly: boolean;
}

function compile(store: OrgStore, soql: string, opts: QueryOptions): Compiled {
  const q = parse(soql);
  const def = store.findObject(q.sObject!);
  if (!def) {
    throw new SoqlError(
      'INVALID_TYPE',
      errorAt(
        soql,
        q.sObject!,
        `sObject type '${q.sObject}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      ),
    );
  }
  const table = store.table(def.name);
  const resolve = (raw: string) => resolvePath(store, table, raw, soql);
  const now = opts.now ?? Date.now();

  let predicate: Pred = q.where ? compileWhere(q.where, (c) => rowOperand(c, resolve, soql, opts.timeZone), soql, now) : () => true;
  const scope = q.usingScope?.toLowerCase();
  if (scope !== undefined && scope !== 'everything') {
    // The local org's sharing is one admin who sees everything: only the owner filter of `mine` applies.
    if (scope !== 'mine') throw unsupported(soql, 'USING', `USING SCOPE ${q.usingScope}`);
    if (!findField(def, 'OwnerId')) throw unsupported(soql, 'USING', `USING SCOPE mine on ${def.name} (it has no owner)`);
    const owner = table.reader('OwnerId');
    const me = opts.userId ?? null;
    const inner = predicate;
    predicate = (row) => owner(row) === me && inner(row);
  }
  const deletedRead = table.reader('IsDeleted');
  const live = opts.includeDeleted ? () => true : (row: number) => deletedRead(row) !== true;

  const fields = q.fields ?? [];
  const isAgg =
    fields.some((f) => f.type === 'FieldFunctionExpression' && AGGREGATE_FUNCTIONS.has(f.functionName.toUpperCase())) || q.groupBy !== undefined || q.having !== undefined;
  const countOnly =
    isAgg && fields.length === 1 && fields[0].type === 'FieldFunctionExpression' && fields[0].functionName.toUpperCase() === 'COUNT' && fields[0].parameters?.length === 0 && !q.groupBy;
  if (countOnly && q.having) throw unsupported(soql, 'HAVING', 'HAVING with COUNT()');
  return { q, def, table, resolve, predicate, live, candidates: pinnedRows(q, table), isAgg, countOnly };
}

/**
 * `Id = '<18-char Id the table holds>'`, alone or ANDed: only that row can match, so it is read
 * through the Id index (as Salesforce does) instead of testing every row. The predicate still
 * decides; anything else (OR, NOT, 15-char or unknown Ids) scans every row.
 */
function pinnedRows(q: Query, table: Table): number[] | null {
  if (!q.where) return null;
  const toks = tokenize(q.where);
  if (toks.some((t) => t.t === 'OR' || t.t === 'NOT')) return null;
  for (const t of toks) {
    if (t.t !== 'cond') continue;
    const c = t.c as Condition & { field?: string; operator?: string; value?: unknown; literalType?: unknown };
    if (c.field?.toLowerCase() !== 'id' || c.operator !== '=' || c.literalType !== 'STRING' || typeof c.value !== 'string') continue;
    const m = /^'([a-zA-Z0-9]{18})'$/.exec(c.value);
    const row = m ? table.rowOf(m[1]) : undefined;
    if (row !== undefined) return [row];
  }
  return null;
}

/** Rows in ascending order that pass the filter (live and the WHERE), up to `stopAt` of them. */
function matchingRows(c: Compiled, stopAt = Infinity): number[] {
  const out: number[] = [];
  if (c.candidates) {
    for (const row of c.candidates) if (out.length < stopAt && c.live(row) && c.predicate(row)) out.push(row);
    return out;
  }
  for (let row = 0; row < c.table.size && out.length < stopAt; row++) if (c.live(row) && c.predicate(row)) out.push(row);
  return out;
}

export function runSoql(store: OrgStore, soql: string, opts: QueryOptions = {}): QueryResult {
  const c = compile(store, soql, opts);
  const { q, def, table, resolve, predicate, live } = c;

  if (c.countOnly) {
    let n = matchingRows(c).length;
    const off = q.offset ?? 0;
    n = Math.max(0, n - off);
    if (q.limit !== undefined) n = Math.min(n, q.limit);
    return { kind: 'count', totalSize: n };
  }
  if (c.isAgg) return aggregate(q, table, resolve, live, predicate, soql, opts.timeZone).run();

  const paths = selectPaths(q, def, resolve, soql);
  const children = childPlans(store, def, q, soql, opts);
  const offset = q.offset ?? 0;
  if (offset > 2000 && !opts.bulk) {
    throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
  }
  const limit = q.limit ?? Infinity;
  const order = q.orderBy ? (Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy]) : [];
  const orderKeys = order.map((o) => {
    if (!('field' in o) || !o.field) {
      const raw = (o as { fn?: { rawValue?: string } }).fn?.rawValue ?? 'ORDER BY';
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, raw, `ORDER BY ${raw}: a function can only be ordered by in a query with GROUP BY`));
    }
    return { path: resolve(o.field), ...direction(o) };
  });
  // Ids are appended in ascending order by the generator: ORDER BY Id ASC is then row order.
  const naturalOrder =
    orderKeys.length === 0 ||
    (orderKeys.length === 1 && orderKeys[0].path.hops.length === 0 && orderKeys[0].path.field.name === 'Id' && !orderKeys[0].desc && table.idSorted);

  let rows: Int32Array;
  if (naturalOrder) {
    rows = Int32Array.from(matchingRows(c, offset + limit).slice(offset));
  } else {
    const matched = matchingRows(c);
    const keys = orderKeys.map((k) => ({
      read: k.path.read,
      // Ids and references compare as written; other text case-insensitively.
      fold: storageKind(k.path.field.type) === 'string' && k.path.field.type !== 'id' && k.path.field.type !== 'reference',
      desc: k.desc,
      nullsLast: k.nullsLast,
    }));
    const sorted = sortRows(matched, keys);
    rows = Int32Array.from(sorted.slice(offset, offset + limit));
  }
  return { kind: 'records', object: def, rows, totalSize: rows.length, paths, idRead: table.reader('Id'), children };
}




/** Column metadata for the query resource's `columns=true` (what the sf CLI asks before printing rows). */
export function queryColumns(store: OrgStore, soql: string, opts: QueryOptions = {}): ColumnsResult {
  const c = compile(store, soql, opts);
  const base = { kind: 'columns' as const, entityName: c.def.name };
  if (c.countOnly) return { ...base, columnMetadata: [], groupBy: false, idSelected: false, keyPrefix: null };
  if (c.isAgg) {
    const agg = aggregate(c.q, c.table, c.resolve, c.live, c.predicate, soql, opts.timeZone);
    return { ...base, columnMetadata: agg.columns(), groupBy: true, idSelected: false, keyPrefix: null };
  }
  const paths = selectPaths(c.q, c.def, c.resolve, soql);
  const children = childPlans(store, c.def, c.q, soql, opts).map(
    (ch): ColumnMetadata => ({ ...functionColumn(ch.relName, ch.relName, false), joinColumns: pathColumns(ch.paths) }),
  );
  return { ...base, columnMetadata: [...pathColumns(paths), ...children], groupBy: false, idSelected: paths.some((p) => p.hops.length === 0 && p.field.name === 'Id'), keyPrefix: c.def.keyPrefix };
}

// Salesforce's selectivity threshold for a standard index: 30% of the first million rows, 15% after.
function selectivityThreshold(n: number): number {
  return Math.min(1_000_000, 0.3 * Math.min(n, 1_000_000) + 0.15 * Math.max(0, n - 1_000_000));
}

/**
 * The query resource's `explain=` answer. The local org scans its columns for every query, so the
 * plans are a TableScan and, when the filter pins Id, an Index plan; cardinalities are counted,
 * and relativeCost is rows read over the selectivity threshold (above 1: not selective).
 */
export function explainSoql(store: OrgStore, soql: string, opts: QueryOptions = {}): ExplainResult {
  const c = compile(store, soql, opts);
  let matched = 0;
  let live = 0;
  for (let row = 0; row < c.table.size; row++) {
    if (!c.live(row)) continue;
    live++;
    if (c.predicate(row)) matched++;
  }
  const threshold = Math.max(1, selectivityThreshold(live));
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const base = { sobjectCardinality: live, sobjectType: c.def.name };
  const filtered = c.q.where ? tokenize(c.q.where) : [];
  const andOnly = filtered.every((t) => t.t !== 'OR' && t.t !== 'NOT');
  const conds = filtered.flatMap((t) => (t.t === 'cond' ? [t.c as Condition & { field?: string; operator?: string }] : []));
  const idFilter = andOnly && conds.some((cd) => cd.field?.toLowerCase() === 'id' && ['=', 'IN'].includes(String(cd.operator).toUpperCase()));
  const unindexed = [...new Set(conds.map((cd) => cd.field).filter((f): f is string => !!f && f.toLowerCase() !== 'id'))];
  const notes = unindexed.length ? [{ description: 'Not considering filter for optimization because unindexed', fields: unindexed, tableEnumOrId: c.def.name }] : [];
  const scan = { ...base, cardinality: matched, fields: [], leadingOperationType: 'TableScan' as const, notes, relativeCost: round(live / threshold) };
  const plans: ExplainResult['plans'] = [scan];
  if (idFilter) plans.unshift({ ...base, cardinality: matched, fields: ['Id'], leadingOperationType: 'Index', notes: [], relativeCost: round(matched / threshold) });
  return { kind: 'explain', plans, sourceQuery: soql };
}
