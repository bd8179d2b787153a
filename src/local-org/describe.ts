// Describe metadata shaped like Salesforce's GET /sobjects and /sobjects/{Type}/describe.
import { FieldDef, FieldType, ObjectDef, storageKind } from './schema.js';

function soapType(t: FieldType): string {
  switch (t) {
    case 'id':
    case 'reference':
      return 'tns:ID';
    case 'boolean':
      return 'xsd:boolean';
    case 'int':
      return 'xsd:int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'xsd:double';
    case 'date':
      return 'xsd:date';
    case 'datetime':
      return 'xsd:dateTime';
    case 'base64':
      return 'xsd:base64Binary';
    default:
      return 'xsd:string';
  }
}

/** Field entry as Salesforce's describe returns it (the commonly used keys). */
export function describeField(fd: FieldDef, obj: ObjectDef) {
  const isText = storageKind(fd.type) === 'string';
  const numeric = storageKind(fd.type) === 'number';
  return {
    name: fd.name,
    label: fd.label,
    type: fd.type,
    soapType: soapType(fd.type),
    length: isText ? (fd.length ?? 0) : 0,
    byteLength: isText ? (fd.length ?? 0) * 3 : 0,
    precision: numeric && fd.type !== 'int' ? (fd.precision ?? 18) : 0,
    scale: numeric && fd.type !== 'int' ? (fd.scale ?? 0) : 0,
    digits: fd.type === 'int' ? (fd.precision ?? 9) : 0,
    custom: fd.custom,
    calculated: fd.calculated ?? false,
    calculatedFormula: fd.calculatedFormula ?? null,
    autoNumber: false,
    idLookup: fd.type === 'id',
    nameField: fd.name === 'Name',
    externalId: false,
    unique: false,
    caseSensitive: false,
    createable: fd.createable && !obj.readOnly,
    updateable: fd.updateable && !obj.readOnly,
    nillable: fd.nillable,
    defaultedOnCreate: !fd.calculated && (fd.type === 'boolean' || !fd.createable),
    filterable: fd.type !== 'textarea' || (fd.length ?? 0) <= 255,
    sortable: fd.type !== 'textarea' || (fd.length ?? 0) <= 255,
    groupable: !['textarea', 'double', 'currency', 'percent', 'datetime'].includes(fd.type),
    htmlFormatted: false,
    picklistValues: (fd.picklist ?? []).map((v) => ({ active: true, defaultValue: false, label: v, validFor: null, value: v })),
    restrictedPicklist: fd.restricted ?? false,
    referenceTo: fd.referenceTo ? [fd.referenceTo] : [],
    relationshipName: fd.relationshipName ?? null,
    inlineHelpText: null,
    defaultValue: fd.type === 'boolean' ? false : null,
    extraTypeInfo: fd.type === 'textarea' && (fd.length ?? 0) > 255 ? 'plaintextarea' : null,
  };
}

/** An object as describeGlobal lists it (Salesforce's global entries carry the same object flags as a describe). */
export function describeGlobalEntry(obj: ObjectDef, apiVersion: string) {
  const base = `/services/data/v${apiVersion}/sobjects/${obj.name}`;
  return {
    name: obj.name,
    label: obj.label,
    labelPlural: obj.labelPlural,
    keyPrefix: obj.keyPrefix,
    custom: obj.custom,
    customSetting: false,
    createable: !obj.readOnly,
    updateable: !obj.readOnly,
    deletable: !obj.readOnly,
    queryable: true,
    retrieveable: true,
    searchable: !obj.readOnly,
    layoutable: !obj.readOnly,
    triggerable: !obj.readOnly,
    urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
  };
}

/** The full describe: the global entry plus the object's child relationships and fields. */
export function describeObject(obj: ObjectDef, apiVersion: string) {
  const { urls, ...entry } = describeGlobalEntry(obj, apiVersion);
  return {
    ...entry,
    childRelationships: obj.children.map((c) => ({
      cascadeDelete: false,
      childSObject: c.childSObject,
      deprecatedAndHidden: false,
      field: c.field,
      relationshipName: c.relationshipName,
    })),
    fields: obj.fields.map((fd) => describeField(fd, obj)),
    urls,
  };
}
