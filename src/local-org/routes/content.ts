// Salesforce Files over REST: POST .../sobjects/ContentVersion (JSON with base64 VersionData,
// or multipart/form-data with a JSON part and a binary VersionData part) and
// GET .../sobjects/ContentVersion/{Id}/VersionData. Inserting a first version creates its
// ContentDocument and links it to the owner and to FirstPublishLocationId, as Salesforce does.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError, Ctx, Router, readBody, sendJson } from '../http.js';
import type { OrgState } from '../options.js';
import { normalizeId, type OrgStore, type PlainRecord } from '../store.js';
import { FieldError } from '../values.js';
import { contentBlobs } from '../content-blobs.js';

/** Documented limits: 37.5 MB decoded in a JSON body (50 MB of text), 2 GB multipart for ContentVersion. */
const JSON_MAX_TEXT = 50 * 1024 * 1024;
const MULTIPART_MAX = 2 * 1024 * 1024 * 1024 - 1;

// File bodies live beside the store (the columnar tables hold text and numbers only).
const blobs = (store: OrgStore): Map<string, Buffer> => contentBlobs(store);

/** The bytes of a ContentVersion (tests, tools); undefined when there is none. */
export function contentVersionData(store: OrgStore, contentVersionId: string): Buffer | undefined {
  const id = normalizeId(contentVersionId);
  return id === undefined ? undefined : blobs(store).get(id);
}

const FILE_TYPES: Record<string, string> = { pdf: 'PDF', png: 'PNG', jpg: 'JPG', csv: 'CSV', txt: 'TEXT', md: 'UNKNOWN', json: 'JSON', onnx: 'UNKNOWN' };

export function registerContent(router: Router, org: OrgState) {
  router.add('POST', '/services/data/v:version/sobjects/ContentVersion', async (ctx: Ctx) => {
    const { fields, data } = await readContentVersionBody(ctx.req);
    sendJson(ctx.res, 201, { id: insertContentVersion(org, fields, data, ctx.version), success: true, errors: [] });
  });

  router.add('GET', '/services/data/v:version/sobjects/ContentVersion/:id/VersionData', (ctx: Ctx) => {
    const id = normalizeId(ctx.params.id);
    const bytes = id === undefined ? undefined : blobs(org.store).get(id);
    const t = org.store.table('ContentVersion');
    const row = id === undefined ? undefined : t.rowOf(id);
    if (!bytes || row === undefined || t.get(row, 'IsDeleted') === true) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
    ctx.res.writeHead(200, { 'Content-Type': 'application/octetstream', 'Content-Length': String(bytes.length) });
    ctx.res.end(bytes);
  });
}

async function readContentVersionBody(req: IncomingMessage): Promise<{ fields: PlainRecord; data: Buffer | undefined }> {
  const type = req.headers['content-type'] ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (!boundary) throw new ApiError(400, 'INVALID_MULTIPART_REQUEST', 'Multipart request is missing its boundary');
    const parts = parseMultipart(await readBody(req, MULTIPART_MAX), boundary);
    // Salesforce names the JSON part entity_content; jsforce names it after the sObject.
    const json = parts.find((p) => p.name === 'entity_content' || p.name === 'ContentVersion');
    if (!json) throw new ApiError(400, 'INVALID_MULTIPART_REQUEST', 'Multipart request has no entity_content part with the record fields');
    const fields = parseObject(json.body.toString('utf8'));
    const file = parts.find((p) => p.name === 'VersionData');
    if (fields.VersionData !== undefined) throw new ApiError(400, 'INVALID_MULTIPART_REQUEST', 'VersionData must be sent as its own binary part, not in entity_content');
    return { fields, data: file?.body };
  }
  const text = (await readBody(req, JSON_MAX_TEXT)).toString('utf8');
  const fields = parseObject(text);
  const raw = fields.VersionData;
  delete fields.VersionData;
  if (raw === undefined || raw === null) return { fields, data: undefined };
  if (typeof raw !== 'string' || !/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(raw)) {
    throw new ApiError(400, 'INVALID_TYPE_ON_FIELD_IN_RECORD', 'Version Data: value not of required type: not base64', ['VersionData']);
  }
  return { fields, data: Buffer.from(raw, 'base64') };
}

