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
    m = await loadScoringModel(src.path);
  } catch (e) {
    if (src.kind !== 'org') throw e;
    throw new ModelError(`The org's active model ${src.version} (Account_Score_Model__c ${src.recordId}) fails the load check: ${(e as Error).message}. Nothing was written.`);
  }
  if (src.kind === 'org') {
    // the cache was checked, but the bytes loaded are what count
    const problem =
      m.digest !== src.sha256
        ? `${src.path} changed while loading (sha256 ${m.digest}, expected ${src.sha256}). Nothing was written.`
        : m.version !== src.version
          ? `Account_Score_Model__c ${src.version} holds a model whose own version is ${m.version}: publish the file again. Nothing was written.`
          : undefined;
    if (problem) {
      await m.close();
      throw new ModelError(problem);
    }
  }
  m.origin = { kind: src.kind, note: src.note };
  return m;
}
