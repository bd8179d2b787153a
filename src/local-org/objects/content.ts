// Salesforce Files (ContentVersion / ContentDocument / ContentDocumentLink) and the Account
// Score model registry object, as describe shows them. Kept apart from schema.ts so the
// file objects stay one addition; types come from field-def.ts (no module cycle).
import type { FieldDef, FieldType, ObjectDef } from '../field-def.js';

export const CONTENT_PREFIX = {
  ContentVersion: '068',
  ContentDocument: '069',
  ContentDocumentLink: '06A',
  Account_Score_Model__c: 'a0M',
} as const;

type Spec = { name: string; type: FieldType; label?: string } & Partial<Omit<FieldDef, 'name' | 'type' | 'label'>>;

function fld(s: Spec): FieldDef {
  return {
    label: s.label ?? s.name.replace(/__c$/, '').replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2'),
    updateable: true,
    createable: true,
    nillable: s.type !== 'boolean',
    custom: s.name.endsWith('__c'),
    ...s,
  };
}
const readOnly = { createable: false, updateable: false } as const;

const system = (): FieldDef[] => [
  fld({ name: 'IsDeleted', label: 'Deleted', type: 'boolean', ...readOnly }),
  fld({ name: 'CreatedDate', label: 'Created Date', type: 'datetime', ...readOnly, nillable: false }),
  fld({ name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', ...readOnly, nillable: false }),
  fld({ name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', ...readOnly, nillable: false }),
];
const id = (label: string) => fld({ name: 'Id', label: `${label} ID`, type: 'id', length: 18, ...readOnly, nillable: false });

/** A file version; VersionData is the blob (base64 on insert, a download URL when read). */
export const CONTENT_VERSION: ObjectDef = {
  name: 'ContentVersion',
  label: 'Content Version',
  labelPlural: 'Content Versions',
  keyPrefix: CONTENT_PREFIX.ContentVersion,
  custom: false,
  readOnly: false,
  children: [],
  fields: [
    id('Content Version'),
    // Set on insert to add a new version to an existing document; the org fills it otherwise.
    fld({ name: 'ContentDocumentId', label: 'Content Document ID', type: 'reference', length: 18, referenceTo: 'ContentDocument', relationshipName: 'ContentDocument', updateable: false }),
    fld({ name: 'Title', type: 'string', length: 255 }),
    fld({ name: 'Description', type: 'textarea', length: 1000 }),
    fld({ name: 'PathOnClient', label: 'Path On Client', type: 'string', length: 500, updateable: false }),
    fld({ name: 'VersionData', label: 'Version Data', type: 'base64', updateable: false }),
    fld({ name: 'FirstPublishLocationId', label: 'First Publish Location ID', type: 'reference', length: 18, updateable: false }),
    fld({ name: 'ReasonForChange', label: 'Reason For Change', type: 'string', length: 1000 }),
    fld({ name: 'ContentSize', label: 'Size', type: 'int', precision: 10, ...readOnly }),
    fld({ name: 'Checksum', type: 'string', length: 50, ...readOnly }),
    fld({ name: 'FileExtension', label: 'File Extension', type: 'string', length: 40, ...readOnly }),
    fld({ name: 'FileType', label: 'File Type', type: 'string', length: 20, ...readOnly }),
    fld({ name: 'IsLatest', label: 'Is Latest', type: 'boolean', ...readOnly }),
    fld({ name: 'VersionNumber', label: 'Version Number', type: 'string', length: 20, ...readOnly }),
    fld({ name: 'ContentLocation', label: 'Content Location', type: 'picklist', picklist: ['S', 'E', 'L'], restricted: true, updateable: false }),
    fld({ name: 'OwnerId', label: 'Owner ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Owner' }),
    ...system(),
  ],
};

/** Created by the org for each first ContentVersion; not insertable over the API. */
export const CONTENT_DOCUMENT: ObjectDef = {
  name: 'ContentDocument',
  label: 'Content Document',
  labelPlural: 'Content Documents',
  keyPrefix: CONTENT_PREFIX.ContentDocument,
  custom: false,
  readOnly: true,
  children: [
    { relationshipName: 'ContentVersions', childSObject: 'ContentVersion', field: 'ContentDocumentId' },
    { relationshipName: 'ContentDocumentLinks', childSObject: 'ContentDocumentLink', field: 'ContentDocumentId' },
  ],
  fields: [
    id('Content Document'),
    fld({ name: 'Title', type: 'string', length: 255 }),
    fld({ name: 'LatestPublishedVersionId', label: 'Latest Published Version ID', type: 'reference', length: 18, referenceTo: 'ContentVersion', ...readOnly }),
    fld({ name: 'FileExtension', label: 'File Extension', type: 'string', length: 40, ...readOnly }),
    fld({ name: 'FileType', label: 'File Type', type: 'string', length: 20, ...readOnly }),
    fld({ name: 'ContentSize', label: 'Size', type: 'int', precision: 10, ...readOnly }),
    fld({ name: 'OwnerId', label: 'Owner ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Owner' }),
    ...system(),
  ],
};

/** Shares a document with a record, user or library. */
export const CONTENT_DOCUMENT_LINK: ObjectDef = {
  name: 'ContentDocumentLink',
  label: 'Content Document Link',
  labelPlural: 'Content Document Links',
  keyPrefix: CONTENT_PREFIX.ContentDocumentLink,
  custom: false,
  readOnly: false,
  children: [],
  fields: [
    id('Content Document Link'),
    fld({ name: 'ContentDocumentId', label: 'Content Document ID', type: 'reference', length: 18, referenceTo: 'ContentDocument', relationshipName: 'ContentDocument', updateable: false, nillable: false, required: true }),
    fld({ name: 'LinkedEntityId', label: 'Linked Entity ID', type: 'reference', length: 18, updateable: false, nillable: false, required: true }),
    fld({ name: 'ShareType', label: 'Share Type', type: 'picklist', picklist: ['V', 'C', 'I'], restricted: true }),
    fld({ name: 'Visibility', type: 'picklist', picklist: ['AllUsers', 'InternalUsers', 'SharedUsers'], restricted: true }),
    ...system(),
  ],
};

/** force-app/main/default/objects/Account_Score_Model__c (test/force-app keeps them in step). */
export const ACCOUNT_SCORE_MODEL: ObjectDef = {
  name: 'Account_Score_Model__c',
  label: 'Account Score Model',
  labelPlural: 'Account Score Models',
  keyPrefix: CONTENT_PREFIX.Account_Score_Model__c,
  custom: true,
  readOnly: false,
  children: [],
  fields: [
    id('Record'),
    fld({ name: 'Name', label: 'Model Version', type: 'string', length: 80, nillable: false, required: true, custom: false }),
    fld({ name: 'OwnerId', label: 'Owner ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Owner' }),
    fld({ name: 'Status__c', label: 'Status', type: 'picklist', picklist: ['Candidate', 'Active', 'Retired'], restricted: true }),
    fld({ name: 'Trained_At__c', label: 'Trained At', type: 'datetime' }),
    fld({ name: 'Activated_At__c', label: 'Activated At', type: 'datetime' }),
    fld({ name: 'Label_Definition__c', label: 'Label Definition', type: 'string', length: 255 }),
    fld({ name: 'Training_Rows__c', label: 'Training Rows', type: 'double', precision: 10, scale: 0 }),
    fld({ name: 'Positives__c', label: 'Positives', type: 'double', precision: 10, scale: 0 }),
    fld({ name: 'CV_ROC_AUC__c', label: 'CV ROC AUC', type: 'double', precision: 5, scale: 4 }),
    fld({ name: 'CV_PR_AUC__c', label: 'CV PR AUC', type: 'double', precision: 5, scale: 4 }),
    fld({ name: 'Holdout_ROC_AUC__c', label: 'Holdout ROC AUC', type: 'double', precision: 5, scale: 4 }),
    fld({ name: 'Holdout_PR_AUC__c', label: 'Holdout PR AUC', type: 'double', precision: 5, scale: 4 }),
    fld({ name: 'Lift_At_10__c', label: 'Lift at 10%', type: 'double', precision: 6, scale: 2 }),
    fld({ name: 'Feature_Count__c', label: 'Feature Count', type: 'double', precision: 4, scale: 0 }),
    fld({ name: 'SHA256__c', label: 'SHA-256', type: 'string', length: 64 }),
    fld({ name: 'Published_By__c', label: 'Published By', type: 'string', length: 80 }),
    ...system(),
  ],
};

export const CONTENT_OBJECTS: readonly ObjectDef[] = [CONTENT_VERSION, CONTENT_DOCUMENT, CONTENT_DOCUMENT_LINK, ACCOUNT_SCORE_MODEL];
