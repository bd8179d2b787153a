// Bulk API 2.0 ingest jobs: create, PUT CSV batches, PATCH UploadComplete/Aborted, poll,
// successfulResults / failedResults / unprocessedrecords. Rows are validated like
// sObject Collections; in Bulk CSV an empty value means "leave unchanged" and #N/A
// means null, as Salesforce documents.
import { parse } from 'csv-parse/sync';
import { ApiError, Ctx, Router, readBody, readJson, sendJson } from '../http.js';
import { makeId } from '../ids.js';
import type { OrgState } from '../options.js';
import { findField } from '../schema.js';
import { prepareWrite } from '../dml.js';
import { csvLine, DELIMITERS } from '../csv-out.js';
import { prepareDelete } from './collections.js';

const MAX_UPLOAD = 150 * 1024 * 1024;

type Op = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';
type State = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

interface IngestJob {
  id: string;
  object: string;
  operation: Op;
  externalIdFieldName?: string;
  columnDelimiter: string;
  lineEnding: 'LF' | 'CRLF';
  createdAt: number;
  state: State;
  errorMessage?: string;
  data?: Buffer;
  header: string[];
  success: { id: string; created: boolean; row: string[] }[];
  failed: { id: string; error: string; row: string[] }[];
  processed: number;
  processingMs: number;
}

let jobSeq = 0;

