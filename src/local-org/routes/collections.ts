// sObject Collections: PATCH (update) / POST (create) / DELETE .../composite/sobjects,
// up to 200 records, per-record results, allOrNone.
import { ApiError, Ctx, Router, readJson, sendJson } from '../http.js';
import type { OrgState } from '../options.js';
import { DmlOp, Prepared, ROLLED_BACK, prepareWrite } from '../dml.js';
import { findField } from '../schema.js';
import { PlainRecord, normalizeId } from '../store.js';
import { FieldError, toJson } from '../values.js';
import { objectOr404 } from './meta.js';

const MAX_RECORDS = 200;
/** sObject Collections retrieve takes up to 2,000 Ids. */
const MAX_RETRIEVE = 2000;

interface Body {
  allOrNone: boolean;
  records: PlainRecord[];
}

function parseBody(raw: unknown): Body {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { records?: unknown }).records)) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', 'Request body must be {"allOrNone": boolean, "records": [...]}');
  }
  const b = raw as { allOrNone?: unknown; records: unknown[] };
  if (b.records.length > MAX_RECORDS) {
    throw new ApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
  }
  b.records.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      throw new ApiError(400, 'JSON_PARSER_ERROR', `records[${i}] is not a JSON object`);
    }
  });
  return { allOrNone: b.allOrNone === true, records: b.records as PlainRecord[] };
}

function typeOf(rec: PlainRecord): string | undefined {
  const a = rec.attributes as { type?: unknown } | undefined;
  return typeof a?.type === 'string' ? a.type : undefined;
}

function result(p: Prepared, id?: string) {
  if (p.ok) return { id, success: true, errors: [] };
  const r: Record<string, unknown> = { success: false, errors: [p.error.toJSON()] };
  return r;
}

export function runCollection(org: OrgState, op: DmlOp, body: Body) {
  const prepared = body.records.map((r) => prepareWrite(org, op, typeOf(r), r));
  const anyFailed = prepared.some((p) => !p.ok);
  if (body.allOrNone && anyFailed) {
    return prepared.map((p) => (p.ok ? result({ ok: false, error: ROLLED_BACK() }) : result(p)));
  }
  const now = Date.now();
  void now;
  return prepared.map((p) => (p.ok ? result(p, p.apply()) : result(p)));
}

export function registerCollections(router: Router, org: OrgState) {
  const handle = (op: DmlOp) => async (ctx: Ctx) => {
    const body = parseBody(await readJson(ctx.req));
    sendJson(ctx.res, 200, runCollection(org, op, body));
  };
  // Retrieve several records of one type: GET ?ids=&fields= or POST {ids, fields} (jsforce's
  // retrieve([...])). Records not found, or deleted, come back as null in their place.
  const retrieve = (ctx: Ctx, rawIds: unknown, rawFields: unknown) => {
    const def = objectOr404(org.store, ctx.params.type);
    const list = (v: unknown, what: string): string[] => {
      const arr = typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : undefined;
      if (!arr || arr.length === 0 || arr.some((x) => typeof x !== 'string' || !x.trim())) {
        throw new ApiError(400, 'MISSING_ARGUMENT', `${what} must be a non-empty list`);
      }
      return (arr as string[]).map((x) => x.trim());
    };
    const ids = list(rawIds, 'ids');
    if (ids.length > MAX_RETRIEVE) throw new ApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RETRIEVE} records into this call`);
    const fields = list(rawFields, 'fields').map((n) => {
      const fd = findField(def, n);
      if (!fd) throw new ApiError(400, 'INVALID_FIELD', `No such column '${n}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
      return fd;
    });
    const t = org.store.table(def.name);
    const out = ids.map((raw) => {
      const id = normalizeId(raw);
      if (!id) throw new ApiError(400, 'MALFORMED_ID', `malformed id ${raw}`);
      const row = t.rowOf(id);
      if (row === undefined || t.get(row, 'IsDeleted') === true) return null;
      const rec: PlainRecord = { attributes: { type: def.name, url: `/services/data/v${ctx.version}/sobjects/${def.name}/${id}` } };
      for (const fd of fields) rec[fd.name] = toJson(fd, t.get(row, fd.name));
      return rec;
    });
    sendJson(ctx.res, 200, out);
  };
  router.add('GET', '/services/data/v:version/composite/sobjects/:type', (ctx: Ctx) => retrieve(ctx, ctx.url.searchParams.get('ids') ?? undefined, ctx.url.searchParams.get('fields') ?? undefined));
  router.add('POST', '/services/data/v:version/composite/sobjects/:type', async (ctx: Ctx) => {
    const body = (await readJson(ctx.req)) as { ids?: unknown; fields?: unknown } | null;
    retrieve(ctx, body?.ids, body?.fields);
  });
  router.add('PATCH', '/services/data/v:version/composite/sobjects', handle('update'));
  router.add('POST', '/services/data/v:version/composite/sobjects', handle('insert'));
  router.add('DELETE', '/services/data/v:version/composite/sobjects', (ctx: Ctx) => {
    const ids = (ctx.url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > MAX_RECORDS) {
      throw new ApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
    }
    const allOrNone = ctx.url.searchParams.get('allOrNone') === 'true';
    const prepared = ids.map((id) => prepareDelete(org, id));
    const failed = prepared.some((p) => 'error' in p);
    sendJson(
      ctx.res,
      200,
      prepared.map((p) => {
        if ('error' in p) return { success: false, errors: [p.error.toJSON()] };
        if (allOrNone && failed) return { success: false, errors: [ROLLED_BACK().toJSON()] };
        p.apply();
        return { id: p.id, success: true, errors: [] };
      }),
    );
  });
}

/** Soft delete (IsDeleted = true), so queryAll still sees the record as Salesforce's recycle bin does. */
export function prepareDelete(org: OrgState, rawId: string): { id: string; apply: () => void } | { error: FieldError } {
  const id = normalizeId(rawId);
  const def = id ? org.store.objects().find((o) => id.startsWith(o.keyPrefix)) : undefined;
  if (!id || !def) return { error: new FieldError('MALFORMED_ID', `malformed id ${rawId}`, []) };
  if (def.readOnly) return { error: new FieldError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be deleted: ${def.label}`, []) };
  try {
    const row = org.store.rowFor(def.name, id);
    const t = org.store.table(def.name);
    return {
      id,
      apply: () => {
        t.set(row, 'IsDeleted', true);
        // The deletion time, as /sobjects/{type}/deleted reports it.
        t.set(row, 'SystemModstamp', Date.now());
      },
    };
  } catch (e) {
    if (e instanceof FieldError) return { error: e };
    throw e;
  }
}
