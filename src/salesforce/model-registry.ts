// The org's model registry: Account_Score_Model__c records, each with the ONNX file (and the
// model card) attached as Salesforce Files (ContentVersion linked to the record).
import type { Connection } from 'jsforce';
import { z } from 'zod';
import { noteApiCall } from './api-calls.js';
import { API_VERSION } from './connection.js';

export const MODEL_OBJECT = 'Account_Score_Model__c';
export const MODEL_STATUSES = ['Candidate', 'Active', 'Retired'] as const;

const num = z.preprocess((v) => (v === null || v === undefined || v === '' ? null : typeof v === 'string' ? Number(v) : v), z.number().nullable());
const text = z.preprocess((v) => (v === undefined || v === '' ? null : v), z.string().nullable());

/** One Account_Score_Model__c record as the registry reads it. */
export const ModelRecord = z.object({
  Id: z.string(),
  /** the model version (the record name) */
  Name: z.string(),
  Status__c: z.preprocess((v) => v ?? 'Candidate', z.enum(MODEL_STATUSES)),
  Trained_At__c: text,
  Activated_At__c: text,
  Label_Definition__c: text,
  Training_Rows__c: num,
  Positives__c: num,
  CV_ROC_AUC__c: num,
  CV_PR_AUC__c: num,
  Holdout_ROC_AUC__c: num,
  Holdout_PR_AUC__c: num,
  Lift_At_10__c: num,
  Feature_Count__c: num,
  SHA256__c: z.string().regex(/^[0-9a-f]{64}$/, 'SHA256__c must be 64 lowercase hex digits'),
  Published_By__c: text,
  CreatedDate: text,
});
export type ModelRecord = z.infer<typeof ModelRecord>;

/** Fields written when publishing (the record's Name is the version). */
export type ModelRecordInput = Omit<ModelRecord, 'Id' | 'Activated_At__c' | 'CreatedDate'>;

const FIELDS = Object.keys(ModelRecord.shape);