export function registerBulkIngest(router: Router, org: OrgState) {
  const jobs = new Map<string, IngestJob>();

  const info = (j: IngestJob, version: string, full: boolean) => {
    const ts = new Date(j.createdAt).toISOString().replace('Z', '+0000');
    const base: Record<string, unknown> = {
      id: j.id,
      operation: j.operation,
      object: j.object,
      createdById: org.userId,
      createdDate: ts,
      systemModstamp: ts,
      state: j.state,
      externalIdFieldName: j.externalIdFieldName ?? null,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(version),
      contentUrl: `services/data/v${version}/jobs/ingest/${j.id}/batches`,
      lineEnding: j.lineEnding,
      columnDelimiter: j.columnDelimiter,
    };
    if (full) {
      Object.assign(base, {
        jobType: 'V2Ingest',
        numberRecordsProcessed: j.processed,
        numberRecordsFailed: j.failed.length,
        retries: 0,
        totalProcessingTime: j.processingMs,
        apiActiveProcessingTime: j.processingMs,
        apexProcessingTime: 0,
      });
      if (j.errorMessage) base.errorMessage = j.errorMessage;
    }
    return base;
  };

  const jobOr404 = (id: string) => {
    const j = jobs.get(id);
    if (!j) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return j;
  };

  const fail = (j: IngestJob, message: string) => {
    j.state = 'Failed';
    j.errorMessage = message;
  };

  const process = (j: IngestJob) => {
    if (j.state !== 'UploadComplete') return;
    j.state = 'InProgress';
    const t0 = Date.now();
    if (!j.data || j.data.length === 0) return fail(j, 'InvalidBatch : no data uploaded');
    let records: string[][];
    try {
      records = parse(j.data, { delimiter: DELIMITERS[j.columnDelimiter], bom: true, skip_empty_lines: true, relax_column_count: false });
    } catch (e) {
      return fail(j, `InvalidBatch : ${(e as Error).message}`);
    }
    j.data = undefined;
    const def = org.store.findObject(j.object)!;
    const header = records[0] ?? [];
    for (const h of header) {
      if (!findField(def, h)) return fail(j, `InvalidBatch : Field name not found : ${h}`);
    }
    const idCol = header.findIndex((h) => h.toLowerCase() === 'id');
    const op = j.operation;
    if ((op === 'update' || op === 'delete' || op === 'hardDelete') && idCol < 0) {
      return fail(j, 'InvalidBatch : Field name not found : Id');
    }
    j.header = header;
    const now = Date.now();
    for (let r = 1; r < records.length; r++) {
      const row = records[r];
      j.processed++;
      const idVal = idCol >= 0 ? row[idCol] : '';
      if (op === 'delete' || op === 'hardDelete') {
        const p = prepareDelete(org, idVal);
        if ('error' in p) j.failed.push({ id: idVal, error: `${p.error.statusCode}:${p.error.message}:--`, row });
        else {
          p.apply();
          j.success.push({ id: p.id, created: false, row });
        }
        continue;
      }
      const rec: Record<string, unknown> = {};
      for (let c = 0; c < header.length; c++) {
        if (c === idCol) continue;
        if (row[c] === '') continue; // empty = leave the field unchanged
        rec[header[c]] = row[c];
      }
      const rowOp = op === 'upsert' ? (idVal ? 'update' : 'insert') : op;
      if (rowOp === 'update') rec.Id = idVal;
      const p = prepareWrite(org, rowOp, j.object, rec, { fromCsv: true, now });
      if (!p.ok) {
        const fields = p.error.fields.join(',');
        j.failed.push({ id: rowOp === 'update' ? idVal : '', error: `${p.error.statusCode}:${p.error.message}:${fields} --`, row });
      } else {
        j.success.push({ id: p.apply(), created: p.created, row });
      }
    }
    j.processingMs = Date.now() - t0;
    j.state = 'JobComplete';
  };

  router.add('POST', '/services/data/v:version/jobs/ingest', async (ctx: Ctx) => {
    const body = (await readJson(ctx.req)) as Record<string, unknown> | undefined;
    const def = typeof body?.object === 'string' ? org.store.findObject(body.object) : undefined;
    if (!def) throw new ApiError(400, 'INVALIDJOB', `InvalidJob : Invalid object: ${String(body?.object)}`);
    if (def.readOnly) throw new ApiError(400, 'INVALIDJOB', `InvalidJob : Entity '${def.name}' is not supported by the Bulk API`);
    const op = body?.operation;
    if (!['insert', 'update', 'upsert', 'delete', 'hardDelete'].includes(String(op))) {
      throw new ApiError(400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${String(op)}`);
    }
    const ext = body?.externalIdFieldName;
    if (op === 'upsert' && (typeof ext !== 'string' || ext.toLowerCase() !== 'id')) {
      throw new ApiError(400, 'INVALIDJOB', `InvalidJob : External ID field not supported by the local org: ${String(ext)} (use Id)`);
    }
    if (body?.contentType !== undefined && body.contentType !== 'CSV') throw new ApiError(400, 'INVALIDJOB', 'InvalidJob : contentType must be CSV');
    const delim = String(body?.columnDelimiter ?? 'COMMA');
    if (!DELIMITERS[delim]) throw new ApiError(400, 'INVALIDJOB', `InvalidJob : invalid columnDelimiter: ${delim}`);
    const lineEnding = String(body?.lineEnding ?? 'LF');
    if (lineEnding !== 'LF' && lineEnding !== 'CRLF') throw new ApiError(400, 'INVALIDJOB', `InvalidJob : invalid lineEnding: ${lineEnding}`);
    const job: IngestJob = {
      id: makeId('750', 1_000_000 + ++jobSeq),
      object: def.name,
      operation: op as Op,
      externalIdFieldName: typeof ext === 'string' ? ext : undefined,
      columnDelimiter: delim,
      lineEnding,
      createdAt: Date.now(),
      state: 'Open',
      header: [],
      success: [],
      failed: [],
      processed: 0,
      processingMs: 0,
    };
    jobs.set(job.id, job);
    sendJson(ctx.res, 200, info(job, ctx.version, false));
  });

  router.add('PUT', '/services/data/v:version/jobs/ingest/:id/batches', async (ctx: Ctx) => {
    const j = jobOr404(ctx.params.id);
    if (j.state !== 'Open') throw new ApiError(409, 'INVALIDJOBSTATE', `Job ${j.id} is not Open (state ${j.state})`);
    if (j.data) throw new ApiError(409, 'INVALIDJOBSTATE', 'Data for this job was already uploaded: Bulk API 2.0 accepts one upload per job');
    const buf = await readBody(ctx.req, MAX_UPLOAD).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 413) throw new ApiError(400, 'INVALIDJOB', 'InvalidJob : the upload exceeds 150 MB');
      throw e;
    });
    j.data = buf;
    org.limits.bulkIngestBatches++;
    ctx.res.writeHead(201).end();
  });

  router.add('PATCH', '/services/data/v:version/jobs/ingest/:id', async (ctx: Ctx) => {
    const j = jobOr404(ctx.params.id);
    const body = (await readJson(ctx.req)) as { state?: unknown } | undefined;
    if (body?.state === 'UploadComplete') {
      if (j.state !== 'Open') throw new ApiError(409, 'INVALIDJOBSTATE', `Job ${j.id} is not Open (state ${j.state})`);
      j.state = 'UploadComplete';
      setTimeout(() => process(j), org.config.bulkPollDelayMs).unref();
    } else if (body?.state === 'Aborted') {
      if (j.state === 'JobComplete' || j.state === 'Failed') throw new ApiError(409, 'INVALIDJOBSTATE', `Job ${j.id} is already ${j.state}`);
      j.state = 'Aborted';
    } else {
      throw new ApiError(400, 'INVALIDJOB', `InvalidJob : invalid state: ${String(body?.state)}`);
    }
    sendJson(ctx.res, 200, info(j, ctx.version, false));
  });

  router.add('GET', '/services/data/v:version/jobs/ingest', (ctx: Ctx) => {
    sendJson(ctx.res, 200, { done: true, records: [...jobs.values()].map((j) => info(j, ctx.version, false)), nextRecordsUrl: null });
  });

  router.add('GET', '/services/data/v:version/jobs/ingest/:id', (ctx: Ctx) => {
    sendJson(ctx.res, 200, info(jobOr404(ctx.params.id), ctx.version, true));
  });

  router.add('DELETE', '/services/data/v:version/jobs/ingest/:id', (ctx: Ctx) => {
    const j = jobOr404(ctx.params.id);
    if (j.state === 'InProgress' || j.state === 'UploadComplete') throw new ApiError(409, 'INVALIDJOBSTATE', 'Job is still processing');
    jobs.delete(j.id);
    ctx.res.writeHead(204).end();
  });

  const csv = (ctx: Ctx, header: string[], rows: (string | null)[][]) => {
    const d = DELIMITERS.COMMA;
    let s = csvLine(header, d);
    for (const r of rows) s += csvLine(r, d);
    ctx.res.writeHead(200, { 'Content-Type': 'text/csv' });
    ctx.res.end(s);
  };

  router.add('GET', '/services/data/v:version/jobs/ingest/:id/successfulResults', (ctx: Ctx) => {
    const j = jobOr404(ctx.params.id);
    csv(ctx, ['sf__Id', 'sf__Created', ...j.header], j.success.map((s) => [s.id, String(s.created), ...s.row]));
  });
  router.add('GET', '/services/data/v:version/jobs/ingest/:id/failedResults', (ctx: Ctx) => {
    const j = jobOr404(ctx.params.id);
    csv(ctx, ['sf__Id', 'sf__Error', ...j.header], j.failed.map((f) => [f.id, f.error, ...f.row]));
  });
  router.add('GET', '/services/data/v:version/jobs/ingest/:id/unprocessedrecords', (ctx: Ctx) => {
    const j = jobOr404(ctx.params.id);
    // Rows never processed: everything, when the job was aborted before processing.
    if (j.state === 'Aborted' && j.data && j.data.length) {
      try {
        const recs: string[][] = parse(j.data, { delimiter: DELIMITERS[j.columnDelimiter], bom: true, skip_empty_lines: true });
        return csv(ctx, recs[0] ?? [], recs.slice(1));
      } catch {
        // fall through: unparseable data has no rows to report
      }
    }
    csv(ctx, j.header, []);
  });
}
