// SOQL over the columnar store. Parsing is @jetstreamapp/soql-parser-js's; this module
// resolves fields against the schema, compiles WHERE into a row predicate, and returns
// matched row indexes (never copies of records), so paging 1M rows stays cheap.
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import type { Query, FieldType as SoqlField, WhereClause, Condition, OrderByClause } from '@jetstreamapp/soql-parser-js';
import { describeField } from './describe.js';
import { FieldDef, ObjectDef, StorageKind, findField, storageKind } from './schema.js';
import { AGGREGATE_FUNCTIONS, dateFunction, type DateFunction } from './soql-date-functions.js';
import { SoqlError, errorAt, refuseUnsupported, unsupported } from './soql-unsupported.js';
import type { OrgStore, PlainRecord } from './store.js';
import type { Table } from './table.js';
import { Stored, formatDate, parseDate, parseDateTime, toJson } from './values.js';
import { to18 } from './ids.js';

export { SoqlError };

/** A resolved field path: Account.Name from Contact is [AccountId ref -> Account table, Name]. */
interface Path {
  raw: string;
  /** canonical names along the path, e.g. ['Account', 'Name'] */
  names: string[];
  /** relationship hops */
  hops: { ref: FieldDef; relName: string; target: Table; read: (row: number) => Stored }[];
  field: FieldDef;
  table: Table;
  read: (row: number) => Stored;
}

/** One SELECT column as the query resource's `columns=true` describes it. */
export interface ColumnMetadata {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMetadata[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

export interface ColumnsResult {
  kind: 'columns';
  columnMetadata: ColumnMetadata[];
  entityName: string;
  groupBy: boolean;
  idSelected: boolean;
  keyPrefix: string | null;
}

/** The query resource's `explain=` answer: the plans Salesforce's optimizer would weigh, best first. */
export interface ExplainResult {
  kind: 'explain';
  plans: {
    cardinality: number;
    fields: string[];
    leadingOperationType: 'Index' | 'TableScan';
    notes: { description: string; fields: string[]; tableEnumOrId: string }[];
    relativeCost: number;
    sobjectCardinality: number;
    sobjectType: string;
  }[];
  sourceQuery: string;
}

export interface RecordsResult {
  kind: 'records';
  object: ObjectDef;
  rows: Int32Array;
  totalSize: number;
  paths: Path[];
  /** the base object's Id column */
  idRead: (row: number) => Stored;
  /** child relationship subqueries, e.g. (SELECT LastName FROM Contacts) */
  children: ChildPlan[];
}

/** A child relationship subquery: its columns, and its matching child rows per parent Id. */
export interface ChildPlan {
  relName: string;
  object: ObjectDef;
  paths: Path[];
  idRead: (row: number) => Stored;
  /** child rows per parent Id (filtered, ordered, limited per parent), built on first use */
  byParent(): Map<string, number[]>;
}
export interface AggregateResult {
  kind: 'aggregate';
  records: PlainRecord[];
  totalSize: number;
}
export interface CountResult {
  kind: 'count';
  totalSize: number;
}
export type QueryResult = RecordsResult | AggregateResult | CountResult;

export interface QueryOptions {
  includeDeleted?: boolean;
  now?: number;
  /** Bulk API: no OFFSET limit, no aggregates with more than 2000 groups concerns */
  bulk?: boolean;
  /** the running user, for USING SCOPE mine */
  userId?: string;
}

/** A value a condition, GROUP BY or HAVING reads: a field path, a date function of one, or an aggregate. */
interface Operand {
  read: (i: number) => Stored;
  kind: StorageKind;
  /** type name for messages: the field's type, or 'int' for functions that count */
  type: string;
  /** the text the query used, for messages */
  raw: string;
  isId: boolean;
}

const DAY = 86_400_000;

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
    q = parseQuery(soql) as Query;
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

  let predicate: Pred = q.where ? compileWhere(q.where, (c) => rowOperand(c, resolve, soql), soql, now) : () => true;
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
  return { q, def, table, resolve, predicate, live, isAgg, countOnly };
}

export function runSoql(store: OrgStore, soql: string, opts: QueryOptions = {}): QueryResult {
  const c = compile(store, soql, opts);
  const { q, def, table, resolve, predicate, live } = c;

  if (c.countOnly) {
    let n = 0;
    for (let row = 0; row < table.size; row++) if (live(row) && predicate(row)) n++;
    const off = q.offset ?? 0;
    n = Math.max(0, n - off);
    if (q.limit !== undefined) n = Math.min(n, q.limit);
    return { kind: 'count', totalSize: n };
  }
  if (c.isAgg) return aggregate(q, table, resolve, live, predicate, soql).run();

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
    return { path: resolve(o.field), desc: o.order === 'DESC', nullsLast: o.nulls ? o.nulls === 'LAST' : o.order === 'DESC' };
  });
  // Ids are appended in ascending order by the generator: ORDER BY Id ASC is then row order.
  const naturalOrder =
    orderKeys.length === 0 ||
    (orderKeys.length === 1 && orderKeys[0].path.hops.length === 0 && orderKeys[0].path.field.name === 'Id' && !orderKeys[0].desc && table.idSorted);

  let rows: Int32Array;
  if (naturalOrder) {
    const stopAt = offset + limit;
    const out: number[] = [];
    for (let row = 0; row < table.size && out.length < stopAt; row++) if (live(row) && predicate(row)) out.push(row);
    rows = Int32Array.from(out.slice(offset));
  } else {
    const matched: number[] = [];
    for (let row = 0; row < table.size; row++) if (live(row) && predicate(row)) matched.push(row);
    const keys = orderKeys.map((k) => {
      const arr = new Array<string | number | null>(matched.length);
      const caseFold = storageKind(k.path.field.type) === 'string' && k.path.field.type !== 'id' && k.path.field.type !== 'reference';
      for (let i = 0; i < matched.length; i++) {
        const v = k.path.read(matched[i]);
        arr[i] = v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : caseFold ? (v as string).toLowerCase() : (v as string | number);
      }
      return { arr, desc: k.desc, nullsLast: k.nullsLast };
    });
    const perm = Array.from(matched.keys());
    perm.sort((a, b) => {
      for (const k of keys) {
        const x = k.arr[a];
        const y = k.arr[b];
        if (x === y) continue;
        if (x === null) return k.nullsLast ? 1 : -1;
        if (y === null) return k.nullsLast ? -1 : 1;
        const cmp = x < y ? -1 : 1;
        return k.desc ? -cmp : cmp;
      }
      return a - b;
    });
    const end = Math.min(perm.length, offset + limit);
    rows = new Int32Array(Math.max(0, end - offset));
    for (let i = offset; i < end; i++) rows[i - offset] = matched[perm[i]];
  }
  return { kind: 'records', object: def, rows, totalSize: rows.length, paths, idRead: table.reader('Id'), children };
}

