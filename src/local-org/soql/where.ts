// WHERE and HAVING: conditions compiled into predicates over rows (or groups), with
// Salesforce's literal rules and date literals, and the operands they read.
import type { Condition, WhereClause } from '@jetstreamapp/soql-parser-js';
import { describeField } from '../describe.js';
import { to18 } from '../ids.js';
import { storageKind } from '../schema.js';
import { Stored, parseDate, parseDateTime } from '../values.js';
import { dateFunction, type DateFunction } from './date-functions.js';
import type { Operand, Path, Pred } from './types.js';
import { SoqlError, errorAt, unsupported } from './unsupported.js';

const DAY = 86_400_000;

const clocks = new Map<string, (ms: number) => number>();
/** An instant as the wall-clock time of `timeZone`, expressed as UTC ms (what date functions read). */
function wallClock(timeZone: string): (ms: number) => number {
  let f = clocks.get(timeZone);
  if (!f) {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    f = (ms) => {
      const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, ((ms % 1000) + 1000) % 1000);
    };
    clocks.set(timeZone, f);
  }
  return f;
}

type Token = { t: '(' } | { t: ')' } | { t: 'AND' } | { t: 'OR' } | { t: 'NOT' } | { t: 'cond'; c: Condition };

export function tokenize(w: WhereClause | undefined, out: Token[] = []): Token[] {
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

export function compileWhere(w: WhereClause, operandOf: (c: Condition) => Operand, soql: string, now: number): Pred {
  const toks = tokenize(w);
  let i = 0;
  const peek = () => toks[i];
  // Left-associative chains; AND binds tighter than OR.
  const chain = (op: 'AND' | 'OR', operand: () => Pred, join: (a: Pred, b: Pred) => Pred): Pred => {
    let l = operand();
    while (peek()?.t === op) {
      i++;
      l = join(l, operand());
    }
    return l;
  };
  const orExpr = (): Pred => chain('OR', andExpr, (a, b) => (row) => a(row) || b(row));
  const andExpr = (): Pred => chain('AND', notExpr, (a, b) => (row) => a(row) && b(row));
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

export type Cond = Condition & { operator?: string; field?: string; fn?: { functionName: string; parameters?: unknown[]; rawValue?: string }; valueQuery?: unknown; literalType?: string | string[]; value?: string | string[]; dateLiteralVariable?: number | number[] };

export function fieldOperand(path: Path, raw: string, soql: string): Operand {
  const fd = path.field;
  if (!describeField(fd, path.table.def).filterable) {
    throw new SoqlError('INVALID_FIELD', errorAt(soql, raw, `field '${fd.name}' can not be filtered in a query call`));
  }
  return { read: path.read, kind: storageKind(fd.type), type: fd.type, raw, isId: fd.type === 'id' || fd.type === 'reference' };
}

/** A date function applied to a field path: CALENDAR_YEAR(CreatedDate), DAY_ONLY(CreatedDate), ... */
export function dateFnOperand(
  fnName: string,
  params: unknown[] | undefined,
  raw: string,
  resolve: (raw: string) => Path,
  soql: string,
  timeZone = 'UTC',
): { op: Operand; fn: DateFunction; path: Path } {
  const fn = dateFunction(fnName);
  if (!fn) throw unsupported(soql, raw, `The function ${fnName}()`);
  let arg = params?.[0];
  // convertTimezone(field): the datetime in the running user's time zone instead of UTC.
  const inner = typeof arg === 'object' && arg !== null ? (arg as { functionName?: string; parameters?: unknown[] }) : undefined;
  const local = inner?.functionName?.toLowerCase() === 'converttimezone';
  if (local) arg = inner?.parameters?.length === 1 ? inner.parameters[0] : undefined;
  if (params?.length !== 1 || typeof arg !== 'string') {
    throw unsupported(soql, raw, `${fn.name}() of anything but a date or datetime field or convertTimezone() of one`);
  }
  const path = resolve(arg);
  const t = path.field.type;
  if (local && t !== 'datetime') {
    throw new SoqlError('MALFORMED_QUERY', errorAt(soql, raw, `convertTimezone() takes a datetime field; ${path.field.name} is ${t}`));
  }
  if (!(fn.accepts as readonly string[]).includes(t)) {
    throw new SoqlError('MALFORMED_QUERY', errorAt(soql, raw, `${fn.name}() takes a ${fn.accepts.join(' or ')} field; ${path.field.name} is ${t}`));
  }
  const read = path.read;
  const shift = local ? wallClock(timeZone) : (ms: number) => ms;
  const op: Operand = {
    read: (i) => {
      const v = read(i);
      return v === null ? null : fn.apply(shift(v as number));
    },
    kind: fn.returns === 'date' ? 'date' : 'number',
    type: fn.returns,
    raw,
    isId: false,
  };
  return { op, fn, path };
}

/** The operand of a WHERE condition over the object's rows. */
export function rowOperand(c: Condition, resolve: (raw: string) => Path, soql: string, timeZone?: string): Operand {
  const cc = c as Cond;
  if (cc.valueQuery) throw unsupported(soql, '(SELECT', 'A semi-join or anti-join (IN / NOT IN a subquery)');
  if (cc.fn) return dateFnOperand(cc.fn.functionName, cc.fn.parameters, cc.fn.rawValue ?? cc.fn.functionName, resolve, soql, timeZone).op;
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
