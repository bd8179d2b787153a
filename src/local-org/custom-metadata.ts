// Custom metadata records as the Metadata API sees them (CustomMetadata components named
// "<Type>.<Record>"): upsert with Salesforce's per-component results, and read. Only the
// local org's one custom metadata type, Account_Score_Setting__mdt, exists.
import { findField, type FieldDef } from './schema.js';
import type { OrgStore, PlainRecord } from './store.js';
import type { ValidationRule } from './validation-rule.js';
import { coerce, FieldError, type Stored } from './values.js';

export const MDT_OBJECT = 'Account_Score_Setting__mdt';
/** The type's name in Metadata API full names: the object name without `__mdt`. */
export const MDT_TYPE = 'Account_Score_Setting';

/** Fields the force-app marks `<required>true</required>`: a record can't be saved without them. */
export const REQUIRED_FIELDS = ['Hot_Threshold__c', 'Warm_Threshold__c'] as const;

type Values = Record<string, Stored>;
const num = (v: Stored): number | null => (typeof v === 'number' ? v : null);
export type { ValidationRule };

/**
 * The type's active validation rules, mirroring
 * force-app/main/default/objects/Account_Score_Setting__mdt/validationRules (a test keeps
 * them in step). Formula semantics: a comparison with a blank number is not true, so a
 * blank field fails no range rule.
 */
export const VALIDATION_RULES: readonly ValidationRule[] = [
  {
    fullName: 'Api_Reserve_In_Range',
    errorDisplayField: 'Api_Reserve_Percent__c',
    errorMessage: 'API Reserve Percent must be between 0 and 90 (the worker needs some of the limit to run).',
    fails: (v) => outside(num(v.Api_Reserve_Percent__c), (x) => x < 0 || x > 90),
  },
  {
    fullName: 'Hot_Threshold_In_Range',
    errorDisplayField: 'Hot_Threshold__c',
    errorMessage: 'Hot Threshold must be between 0 and 100.',
    fails: (v) => outside(num(v.Hot_Threshold__c), (x) => x < 0 || x > 100),
  },
  {
    fullName: 'Tolerance_In_Range',
    errorDisplayField: 'Score_Change_Tolerance__c',
    errorMessage: 'Score Change Tolerance must be at least 0 and below 100.',
    fails: (v) => outside(num(v.Score_Change_Tolerance__c), (x) => x < 0 || x >= 100),
  },
  {
    fullName: 'Top_Factor_Count_In_Range',
    errorDisplayField: 'Top_Factor_Count__c',
    errorMessage: 'Top Factor Count must be between 1 and 10.',
    fails: (v) => outside(num(v.Top_Factor_Count__c), (x) => x < 1 || x > 10),
  },
  {
    fullName: 'Warm_Below_Hot',
    errorDisplayField: 'Warm_Threshold__c',
    errorMessage: 'Warm Threshold must be lower than Hot Threshold.',
    fails: (v) => {
      const w = num(v.Warm_Threshold__c);
      const h = num(v.Hot_Threshold__c);
      return w !== null && h !== null && w >= h;
    },
  },
  {
    fullName: 'Warm_Threshold_In_Range',
    errorDisplayField: 'Warm_Threshold__c',
    errorMessage: 'Warm Threshold must be between 0 and 100.',
    fails: (v) => outside(num(v.Warm_Threshold__c), (x) => x < 0 || x > 100),
  },
];

function outside(x: number | null, test: (x: number) => boolean): boolean {
  return x !== null && test(x);
}

/** One CustomMetadataValue from the request: `value` undefined when the element is absent. */
export interface InputValue {
  field: string;
  value: string | null | undefined;
}

export interface CustomMetadataInput {
  fullName: string | undefined;
  label: string | undefined;
  values: InputValue[];
}

export interface MetadataError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface UpsertResult {
  fullName: string;
  success: boolean;
  created: boolean;
  errors: MetadataError[];
}

/** A request the Metadata API refuses as a whole (a SOAP fault, not a per-component result). */
export class MetadataFault extends Error {
  constructor(
    readonly faultcode: string,
    message: string,
  ) {
    super(message);
  }
}

const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;

/** Splits "Type.Record", refusing other shapes as Salesforce does (a fault for the whole call). */
export function splitFullName(fullName: string): { type: string; record: string } {
  const dot = fullName.indexOf('.');
  if (dot <= 0 || dot === fullName.length - 1) {
    throw new MetadataFault(
      'soapenv:Client',
      `Must specify the name in the CustomMetadataType.CustomMetadata format, Name:${fullName}, Delimiter:.`,
    );
  }
  return { type: fullName.slice(0, dot), record: fullName.slice(dot + 1) };
}

function rowOf(store: OrgStore, developerName: string): number | undefined {
  const t = store.table(MDT_OBJECT);
  const read = t.reader('DeveloperName');
  const want = developerName.toLowerCase();
  for (let row = 0; row < t.size; row++) if (String(read(row)).toLowerCase() === want) return row;
  return undefined;
}

