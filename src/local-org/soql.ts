// SOQL over the columnar store. Parsing is @jetstreamapp/soql-parser-js's; this module
// resolves fields against the schema, compiles WHERE into a row predicate, and returns
// matched row indexes (never copies of records), so paging 1M rows stays cheap.
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import type { Query, FieldType as SoqlField, WhereClause, Condition, OrderByClause } from '@jetstreamapp/soql-parser-js';
import { describeField } from './describe.js';
import { FieldDef, ObjectDef, findField, storageKind } from './schema.js';
import type { OrgStore, PlainRecord } from './store.js';
import type { Table } from './table.js';
import { Stored, formatDate, parseDate, parseDateTime, toJson } from './values.js';
import { to18 } from './ids.js';

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE' | 'NUMBER_OUTSIDE_VALID_RANGE' | 'INVALID_QUERY_FILTER_OPERATOR',
    message: string,
  ) {
    super(message);
    this.name = errorCode;
  }
}

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

export interface RecordsResult {
  kind: 'records';
  object: ObjectDef;
  rows: Int32Array;
  totalSize: number;
  paths: Path[];
  /** the base object's Id column */
  idRead: (row: number) => Stored;
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
}

const DAY = 86_400_000;

function errorAt(soql: string, token: string, message: string): string {
  const idx = soql.toLowerCase().indexOf(token.toLowerCase());
  const col = idx < 0 ? 1 : idx + 1;
  return `\n${soql}\n${' '.repeat(Math.max(0, col - 1))}^\nERROR at Row:1:Column:${col}\n${message}`;
}

