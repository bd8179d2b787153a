// The seam between "which model" (the org decides: salesforce/active-model.ts) and "load and
// verify it" (the model loader). Sync, explain, compare and the worker resolve through here.
import type { Connection } from 'jsforce';
import { resolveModelSource, type ModelSource, type ResolveOptions } from '../salesforce/active-model.js';
import { loadScoringModel, ModelError, type ScoringModel } from '../model/index.js';

export type { ModelSource, ResolveOptions };

/**
 * Resolves the run's model and loads it. A file that fails its digest or load check throws
 * (a ModelError / ModelSourceError) before the caller reads or writes anything else.
 */
export async function loadRunModel(conn: Connection, o: ResolveOptions): Promise<ScoringModel> {
  const src = await resolveModelSource(conn, o);
  o.progress?.(src.note);
  return loadFromSource(src);
}

export async function loadFromSource(src: ModelSource): Promise<ScoringModel> {
  let m: ScoringModel;
  try {
    // an org model: the bytes whose digest was checked, not a second read of the cached file
    m = src.kind === 'org' ? await loadScoringModel(src.bytes, { sourceName: src.path }) : await loadScoringModel(src.path);
  } catch (e) {
    if (src.kind !== 'org') throw e;
    throw new ModelError(`The org's active model ${src.version} (Account_Score_Model__c ${src.recordId}) fails the load check: ${(e as Error).message}. Nothing was written.`);
  }
  if (src.kind === 'org' && m.version !== src.version) {
    await m.close();
    throw new ModelError(`Account_Score_Model__c ${src.version} holds a model whose own version is ${m.version}: publish the file again. Nothing was written.`);
  }
  m.origin = { kind: src.kind, note: src.note };
  return m;
}
