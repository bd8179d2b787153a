import type { Connection } from 'jsforce';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { requestWithHeaders } from './query.js';
import { Backoff, DEFAULT_RETRY, sleep, TRANSIENT_RECORD_ERRORS, type RetryPolicy } from './retry.js';

/** One Account update: its Id plus the fields to set. */
export type AccountUpdate = { Id: string } & Record<string, string | number | boolean | null>;

export interface WriteFailure {
  id: string;
  /** Salesforce status code, e.g. FIELD_CUSTOM_VALIDATION_EXCEPTION */
  code: string;
  message: string;
}

/** What the writer needs of the run's API budget: a check before each call (see limits.ts). */
export interface WriteBudget {
  /** throws (a BudgetError) when `planned` more calls would cross the reserve */
  assert(planned: number, what: string): void;
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
  /** checked before every call the write makes (retries of locked rows and job polls included) */
  budget?: WriteBudget;
}

export const DEFAULT_WRITE: WriteOptions = {
  bulkThreshold: 2_000,
  bulkMaxBytes: 50 * 1024 * 1024,
  recordRetry: DEFAULT_RETRY,
  pollIntervalMs: 250,
  pollTimeoutMs: 30 * 60_000,
};

/** Why a write stopped before every update was sent and confirmed. */
export interface WriteStop {
  /** budget: the next call would have crossed the API reserve; request: a call failed after its retries */
  reason: 'budget' | 'request';
  message: string;
}

export interface WriteResult {
  mode: 'collections' | 'bulk' | 'none';
  /** confirmed written */
  written: number;
  /** confirmed not written, with Salesforce's reason */
  failed: WriteFailure[];
  /** sent, but the outcome was never confirmed (e.g. a Bulk job whose status could not be read): maybe written */
  unknown: WriteFailure[];
  /** never sent because the write stopped */
  notAttempted: number;
  /** set when the write stopped early; every update is then in exactly one of written/failed/unknown/notAttempted */
  stopped?: WriteStop;
}

interface Outcome {
  ok: string[];
  transient: { update: AccountUpdate; failure: WriteFailure }[];
  permanent: WriteFailure[];
  unknown: WriteFailure[];
  notAttempted: AccountUpdate[];
  stopped?: WriteStop;
}

const newOutcome = (): Outcome => ({ ok: [], transient: [], permanent: [], unknown: [], notAttempted: [] });

/** Error codes with which Salesforce refuses a whole request before applying any of it. */
const SERVER_SIDE = /^(SERVER_UNAVAILABLE|UNKNOWN_EXCEPTION|REQUEST_RUNNING_TOO_LONG|ERROR_HTTP_5\d\d)$/;

/**
 * true when a failed request was certainly not applied: Salesforce answered with a 4xx error
 * (or the session could not be renewed after a 401). Network failures, timeouts and 5xx may
 * have been applied, so their outcome is unknown.
 */
export function requestWasRefused(err: unknown): boolean {
  const e = err as { errorCode?: unknown; message?: unknown };
  if (typeof e?.message === 'string' && e.message.startsWith('Unable to refresh session')) return true;
  return typeof e?.errorCode === 'string' && /^[A-Z_]+(_\d+)?$/.test(e.errorCode) && !SERVER_SIDE.test(e.errorCode);
}

