// Validate-then-apply record writes shared by sObject Collections, single-record REST and
// Bulk ingest. Preparing never changes the store, so allOrNone needs no undo.
import type { OrgState } from './options.js';
import { PlainRecord, WriteOptions, normalizeId, recordId } from './store.js';
import { FieldError } from './values.js';

export type DmlOp = 'insert' | 'update';

export type Prepared =
  | { ok: true; id?: string; created: boolean; apply: () => string }
  | { ok: false; id?: string; error: FieldError };

export function prepareWrite(org: OrgState, op: DmlOp, type: string | undefined, rec: PlainRecord, opts: WriteOptions = {}): Prepared {
  const def = type ? org.store.findObject(type) : undefined;
  if (!def) {
    return { ok: false, error: new FieldError('INVALID_TYPE', type ? `sObject type '${type}' is not supported.` : 'Must specify a type', []) };
  }
  const rawId = recordId(rec);
  try {
    if (op === 'update') {
      if (rawId === undefined || rawId === null || rawId === '') {
        return { ok: false, error: new FieldError('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']) };
      }
      const p = org.store.prepareUpdate(def.name, rawId, rec, opts);
      const id = normalizeId(String(rawId))!;
      // Transient lock contention, as Salesforce reports it when another transaction holds the row.
      if (org.faults.rollLock()) {
        return {
          ok: false,
          id,
          error: new FieldError('UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${id}`, []),
        };
      }
      return {
        ok: true,
        id,
        created: false,
        apply: () => {
          org.store.applyUpdate(p, opts.now);
          return id;
        },
      };
    }
    if (rawId !== undefined && rawId !== null && rawId !== '') {
      return { ok: false, error: new FieldError('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']) };
    }
    const { Id: _omit, ...values } = rec;
    org.store.validate(def, values, 'insert', opts);
    return { ok: true, created: true, apply: () => org.store.insert(def.name, values, opts) };
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, id: typeof rawId === 'string' ? rawId : undefined, error: e };
    throw e;
  }
}

export const ROLLED_BACK = () =>
  new FieldError(
    'ALL_OR_NONE_OPERATION_ROLLED_BACK',
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
    [],
  );
