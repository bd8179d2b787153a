// Single-record REST: GET/PATCH/DELETE .../sobjects/{Type}/{Id}, POST .../sobjects/{Type}.
import { ApiError, Ctx, Router, readJson, sendJson } from '../http.js';
import type { OrgState } from '../options.js';
import { prepareWrite } from '../dml.js';
import { findField } from '../schema.js';
import { PlainRecord, normalizeId } from '../store.js';
import { toJson } from '../values.js';
import { objectOr404 } from './meta.js';
import { prepareDelete } from './collections.js';

export function registerRecords(router: Router, org: OrgState) {
  const rowOr404 = (type: string, rawId: string) => {
    const def = objectOr404(org.store, type);
    const id = normalizeId(rawId);
    const t = org.store.table(def.name);
    const row = id === undefined ? undefined : t.rowOf(id);
    if (row === undefined) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    // A record in the recycle bin is still known: Salesforce says so rather than "not found".
    if (t.get(row, 'IsDeleted') === true) throw new ApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    return { def, t, row, id: id! };
  };

  const asObject = (raw: unknown): PlainRecord => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ApiError(400, 'JSON_PARSER_ERROR', 'Request body must be a JSON object of field values');
    }
    return raw as PlainRecord;
  };

  router.add('GET', '/services/data/v:version/sobjects/:type/:id', (ctx: Ctx) => {
    const { def, t, row, id } = rowOr404(ctx.params.type, ctx.params.id);
    const wanted = ctx.url.searchParams.get('fields');
    const fields = wanted
      ? wanted.split(',').map((n) => {
          const fd = findField(def, n.trim());
          if (!fd) throw new ApiError(400, 'INVALID_FIELD', `No such column '${n.trim()}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
          return fd;
        })
      : def.fields;
    const rec: PlainRecord = { attributes: { type: def.name, url: `/services/data/v${ctx.version}/sobjects/${def.name}/${id}` } };
    for (const fd of fields) rec[fd.name] = toJson(fd, t.get(row, fd.name));
    sendJson(ctx.res, 200, rec);
  });

  router.add('PATCH', '/services/data/v:version/sobjects/:type/:id', async (ctx: Ctx) => {
    const { def, id } = rowOr404(ctx.params.type, ctx.params.id);
    const body = asObject(await readJson(ctx.req));
    const p = prepareWrite(org, 'update', def.name, { ...body, Id: id });
    if (!p.ok) throw new ApiError(400, p.error.statusCode, p.error.message, p.error.fields);
    p.apply();
    ctx.res.writeHead(204).end();
  });

  router.add('POST', '/services/data/v:version/sobjects/:type', async (ctx: Ctx) => {
    const def = objectOr404(org.store, ctx.params.type);
    const body = asObject(await readJson(ctx.req));
    const p = prepareWrite(org, 'insert', def.name, body);
    if (!p.ok) throw new ApiError(400, p.error.statusCode, p.error.message, p.error.fields);
    sendJson(ctx.res, 201, { id: p.apply(), success: true, errors: [] });
  });

  router.add('DELETE', '/services/data/v:version/sobjects/:type/:id', (ctx: Ctx) => {
    const { id } = rowOr404(ctx.params.type, ctx.params.id);
    const p = prepareDelete(org, id);
    if ('error' in p) throw new ApiError(400, p.error.statusCode, p.error.message);
    p.apply();
    ctx.res.writeHead(204).end();
  });
}
