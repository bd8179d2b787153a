// sObject Collections: PATCH (update) / POST (create) / DELETE .../composite/sobjects,
// up to 200 records, per-record results, allOrNone.
import { ApiError, Ctx, Router, readJson, sendJson } from '../http.js';
import type { OrgState } from '../options.js';
import { DmlOp, Prepared, ROLLED_BACK, prepareWrite } from '../dml.js';
import { PlainRecord, normalizeId } from '../store.js';
import { FieldError } from '../values.js';

const MAX_RECORDS = 200;

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
    return { id, apply: () => t.set(row, 'IsDeleted', true) };
  } catch (e) {
    if (e instanceof FieldError) return { error: e };
    throw e;
  }
}