export function runSoql(store: OrgStore, soql: string, opts: QueryOptions = {}): QueryResult {
  let q: Query;
  try {
    q = parseQuery(soql) as Query;
  } catch (e) {
    throw new SoqlError('MALFORMED_QUERY', (e as Error).message.split('\n')[0] || 'unexpected token');
  }
  if (!q.sObject) throw new SoqlError('MALFORMED_QUERY', 'unexpected token: FROM clause is missing');
  const def = store.findObject(q.sObject);
  if (!def) {
    throw new SoqlError(
      'INVALID_TYPE',
      errorAt(
        soql,
        q.sObject,
        `sObject type '${q.sObject}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      ),
    );
  }
  const table = store.table(def.name);
  const resolve = (raw: string) => resolvePath(store, table, raw, soql);

  const predicate = q.where ? compileWhere(q.where, resolve, soql, opts.now ?? Date.now()) : () => true;
  const deletedRead = table.reader('IsDeleted');
  const live = opts.includeDeleted ? () => true : (row: number) => deletedRead(row) !== true;

  const fields = q.fields ?? [];
  const isAgg = fields.some((f) => f.type === 'FieldFunctionExpression' && f.isAggregateFn) || (q.groupBy !== undefined);

  if (isAgg) {
    if (fields.length === 1 && fields[0].type === 'FieldFunctionExpression' && fields[0].functionName.toUpperCase() === 'COUNT' && fields[0].parameters?.length === 0 && !q.groupBy) {
      let n = 0;
      for (let row = 0; row < table.size; row++) if (live(row) && predicate(row)) n++;
      const off = q.offset ?? 0;
      n = Math.max(0, n - off);
      if (q.limit !== undefined) n = Math.min(n, q.limit);
      return { kind: 'count', totalSize: n };
    }
    return aggregate(q, table, resolve, live, predicate, soql);
  }

  const paths: Path[] = [];
  for (const f of fields) {
    if (f.type === 'Field') paths.push(resolve(f.field));
    else if (f.type === 'FieldRelationship') paths.push(resolve(f.rawValue ?? [...f.relationships, f.field].join('.')));
    else if (f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'FIELDS') {
      for (const fd of def.fields) paths.push(resolve(fd.name));
    } else {
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, rawOf(f), `unexpected token: '${rawOf(f)}' (not supported by the local org)`));
    }
  }
  if (paths.length === 0) throw new SoqlError('MALFORMED_QUERY', 'unexpected token: FROM');

  const offset = q.offset ?? 0;
  if (offset > 2000 && !opts.bulk) {
    throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
  }
  const limit = q.limit ?? Infinity;
  const order = q.orderBy ? (Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy]) : [];
  const orderKeys = order.map((o) => {
    if (!('field' in o) || !o.field) throw new SoqlError('MALFORMED_QUERY', 'ORDER BY on a function needs GROUP BY');
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
        const c = x < y ? -1 : 1;
        return k.desc ? -c : c;
      }
      return a - b;
    });
    const end = Math.min(perm.length, offset + limit);
    rows = new Int32Array(Math.max(0, end - offset));
    for (let i = offset; i < end; i++) rows[i - offset] = matched[perm[i]];
  }
  return { kind: 'records', object: def, rows, totalSize: rows.length, paths, idRead: table.reader('Id') };
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
  const rec: PlainRecord = { attributes: { type: r.object.name, url: `/services/data/v${apiVersion}/sobjects/${r.object.name}/${r.idRead(row) as string}` } };
  for (const p of r.paths) {
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

function compileWhere(w: WhereClause, resolve: (raw: string) => Path, soql: string, now: number): Pred {
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
    if (tok.t === 'cond') return compileCondition(tok.c, resolve, soql, now);
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

function compileCondition(c: Condition, resolve: (raw: string) => Path, soql: string, now: number): Pred {
  const cc = c as Condition & { operator?: string; field?: string; fn?: unknown; valueQuery?: unknown; literalType?: string | string[]; value?: string | string[]; dateLiteralVariable?: number | number[] };
  if (!cc.field || cc.valueQuery || cc.fn) {
    throw new SoqlError('MALFORMED_QUERY', 'Semi-joins and functions in WHERE are not supported by the local org');
  }
  const path = resolve(cc.field);
  const fd = path.field;
  const fdesc = describeField(fd, path.table.def);
  if (!fdesc.filterable) {
    throw new SoqlError('INVALID_FIELD', errorAt(soql, cc.field, `field '${fd.name}' can not be filtered in a query call`));
  }
  const kind = storageKind(fd.type);
  const isId = fd.type === 'id' || fd.type === 'reference';
  const op = String(cc.operator).toUpperCase();
  const values = Array.isArray(cc.value) ? cc.value : [cc.value ?? ''];
  const types = Array.isArray(cc.literalType) ? cc.literalType : values.map(() => cc.literalType as string);
  const vars = Array.isArray(cc.dateLiteralVariable) ? cc.dateLiteralVariable : values.map(() => cc.dateLiteralVariable as number | undefined);
  const read = path.read;

  type Lit = { kind: 'null' } | { kind: 'value'; v: string | number | boolean } | { kind: 'range'; r: Range };
  const lits: Lit[] = values.map((raw, idx) => {
    const lt = String(types[idx] ?? '').toUpperCase();
    if (lt === 'NULL') return { kind: 'null' };
    const bad = (why: string) =>
      new SoqlError('INVALID_FIELD', errorAt(soql, raw, `value of filter criterion for field '${fd.name}' must be of type ${why}`));
    if (kind === 'string') {
      if (lt !== 'STRING') throw bad(`${fd.type} and should be enclosed in quotes`);
      let s = unquote(raw);
      if (isId && s.length === 15 && /^[a-zA-Z0-9]{15}$/.test(s)) s = to18(s);
      return { kind: 'value', v: isId ? s : s.toLowerCase() };
    }
    if (kind === 'number') {
      if (lt !== 'INTEGER' && lt !== 'DECIMAL' && !lt.startsWith('DECIMAL') && !lt.startsWith('INTEGER')) {
        throw bad(`${fd.type === 'int' ? 'int' : 'double'} and should not be enclosed in quotes`);
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
      const t = parseDateTime(raw);
      if (t === undefined) throw bad('datetime');
      return { kind: 'value', v: t };
    }
    throw bad(`${fd.type} and should not be enclosed in quotes`);
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
      if (kind !== 'string') throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', errorAt(soql, cc.field, `invalid operator on ${fd.type} field`));
      const lit = lits[0];
      if (lit.kind !== 'value') return () => false;
      const re = likeRegex(String(lit.v));
      return (row) => {
        const v = read(row);
        return v !== null && re.test(v as string);
      };
    }
    default:
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, op, `unexpected token: '${op}' (operator not supported by the local org)`));
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

// ---------- aggregates ----------

function aggregate(q: Query, table: Table, resolve: (raw: string) => Path, live: Pred, predicate: Pred, soql: string): AggregateResult {
  const groupBy = q.groupBy ? (Array.isArray(q.groupBy) ? q.groupBy : [q.groupBy]) : [];
  const groupPaths = groupBy.map((g) => {
    if (!('field' in g) || !g.field) throw new SoqlError('MALFORMED_QUERY', 'GROUP BY ROLLUP/CUBE is not supported by the local org');
    return resolve(g.field);
  });
  let expr = 0;
  type Agg = { name: string; fn: string; path?: Path; raw: string };
  const outs: ({ kind: 'group'; path: Path; name: string } | ({ kind: 'agg' } & Agg))[] = [];
  for (const f of q.fields ?? []) {
    if (f.type === 'Field' || f.type === 'FieldRelationship') {
      const raw = f.type === 'Field' ? f.field : (f.rawValue ?? [...f.relationships, f.field].join('.'));
      const p = resolve(raw);
      if (!groupPaths.some((g) => g.field === p.field && g.names.join('.') === p.names.join('.'))) {
        throw new SoqlError(
          'MALFORMED_QUERY',
          errorAt(soql, raw, `Field must be grouped or aggregated: ${p.field.name}`),
        );
      }
      outs.push({ kind: 'group', path: p, name: ('alias' in f && f.alias ? f.alias : undefined) ?? p.field.name });
    } else if (f.type === 'FieldFunctionExpression' && f.isAggregateFn) {
      const fn = f.functionName.toUpperCase();
      const param = f.parameters?.[0];
      const path = typeof param === 'string' ? resolve(param) : undefined;
      if (fn !== 'COUNT' && !path) throw new SoqlError('MALFORMED_QUERY', `${fn} needs a field`);
      outs.push({ kind: 'agg', fn, path, name: f.alias ?? `expr${expr++}`, raw: f.rawValue ?? fn });
    } else {
      throw new SoqlError('MALFORMED_QUERY', errorAt(soql, rawOf(f), `unexpected token: '${rawOf(f)}'`));
    }
  }
  type Acc = { rep: number; n: number[]; sum: number[]; min: (Stored | null)[]; max: (Stored | null)[]; distinct: Set<Stored>[] };
  const groups = new Map<string, Acc>();
  const aggs = outs.filter((o): o is { kind: 'agg' } & Agg => o.kind === 'agg');
  for (let row = 0; row < table.size; row++) {
    if (!live(row) || !predicate(row)) continue;
    const key = groupPaths.length ? JSON.stringify(groupPaths.map((g) => g.read(row))) : '';
    let acc = groups.get(key);
    if (!acc) {
      acc = { rep: row, n: aggs.map(() => 0), sum: aggs.map(() => 0), min: aggs.map(() => null), max: aggs.map(() => null), distinct: aggs.map(() => new Set()) };
      groups.set(key, acc);
    }
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
  if (groups.size === 0 && groupPaths.length === 0) {
    groups.set('', { rep: -1, n: aggs.map(() => 0), sum: aggs.map(() => 0), min: aggs.map(() => null), max: aggs.map(() => null), distinct: aggs.map(() => new Set()) });
  }
  let records: PlainRecord[] = [...groups.values()].map((acc) => {
    const rec: PlainRecord = { attributes: { type: 'AggregateResult' } };
    let a = 0;
    for (const o of outs) {
      if (o.kind === 'group') rec[o.name] = toJson(o.path.field, acc.rep < 0 ? null : o.path.read(acc.rep));
      else {
        const i = a++;
        const fmt = (v: Stored | null) => (v === null || !o.path ? v : toJson(o.path.field, v));
        rec[o.name] =
          o.fn === 'COUNT' ? acc.n[i]
          : o.fn === 'COUNT_DISTINCT' ? acc.distinct[i].size
          : o.fn === 'SUM' ? (acc.n[i] ? acc.sum[i] : null)
          : o.fn === 'AVG' ? (acc.n[i] ? acc.sum[i] / acc.n[i] : null)
          : o.fn === 'MIN' ? fmt(acc.min[i])
          : o.fn === 'MAX' ? fmt(acc.max[i])
          : null;
      }
    }
    return rec;
  });
  const order = q.orderBy ? (Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy]) : [];
  if (order.length) {
    const keys = order.map((o: OrderByClause) => {
      const ob = o as OrderByClause & { field?: string; fn?: { rawValue?: string } };
      let name: string | undefined;
      if (ob.fn) name = aggs.find((ag) => ag.raw.replace(/\s/g, '').toLowerCase() === String(ob.fn?.rawValue).replace(/\s/g, '').toLowerCase())?.name;
      else if (ob.field) name = outs.find((x) => x.name.toLowerCase() === ob.field!.toLowerCase() || (x.kind === 'group' && x.path.field.name.toLowerCase() === ob.field!.split('.').pop()!.toLowerCase()))?.name;
      if (!name) throw new SoqlError('MALFORMED_QUERY', 'ORDER BY must use a grouped field or an aggregate in the SELECT list');
      return { name, desc: o.order === 'DESC', nullsLast: o.nulls ? o.nulls === 'LAST' : o.order === 'DESC' };
    });
    records = records.sort((x, y) => {
      for (const k of keys) {
        const a = x[k.name] as string | number | null;
        const b = y[k.name] as string | number | null;
        if (a === b) continue;
        if (a === null) return k.nullsLast ? 1 : -1;
        if (b === null) return k.nullsLast ? -1 : 1;
        const c = (typeof a === 'string' ? a.toLowerCase() : a) < (typeof b === 'string' ? b.toLowerCase() : b) ? -1 : 1;
        return k.desc ? -c : c;
      }
      return 0;
    });
  }
  const off = q.offset ?? 0;
  records = records.slice(off, q.limit === undefined ? undefined : off + q.limit);
  return { kind: 'aggregate', records, totalSize: records.length };
}
