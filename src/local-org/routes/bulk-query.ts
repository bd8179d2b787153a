// Bulk API 2.0 query jobs, as jsforce's conn.bulk2.query uses them: create, poll, results
// as CSV pages with Sforce-Locator / Sforce-NumberOfRecords, abort, delete.
import { once } from 'node:events';
import { ApiError, Ctx, Router, readJson, sendJson } from '../http.js';
import { makeId } from '../ids.js';
import type { OrgState } from '../options.js';
import { RecordsResult, csvColumns, runSoql } from '../soql.js';
import { csvLine, DELIMITERS } from '../csv-out.js';
import { soqlToApiError, userTimeZone } from './query.js';

interface QueryJob {
  id: string;
  operation: 'query' | 'queryAll';
  object: string;
  createdAt: number;
  aborted: boolean;
  result: RecordsResult;
  columnDelimiter: string;
  lineEnding: 'LF' | 'CRLF';
}

let jobSeq = 0;

export function registerBulkQuery(router: Router, org: OrgState) {
  const jobs = new Map<string, QueryJob>();
  const delay = org.config.bulkPollDelayMs;

  const stateOf = (j: QueryJob) => {
    if (j.aborted) return 'Aborted';
    const age = Date.now() - j.createdAt;
    if (age >= delay) return 'JobComplete';
    return age >= delay / 2 ? 'InProgress' : 'UploadComplete';
  };

  const info = (j: QueryJob, version: string, full: boolean) => {
    const state = stateOf(j);
    const base: Record<string, unknown> = {
      id: j.id,
      operation: j.operation,
      object: j.object,
      createdById: org.userId,
      createdDate: new Date(j.createdAt).toISOString().replace('Z', '+0000'),
      systemModstamp: new Date(j.createdAt).toISOString().replace('Z', '+0000'),
      state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(version),
      lineEnding: j.lineEnding,
      columnDelimiter: j.columnDelimiter,
    };
    if (full) {
      Object.assign(base, {
        jobType: 'V2Query',
        numberRecordsProcessed: state === 'JobComplete' ? j.result.rows.length : 0,
        retries: 0,
        totalProcessingTime: state === 'JobComplete' ? delay : 0,
      });
    }
    return base;
  };

  const jobOr404 = (id: string) => {
    const j = jobs.get(id);
    if (!j) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return j;
  };

  router.add('POST', '/services/data/v:version/jobs/query', async (ctx: Ctx) => {
    const body = (await readJson(ctx.req)) as Record<string, unknown> | undefined;
    const query = body?.query;
    const operation = body?.operation ?? 'query';
    if (typeof query !== 'string' || query.trim() === '') throw new ApiError(400, 'INVALIDJOB', 'InvalidJob : query is required');
    if (operation !== 'query' && operation !== 'queryAll') throw new ApiError(400, 'INVALIDJOB', `InvalidJob : invalid operation: ${String(operation)}`);
    const delim = String(body?.columnDelimiter ?? 'COMMA');
    if (!DELIMITERS[delim]) throw new ApiError(400, 'INVALIDJOB', `InvalidJob : invalid columnDelimiter: ${delim}`);
    const lineEnding = String(body?.lineEnding ?? 'LF');
    if (lineEnding !== 'LF' && lineEnding !== 'CRLF') throw new ApiError(400, 'INVALIDJOB', `InvalidJob : invalid lineEnding: ${lineEnding}`);
    let result;
    try {
      result = runSoql(org.store, query, { includeDeleted: operation === 'queryAll', bulk: true, userId: org.userId, timeZone: userTimeZone(org) });
    } catch (e) {
      soqlToApiError(e);
    }
    if (result.kind !== 'records') {
      throw new ApiError(400, 'API_ERROR', 'Aggregate queries and COUNT() are not supported by Bulk API 2.0 query');
    }
    if (result.children.length) throw new ApiError(400, 'API_ERROR', 'Aggregate Relationships not supported in Bulk Query');
    org.limits.bulkQueryJobs++;
    const job: QueryJob = {
      id: makeId('750', ++jobSeq),
      operation,
      object: result.object.name,
      createdAt: Date.now(),
      aborted: false,
      result,
      columnDelimiter: delim,
      lineEnding,
    };
    jobs.set(job.id, job);
    sendJson(ctx.res, 200, info(job, ctx.version, false));
  });

  router.add('GET', '/services/data/v:version/jobs/query', (ctx: Ctx) => {
    sendJson(ctx.res, 200, { done: true, records: [...jobs.values()].map((j) => info(j, ctx.version, false)), nextRecordsUrl: null });
  });

  router.add('GET', '/services/data/v:version/jobs/query/:id', (ctx: Ctx) => {
    sendJson(ctx.res, 200, info(jobOr404(ctx.params.id), ctx.version, true));
  });

  router.add('PATCH', '/services/data/v:version/jobs/query/:id', async (ctx: Ctx) => {
    const j = jobOr404(ctx.params.id);
    const body = (await readJson(ctx.req)) as { state?: unknown } | undefined;
    if (body?.state !== 'Aborted') throw new ApiError(400, 'INVALIDJOB', 'InvalidJob : a query job can only be set to Aborted');
    if (stateOf(j) === 'JobComplete') throw new ApiError(400, 'INVALIDJOBSTATE', 'Job is already complete');
    j.aborted = true;
    sendJson(ctx.res, 200, info(j, ctx.version, false));
  });

  router.add('DELETE', '/services/data/v:version/jobs/query/:id', (ctx: Ctx) => {
    jobOr404(ctx.params.id);
    jobs.delete(ctx.params.id);
    ctx.res.writeHead(204).end();
  });

  router.add('GET', '/services/data/v:version/jobs/query/:id/results', async (ctx: Ctx) => {
    const j = jobOr404(ctx.params.id);
    if (stateOf(j) !== 'JobComplete') {
      throw new ApiError(400, 'INVALIDJOBSTATE', `Job state is ${stateOf(j)}: results are available once the job is JobComplete`);
    }
    const locator = ctx.url.searchParams.get('locator');
    const start = locator ? decodeLocator(locator) : 0;
    if (start === undefined || start > j.result.rows.length) throw new ApiError(400, 'INVALID_LOCATOR', `Invalid locator: ${locator}`);
    const maxRaw = ctx.url.searchParams.get('maxRecords');
    const max = maxRaw === null ? org.config.bulkResultsPageSize : Number(maxRaw);
    if (!Number.isInteger(max) || max <= 0) throw new ApiError(400, 'INVALIDJOB', `maxRecords must be a positive integer: ${maxRaw}`);
    const end = Math.min(j.result.rows.length, start + max);
    const next = end < j.result.rows.length ? encodeLocator(end) : 'null';
    ctx.res.writeHead(200, {
      'Content-Type': 'text/csv',
      'Sforce-Locator': next,
      'Sforce-NumberOfRecords': String(end - start),
    });
    const { header, values } = csvColumns(j.result);
    const d = DELIMITERS[j.columnDelimiter];
    const eol = j.lineEnding === 'CRLF' ? '\r\n' : '\n';
    let buf = csvLine(header, d, eol);
    // Stream in chunks: a 200k-row page never becomes one giant string.
    for (let i = start; i < end; i++) {
      buf += csvLine(values(j.result.rows[i]), d, eol);
      if (buf.length > 1 << 18) {
        if (!ctx.res.write(buf)) await once(ctx.res, 'drain');
        buf = '';
      }
    }
    ctx.res.end(buf);
  });
}

function encodeLocator(n: number): string {
  return Buffer.from(String(n)).toString('base64url');
}
function decodeLocator(s: string): number | undefined {
  const n = Number(Buffer.from(s, 'base64url').toString('utf8'));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
