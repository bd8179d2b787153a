// Aggregate queries: GROUP BY (fields and date functions), COUNT/SUM/AVG/MIN/MAX/COUNT_DISTINCT,
// HAVING, ORDER BY, LIMIT/OFFSET over the groups, and their column metadata.
import type { Condition, OrderByClause, Query } from '@jetstreamapp/soql-parser-js';
import { describeField } from '../describe.js';
import { StorageKind, storageKind } from '../schema.js';
import type { PlainRecord } from '../values.js';
import type { Table } from '../table.js';
import { Stored, formatDate, toJson } from '../values.js';
import { functionColumn, leafColumn } from './columns.js';
import { AGGREGATE_FUNCTIONS, dateFunction, type DateFunction } from './date-functions.js';
import { rawOf } from './paths.js';
import type { AggregateResult, ColumnMetadata, Operand, Path, Pred } from './types.js';
import { SoqlError, errorAt, unsupported } from './unsupported.js';
import { direction, sortRows } from './order.js';
import { compileWhere, dateFnOperand, fieldOperand, type Cond } from './where.js';

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

export function aggregate(q: Query, table: Table, resolve: (raw: string) => Path, live: Pred, predicate: Pred, soql: string, timeZone?: string) {
  const groupBy = q.groupBy ? (Array.isArray(q.groupBy) ? q.groupBy : [q.groupBy]) : [];
  const keys: GroupKey[] = groupBy.map((g) => {
    const gg = g as { field?: string; fn?: { functionName: string; parameters?: unknown[]; rawValue?: string } };
    if (gg.fn) {
      const raw = gg.fn.rawValue ?? gg.fn.functionName;
      const { op, fn, path } = dateFnOperand(gg.fn.functionName, gg.fn.parameters, raw, resolve, soql, timeZone);
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
  const having = q.having ? compileWhere(q.having, havingOperand, soql, Date.now()) : undefined;

  const order = q.orderBy ? (Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy]) : [];
  const orderKeys = order.map((o: OrderByClause) => {
    const ob = o as OrderByClause & { field?: string; fn?: { functionName: string; parameters?: unknown[]; rawValue?: string } };
    let read: ((g: number) => Stored) | undefined;
    let kind: StorageKind = 'number';
    if (ob.fn && AGGREGATE_FUNCTIONS.has(ob.fn.functionName.toUpperCase())) {
      const a = aggIndex(ob.fn.functionName, ob.fn.parameters, ob.fn.rawValue ?? ob.fn.functionName);
      read = (g) => groupValues[g][a];
      kind = aggs[a].path && ['MIN', 'MAX'].includes(aggs[a].fn) ? storageKind(aggs[a].path.field.type) : 'number';
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
    return { read, fold: kind === 'string', ...direction(o) };
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
    if (orderKeys.length) idx = sortRows(idx, orderKeys);
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
