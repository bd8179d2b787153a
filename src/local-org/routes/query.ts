// SOQL over REST: /query and /queryAll with nextRecordsUrl paging. Cursors keep the matched
// row indexes only; each page renders its records on demand.
import { randomBytes } from 'node:crypto';
import { ApiError, Ctx, Router, sendJson } from '../http.js';
import type { OrgState } from '../options.js';
import { RecordsResult, SoqlError, explainSoql, queryColumns, renderRecord, runSoql } from '../soql.js';

const MAX_CURSORS = 500;

interface Cursor {
  result: RecordsResult;
  batchSize: number;
  all: boolean;
}

/** Sforce-Query-Options: batchSize=N, clamped to Salesforce's 200..2000. */
export function batchSizeOf(header: string | string[] | undefined): number {
  const m = /batchSize\s*=\s*(\d+)/i.exec(String(header ?? ''));
  if (!m) return 2000;
  return Math.min(2000, Math.max(200, Number(m[1])));
}

/** The running user's time zone, which convertTimezone() converts to. */
export function userTimeZone(org: OrgState): string {
  const tz = org.store.get('User', org.userId)?.TimeZoneSidKey;
  return typeof tz === 'string' && tz ? tz : 'UTC';
}

export function soqlToApiError(e: unknown): never {
  if (e instanceof SoqlError) throw new ApiError(400, e.errorCode, e.message);
  throw e;
}

export function registerQuery(router: Router, org: OrgState) {
  const cursors = new Map<string, Cursor>();

  const page = (ctx: Ctx, id: string, c: Cursor, start: number) => {
    const r = c.result;
    const end = Math.min(r.rows.length, start + c.batchSize);
    const records = new Array(end - start);
    for (let i = start; i < end; i++) records[i - start] = renderRecord(r, r.rows[i], ctx.version);
    const done = end >= r.rows.length;
    const body: Record<string, unknown> = { totalSize: r.totalSize, done };
    if (!done) body.nextRecordsUrl = `/services/data/v${ctx.version}/${c.all ? 'queryAll' : 'query'}/${id}-${end}`;
    body.records = records;
    if (done) cursors.delete(id);
    sendJson(ctx.res, 200, body);
  };

  const run = (all: boolean) => (ctx: Ctx) => {
    const opts = { includeDeleted: all, userId: org.userId, timeZone: userTimeZone(org) };
    const explain = ctx.url.searchParams.get('explain');
    if (explain !== null) {
      if (!explain.trim()) throw new ApiError(400, 'MALFORMED_QUERY', 'A query string must be provided.');
      try {
        const { kind: _kind, ...body } = explainSoql(org.store, explain, opts);
        return sendJson(ctx.res, 200, body);
      } catch (e) {
        soqlToApiError(e);
      }
    }
    const q = ctx.url.searchParams.get('q');
    if (!q) throw new ApiError(400, 'MALFORMED_QUERY', 'A query string must be provided.');
    // columns=true: the SELECT list's metadata instead of rows (the sf CLI asks it before printing).
    if (ctx.url.searchParams.get('columns') === 'true') {
      try {
        const { kind: _kind, ...body } = queryColumns(org.store, q, opts);
        return sendJson(ctx.res, 200, body);
      } catch (e) {
        soqlToApiError(e);
      }
    }
    let result;
    try {
      result = runSoql(org.store, q, opts);
    } catch (e) {
      soqlToApiError(e);
    }
    if (result.kind === 'count') return sendJson(ctx.res, 200, { totalSize: result.totalSize, done: true, records: [] });
    if (result.kind === 'aggregate') {
      // Aggregate results come in one batch or not at all: Salesforce has no queryMore for them.
      if (result.records.length > 2000) {
        throw new ApiError(400, 'MALFORMED_QUERY', 'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch');
      }
      return sendJson(ctx.res, 200, { totalSize: result.totalSize, done: true, records: result.records });
    }
    const id = `01g${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12)}AAA`;
    const cursor: Cursor = { result, batchSize: batchSizeOf(ctx.req.headers['sforce-query-options']), all };
    if (result.rows.length > cursor.batchSize) {
      cursors.set(id, cursor);
      if (cursors.size > MAX_CURSORS) cursors.delete(cursors.keys().next().value as string);
    }
    page(ctx, id, cursor, 0);
  };

  const more = (ctx: Ctx) => {
    const m = /^(.+)-(\d+)$/.exec(ctx.params.locator);
    const c = m ? cursors.get(m[1]) : undefined;
    if (!m || !c) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const bs = ctx.req.headers['sforce-query-options'];
    if (bs) c.batchSize = batchSizeOf(bs);
    page(ctx, m[1], c, Number(m[2]));
  };

  router.add('GET', '/services/data/v:version/query', run(false));
  router.add('GET', '/services/data/v:version/queryAll', run(true));
  router.add('GET', '/services/data/v:version/query/:locator', more);
  router.add('GET', '/services/data/v:version/queryAll/:locator', more);
}
