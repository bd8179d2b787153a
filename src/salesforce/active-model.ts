// Which model a run uses: the org's decision. Account_Score_Setting__mdt.Model_Version__c names
// an Account_Score_Model__c record; its attached ONNX file is downloaded once into the state
// directory (by sha256, digest checked) and used. Nothing published: the shipped model, said so.
import type { Connection } from 'jsforce';
import { cachedModelPath, lookupCachedModel, sha256Hex, storeCachedModel } from './model-cache.js';
import { downloadVersionData, findModelByVersion, modelFileOf, type ModelRecord } from './model-registry.js';
import { readSettings } from './settings.js';

export type ModelSource =
  /** the org's active model, from its registry record */
  /** `bytes`: the file's contents, already checked against SHA256__c (the loader scores exactly these) */
  | { kind: 'org'; path: string; bytes: Uint8Array; version: string; sha256: string; recordId: string; record: ModelRecord; downloaded: boolean; note: string }
  /** nothing active in the org: the model shipped with the package */
  | { kind: 'shipped'; path: string; expectedVersion: string | null; note: string }
  /** a file the user named (--model / worker config) */
  | { kind: 'file'; path: string; activeVersion: string | null; note: string };

export type OrgModelSource = Extract<ModelSource, { kind: 'org' }>;

export class ModelSourceError extends Error {
  override name = 'ModelSourceError';
}

export interface ResolveOptions {
  /** the org's state directory (cache lives in <stateDir>/models) */
  stateDir: string;
  /** the package's own model, used when the org has none active */
  shippedModel: string;
  /** an explicit model file: used as is (the caller decides whether the run may use it) */
  explicitFile?: string;
  progress?: (message: string) => void;
}

/**
 * Resolves the model a run must use. Errors (unknown version, no file, digest mismatch after
 * download) are ModelSourceErrors raised before the run writes anything.
 */
export async function resolveModelSource(conn: Connection, o: ResolveOptions): Promise<ModelSource> {
  const say = o.progress ?? (() => {});
  const settings = await readSettings(conn);
  const active = settings.modelVersion;
  if (o.explicitFile) {
    return { kind: 'file', path: o.explicitFile, activeVersion: active, note: `model file ${o.explicitFile} (given explicitly; the org's active model is ${active ?? 'not set'})` };
  }
  if (!active) {
    return { kind: 'shipped', path: o.shippedModel, expectedVersion: null, note: 'no model is published and active in the org (Model_Version__c is blank): using the model shipped with the package' };
  }
  const record = await findModelByVersion(conn, active);
  if (!record) {
    // A version set by hand (e.g. the shipped model's): the loaded model must carry it, which the run checks.
    return {
      kind: 'shipped',
      path: o.shippedModel,
      expectedVersion: active,
      note: `Model_Version__c is ${active} but no Account_Score_Model__c record has that version: using the shipped model, which must be that version`,
    };
  }
  return orgModelSource(conn, record, o.stateDir, say);
}

/** A published model as a run's source: its checked file (cached or downloaded) and record. */
export async function orgModelSource(conn: Connection, record: ModelRecord, stateDir: string, say: (m: string) => void = () => {}): Promise<OrgModelSource> {
  const { path, bytes, downloaded } = await fetchModelFile(conn, record, stateDir, say);
  return {
    kind: 'org',
    path,
    bytes,
    version: record.Name,
    sha256: record.SHA256__c,
    recordId: record.Id,
    record,
    downloaded,
    note: `the org's active model ${record.Name} (${downloaded ? 'downloaded' : 'cached'}, sha256 ${record.SHA256__c.slice(0, 12)})`,
  };
}

/** The record's ONNX file from the cache, or downloaded into it; the bytes must hash to SHA256__c. */
export async function fetchModelFile(conn: Connection, record: ModelRecord, stateDir: string, say: (m: string) => void = () => {}): Promise<{ path: string; bytes: Uint8Array; downloaded: boolean }> {
  const cached = await lookupCachedModel(stateDir, record.SHA256__c);
  if (cached.state === 'hit') return { path: cached.path, bytes: cached.bytes, downloaded: false };
  if (cached.state === 'corrupt') {
    say(`the cached model file ${cached.path} no longer matches its sha256 (it hashes to ${cached.actual.slice(0, 12)}): downloading it again`);
  }
  const file = await modelFileOf(conn, record);
  say(`downloading model ${record.Name} (${file.ContentSize ?? '?'} bytes)`);
  const bytes = await downloadVersionData(conn, file.Id);
  const actual = sha256Hex(bytes);
  if (actual !== record.SHA256__c) {
    throw new ModelSourceError(
      `The model file attached to Account_Score_Model__c ${record.Name} (ContentVersion ${file.Id}) hashes to ${actual}, not the record's SHA256__c ${record.SHA256__c}: ` +
        'it was changed after publishing. Publish the model again. Nothing was written.',
    );
  }
  return { path: await storeCachedModel(stateDir, record.SHA256__c, bytes), bytes, downloaded: true };
}

export { cachedModelPath };
