import type { Connection } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api.js';
import { parseBulkCsv } from './bulk-csv.js';
import { sleep } from './retry.js';

export type SalesforceRecord = Record<string, unknown>;
/** Lower-cased field API name -> describe type ('double', 'boolean', ...), used to type Bulk CSV values. */
export type FieldTypes = ReadonlyMap<string, string>;

export interface ReadOptions {
  /** at or above this many records, use Bulk API 2.0 query instead of REST query */
  bulkThreshold: number;
  /** records per Bulk 2.0 results page (maxRecords); each page is one API call */
  bulkPageSize: number;
  /** first Bulk job status poll delay in ms; doubles up to 5 s */
  pollIntervalMs: number;
  /** give up waiting for a Bulk job after this long */
  pollTimeoutMs: number;
}

export const DEFAULT_READ: ReadOptions = {
  bulkThreshold: 10_000,
  bulkPageSize: 100_000,
  pollIntervalMs: 250,
  pollTimeoutMs: 30 * 60_000,
};

export interface QuerySpec {
  object: string;
  fields: readonly string[];
  where?: string;
}

export interface OpenedQuery {
  mode: 'rest' | 'bulk';
  /** count() result taken before reading; the pages may differ if the org changed since */
  total: number;
  pages: AsyncIterable<SalesforceRecord[]>;
}

const soqlOf = (q: QuerySpec) => `SELECT ${q.fields.join(', ')} FROM ${q.object}${q.where ? ` WHERE ${q.where}` : ''}`;

export async function countRecords(conn: Connection, object: string, where?: string): Promise<number> {
  const res = await conn.query(`SELECT COUNT() FROM ${object}${where ? ` WHERE ${where}` : ''}`, { autoFetch: false });
  return res.totalSize;
}

/**
 * Counts the records, then reads them through REST query (below the threshold) or a Bulk
 * API 2.0 query job (at or above it). Either way records arrive page by page, so callers
 * hold one page at a time. `mode` forces a path (e.g. contacts follow the accounts' path,
 * saving a count call).
 */
export async function openQuery(
  conn: Connection,
  q: QuerySpec,
  types: FieldTypes,
  opts: ReadOptions,
  mode?: 'rest' | 'bulk',
): Promise<OpenedQuery> {
  const total = mode ? -1 : await countRecords(conn, q.object, q.where);
  const chosen = mode ?? (total >= opts.bulkThreshold ? 'bulk' : 'rest');
  const soql = soqlOf(q);
  return {
    mode: chosen,
    total,
    pages: chosen === 'bulk' ? bulkQueryPages(conn, soql, types, opts) : restQueryPages(conn, soql),
  };
}

interface RestQueryResult {
  done: boolean;
  nextRecordsUrl?: string;
  records: SalesforceRecord[];
}

/** REST query + queryMore: one call per page of up to 2000 records. */
export async function* restQueryPages(conn: Connection, soql: string): AsyncGenerator<SalesforceRecord[]> {
  let url: string | undefined = `/services/data/v${conn.version}/query?q=${encodeURIComponent(soql)}`;
  while (url) {
    const res: RestQueryResult = await conn.request<RestQueryResult>({
      method: 'GET',
      url,
      headers: { 'Sforce-Query-Options': 'batchSize=2000' },
    });
    for (const r of res.records) delete r.attributes;
    yield res.records;
    url = res.done ? undefined : res.nextRecordsUrl;
  }
}

interface JobInfo {
  id: string;
  state: string;
  errorMessage?: string;
  numberRecordsProcessed?: number;
}

/** A raw call through jsforce's HttpApi (auth, session refresh, error parsing) that also returns headers. */
export async function requestWithHeaders(
  conn: Connection,
  req: { method: string; url: string; headers?: Record<string, string>; body?: string },
  responseType: string,
): Promise<{ body: string; headers: Record<string, string> }> {
  const api = new HttpApi(conn, { responseType });
  let headers: Record<string, string> = {};
  api.on('response', (res: { headers: Record<string, string> }) => {
    headers = res.headers;
  });
  const url = new URL(req.url, conn.instanceUrl).toString();
  const body = await api.request<unknown>({ ...req, url } as never);
  return { body: typeof body === 'string' ? body : JSON.stringify(body), headers };
}

export async function waitForJob(
  conn: Connection,
  path: string,
  opts: Pick<ReadOptions, 'pollIntervalMs' | 'pollTimeoutMs'>,
  done: readonly string[],
): Promise<JobInfo> {
  const deadline = Date.now() + opts.pollTimeoutMs;
  let delay = opts.pollIntervalMs;
  for (;;) {
    await sleep(delay);
    const info = await conn.request<JobInfo>(path);
    if (done.includes(info.state)) return info;
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw new Error(`Bulk API job ${info.id} ${info.state}${info.errorMessage ? `: ${info.errorMessage}` : ''}`);
    }
    if (Date.now() > deadline) throw new Error(`Bulk API job ${info.id} still ${info.state} after ${opts.pollTimeoutMs} ms`);
    delay = Math.min(delay * 2, 5000);
  }
}

export { typedValue } from './bulk-csv.js';

/** Bulk API 2.0 query: create job, wait, then fetch result pages by locator (one call each). */
export async function* bulkQueryPages(
  conn: Connection,
  soql: string,
  types: FieldTypes,
  opts: ReadOptions,
): AsyncGenerator<SalesforceRecord[]> {
  const base = `/services/data/v${conn.version}/jobs/query`;
  const job = await conn.request<JobInfo>({
    method: 'POST',
    url: base,
    body: JSON.stringify({ operation: 'query', query: soql, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' }),
    headers: { 'Content-Type': 'application/json' },
  });
  await waitForJob(conn, `${base}/${job.id}`, opts, ['JobComplete']);
  type Page = { body: string; headers: Record<string, string> };
  const page = (locator: string | undefined): Promise<Page> => {
    const qs = new URLSearchParams({ maxRecords: String(opts.bulkPageSize) });
    if (locator) qs.set('locator', locator);
    return requestWithHeaders(conn, { method: 'GET', url: `${base}/${job.id}/results?${qs}`, headers: { Accept: 'text/csv' } }, 'text/plain');
  };
  // The next page downloads (and the org prepares it) while this one is parsed and used.
  let next: Promise<Page> | undefined = page(undefined);
  while (next) {
    const { body, headers }: Page = await next;
    const locator: string | undefined = headers['sforce-locator'];
    next = locator && locator !== 'null' ? page(locator) : undefined;
    next?.catch(() => undefined); // awaited on the next turn, or dropped if the reader stops
    const records = parseBulkCsv(body, types);
    if (records.length) yield records;
  }
}