function customFields(store: OrgStore): FieldDef[] {
  return store.table(MDT_OBJECT).def.fields.filter((f) => f.custom);
}

/**
 * Upserts one CustomMetadata component. Like a deploy of the record's file, the component
 * replaces the record: a field it leaves out ends up blank. Field values are checked
 * against the type's fields, then the validation rules run on the resulting record.
 */
export function upsertCustomMetadata(store: OrgStore, input: CustomMetadataInput): UpsertResult {
  const fullName = input.fullName ?? '';
  const fail = (errors: MetadataError[]): UpsertResult => ({ fullName, success: false, created: false, errors });
  if (fullName === '') return fail([{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required field is missing: fullName', fields: ['fullName'] }]);
  const { type, record } = splitFullName(fullName);
  if (type.toLowerCase() !== MDT_TYPE.toLowerCase()) {
    return fail([{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: `no CustomMetadataType named ${type}__mdt found`, fields: [] }]);
  }
  if (!DEVELOPER_NAME.test(record) || record.endsWith('_') || record.length > 40) {
    return fail([
      {
        statusCode: 'FIELD_INTEGRITY_EXCEPTION',
        message:
          'The Custom Metadata Record Name can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores.',
        fields: ['fullName'],
      },
    ]);
  }

  const def = store.table(MDT_OBJECT).def;
  const existing = rowOf(store, record);
  const errors: MetadataError[] = [];
  const label = input.label?.trim() ? input.label : undefined;
  if (label === undefined && existing === undefined) {
    errors.push({ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required field is missing: label', fields: ['label'] });
  }
  if (label !== undefined && label.length > 40) {
    errors.push({ statusCode: 'STRING_TOO_LONG', message: `Label: data value too large: ${label.slice(0, 40)}... (max length=40)`, fields: ['label'] });
  }

  const values: Values = Object.fromEntries(customFields(store).map((f) => [f.name, null]));
  const seen = new Set<string>();
  for (const { field, value } of input.values) {
    const fd = findField(def, field);
    if (!fd || !fd.custom) {
      errors.push({ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: `no CustomField named ${MDT_OBJECT}.${field} found`, fields: [field] });
      continue;
    }
    if (seen.has(fd.name)) {
      errors.push({ statusCode: 'DUPLICATE_VALUE', message: `duplicate value found: ${fd.name} appears more than once`, fields: [fd.name] });
      continue;
    }
    seen.add(fd.name);
    try {
      values[fd.name] = coerce(fd, value ?? null);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      errors.push({ statusCode: e.statusCode, message: e.message, fields: e.fields });
    }
  }
  const missing = REQUIRED_FIELDS.filter((f) => values[f] === null && !errors.some((e) => e.fields.includes(f)));
  if (missing.length) {
    errors.push({ statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: [...missing] });
  }
  if (errors.length) return fail(errors);

  // Validation rules see only a record whose fields are each valid, as on Salesforce.
  const broken = [...VALIDATION_RULES, ...store.settingsValidationRules].filter((r) => r.fails(values));
  if (broken.length) {
    return fail(broken.map((r) => ({ statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: r.errorMessage, fields: [r.errorDisplayField] })));
  }

  // Custom metadata is read-only to DML: write as the loader does (`load`), like a deploy.
  if (existing === undefined) {
    store.insert(MDT_OBJECT, { DeveloperName: record, MasterLabel: label, Label: label, QualifiedApiName: record, NamespacePrefix: null, ...values }, { load: true });
    return { fullName, success: true, created: true, errors: [] };
  }
  const t = store.table(MDT_OBJECT);
  const id = t.get(existing, 'Id') as string;
  const patch: PlainRecord = { ...values };
  if (label !== undefined) Object.assign(patch, { MasterLabel: label, Label: label });
  store.update(MDT_OBJECT, id, patch, { load: true });
  return { fullName, success: true, created: false, errors: [] };
}

export interface CustomMetadataRecord {
  fullName: string;
  label: string;
  protected: boolean;
  values: { field: string; value: Stored; fieldType: FieldDef['type'] }[];
}

/** Reads one CustomMetadata component by full name; undefined when there is none. */
export function readCustomMetadata(store: OrgStore, fullName: string): CustomMetadataRecord | undefined {
  const dot = fullName.indexOf('.');
  if (dot <= 0) return undefined;
  if (fullName.slice(0, dot).toLowerCase() !== MDT_TYPE.toLowerCase()) return undefined;
  const row = rowOf(store, fullName.slice(dot + 1));
  if (row === undefined) return undefined;
  const t = store.table(MDT_OBJECT);
  return {
    fullName: `${MDT_TYPE}.${String(t.get(row, 'DeveloperName'))}`,
    label: String(t.get(row, 'MasterLabel') ?? t.get(row, 'DeveloperName')),
    protected: false,
    values: customFields(store).map((f) => ({ field: f.name, value: t.get(row, f.name), fieldType: f.type })),
  };
}
