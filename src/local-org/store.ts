// The local org's in-memory data: one columnar Table per sObject, with writes validated
// against the schema. Writes are all-or-nothing per record: every field is validated
// before any is applied.
import { loadContentBlobs, saveContentBlobs } from './content-blobs.js';
import { join } from 'node:path';
import { makeId, to18 } from './ids.js';
import { OrgSchema, SchemaError, readSchemaFile, type ExtraFieldsInput } from './org-schema.js';
import { CLOSED_TASK_STATUSES, FieldDef, ObjectDef, findField } from './schema.js';
import { Table } from './table.js';
import { FieldError, Stored, coerce, toJson, type PlainRecord } from './values.js';
import { loadOrgDir, saveOrgDir, SaveFormat } from './store-io.js';
import { STANDARD_STAGES, type StageDef } from './opportunity-stages.js';
import type { ValidationRule } from './validation-rule.js';

export type { PlainRecord };

/** How an org's objects differ from the standard ones (see org-schema.ts). */
export interface StoreOptions {
  /** fields the program starting the org adds, e.g. `{ Account: [...score fields] }` */
  extraFields?: ExtraFieldsInput;
  /** the org's schema.json contents (loadDir reads the directory's own) */
  schemaFile?: unknown;
}

export interface WriteOptions {
  /** values come from CSV text (Bulk API / CSV files): '' is null, numbers parsed */
  fromCsv?: boolean;
  /** loading data (generator, files): system fields such as Id and CreatedDate may be set */
  load?: boolean;
  /** timestamp for CreatedDate/LastModifiedDate (ms) */
  now?: number;
}

export class StoreError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = errorCode;
  }
}

/** Turns an Id from a request into the stored 18-char form (15-char Ids are accepted). */
export function normalizeId(id: string): string | undefined {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return undefined;
  return id.length === 15 ? to18(id) : id;
}

/** The record's Id value, whatever the key's case (jsforce sends `id`). */
export function recordId(rec: PlainRecord): unknown {
  if ('Id' in rec) return rec.Id;
  for (const k of Object.keys(rec)) if (k.toLowerCase() === 'id') return rec[k];
  return undefined;
}

export class OrgStore {
  private readonly tables = new Map<string, Table>();
  private seq = 0;
  /**
   * Validation rules an admin added to Account_Score_Setting__mdt in Setup, on top of the ones
   * force-app deploys: the org enforces them, the product cannot know them in advance.
   */
  readonly settingsValidationRules: ValidationRule[] = [];
  readonly schema: OrgSchema;

  constructor(opts: StoreOptions = {}) {
    this.schema = OrgSchema.build({ extraFields: opts.extraFields, file: opts.schemaFile });
    for (const def of this.schema.objects()) this.tables.set(def.name, new Table(def));
  }

  /** A store with the records every org has: the Default settings record and the Organization. */
  static withDefaults(opts: StoreOptions = {}): OrgStore {
    const s = new OrgStore(opts);
    s.ensureDefaults();
    return s;
  }

  /** Loads an org directory, with its schema.json when it has one. */
  static async loadDir(dir: string, opts: Omit<StoreOptions, 'schemaFile'> = {}): Promise<OrgStore> {
    let store: OrgStore;
    try {
      store = new OrgStore({ ...opts, schemaFile: await readSchemaFile(dir) });
    } catch (e) {
      if (e instanceof SchemaError && e.message.startsWith('schema.json')) throw new SchemaError(`${join(dir, e.message)}`);
      throw e;
    }
    await loadOrgDir(store, dir);
    await loadContentBlobs(store, dir);
    store.ensureDefaults();
    return store;
  }

  /** Saves every object's records, and the org's schema.json when it was loaded with one. */
  async saveDir(dir: string, format: SaveFormat = 'ndjson'): Promise<void> {
    await saveOrgDir(this, dir, format);
    // file bodies (ContentVersion.VersionData) beside the records
    await saveContentBlobs(this, dir);
  }

  /** The object's definition in this org (case-insensitive, as Salesforce resolves names). */
  findObject(name: string): ObjectDef | undefined {
    return this.schema.find(name);
  }