/** The SELECT list of a non-aggregate query as field paths. */
function selectPaths(q: Query, def: ObjectDef, resolve: (raw: string) => Path, soql: string): Path[] {
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
    } else if (f.type === 'FieldFunctionExpression') {
      throw unsupported(soql, rawOf(f), `The function ${f.functionName}()`);
    } else {
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, rawOf(f), `unexpected token: '${rawOf(f)}'`));
    }
  }
  if (paths.length === 0) throw new SoqlError('MALFORMED_QUERY', 'unexpected token: FROM');
  return paths;
}

// Clauses a child subquery may have (SOQL reference, "Relationship Queries").
const SUBQUERY_CLAUSES = new Set(['fields', 'relationshipName', 'where', 'orderBy', 'limit']);

/**
 * The SELECT list's child relationship subqueries. Each subquery's WHERE, ORDER BY and LIMIT
 * apply per parent record, as in Salesforce. The local org returns all of a parent's children
 * in one page (done: true); Salesforce may page large child sets.
 */
function childPlans(store: OrgStore, parent: ObjectDef, q: Query, soql: string, opts: QueryOptions): ChildPlan[] {
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
    const predicate = sub.where ? compileWhere(sub.where, (c) => rowOperand(c, resolve, soql), soql, opts.now ?? Date.now()) : () => true;
    const order = sub.orderBy ? (Array.isArray(sub.orderBy) ? sub.orderBy : [sub.orderBy]) : [];
    const orderKeys = order.map((o) => {
      if (!('field' in o) || !o.field) throw unsupported(soql, 'ORDER BY', 'ORDER BY a function in a child relationship subquery');
      const p = resolve(o.field);
      return { read: p.read, fold: storageKind(p.field.type) === 'string', desc: o.order === 'DESC', nullsLast: o.nulls ? o.nulls === 'LAST' : o.order === 'DESC' };
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
        if (orderKeys.length) {
          const val = (key: (typeof orderKeys)[number], r: number) => {
            const v = key.read(r);
            return v === null ? null : key.fold ? String(v).toLowerCase() : typeof v === 'boolean' ? Number(v) : v;
          };
          rows.sort((x, y) => {
            for (const key of orderKeys) {
              const a = val(key, x);
              const b = val(key, y);
              if (a === b) continue;
              if (a === null) return key.nullsLast ? 1 : -1;
              if (b === null) return key.nullsLast ? -1 : 1;
              return (a < b ? -1 : 1) * (key.desc ? -1 : 1);
            }
            return x - y;
          });
        }
        if (sub.limit !== undefined && rows.length > sub.limit) m.set(k, rows.slice(0, sub.limit));
      }
      return m;
    };
    plans.push({ relName: rel.relationshipName, object: table.def, paths, idRead: table.reader('Id'), byParent: () => (index ??= build()) });
  }
  return plans;
}