/** Failures where the request never reached Salesforce (connection refused, name not resolved). */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
export function requestNeverSent(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

const errorText = (err: unknown) => {
  const e = err as { errorCode?: string; message?: string };
  return `${e.errorCode && !String(e.message).startsWith(e.errorCode) ? `${e.errorCode}: ` : ''}${e.message ?? String(err)}`;
};

/** Runs the budget check; a refusal becomes a stop instead of an exception. */
function budgetStop(opts: WriteOptions, planned: number, what: string): WriteStop | undefined {
  try {
    opts.budget?.assert(planned, what);
    return undefined;
  } catch (err) {
    return { reason: 'budget', message: (err as Error).message };
  }
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
  if (updates.length === 0) return { mode: 'none', written: 0, failed: [], unknown: [], notAttempted: 0 };
  const mode = updates.length >= opts.bulkThreshold ? 'bulk' : 'collections';
  const backoff = new Backoff(opts.recordRetry);
  let pending = updates;
  let written = 0;
  const failed: WriteFailure[] = [];
  const unknown: WriteFailure[] = [];
  let notAttempted = 0;
  let stopped: WriteStop | undefined;
  const lastFailure = new Map<string, WriteFailure>();
  for (let attempt = 1; pending.length; attempt++) {
    // Retries of a few locked rows go through Collections even in a bulk run: cheaper in calls.
    const outcome =
      pending.length >= opts.bulkThreshold ? await writeBulk(conn, pending, opts) : await writeCollections(conn, pending, opts);
    written += outcome.ok.length;
    failed.push(...outcome.permanent);
    unknown.push(...outcome.unknown);
    // In a retry round, what was not sent again is still confirmed unwritten by the last round.
    for (const u of outcome.notAttempted) {
      const last = lastFailure.get(u.Id);
      if (last) failed.push({ ...last, message: `${last.message} (not retried: the write stopped)` });
      else notAttempted++;
    }
    if (outcome.stopped || attempt >= backoff.maxAttempts) {
      // Locked rows are confirmed unwritten; they are not retried once the write has stopped.
      const why = outcome.stopped ? 'not retried: the write stopped' : `gave up after ${attempt} attempts`;
      failed.push(...outcome.transient.map((t) => ({ ...t.failure, message: `${t.failure.message} (${why})` })));
      stopped = outcome.stopped;
      break;
    }
    pending = outcome.transient.map((t) => t.update);
    for (const t of outcome.transient) lastFailure.set(t.update.Id, t.failure);
    if (pending.length) await sleep(backoff.delayMs(attempt));
  }
  return { mode, written, failed, unknown, notAttempted, ...(stopped ? { stopped } : {}) };
}

interface SaveResult {
  id?: string;
  success: boolean;
  errors: { statusCode?: string; message?: string; fields?: string[] }[];
}

async function writeCollections(conn: Connection, updates: AccountUpdate[], opts: WriteOptions): Promise<Outcome> {
  const out = newOutcome();
  for (let i = 0; i < updates.length; i += COLLECTION_SIZE) {
    const chunk = updates.slice(i, i + COLLECTION_SIZE);
    out.stopped = budgetStop(opts, 1, `writing ${chunk.length} accounts (sObject Collections)`);
    if (out.stopped) {
      out.notAttempted.push(...updates.slice(i));
      break;
    }
    let results: SaveResult[];
    try {
      results = await conn.request<SaveResult[]>({
        method: 'PATCH',
        url: `/services/data/v${conn.version}/composite/sobjects`,
        body: JSON.stringify({ allOrNone: false, records: chunk.map((u) => ({ attributes: { type: 'Account' }, ...u })) }),
        headers: { 'Content-Type': 'application/json' },
      });
    } catch (err) {
      // The transport already retried transient failures; what is left stops the write (the next
      // calls would most likely fail the same way). This chunk is refused or of unknown outcome.
      const message = errorText(err);
      if (requestNeverSent(err)) out.notAttempted.push(...chunk);
      else {
        const refused = requestWasRefused(err);
        const code = refused ? ((err as { errorCode?: string }).errorCode ?? 'REQUEST_FAILED') : 'OUTCOME_UNKNOWN';
        (refused ? out.permanent : out.unknown).push(...chunk.map((u) => ({ id: u.Id, code, message })));
      }
      out.notAttempted.push(...updates.slice(i + chunk.length));
      out.stopped = { reason: 'request', message: `sObject Collections update failed: ${message}` };
      break;
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

/** Calls one ingest job costs when all goes well: create, upload, close, a few polls, failed results. */
export const BULK_JOB_CALLS = 8;

async function writeBulk(conn: Connection, updates: AccountUpdate[], opts: WriteOptions): Promise<Outcome> {
  const out = newOutcome();
  const base = `/services/data/v${conn.version}/jobs/ingest`;
  const { chunks, tooLarge } = toCsvChunks(updates, opts.bulkMaxBytes);
  out.permanent.push(...tooLarge);
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c];
    const rest = () => chunks.slice(c + 1).flatMap((x) => x.updates);
    out.stopped = budgetStop(opts, BULK_JOB_CALLS, `writing ${chunk.updates.length} accounts (Bulk API 2.0 job)`);
    if (out.stopped) {
      out.notAttempted.push(...chunk.updates, ...rest());
      break;
    }
    let jobId: string | undefined;
    // Until the close (UploadComplete) is sent, Salesforce processes nothing of this job.
    let closeSent = false;
    let info: IngestJob & { errorMessage?: string };
    try {
      const job = await conn.request<IngestJob>({
        method: 'POST',
        url: base,
        body: JSON.stringify({ object: 'Account', operation: 'update', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA' }),
        headers: { 'Content-Type': 'application/json' },
      });
      jobId = job.id;
      await conn.request({ method: 'PUT', url: `${base}/${job.id}/batches`, body: chunk.csv, headers: { 'Content-Type': 'text/csv' } });
      try {
        await conn.request({
          method: 'PATCH',
          url: `${base}/${job.id}`,
          body: JSON.stringify({ state: 'UploadComplete' }),
          headers: { 'Content-Type': 'application/json' },
        });
      } finally {
        closeSent = true;
      }
      info = await pollIngestJob(conn, `${base}/${job.id}`, opts);
    } catch (err) {
      // A close that Salesforce refused (4xx) left the job open: nothing of it is processed.
      if (closeSent && !(err instanceof PollStop) && (requestWasRefused(err) || requestNeverSent(err))) closeSent = false;
      const job = jobId ? `Bulk ingest job ${jobId}` : 'Creating a Bulk ingest job';
      const message = err instanceof PollStop ? err.message : `${job} failed: ${errorText(err)}`;
      if (closeSent) {
        const note = `${message}; the job was submitted, so these accounts may have been written (the next run reconciles them)`;
        out.unknown.push(...chunk.updates.map((u) => ({ id: u.Id, code: 'OUTCOME_UNKNOWN', message: note })));
      } else out.notAttempted.push(...chunk.updates);
      out.notAttempted.push(...rest());
      out.stopped = { reason: err instanceof PollStop && err.budget ? 'budget' : 'request', message };
      break;
    }
    const byId = new Map(chunk.updates.map((u) => [u.Id, u]));
    if (info.state !== 'JobComplete') {
      // The whole job failed: nothing is confirmed, so every record goes to the next round.
      const message = `Bulk ingest job ${info.id} ${info.state}${info.errorMessage ? `: ${info.errorMessage}` : ''}`;
      for (const u of chunk.updates) out.transient.push({ update: u, failure: { id: u.Id, code: 'BULK_JOB_FAILED', message } });
      continue;
    }
    if ((info.numberRecordsFailed ?? 0) > 0) {
      let rows: Record<string, string>[];
      const stop = budgetStop(opts, 1, `reading the failed records of Bulk ingest job ${info.id}`);
      try {
        if (stop) throw new PollStop(stop.message, true);
        // Raw text: jsforce would otherwise parse text/csv itself, losing nothing but control over types.
        const { body } = await requestWithHeaders(conn, { method: 'GET', url: `${base}/${info.id}/failedResults`, headers: { Accept: 'text/csv' } }, 'text/plain');
        rows = parseCsv(body, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
      } catch (err) {
        // The job finished but which of its records failed is not known: all of them are unconfirmed.
        const message = `Bulk ingest job ${info.id} finished with ${info.numberRecordsFailed} failed records, which could not be read: ${err instanceof PollStop ? err.message : errorText(err)}`;
        out.unknown.push(...chunk.updates.map((u) => ({ id: u.Id, code: 'OUTCOME_UNKNOWN', message })));
        out.notAttempted.push(...rest());
        out.stopped = { reason: err instanceof PollStop ? 'budget' : 'request', message };
        break;
      }
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

/** A poll loop that ended without knowing the job's outcome. */
class PollStop extends Error {
  constructor(
    message: string,
    readonly budget: boolean,
  ) {
    super(message);
  }
}

/** Polls an ingest job until it ends, checking the budget before each poll. */
async function pollIngestJob(conn: Connection, path: string, opts: WriteOptions): Promise<IngestJob & { errorMessage?: string }> {
  const deadline = Date.now() + opts.pollTimeoutMs;
  let delay = opts.pollIntervalMs;
  const id = path.slice(path.lastIndexOf('/') + 1);
  for (;;) {
    await sleep(delay);
    const stop = budgetStop(opts, 1, `checking Bulk ingest job ${id}`);
    if (stop) throw new PollStop(`Stopped waiting for Bulk ingest job ${id}: ${stop.message}`, true);
    let info: IngestJob & { errorMessage?: string };
    try {
      info = await conn.request<IngestJob & { errorMessage?: string }>(path);
    } catch (err) {
      throw new PollStop(`The status of Bulk ingest job ${id} could not be read: ${errorText(err)}`, false);
    }
    if (['JobComplete', 'Failed', 'Aborted'].includes(info.state)) return info;
    if (Date.now() > deadline) throw new PollStop(`Bulk ingest job ${id} still ${info.state} after ${opts.pollTimeoutMs} ms`, false);
    delay = Math.min(delay * 2, 5000);
  }
}
