import type { Connection } from 'jsforce';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { requestWithHeaders, waitForJob } from './query.js';
import { Backoff, DEFAULT_RETRY, sleep, TRANSIENT_RECORD_ERRORS, type RetryPolicy } from './retry.js';

/** One Account update: its Id plus the fields to set. */
export type AccountUpdate = { Id: string } & Record<string, string | number | boolean | null>;

export interface WriteFailure {
  id: string;
  /** Salesforce status code, e.g. FIELD_CUSTOM_VALIDATION_EXCEPTION */
  code: string;
  message: string;
}

export interface WriteOptions {
  /** at or above this many records, use Bulk API 2.0 ingest; below, sObject Collections */
  bulkThreshold: number;
  /** max CSV bytes per Bulk ingest job (Salesforce allows 150 MB base64-encoded per job) */
  bulkMaxBytes: number;
  /** attempts per record for per-record transient errors such as UNABLE_TO_LOCK_ROW */
  recordRetry: RetryPolicy;
  pollIntervalMs: number;
  pollTimeoutMs: number;
  /** called after each confirmed call with the Ids now written (checkpointing; tests inject crashes) */
  onWritten?: (ids: string[]) => void | Promise<void>;
}

export const DEFAULT_WRITE: WriteOptions = {
  bulkThreshold: 2_000,
  bulkMaxBytes: 50 * 1024 * 1024,
  recordRetry: DEFAULT_RETRY,
  pollIntervalMs: 250,
  pollTimeoutMs: 30 * 60_000,
};

export interface WriteResult {
  mode: 'collections' | 'bulk' | 'none';
  written: number;
  failed: WriteFailure[];
}

interface Outcome {
  ok: string[];
  transient: { update: AccountUpdate; failure: WriteFailure }[];
  permanent: WriteFailure[];
}

const COLLECTION_SIZE = 200;

/**
 * Writes Account updates, never aborting on a record's failure: sObject Collections
 * (200 per call, allOrNone false) for small sets, Bulk API 2.0 ingest for large ones.
 * Whole-request transient failures (5xx, timeouts, resets) are retried by the instrumented
 * transport; per-record transient errors (UNABLE_TO_LOCK_ROW) are retried here in rounds
 * with backoff. Permanent failures come back with the Account Id and Salesforce's message.
 */
export async function writeAccounts(conn: Connection, updates: AccountUpdate[], opts: WriteOptions): Promise<WriteResult> {
  if (updates.length === 0) return { mode: 'none', written: 0, failed: [] };
  const mode = updates.length >= opts.bulkThreshold ? 'bulk' : 'collections';
  const backoff = new Backoff(opts.recordRetry);
  let pending = updates;
  let written = 0;
  const failed: WriteFailure[] = [];
  for (let attempt = 1; pending.length; attempt++) {
    // Retries of a few locked rows go through Collections even in a bulk run: cheaper in calls.
    const outcome =
      pending.length >= opts.bulkThreshold ? await writeBulk(conn, pending, opts) : await writeCollections(conn, pending, opts);
    written += outcome.ok.length;
    failed.push(...outcome.permanent);
    if (attempt >= backoff.maxAttempts) {
      failed.push(...outcome.transient.map((t) => ({ ...t.failure, message: `${t.failure.message} (gave up after ${attempt} attempts)` })));
      break;
    }
    pending = outcome.transient.map((t) => t.update);
    if (pending.length) await sleep(backoff.delayMs(attempt));
  }
  return { mode, written, failed };
}

interface SaveResult {
  id?: string;
  success: boolean;
  errors: { statusCode?: string; message?: string; fields?: string[] }[];
}

async function writeCollections(conn: Connection, updates: AccountUpdate[], opts: WriteOptions): Promise<Outcome> {
  const out: Outcome = { ok: [], transient: [], permanent: [] };
  for (let i = 0; i < updates.length; i += COLLECTION_SIZE) {
    const chunk = updates.slice(i, i + COLLECTION_SIZE);
    let results: SaveResult[];
    try {
      results = await conn.request<SaveResult[]>({
        method: 'PATCH',
        url: `/services/data/v${conn.version}/composite/sobjects`,
        body: JSON.stringify({ allOrNone: false, records: chunk.map((u) => ({ attributes: { type: 'Account' }, ...u })) }),
        headers: { 'Content-Type': 'application/json' },
      });
    } catch (err) {
      // The transport already retried transient HTTP failures; what is left fails this chunk only.
      const e = err as { errorCode?: string; message?: string };
      out.permanent.push(...chunk.map((u) => ({ id: u.Id, code: e.errorCode ?? 'REQUEST_FAILED', message: e.message ?? String(err) })));
      continue;
    }
    const okIds: string[] = [];
    chunk.forEach((u, j) => {
      const r = results[j];
      if (r?.success) {
        okIds.push(u.Id);
        return;
      }
      const first = r?.errors?.[0];
      const failure: WriteFailure = {
        id: u.Id,
        code: first?.statusCode ?? 'UNKNOWN',
        message: first?.message ?? 'no result returned for this record',
      };
      if (TRANSIENT_RECORD_ERRORS.has(failure.code)) out.transient.push({ update: u, failure });
      else out.permanent.push(failure);
    });
    out.ok.push(...okIds);
    if (okIds.length) await opts.onWritten?.(okIds);
  }
  return out;
}