/** Column metadata for the query resource's `columns=true` (what the sf CLI asks before printing rows). */
export function queryColumns(store: OrgStore, soql: string, opts: QueryOptions = {}): ColumnsResult {
  const c = compile(store, soql, opts);
  const base = { kind: 'columns' as const, entityName: c.def.name };
  if (c.countOnly) return { ...base, columnMetadata: [], groupBy: false, idSelected: false, keyPrefix: null };
  if (c.isAgg) {
    const agg = aggregate(c.q, c.table, c.resolve, c.live, c.predicate, soql);
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

function rawOf(f: SoqlField): string {
  return 'rawValue' in f && f.rawValue ? f.rawValue : 'field' in f ? String(f.field) : f.type;
}

function resolvePath(store: OrgStore, base: Table, raw: string, soql: string): Path {
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

// ---------- WHERE ----------

type Token = { t: '(' } | { t: ')' } | { t: 'AND' } | { t: 'OR' } | { t: 'NOT' } | { t: 'cond'; c: Condition };

function tokenize(w: WhereClause | undefined, out: Token[] = []): Token[] {
  if (!w) return out;
  const node = w as WhereClause & { left: Condition | null; operator?: string; right?: WhereClause };
  if (node.left === null && node.operator === 'NOT') {
    out.push({ t: 'NOT' });
    return tokenize(node.right, out);
  }
  if (node.left) {
    const c = node.left as Condition & { openParen?: number; closeParen?: number };
    for (let i = 0; i < (c.openParen ?? 0); i++) out.push({ t: '(' });
    out.push({ t: 'cond', c });
    for (let i = 0; i < (c.closeParen ?? 0); i++) out.push({ t: ')' });
  }
  if (node.operator === 'AND' || node.operator === 'OR') out.push({ t: node.operator });
  else if (node.operator === 'NOT') out.push({ t: 'NOT' });
  return tokenize(node.right, out);
}

type Pred = (row: number) => boolean;

function compileWhere(w: WhereClause, operandOf: (c: Condition) => Operand, soql: string, now: number): Pred {
  const toks = tokenize(w);
  let i = 0;
  const peek = () => toks[i];
  const orExpr = (): Pred => {
    let l = andExpr();
    while (peek()?.t === 'OR') {
      i++;
      const a = l;
      const b = andExpr();
      l = (row) => a(row) || b(row);
    }
    return l;
  };
  const andExpr = (): Pred => {
    let l = notExpr();
    while (peek()?.t === 'AND') {
      i++;
      const a = l;
      const b = notExpr();
      l = (row) => a(row) && b(row);
    }
    return l;
  };
  const notExpr = (): Pred => {
    if (peek()?.t === 'NOT') {
      i++;
      const inner = notExpr();
      return (row) => !inner(row);
    }
    return primary();
  };
  const primary = (): Pred => {
    const tok = toks[i++];
    if (!tok) throw new SoqlError('MALFORMED_QUERY', 'unexpected end of WHERE clause');
    if (tok.t === '(') {
      const e = orExpr();
      if (toks[i++]?.t !== ')') throw new SoqlError('MALFORMED_QUERY', 'unbalanced parentheses in WHERE clause');
      return e;
    }
    if (tok.t === 'cond') return compileCondition(tok.c, operandOf(tok.c), soql, now);
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: ${tok.t}`);
  };
  const p = orExpr();
  if (i !== toks.length) throw new SoqlError('MALFORMED_QUERY', 'unexpected token in WHERE clause');
  return p;
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) {
    return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
  }
  return s;
}

type Range = { start: number; end: number };

function dateLiteralRange(lit: string, n: number | undefined, now: number, soql: string): Range {
  const today = Math.floor(now / DAY) * DAY;
  const d = new Date(today);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const k = n ?? 0;
  switch (lit.toUpperCase().split(':')[0]) {
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    case 'LAST_N_DAYS':
      return { start: today - k * DAY, end: today + DAY };
    case 'NEXT_N_DAYS':
      return { start: today + DAY, end: today + (k + 1) * DAY };
    case 'N_DAYS_AGO':
      return { start: today - k * DAY, end: today - (k - 1) * DAY };
    case 'THIS_MONTH':
      return { start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
    case 'LAST_MONTH':
      return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 1) };
    case 'THIS_YEAR':
      return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) };
    case 'LAST_YEAR':
      return { start: Date.UTC(y - 1, 0, 1), end: Date.UTC(y, 0, 1) };
    case 'LAST_N_MONTHS':
      return { start: Date.UTC(y, m - k, 1), end: Date.UTC(y, m, 1) };
    default:
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, lit, `unexpected token: '${lit}' (date literal not supported by the local org)`));
  }
}

type Cond = Condition & { operator?: string; field?: string; fn?: { functionName: string; parameters?: unknown[]; rawValue?: string }; valueQuery?: unknown; literalType?: string | string[]; value?: string | string[]; dateLiteralVariable?: number | number[] };

function fieldOperand(path: Path, raw: string, soql: string): Operand {
  const fd = path.field;
  if (!describeField(fd, path.table.def).filterable) {
    throw new SoqlError('INVALID_FIELD', errorAt(soql, raw, `field '${fd.name}' can not be filtered in a query call`));
  }
  return { read: path.read, kind: storageKind(fd.type), type: fd.type, raw, isId: fd.type === 'id' || fd.type === 'reference' };
}

/** A date function applied to a field path: CALENDAR_YEAR(CreatedDate), DAY_ONLY(CreatedDate), ... */
function dateFnOperand(fnName: string, params: unknown[] | undefined, raw: string, resolve: (raw: string) => Path, soql: string): { op: Operand; fn: DateFunction; path: Path } {
  const fn = dateFunction(fnName);
  if (!fn) throw unsupported(soql, raw, `The function ${fnName}()`);
  const arg = params?.[0];
  if (params?.length !== 1 || typeof arg !== 'string') {
    throw unsupported(soql, raw, `${fn.name}() of anything but a date or datetime field (convertTimezone() included)`);
  }
  const path = resolve(arg);
  const t = path.field.type;
  if (!(fn.accepts as readonly string[]).includes(t)) {
    throw new SoqlError('MALFORMED_QUERY', errorAt(soql, raw, `${fn.name}() takes a ${fn.accepts.join(' or ')} field; ${path.field.name} is ${t}`));
  }
  const read = path.read;
  const op: Operand = {
    read: (i) => {
      const v = read(i);
      return v === null ? null : fn.apply(v as number);
    },
    kind: fn.returns === 'date' ? 'date' : 'number',
    type: fn.returns,
    raw,
    isId: false,
  };
  return { op, fn, path };
}

/** The operand of a WHERE condition over the object's rows. */
function rowOperand(c: Condition, resolve: (raw: string) => Path, soql: string): Operand {
  const cc = c as Cond;
  if (cc.valueQuery) throw unsupported(soql, '(SELECT', 'A semi-join or anti-join (IN / NOT IN a subquery)');
  if (cc.fn) return dateFnOperand(cc.fn.functionName, cc.fn.parameters, cc.fn.rawValue ?? cc.fn.functionName, resolve, soql).op;
  if (!cc.field) throw new SoqlError('MALFORMED_QUERY', 'unexpected token in WHERE clause');
  return fieldOperand(resolve(cc.field), cc.field, soql);
}

function compileCondition(c: Condition, operand: Operand, soql: string, now: number): Pred {
  const cc = c as Cond;
  const { kind, isId, read } = operand;
  const typeName = operand.type;
  const op = String(cc.operator).toUpperCase();
  const values = Array.isArray(cc.value) ? cc.value : [cc.value ?? ''];
  const types = Array.isArray(cc.literalType) ? cc.literalType : values.map(() => cc.literalType as string);
  const vars = Array.isArray(cc.dateLiteralVariable) ? cc.dateLiteralVariable : values.map(() => cc.dateLiteralVariable as number | undefined);

  type Lit = { kind: 'null' } | { kind: 'value'; v: string | number | boolean } | { kind: 'range'; r: Range };
  const lits: Lit[] = values.map((raw, idx) => {
    const lt = String(types[idx] ?? '').toUpperCase();
    if (lt === 'NULL') return { kind: 'null' };
    const bad = (why: string) =>
      new SoqlError('INVALID_FIELD', errorAt(soql, raw, `value of filter criterion for field '${operand.raw}' must be of type ${why}`));
    if (kind === 'string') {
      if (lt !== 'STRING') throw bad(`${typeName} and should be enclosed in quotes`);
      let s = unquote(raw);
      if (isId && s.length === 15 && /^[a-zA-Z0-9]{15}$/.test(s)) s = to18(s);
      return { kind: 'value', v: isId ? s : s.toLowerCase() };
    }
    if (kind === 'number') {
      if (lt !== 'INTEGER' && lt !== 'DECIMAL' && !lt.startsWith('DECIMAL') && !lt.startsWith('INTEGER')) {
        throw bad(`${typeName === 'int' ? 'int' : 'double'} and should not be enclosed in quotes`);
      }
      return { kind: 'value', v: Number(raw) };
    }
    if (kind === 'boolean') {
      if (lt !== 'BOOLEAN') throw bad('boolean and should not be enclosed in quotes');
      return { kind: 'value', v: raw.toUpperCase() === 'TRUE' };
    }
    // date / datetime
    if (lt === 'DATE_LITERAL' || lt === 'DATE_N_LITERAL') return { kind: 'range', r: dateLiteralRange(raw, vars[idx], now, soql) };
    if (lt === 'DATE') {
      const t = parseDate(raw);
      if (t === undefined) throw bad('date');
      return kind === 'date' ? { kind: 'value', v: t } : { kind: 'range', r: { start: t, end: t + DAY } };
    }
    if (lt === 'DATETIME') {
      if (kind === 'date') throw bad('date and should not be a datetime');
      const t = parseDateTime(raw);
      if (t === undefined) throw bad('datetime');
      return { kind: 'value', v: t };
    }
    throw bad(`${typeName} and should not be enclosed in quotes`);
  });

  const norm = (v: Stored): string | number | boolean | null =>
    v === null ? null : kind === 'string' && !isId ? (v as string).toLowerCase() : v;

  const eq = (v: string | number | boolean | null, lit: Lit): boolean => {
    if (lit.kind === 'null') return v === null;
    if (v === null) return false;
    if (lit.kind === 'range') return (v as number) >= lit.r.start && (v as number) < lit.r.end;
    return v === lit.v;
  };
  const cmp = (v: string | number | boolean | null, lit: Lit, o: string): boolean => {
    if (v === null || lit.kind === 'null') return false;
    if (lit.kind === 'range') {
      const x = v as number;
      if (o === '<') return x < lit.r.start;
      if (o === '<=') return x < lit.r.end;
      if (o === '>') return x >= lit.r.end;
      return x >= lit.r.start;
    }
    const l = lit.v;
    if (o === '<') return v < l;
    if (o === '<=') return v <= l;
    if (o === '>') return v > l;
    return v >= l;
  };

  switch (op) {
    case '=':
      return (row) => eq(norm(read(row)), lits[0]);
    case '!=':
    case '<>':
      return (row) => !eq(norm(read(row)), lits[0]);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (row) => cmp(norm(read(row)), lits[0], op);
    case 'IN':
      return (row) => {
        const v = norm(read(row));
        return lits.some((l) => eq(v, l));
      };
    case 'NOT IN':
      return (row) => {
        const v = norm(read(row));
        return !lits.some((l) => eq(v, l));
      };
    case 'LIKE': {
      if (kind !== 'string') throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', errorAt(soql, operand.raw, `invalid operator on ${typeName} field`));
      const lit = lits[0];
      if (lit.kind !== 'value') return () => false;
      const re = likeRegex(String(lit.v));
      return (row) => {
        const v = read(row);
        return v !== null && re.test(v as string);
      };
    }
    default:
      throw unsupported(soql, op, `The operator ${op}`);
  }
}

function likeRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

// ---------- column metadata ----------

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

function leafColumn(fd: FieldDef, def: ObjectDef, name = fd.name): ColumnMetadata {
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

function functionColumn(name: string, raw: string, numberType: boolean): ColumnMetadata {
  return { aggregate: true, apexType: null, booleanType: false, columnName: name, custom: false, displayName: raw, foreignKeyName: null, insertable: false, joinColumns: [], numberType, textType: false, updatable: false };
}

/** Record-query columns: a parent relationship is one column whose joinColumns hold its fields. */
function pathColumns(paths: Path[]): ColumnMetadata[] {
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

// ---------- aggregates ----------

const normRaw = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** A GROUP BY item: a field path or a date function of one. */
interface GroupKey {
  raw: string;
  op: Operand;
  path: Path;
  fn?: DateFunction;
  json: (v: Stored) => unknown;
}

type Agg = { fn: string; path?: Path; raw: string };

function aggregate(q: Query, table: Table, resolve: (raw: string) => Path, live: Pred, predicate: Pred, soql: string) {
  const groupBy = q.groupBy ? (Array.isArray(q.groupBy) ? q.groupBy : [q.groupBy]) : [];
  const keys: GroupKey[] = groupBy.map((g) => {
    const gg = g as { field?: string; fn?: { functionName: string; parameters?: unknown[]; rawValue?: string } };
    if (gg.fn) {
      const raw = gg.fn.rawValue ?? gg.fn.functionName;
      const { op, fn, path } = dateFnOperand(gg.fn.functionName, gg.fn.parameters, raw, resolve, soql);
      return { raw, op, path, fn, json: (v: Stored) => (v === null ? null : fn.returns === 'date' ? formatDate(v as number) : v) };
    }
    const path = resolve(gg.field!);
    if (!describeField(path.field, path.table.def).groupable) {
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, gg.field!, `field '${path.field.name}' can not be grouped in a query call`));
    }
    return { raw: gg.field!, op: fieldOperand(path, gg.field!, soql), path, json: (v: Stored) => toJson(path.field, v) };
  });
  const samePath = (a: Path, b: Path) => a.field === b.field && a.names.join('.') === b.names.join('.');
  const keyForField = (p: Path) => keys.findIndex((k) => !k.fn && samePath(k.path, p));
  const keyForFn = (raw: string) => keys.findIndex((k) => k.fn && normRaw(k.raw) === normRaw(raw));

  let expr = 0;
  const aggs: Agg[] = [];
  const aggIndex = (fnName: string, params: unknown[] | undefined, raw: string): number => {
    const fn = fnName.toUpperCase();
    const found = aggs.findIndex((a) => normRaw(a.raw) === normRaw(raw));
    if (found >= 0) return found;
    const param = params?.[0];
    if (param !== undefined && typeof param !== 'string') throw unsupported(soql, raw, `${fn}() of an expression`);
    const path = typeof param === 'string' ? resolve(param) : undefined;
    if (fn !== 'COUNT' && !path) throw new SoqlError('MALFORMED_QUERY', errorAt(soql, raw, `${fn}() needs a field`));
    aggs.push({ fn, path, raw });
    return aggs.length - 1;
  };
  type Out = { kind: 'key'; key: number; name: string; column: ColumnMetadata } | { kind: 'agg'; agg: number; name: string; column: ColumnMetadata };
  const outs: Out[] = [];
  for (const f of q.fields ?? []) {
    if (f.type === 'Field' || f.type === 'FieldRelationship') {
      const raw = f.type === 'Field' ? f.field : (f.rawValue ?? [...f.relationships, f.field].join('.'));
      const p = resolve(raw);
      const k = keyForField(p);
      if (k < 0) throw new SoqlError('MALFORMED_QUERY', errorAt(soql, raw, `Field must be grouped or aggregated: ${p.field.name}`));
      const name = ('alias' in f && f.alias ? f.alias : undefined) ?? p.field.name;
      outs.push({ kind: 'key', key: k, name, column: leafColumn(p.field, p.table.def, name) });
    } else if (f.type === 'FieldFunctionExpression' && dateFunction(f.functionName)) {
      const raw = f.rawValue ?? f.functionName;
      const k = keyForFn(raw);
      if (k < 0) throw new SoqlError('MALFORMED_QUERY', errorAt(soql, raw, `Field must be grouped or aggregated: ${raw}`));
      const name = f.alias ?? `expr${expr++}`;
      outs.push({ kind: 'key', key: k, name, column: functionColumn(name, raw, keys[k].fn!.returns === 'int') });
    } else if (f.type === 'FieldFunctionExpression' && AGGREGATE_FUNCTIONS.has(f.functionName.toUpperCase())) {
      const raw = f.rawValue ?? f.functionName;
      const a = aggIndex(f.functionName, f.parameters, raw);
      const name = f.alias ?? `expr${expr++}`;
      const ag = aggs[a];
      const numeric = ['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG'].includes(ag.fn) || (ag.path !== undefined && storageKind(ag.path.field.type) === 'number');
      outs.push({ kind: 'agg', agg: a, name, column: functionColumn(name, raw, numeric) });
    } else if (f.type === 'FieldFunctionExpression') {
      throw unsupported(soql, rawOf(f), `The function ${f.functionName}()`);
    } else {
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, rawOf(f), `unexpected token: '${rawOf(f)}'`));
    }
  }

  // HAVING reads per group: an aggregate (computed even when not selected) or a GROUP BY item.
  let groupValues: Stored[][] = [];
  let groupKeys: Stored[][] = [];
  const havingOperand = (c: Condition): Operand => {
    const cc = c as Cond;
    if (cc.valueQuery) throw unsupported(soql, '(SELECT', 'A subquery in HAVING');
    if (cc.fn && AGGREGATE_FUNCTIONS.has(cc.fn.functionName.toUpperCase())) {
      const raw = cc.fn.rawValue ?? cc.fn.functionName;
      const a = aggIndex(cc.fn.functionName, cc.fn.parameters, raw);
      const ag = aggs[a];
      const counts = ['COUNT', 'COUNT_DISTINCT'].includes(ag.fn);
      const kind: StorageKind = counts || ag.fn === 'SUM' || ag.fn === 'AVG' ? 'number' : storageKind(ag.path!.field.type);
      return { read: (g) => groupValues[g][a], kind, type: counts ? 'int' : kind === 'number' ? 'double' : ag.path!.field.type, raw, isId: false };
    }
    let k: number;
    if (cc.fn) k = keyForFn(cc.fn.rawValue ?? cc.fn.functionName);
    else if (cc.field) k = keyForField(resolve(cc.field));
    else throw new SoqlError('MALFORMED_QUERY', 'unexpected token in HAVING clause');
    const raw = cc.fn?.rawValue ?? cc.field ?? '';
    if (k < 0) throw new SoqlError('MALFORMED_QUERY', errorAt(soql, raw, `Field must be grouped or aggregated: ${raw}`));
    return { ...keys[k].op, read: (g) => groupKeys[g][k], raw };
  };
  const having = q.having ? compileWhere(q.having as WhereClause, havingOperand, soql, Date.now()) : undefined;

  const order = q.orderBy ? (Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy]) : [];
  const orderKeys = order.map((o: OrderByClause) => {
    const ob = o as OrderByClause & { field?: string; fn?: { functionName: string; parameters?: unknown[]; rawValue?: string } };
    let read: ((g: number) => Stored) | undefined;
    let kind: StorageKind = 'number';
    if (ob.fn && AGGREGATE_FUNCTIONS.has(ob.fn.functionName.toUpperCase())) {
      const a = aggIndex(ob.fn.functionName, ob.fn.parameters, ob.fn.rawValue ?? ob.fn.functionName);
      read = (g) => groupValues[g][a];
      kind = aggs[a].path && ['MIN', 'MAX'].includes(aggs[a].fn) ? storageKind(aggs[a].path!.field.type) : 'number';
    } else {
      const raw = ob.fn?.rawValue ?? ob.field ?? '';
      const byAlias = outs.find((x) => x.name.toLowerCase() === raw.toLowerCase());
      const k = byAlias?.kind === 'key' ? byAlias.key : ob.fn ? keyForFn(raw) : ob.field ? keyForField(resolve(ob.field)) : -1;
      if (byAlias?.kind === 'agg') {
        const a = byAlias.agg;
        read = (g) => groupValues[g][a];
      } else if (k >= 0) {
        read = (g) => groupKeys[g][k];
        kind = keys[k].op.kind;
      }
      if (!read) throw new SoqlError('MALFORMED_QUERY', errorAt(soql, raw, `ORDER BY ${raw}: order by a grouped field or an aggregate`));
    }
    return { read, fold: kind === 'string', desc: o.order === 'DESC', nullsLast: o.nulls ? o.nulls === 'LAST' : o.order === 'DESC' };
  });

  const columns = () => outs.map((o) => o.column);

  const run = (): AggregateResult => {
    type Acc = { rep: number; n: number[]; sum: number[]; min: Stored[]; max: Stored[]; distinct: Set<Stored>[] };
    const groups = new Map<string, Acc>();
    const fresh = (rep: number): Acc => ({ rep, n: aggs.map(() => 0), sum: aggs.map(() => 0), min: aggs.map(() => null), max: aggs.map(() => null), distinct: aggs.map(() => new Set()) });
    for (let row = 0; row < table.size; row++) {
      if (!live(row) || !predicate(row)) continue;
      const key = keys.length ? JSON.stringify(keys.map((k) => k.op.read(row))) : '';
      let acc = groups.get(key);
      if (!acc) groups.set(key, (acc = fresh(row)));
      for (let a = 0; a < aggs.length; a++) {
        const ag = aggs[a];
        const v = ag.path ? ag.path.read(row) : 1;
        if (v === null) continue;
        acc.n[a]++;
        if (typeof v === 'number') acc.sum[a] += v;
        if (acc.min[a] === null || (v as number) < (acc.min[a] as number)) acc.min[a] = v;
        if (acc.max[a] === null || (v as number) > (acc.max[a] as number)) acc.max[a] = v;
        if (ag.fn === 'COUNT_DISTINCT') acc.distinct[a].add(v);
      }
    }
    if (groups.size === 0 && keys.length === 0) groups.set('', fresh(-1));
    const accs = [...groups.values()];
    groupKeys = accs.map((acc) => keys.map((k) => (acc.rep < 0 ? null : k.op.read(acc.rep))));
    groupValues = accs.map((acc) =>
      aggs.map((ag, i): Stored => {
        if (ag.fn === 'COUNT') return acc.n[i];
        if (ag.fn === 'COUNT_DISTINCT') return acc.distinct[i].size;
        if (ag.fn === 'SUM') return acc.n[i] ? acc.sum[i] : null;
        if (ag.fn === 'AVG') return acc.n[i] ? acc.sum[i] / acc.n[i] : null;
        if (ag.fn === 'MIN') return acc.min[i];
        if (ag.fn === 'MAX') return acc.max[i];
        return null;
      }),
    );
    let idx = accs.map((_, g) => g);
    if (having) idx = idx.filter((g) => having(g));
    if (orderKeys.length) {
      const val = (k: (typeof orderKeys)[number], g: number) => {
        const v = k.read(g);
        return v === null ? null : k.fold ? String(v).toLowerCase() : typeof v === 'boolean' ? Number(v) : v;
      };
      idx.sort((x, y) => {
        for (const k of orderKeys) {
          const a = val(k, x);
          const b = val(k, y);
          if (a === b) continue;
          if (a === null) return k.nullsLast ? 1 : -1;
          if (b === null) return k.nullsLast ? -1 : 1;
          const c = a < b ? -1 : 1;
          return k.desc ? -c : c;
        }
        return 0;
      });
    }
    const off = q.offset ?? 0;
    idx = idx.slice(off, q.limit === undefined ? undefined : off + q.limit);
    const records = idx.map((g) => {
      const rec: PlainRecord = { attributes: { type: 'AggregateResult' } };
      for (const o of outs) {
        if (o.kind === 'key') rec[o.name] = keys[o.key].json(groupKeys[g][o.key]);
        else {
          const ag = aggs[o.agg];
          const v = groupValues[g][o.agg];
          rec[o.name] = v !== null && ag.path && (ag.fn === 'MIN' || ag.fn === 'MAX') ? toJson(ag.path.field, v) : v;
        }
      }
      return rec;
    });
    return { kind: 'aggregate', records, totalSize: records.length };
  };
  return { run, columns };
}