function parseObject(text: string): PlainRecord {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'JSON_PARSER_ERROR', `Unexpected character in request body: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ApiError(400, 'JSON_PARSER_ERROR', 'Request body must be a JSON object of field values');
  return v as PlainRecord;
}

interface Part {
  name: string;
  body: Buffer;
}

function parseMultipart(buf: Buffer, boundary: string): Part[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = buf.indexOf(delim);
  while (pos !== -1) {
    const start = pos + delim.length;
    if (buf.subarray(start, start + 2).toString() === '--') break;
    const next = buf.indexOf(delim, start);
    if (next === -1) break;
    const chunk = buf.subarray(start, next);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd === -1) throw new ApiError(400, 'INVALID_MULTIPART_REQUEST', 'A multipart part has no header');
    const headers = chunk.subarray(0, headerEnd).toString('utf8');
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    // the body ends before the CRLF that precedes the next delimiter
    let body = chunk.subarray(headerEnd + 4);
    if (body.subarray(body.length - 2).toString() === '\r\n') body = body.subarray(0, body.length - 2);
    parts.push({ name, body });
    pos = next;
  }
  return parts;
}

function insertContentVersion(org: OrgState, input: PlainRecord, data: Buffer | undefined, version: string): string {
  const store = org.store;
  const fail = (e: FieldError): never => {
    throw new ApiError(400, e.statusCode, e.message, e.fields);
  };
  const { Id: _ignored, ...fields } = input;
  if (input.Id !== undefined) fail(new FieldError('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']));
  const missing = [!fields.PathOnClient ? 'PathOnClient' : '', !data ? 'VersionData' : ''].filter(Boolean);
  if (missing.length) fail(new FieldError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing));
  const versions = store.table('ContentVersion');
  try {
    store.validate(versions.def, { ...fields, VersionData: null }, 'insert');
  } catch (e) {
    if (e instanceof FieldError) fail(e);
    throw e;
  }
  const bytes = data!;
  const path = String(fields.PathOnClient);
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  const title = typeof fields.Title === 'string' && fields.Title !== '' ? fields.Title : path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const owner = typeof fields.OwnerId === 'string' ? fields.OwnerId : org.userId;
  const computed = { ContentSize: bytes.length, Checksum: createHash('md5').update(bytes).digest('hex'), FileExtension: ext || null, FileType: FILE_TYPES[ext] ?? 'UNKNOWN' };

  let docId = typeof fields.ContentDocumentId === 'string' ? normalizeId(fields.ContentDocumentId) : undefined;
  let versionNumber = 1;
  const docs = store.table('ContentDocument');
  if (fields.ContentDocumentId !== undefined && fields.ContentDocumentId !== null) {
    const row = docId === undefined ? undefined : docs.rowOf(docId);
    if (row === undefined || docs.get(row, 'IsDeleted') === true) fail(new FieldError('INVALID_CROSS_REFERENCE_KEY', 'Content Document ID: id value of incorrect type or not found', ['ContentDocumentId']));
    if (fields.FirstPublishLocationId) fail(new FieldError('FIELD_INTEGRITY_EXCEPTION', 'First Publish Location ID can be set only on the first version of a document', ['FirstPublishLocationId']));
    // previous versions stop being the latest
    for (let r = 0; r < versions.size; r++) {
      if (versions.get(r, 'ContentDocumentId') === docId && versions.get(r, 'IsLatest') === true) {
        store.update('ContentVersion', versions.get(r, 'Id'), { IsLatest: false }, { load: true });
        versionNumber++;
      }
    }
  }

  const cvId = store.insert('ContentVersion', { ...fields, Title: title, OwnerId: owner, ContentLocation: fields.ContentLocation ?? 'S', ...computed, IsLatest: true, VersionNumber: String(versionNumber), VersionData: null, ContentDocumentId: null }, { load: true });
  if (docId === undefined) {
    const { Checksum: _c, ...docFields } = computed;
    docId = store.insert('ContentDocument', { Title: title, LatestPublishedVersionId: cvId, OwnerId: owner, ...docFields }, { load: true });
    const links = new Set([owner, typeof fields.FirstPublishLocationId === 'string' ? normalizeId(fields.FirstPublishLocationId) : undefined].filter((x): x is string => !!x));
    for (const linked of links) {
      store.insert('ContentDocumentLink', { ContentDocumentId: docId, LinkedEntityId: linked, ShareType: linked === owner ? 'I' : 'V', Visibility: 'AllUsers' }, { load: true });
    }
  } else {
    const { Checksum: _c, ...docFields } = computed;
    store.update('ContentDocument', docId, { LatestPublishedVersionId: cvId, Title: title, ...docFields }, { load: true });
  }
  store.update('ContentVersion', cvId, { ContentDocumentId: docId, VersionData: `/services/data/v${version}/sobjects/ContentVersion/${cvId}/VersionData` }, { load: true });
  blobs(store).set(cvId, bytes);
  return cvId;
}
