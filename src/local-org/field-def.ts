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
