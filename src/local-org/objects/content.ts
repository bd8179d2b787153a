// Salesforce Files (ContentVersion / ContentDocument / ContentDocumentLink) and the Account
// Score model registry object, as describe shows them. Kept apart from schema.ts so the
// file objects stay one addition; types and builders come from field-def.ts (no module cycle).
import { fieldDef as fld, objectDef, type ObjectDef } from '../field-def.js';

export const CONTENT_PREFIX = {
  ContentVersion: '068',
  ContentDocument: '069',
  ContentDocumentLink: '06A',
  Account_Score_Model__c: 'a0M',
} as const;

const readOnly = { createable: false, updateable: false } as const;

/** A file version; VersionData is the blob (base64 on insert, a download URL when read). */
export const CONTENT_VERSION = objectDef('ContentVersion', 'Content Versions', CONTENT_PREFIX.ContentVersion, [
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
]);

/** Created by the org for each first ContentVersion; not insertable over the API. */
export const CONTENT_DOCUMENT = objectDef('ContentDocument', 'Content Documents', CONTENT_PREFIX.ContentDocument, [
  fld({ name: 'Title', type: 'string', length: 255 }),
  fld({ name: 'LatestPublishedVersionId', label: 'Latest Published Version ID', type: 'reference', length: 18, referenceTo: 'ContentVersion', ...readOnly }),
  fld({ name: 'FileExtension', label: 'File Extension', type: 'string', length: 40, ...readOnly }),
  fld({ name: 'FileType', label: 'File Type', type: 'string', length: 20, ...readOnly }),
  fld({ name: 'ContentSize', label: 'Size', type: 'int', precision: 10, ...readOnly }),
  fld({ name: 'OwnerId', label: 'Owner ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Owner' }),
], {
  readOnly: true,
  children: [
    { relationshipName: 'ContentVersions', childSObject: 'ContentVersion', field: 'ContentDocumentId' },
    { relationshipName: 'ContentDocumentLinks', childSObject: 'ContentDocumentLink', field: 'ContentDocumentId' },
  ],
});

/** Shares a document with a record, user or library. */
export const CONTENT_DOCUMENT_LINK = objectDef('ContentDocumentLink', 'Content Document Links', CONTENT_PREFIX.ContentDocumentLink, [
  fld({ name: 'ContentDocumentId', label: 'Content Document ID', type: 'reference', length: 18, referenceTo: 'ContentDocument', relationshipName: 'ContentDocument', updateable: false, nillable: false, required: true }),
  fld({ name: 'LinkedEntityId', label: 'Linked Entity ID', type: 'reference', length: 18, updateable: false, nillable: false, required: true }),
  fld({ name: 'ShareType', label: 'Share Type', type: 'picklist', picklist: ['V', 'C', 'I'], restricted: true }),
  fld({ name: 'Visibility', type: 'picklist', picklist: ['AllUsers', 'InternalUsers', 'SharedUsers'], restricted: true }),
]);

/** force-app/main/default/objects/Account_Score_Model__c (test/force-app keeps them in step). */
export const ACCOUNT_SCORE_MODEL = objectDef('Account_Score_Model__c', 'Account Score Models', CONTENT_PREFIX.Account_Score_Model__c, [
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
], {
  custom: true,
  idLabel: 'Record',
});

export const CONTENT_OBJECTS: readonly ObjectDef[] = [CONTENT_VERSION, CONTENT_DOCUMENT, CONTENT_DOCUMENT_LINK, ACCOUNT_SCORE_MODEL];