export class ModelRegistryError extends Error {
  override name = 'ModelRegistryError';
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function parseRecords(raw: Record<string, unknown>[]): ModelRecord[] {
  return raw.map((r) => {
    const p = ModelRecord.safeParse(r);
    if (!p.success) {
      const i = p.error.issues[0];
      throw new ModelRegistryError(`${MODEL_OBJECT} ${String(r.Id)} (${String(r.Name)}): ${i.path.join('.')}: ${i.message}`);
    }
    return p.data;
  });
}

async function queryModels(conn: Connection, where: string): Promise<ModelRecord[]> {
  const res = await conn.query<Record<string, unknown>>(`SELECT ${FIELDS.join(', ')} FROM ${MODEL_OBJECT}${where} ORDER BY CreatedDate DESC, Name`, { autoFetch: true, maxFetch: 10_000 });
  return parseRecords(res.records);
}

export const listModels = (conn: Connection): Promise<ModelRecord[]> => queryModels(conn, '');

export async function findModelByVersion(conn: Connection, version: string): Promise<ModelRecord | undefined> {
  return (await queryModels(conn, ` WHERE Name = ${quote(version)}`))[0];
}

export async function findModelBySha(conn: Connection, sha256: string): Promise<ModelRecord | undefined> {
  return (await queryModels(conn, ` WHERE SHA256__c = ${quote(sha256)}`))[0];
}

type SaveResult = { id?: string; success: boolean; errors?: Array<{ message?: string; statusCode?: string; errorCode?: string; fields?: string[] }> };
function check(res: SaveResult, what: string): string {
  if (!res.success || !res.id) {
    const why = (res.errors ?? []).map((e) => `${e.statusCode ?? e.errorCode ?? ''}: ${e.message ?? ''}`).join('; ');
    throw new ModelRegistryError(`${what} failed: ${why || 'no reason given'}`);
  }
  return res.id;
}

export async function createModelRecord(conn: Connection, input: ModelRecordInput): Promise<string> {
  const res = (await conn.sobject(MODEL_OBJECT).create(input as unknown as Record<string, unknown>)) as SaveResult;
  return check(res, `Creating the ${MODEL_OBJECT} record ${input.Name}`);
}

export async function deleteModelRecord(conn: Connection, id: string): Promise<void> {
  await conn.sobject(MODEL_OBJECT).destroy(id);
}

export async function updateModelRecord(conn: Connection, id: string, fields: Partial<Pick<ModelRecord, 'Status__c' | 'Activated_At__c'>>): Promise<void> {
  const res = (await conn.sobject(MODEL_OBJECT).update({ Id: id, ...fields })) as SaveResult;
  check(res, `Updating ${MODEL_OBJECT} ${id}`);
}

/** Above this a file goes up as multipart (a JSON body holds at most 37.5 MB of base64 data). */
export const MULTIPART_ABOVE = 30 * 1024 * 1024;

/** Uploads a file as a ContentVersion linked to `recordId`; returns the ContentVersion Id. */
export async function attachFile(conn: Connection, recordId: string, file: { name: string; title: string; bytes: Uint8Array }, multipartAbove = MULTIPART_ABOVE): Promise<string> {
  const rec = { Title: file.title, PathOnClient: file.name, FirstPublishLocationId: recordId, VersionData: Buffer.from(file.bytes).toString('base64') };
  const options = file.bytes.length > multipartAbove ? { multipartFileFields: { VersionData: { filename: file.name, contentType: 'application/octet-stream' } } } : {};
  const res = (await conn.sobject('ContentVersion').create(rec, options)) as SaveResult;
  return check(res, `Uploading ${file.name} to ${MODEL_OBJECT} ${recordId}`);
}

export const AttachedFile = z.object({
  Id: z.string(),
  ContentDocumentId: z.string(),
  Title: z.string().nullable(),
  PathOnClient: z.string().nullable(),
  ContentSize: z.number().nullable(),
  FileExtension: z.string().nullable(),
});
export type AttachedFile = z.infer<typeof AttachedFile>;

/** The latest versions of the files linked to a record. */
export async function attachedFiles(conn: Connection, recordId: string): Promise<AttachedFile[]> {
  const links = await conn.query<{ ContentDocumentId: string }>(`SELECT ContentDocumentId FROM ContentDocumentLink WHERE LinkedEntityId = ${quote(recordId)}`);
  const docs = [...new Set(links.records.map((l) => l.ContentDocumentId))];
  if (docs.length === 0) return [];
  const res = await conn.query<Record<string, unknown>>(
    `SELECT Id, ContentDocumentId, Title, PathOnClient, ContentSize, FileExtension FROM ContentVersion WHERE ContentDocumentId IN (${docs.map(quote).join(', ')}) AND IsLatest = true`,
  );
  return res.records.map((r) => AttachedFile.parse(r));
}

/** The ONNX file of a model record, or a ModelRegistryError naming the record. */
export async function modelFileOf(conn: Connection, record: Pick<ModelRecord, 'Id' | 'Name'>): Promise<AttachedFile> {
  const onnx = (await attachedFiles(conn, record.Id)).filter((f) => (f.FileExtension ?? '').toLowerCase() === 'onnx' || /\.onnx$/i.test(f.PathOnClient ?? ''));
  if (onnx.length === 0) throw new ModelRegistryError(`${MODEL_OBJECT} ${record.Name} (${record.Id}) has no .onnx file attached: publish the model again.`);
  if (onnx.length > 1) throw new ModelRegistryError(`${MODEL_OBJECT} ${record.Name} (${record.Id}) has ${onnx.length} .onnx files attached; keep only one.`);
  return onnx[0];
}

/**
 * Downloads a ContentVersion's VersionData. jsforce's transport reads bodies as text, which
 * would corrupt a binary file, so this is one authenticated fetch (counted like the others);
 * an expired session is refreshed through jsforce once.
 */
export async function downloadVersionData(conn: Connection, contentVersionId: string): Promise<Buffer> {
  if (!/^068[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(contentVersionId)) throw new ModelRegistryError(`"${contentVersionId}" is not a ContentVersion Id`);
  const url = `${conn.instanceUrl.replace(/\/+$/, '')}/services/data/v${conn.version ?? API_VERSION}/sobjects/ContentVersion/${contentVersionId}/VersionData`;
  for (let attempt = 1; ; attempt++) {
    noteApiCall(conn);
    const res = await fetch(url, { headers: { Authorization: `Bearer ${conn.accessToken ?? ''}` } });
    if (res.status === 401 && attempt === 1) {
      // a cheap authenticated call lets jsforce refresh the session (when it can)
      await conn.request(`/services/data/v${conn.version ?? API_VERSION}/limits`);
      continue;
    }
    if (!res.ok) {
      const body = await res.text().catch(() => '');
      throw new ModelRegistryError(`Downloading ContentVersion ${contentVersionId} failed: HTTP ${res.status} ${body.slice(0, 200)}`);
    }
    return Buffer.from(await res.arrayBuffer());
  }
}

/** Who is publishing: the session user's username (null when the org does not say). */
export async function sessionUsername(conn: Connection): Promise<string | null> {
  try {
    const info = await conn.request<{ preferred_username?: string }>('/services/oauth2/userinfo');
    return info.preferred_username ?? null;
  } catch {
    return null;
  }
}