/** Bulk CSV cell: Bulk API 2.0 reads an empty cell as "leave unchanged" and #N/A as null. */
function cell(v: string | number | boolean | null | undefined): string {
  if (v === null) return '#N/A';
  if (v === undefined) return '';
  return String(v);
}

/**
 * Splits updates into Bulk uploads of at most maxBytes each (header included). A single row
 * that cannot fit any upload is returned in `tooLarge` rather than sent in an oversized job.
 */
export function toCsvChunks(
  updates: AccountUpdate[],
  maxBytes: number,
): { chunks: { csv: string; updates: AccountUpdate[] }[]; tooLarge: WriteFailure[] } {
  const columns = [...new Set(updates.flatMap((u) => Object.keys(u)))];
  columns.sort((a, b) => (a === 'Id' ? -1 : b === 'Id' ? 1 : a.localeCompare(b)));
  const header = stringify([columns]);
  const headerBytes = Buffer.byteLength(header);
  const chunks: { csv: string; updates: AccountUpdate[] }[] = [];
  const tooLarge: WriteFailure[] = [];
  let lines: string[] = [];
  let members: AccountUpdate[] = [];
  let bytes = headerBytes;
  for (const u of updates) {
    const line = stringify([columns.map((c) => cell(u[c]))]);
    const size = Buffer.byteLength(line);
    if (headerBytes + size > maxBytes) {
      tooLarge.push({ id: u.Id, code: 'ROW_TOO_LARGE', message: `CSV row of ${size} bytes is larger than the Bulk upload limit (bulkMaxBytes ${maxBytes})` });
      continue;
    }
    if (members.length && bytes + size > maxBytes) {
      chunks.push({ csv: header + lines.join(''), updates: members });
      lines = [];
      members = [];
      bytes = headerBytes;
    }
    lines.push(line);
    members.push(u);
    bytes += size;
  }
  if (members.length) chunks.push({ csv: header + lines.join(''), updates: members });
  return { chunks, tooLarge };
}

interface IngestJob {
  id: string;
  state: string;
  numberRecordsFailed?: number;
  numberRecordsProcessed?: number;
}

async function writeBulk(conn: Connection, updates: AccountUpdate[], opts: WriteOptions): Promise<Outcome> {
  const out: Outcome = { ok: [], transient: [], permanent: [] };
  const base = `/services/data/v${conn.version}/jobs/ingest`;
  const { chunks, tooLarge } = toCsvChunks(updates, opts.bulkMaxBytes);
  out.permanent.push(...tooLarge);
  for (const chunk of chunks) {
    const job = await conn.request<IngestJob>({
      method: 'POST',
      url: base,
      body: JSON.stringify({ object: 'Account', operation: 'update', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA' }),
      headers: { 'Content-Type': 'application/json' },
    });
    await conn.request({ method: 'PUT', url: `${base}/${job.id}/batches`, body: chunk.csv, headers: { 'Content-Type': 'text/csv' } });
    await conn.request({
      method: 'PATCH',
      url: `${base}/${job.id}`,
      body: JSON.stringify({ state: 'UploadComplete' }),
      headers: { 'Content-Type': 'application/json' },
    });
    const info = (await waitForJob(conn, `${base}/${job.id}`, opts, ['JobComplete', 'Failed', 'Aborted'])) as IngestJob & {
      errorMessage?: string;
    };
    const byId = new Map(chunk.updates.map((u) => [u.Id, u]));
    if (info.state !== 'JobComplete') {
      // The whole job failed: nothing is confirmed, so every record goes to the next round.
      const message = `Bulk ingest job ${job.id} ${info.state}${info.errorMessage ? `: ${info.errorMessage}` : ''}`;
      for (const u of chunk.updates) out.transient.push({ update: u, failure: { id: u.Id, code: 'BULK_JOB_FAILED', message } });
      continue;
    }
    if ((info.numberRecordsFailed ?? 0) > 0) {
      // Raw text: jsforce would otherwise parse text/csv itself, losing nothing but control over types.
      const { body } = await requestWithHeaders(conn, { method: 'GET', url: `${base}/${job.id}/failedResults`, headers: { Accept: 'text/csv' } }, 'text/plain');
      const rows = parseCsv(body, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
      for (const row of rows) {
        const id = row.sf__Id || row.Id;
        const update = byId.get(id);
        if (!update) continue;
        byId.delete(id);
        // sf__Error looks like "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--"
        const err = row.sf__Error ?? '';
        const colon = err.indexOf(':');
        const code = colon > 0 ? err.slice(0, colon) : 'UNKNOWN';
        const message = (colon > 0 ? err.slice(colon + 1) : err).replace(/:?--$/, '') || err;
        const failure: WriteFailure = { id, code, message };
        if (TRANSIENT_RECORD_ERRORS.has(code)) out.transient.push({ update, failure });
        else out.permanent.push(failure);
      }
    }
    const okIds = [...byId.keys()];
    out.ok.push(...okIds);
    if (okIds.length) await opts.onWritten?.(okIds);
  }
  return out;
}