  /** Adds the Default settings record and Organization row when missing. */
  ensureDefaults() {
    if (this.count('Account_Score_Setting__mdt') === 0) {
      this.addRecords('Account_Score_Setting__mdt', [DEFAULT_SETTING]);
    }
    if (this.count('OpportunityStage') === 0) {
      this.addRecords(
        'OpportunityStage',
        STANDARD_STAGES.map((st, i) => ({
          Id: makeId('01J', i + 1),
          MasterLabel: st.name,
          ApiName: st.name,
          IsActive: true,
          SortOrder: i + 1,
          IsClosed: st.isClosed,
          IsWon: st.isWon,
          DefaultProbability: st.probability,
          ForecastCategoryName: st.forecastCategory,
        })),
      );
    }
    if (this.count('Organization') === 0) {
      this.addRecords('Organization', [
        {
          Id: makeId('00D', 1),
          Name: 'Local Org',
          TrialExpirationDate: null,
          IsSandbox: false,
          InstanceName: 'LO1',
          OrganizationType: 'Enterprise Edition',
          NamespacePrefix: null,
          DefaultLocaleSidKey: 'en_US',
          TimeZoneSidKey: 'America/Los_Angeles',
          LanguageLocaleKey: 'en_US',
        },
      ]);
    }
  }

  table(objectName: string): Table {
    const def = this.schema.find(objectName);
    const t = def && this.tables.get(def.name);
    if (!t) throw new StoreError('INVALID_TYPE', `sObject type '${objectName}' is not supported.`);
    return t;
  }

  objects(): ObjectDef[] {
    return [...this.tables.values()].map((t) => t.def);
  }

  count(objectName: string): number {
    return this.table(objectName).size;
  }

  organizationId(): string {
    const t = this.table('Organization');
    return t.size ? (t.get(0, 'Id') as string) : makeId('00D', 1);
  }

