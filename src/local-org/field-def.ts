// Field and object definitions, and Salesforce's defaults for a field. A leaf module: the
// object definitions (schema.ts, objects/*) and everything reading them import from here.

export type FieldType =
  | 'id'
  | 'reference'
  | 'string'
  | 'textarea'
  | 'email'
  | 'url'
  | 'phone'
  | 'picklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  /** a blob (ContentVersion.VersionData): base64 on insert, a download URL when read */
  | 'base64';

/** How a field is held in the store's columns. */
export type StorageKind = 'string' | 'number' | 'boolean' | 'date' | 'datetime';

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  precision?: number;
  scale?: number;
  picklist?: readonly string[];
  restricted?: boolean;
  updateable: boolean;
  createable: boolean;
  nillable: boolean;
  custom: boolean;
  referenceTo?: string;
  relationshipName?: string;
  /** required on create (nillable false and no default) */
  required?: boolean;
  /** a formula field: read-only over the API, its value is computed by the org (loaded from files here) */
  calculated?: boolean;
  calculatedFormula?: string;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  /** custom metadata is read-only over REST */
  readOnly: boolean;
  fields: FieldDef[];
  /** child relationships: name -> child object + its reference field */
  children: { relationshipName: string; childSObject: string; field: string }[];
}

export function storageKind(t: FieldType): StorageKind {
  switch (t) {
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'string';
  }
}

export type FieldDefInput = Omit<FieldDef, 'updateable' | 'createable' | 'nillable' | 'custom' | 'label'> &
  Partial<Pick<FieldDef, 'updateable' | 'createable' | 'nillable' | 'custom' | 'label'>>;

/** A field with Salesforce's defaults: updateable, createable, nillable unless boolean, custom when it ends in __c. */
export function fieldDef(def: FieldDefInput): FieldDef {
  const custom = def.custom ?? def.name.endsWith('__c');
  return {
    label: def.label ?? labelOf(def.name),
    updateable: true,
    createable: true,
    nillable: def.type !== 'boolean',
    ...def,
    custom,
  };
}

export function labelOf(api: string): string {
  return api
    .replace(/__c$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2');
}

const readOnlyField = { updateable: false, createable: false } as const;

/** Every record's system fields (the store reads and writes them; describe lists them). */
export const SYSTEM_FIELDS: readonly FieldDef[] = [
  fieldDef({ name: 'IsDeleted', label: 'Deleted', type: 'boolean', ...readOnlyField }),
  fieldDef({ name: 'CreatedDate', label: 'Created Date', type: 'datetime', ...readOnlyField, nillable: false }),
  fieldDef({ name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', ...readOnlyField, nillable: false }),
  fieldDef({ name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', ...readOnlyField, nillable: false }),
];

/** What most objects leave at Salesforce's default. */
export interface ObjectDefOptions {
  /** default: the name in words ("OpportunityStage" -> "Opportunity Stage") */
  label?: string;
  custom?: boolean;
  readOnly?: boolean;
  children?: ObjectDef['children'];
  /** the Id field's label is "<idLabel> ID"; default: the object's label */
  idLabel?: string;
  /** fields describe lists after the system fields (Account's custom fields) */
  afterSystemFields?: readonly FieldDef[];
}

/**
 * An sObject: its Id field, `fields` in describe order, then the system fields. Standard,
 * writable and without child relationships unless `more` says otherwise.
 */
export function objectDef(name: string, labelPlural: string, keyPrefix: string, fields: readonly FieldDef[], more: ObjectDefOptions = {}): ObjectDef {
  const label = more.label ?? labelOf(name);
  return {
    name,
    label,
    labelPlural,
    keyPrefix,
    custom: more.custom ?? false,
    readOnly: more.readOnly ?? false,
    children: more.children ?? [],
    fields: [
      fieldDef({ name: 'Id', label: `${more.idLabel ?? label} ID`, type: 'id', length: 18, ...readOnlyField, nillable: false }),
      ...fields,
      ...SYSTEM_FIELDS,
      ...(more.afterSystemFields ?? []),
    ],
  };
}