  /** Validates a record's fields; returns canonical name -> stored value. Throws FieldError. */
  validate(def: ObjectDef, rec: PlainRecord, mode: 'insert' | 'update', opts: WriteOptions = {}): Map<string, Stored> {
    if (def.readOnly && !opts.load) {
      throw new FieldError('INVALID_TYPE_FOR_OPERATION', `entity type cannot be ${mode === 'insert' ? 'inserted' : 'updated'}: ${def.label}`, []);
    }
    const out = new Map<string, Stored>();
    const readOnly: string[] = [];
    for (const [key, raw] of Object.entries(rec)) {
      if (key === 'attributes' || (mode === 'update' && key.toLowerCase() === 'id')) continue;
      const fd: FieldDef | undefined = findField(def, key);
      if (!fd) {
        throw new FieldError('INVALID_FIELD', `No such column '${key}' on sobject of type ${def.name}`, [key]);
      }
      if (!opts.load && (mode === 'insert' ? !fd.createable : !fd.updateable)) {
        readOnly.push(fd.name);
        continue;
      }
      out.set(fd.name, coerce(fd, raw, opts.fromCsv));
    }
    if (readOnly.length) {
      throw new FieldError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly,
      );
    }
    if (mode === 'insert') {
      const missing = def.fields.filter((f) => f.required && (out.get(f.name) ?? null) === null).map((f) => f.name);
      if (missing.length) {
        throw new FieldError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
      }
    }
    return out;
  }

  /** Inserts one record; returns its Id. Throws FieldError on invalid values. */
  insert(objectName: string, rec: PlainRecord, opts: WriteOptions = {}): string {
    const t = this.table(objectName);
    const values = this.validate(t.def, rec, 'insert', opts);
    const now = opts.now ?? Date.now();
    let id = values.get('Id') as string | undefined;
    if (id === undefined) {
      // Far above generator ranges, so new Ids sort after loaded ones (keeps ORDER BY Id cheap).
      do id = makeId(t.def.keyPrefix, 1e12 + this.seq++);
      while (t.idIndex.has(id));
      values.set('Id', id);
    } else if (t.idIndex.has(id)) {
      throw new FieldError('DUPLICATE_VALUE', `duplicate value found: Id duplicates value on record with id: ${id}`, ['Id']);
    }
    for (const f of ['CreatedDate', 'LastModifiedDate', 'SystemModstamp']) {
      if (!values.has(f) || values.get(f) === null) values.set(f, values.get('CreatedDate') ?? now);
    }
    if (!values.has('IsDeleted')) values.set('IsDeleted', false);
    this.derive(t, values, undefined);
    t.append(values);
    return id;
  }

  /** Bulk loading for generators and files: validates each record, names the failing one. */
  addRecords(objectName: string, records: Iterable<PlainRecord>, opts: Omit<WriteOptions, 'load'> = {}): number {
    let n = 0;
    for (const rec of records) {
      try {
        this.insert(objectName, rec, { ...opts, load: true });
      } catch (e) {
        const err = e as Error;
        const id = typeof rec.Id === 'string' ? ` (Id ${rec.Id})` : '';
        throw new StoreError(err.name, `${objectName} record #${n + 1}${id}: ${err.message}`);
      }
      n++;
    }
    return n;
  }

  /** Looks up a live record's row, with Salesforce's errors for bad/deleted/missing Ids. */
  rowFor(objectName: string, rawId: unknown, opts: { allowDeleted?: boolean } = {}): number {
    const t = this.table(objectName);
    const id = typeof rawId === 'string' ? normalizeId(rawId) : undefined;
    if (!id) throw new FieldError('MALFORMED_ID', `${t.def.label} ID: id value of incorrect type: ${String(rawId)}`, ['Id']);
    if (!id.startsWith(t.def.keyPrefix)) {
      throw new FieldError('MALFORMED_ID', `${t.def.label} ID: id value of incorrect type: ${id}`, ['Id']);
    }
    const row = t.rowOf(id);
    if (row === undefined) throw new FieldError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
    if (!opts.allowDeleted && t.get(row, 'IsDeleted') === true) {
      throw new FieldError('ENTITY_IS_DELETED', 'entity is deleted', []);
    }
    return row;
  }

  /** Validates an update without applying it. */
  prepareUpdate(objectName: string, id: unknown, rec: PlainRecord, opts: WriteOptions = {}) {
    const t = this.table(objectName);
    const row = this.rowFor(objectName, id);
    const values = this.validate(t.def, rec, 'update', opts);
    if (!opts.load) this.checkOwner(t.def, values);
    return { table: t, row, values };
  }

  /**
   * A record's new owner must be an existing, active user, as Salesforce requires; loads
   * (generator, files) are not checked.
   */
  private checkOwner(def: ObjectDef, values: Map<string, Stored>) {
    const owner = values.get('OwnerId');
    if (owner === undefined || !findField(def, 'OwnerId')) return;
    if (owner === null) throw new FieldError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [OwnerId]', ['OwnerId']);
    const users = this.table('User');
    const row = users.rowOf(String(owner));
    if (row === undefined || users.get(row, 'IsDeleted') === true) {
      throw new FieldError('INVALID_CROSS_REFERENCE_KEY', `Owner ID: id value of incorrect type: ${String(owner)}`, ['OwnerId']);
    }
    if (users.get(row, 'IsActive') === false) {
      throw new FieldError('INACTIVE_OWNER_OR_USER', `operation performed with inactive user [${String(owner)}] as owner of ${def.label.toLowerCase()}`, ['OwnerId']);
    }
  }

  /** Applies a prepared update; sets LastModifiedDate/SystemModstamp. */
  applyUpdate(p: { table: Table; row: number; values: Map<string, Stored> }, now = Date.now()) {
    p.values.set('LastModifiedDate', now);
    p.values.set('SystemModstamp', now);
    this.derive(p.table, p.values, p.row);
    for (const [k, v] of p.values) p.table.set(p.row, k, v);
  }

  update(objectName: string, id: unknown, rec: PlainRecord, opts: WriteOptions = {}): void {
    this.applyUpdate(this.prepareUpdate(objectName, id, rec, opts), opts.now);
  }

  /** Values to restore a row to (for allOrNone rollback). */
  snapshot(table: Table, row: number, fields: Iterable<string>): Map<string, Stored> {
    const m = new Map<string, Stored>();
    for (const f of fields) m.set(f, table.get(row, f));
    for (const f of ['LastModifiedDate', 'SystemModstamp', 'Name']) if (table.field(f)) m.set(f, table.get(row, f));
    return m;
  }

  /** A record as the REST API returns it (all fields), or undefined. */
  get(objectName: string, id: string): PlainRecord | undefined {
    const t = this.table(objectName);
    const nid = normalizeId(id);
    const row = nid === undefined ? undefined : t.rowOf(nid);
    return row === undefined ? undefined : this.recordAt(t, row);
  }

  recordAt(t: Table, row: number, fields: FieldDef[] = t.def.fields): PlainRecord {
    const r: PlainRecord = {};
    for (const fd of fields) r[fd.name] = toJson(fd, t.get(row, fd.name));
    return r;
  }

  *iterate(objectName: string): Generator<PlainRecord> {
    const t = this.table(objectName);
    for (let row = 0; row < t.size; row++) yield this.recordAt(t, row);
  }

  /** The org's stages by API name: OpportunityStage records, or the standard ones before they are loaded. */
  private stageIndex(): Map<string, StageDef> {
    const t = this.table('OpportunityStage');
    if (this.stageCache?.size === t.size && this.stageCache.index.size > 0) return this.stageCache.index;
    const index = new Map<string, StageDef>();
    for (let row = 0; row < t.size; row++) {
      if (t.get(row, 'IsDeleted') === true) continue;
      const name = String(t.get(row, 'ApiName') ?? t.get(row, 'MasterLabel'));
      const p = t.get(row, 'DefaultProbability');
      index.set(name, { name, probability: typeof p === 'number' ? p : 0, isClosed: t.get(row, 'IsClosed') === true, isWon: t.get(row, 'IsWon') === true, forecastCategory: 'Pipeline' });
    }
    if (index.size === 0) for (const st of STANDARD_STAGES) index.set(st.name, st);
    this.stageCache = { size: t.size, index };
    return index;
  }
  private stageCache: { size: number; index: Map<string, StageDef> } | undefined;

  /**
   * Fields the org computes: Contact/User Name is a compound of FirstName and LastName;
   * Opportunity IsClosed/IsWon follow the stage, and Probability takes the stage's default
   * when the stage is set without one, as in Salesforce.
   */
  private derive(t: Table, values: Map<string, Stored>, row: number | undefined) {
    if (t.def.name === 'Task') {
      if (row === undefined && (values.get('Status') ?? null) === null) values.set('Status', 'Not Started');
      if (values.has('Status')) values.set('IsClosed', CLOSED_TASK_STATUSES.has(String(values.get('Status'))));
      return;
    }
    if (t.def.name === 'Event') {
      const start = values.get('StartDateTime');
      if (typeof start === 'number') values.set('ActivityDate', Math.floor(start / 86_400_000) * 86_400_000);
      return;
    }
    if (t.def.name === 'Opportunity') {
      if (!values.has('StageName')) return;
      const stage = this.stageIndex().get(String(values.get('StageName')));
      values.set('IsClosed', stage?.isClosed ?? false);
      values.set('IsWon', stage?.isWon ?? false);
      if (stage && (values.get('Probability') ?? null) === null) values.set('Probability', stage.probability);
      return;
    }
    if (t.def.name !== 'Contact' && t.def.name !== 'User') return;
    if (!values.has('FirstName') && !values.has('LastName') && row !== undefined) return;
    const first = values.has('FirstName') ? values.get('FirstName') : row === undefined ? null : t.get(row, 'FirstName');
    const last = values.has('LastName') ? values.get('LastName') : row === undefined ? null : t.get(row, 'LastName');
    values.set('Name', [first, last].filter((x) => x !== null && x !== '').join(' '));
  }
}

export const DEFAULT_SETTING: PlainRecord = {
  Id: makeId('m00', 1),
  DeveloperName: 'Default',
  MasterLabel: 'Default',
  Label: 'Default',
  QualifiedApiName: 'Default',
  NamespacePrefix: null,
  Hot_Threshold__c: 70,
  Warm_Threshold__c: 40,
  Model_Version__c: null,
  Score_Change_Tolerance__c: 0.5,
  Api_Reserve_Percent__c: 20,
  Top_Factor_Count__c: 5,
};
