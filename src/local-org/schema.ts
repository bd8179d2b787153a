// The local org's standard objects, as data: one ObjectDef per sObject. An org adds to them
// through the server's `extraFields` and its directory's schema.json (org-schema.ts); the
// describe shapes are in describe.ts. To add an object, define it here and list it in
// STANDARD_OBJECTS.
import { KEY_PREFIX } from './ids.js';
import { STANDARD_STAGE_NAMES } from './opportunity-stages.js';
import { fieldDef as f, objectDef, SYSTEM_FIELDS, type FieldDef, type ObjectDef } from './field-def.js';

export { fieldDef, labelOf, storageKind } from './field-def.js';
export type { FieldDef, FieldDefInput, FieldType, ObjectDef, StorageKind } from './field-def.js';

const ACCOUNT = objectDef('Account', 'Accounts', KEY_PREFIX.Account, [
  f({ name: 'Name', label: 'Account Name', type: 'string', length: 255, nillable: false, required: true }),
  f({
    name: 'Type',
    label: 'Account Type',
    type: 'picklist',
    picklist: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other'],
    restricted: false,
  }),
  f({
    name: 'Industry',
    type: 'picklist',
    restricted: false,
    picklist: [
      'Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting',
      'Education', 'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage',
      'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Machinery', 'Manufacturing', 'Media', 'Not For Profit',
      'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications', 'Transportation', 'Utilities', 'Other',
    ],
  }),
  f({ name: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency', precision: 18, scale: 0 }),
  f({ name: 'NumberOfEmployees', label: 'Employees', type: 'int', precision: 8, scale: 0 }),
  f({ name: 'BillingCity', label: 'Billing City', type: 'string', length: 40 }),
  f({ name: 'BillingCountry', label: 'Billing Country', type: 'string', length: 80 }),
  f({ name: 'Website', type: 'url', length: 255 }),
  f({ name: 'OwnerId', label: 'Owner ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Owner' }),
], {
  children: [
    { relationshipName: 'Contacts', childSObject: 'Contact', field: 'AccountId' },
    { relationshipName: 'Opportunities', childSObject: 'Opportunity', field: 'AccountId' },
  ],
  afterSystemFields: [
    f({ name: 'Region__c', label: 'Region', type: 'picklist', picklist: ['North America', 'EMEA', 'APAC', 'LATAM'], restricted: true }),
    f({ name: 'GTM_Segment__c', label: 'GTM Segment', type: 'picklist', picklist: ['SMB', 'Mid-Market', 'Enterprise'], restricted: true }),
    f({ name: 'ABM_Group__c', label: 'ABM Group', type: 'picklist', picklist: ['Tier 1', 'Tier 2', 'Tier 3'], restricted: true }),
    f({
      name: 'Persona__c',
      label: 'Persona',
      type: 'picklist',
      picklist: ['Talent Acquisition', 'HR Operations', 'Sales Leadership', 'Founder', 'Finance', 'IT'],
      restricted: true,
    }),
    f({ name: 'Current_Technology__c', label: 'Current Technology', type: 'string', length: 255 }),
    f({ name: 'Researcher_Notes__c', label: 'Researcher Notes', type: 'textarea', length: 131072 }),
    f({ name: 'Converted_To_SQL__c', label: 'Converted To SQL', type: 'boolean' }),
    f({ name: 'Converted_To_SQL_Date__c', label: 'Converted To SQL Date', type: 'date' }),
  ],
});

const CONTACT = objectDef('Contact', 'Contacts', KEY_PREFIX.Contact, [
  f({ name: 'AccountId', label: 'Account ID', type: 'reference', length: 18, referenceTo: 'Account', relationshipName: 'Account' }),
  f({ name: 'FirstName', label: 'First Name', type: 'string', length: 40 }),
  f({ name: 'LastName', label: 'Last Name', type: 'string', length: 80, nillable: false, required: true }),
  // Compound name: computed from First/Last on every write, like Salesforce's.
  f({ name: 'Name', label: 'Full Name', type: 'string', length: 121, updateable: false, createable: false, nillable: false }),
  f({ name: 'Title', type: 'string', length: 128 }),
  f({ name: 'Email', type: 'email', length: 80 }),
]);

// Standard Opportunity (the fields the product reads, as describe shows them). IsClosed and
// IsWon are set by the org from the stage (OpportunityStage), never by the API caller.
const OPPORTUNITY = objectDef('Opportunity', 'Opportunities', KEY_PREFIX.Opportunity, [
  f({ name: 'AccountId', label: 'Account ID', type: 'reference', length: 18, referenceTo: 'Account', relationshipName: 'Account' }),
  f({ name: 'Name', type: 'string', length: 120, nillable: false, required: true }),
  f({ name: 'StageName', label: 'Stage', type: 'picklist', length: 255, picklist: STANDARD_STAGE_NAMES, restricted: false, nillable: false, required: true }),
  f({ name: 'CloseDate', label: 'Close Date', type: 'date', nillable: false, required: true }),
  f({ name: 'Amount', type: 'currency', precision: 18, scale: 2 }),
  f({ name: 'Probability', label: 'Probability (%)', type: 'percent', precision: 3, scale: 0 }),
  f({ name: 'IsClosed', label: 'Closed', type: 'boolean', updateable: false, createable: false }),
  f({ name: 'IsWon', label: 'Won', type: 'boolean', updateable: false, createable: false }),
  f({ name: 'OwnerId', label: 'Owner ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Owner' }),
]);

// Setup's Opportunity Stages (read-only over the API, like Salesforce's OpportunityStage).
const OPPORTUNITY_STAGE = objectDef('OpportunityStage', 'Opportunity Stages', KEY_PREFIX.OpportunityStage, [
  f({ name: 'MasterLabel', label: 'Master Label', type: 'string', length: 255 }),
  f({ name: 'ApiName', label: 'Api Name', type: 'string', length: 255 }),
  f({ name: 'IsActive', label: 'Is Active', type: 'boolean' }),
  f({ name: 'SortOrder', label: 'Sort Order', type: 'int', precision: 9 }),
  f({ name: 'IsClosed', label: 'Closed', type: 'boolean' }),
  f({ name: 'IsWon', label: 'Won', type: 'boolean' }),
  f({ name: 'DefaultProbability', label: 'Probability (%)', type: 'percent', precision: 3, scale: 0 }),
  f({ name: 'ForecastCategoryName', label: 'Forecast Category', type: 'picklist', picklist: ['Omitted', 'Pipeline', 'BestCase', 'Commit', 'Closed'] }),
], {
  readOnly: true,
});

const SETTING = objectDef('Account_Score_Setting__mdt', 'Account Score Settings', KEY_PREFIX.Account_Score_Setting__mdt, [
  f({ name: 'DeveloperName', label: 'Custom Metadata Record Name', type: 'string', length: 40, nillable: false, required: true }),
  f({ name: 'MasterLabel', label: 'Label', type: 'string', length: 40, nillable: false, required: true }),
  f({ name: 'Label', label: 'Label', type: 'string', length: 40, updateable: false, createable: false }),
  f({ name: 'QualifiedApiName', label: 'Qualified API Name', type: 'string', length: 70, updateable: false, createable: false }),
  f({ name: 'NamespacePrefix', label: 'Namespace Prefix', type: 'string', length: 15, updateable: false, createable: false }),
  f({ name: 'Hot_Threshold__c', label: 'Hot Threshold', type: 'double', precision: 5, scale: 2 }),
  f({ name: 'Warm_Threshold__c', label: 'Warm Threshold', type: 'double', precision: 5, scale: 2 }),
  f({ name: 'Model_Version__c', label: 'Model Version', type: 'string', length: 80 }),
  f({ name: 'Score_Change_Tolerance__c', label: 'Score Change Tolerance', type: 'double', precision: 5, scale: 2 }),
  f({ name: 'Api_Reserve_Percent__c', label: 'API Reserve Percent', type: 'double', precision: 3, scale: 0 }),
  f({ name: 'Top_Factor_Count__c', label: 'Top Factor Count', type: 'double', precision: 2, scale: 0 }),
], {
  label: 'Account Score Setting',
  custom: true,
  readOnly: true,
  idLabel: 'Custom Metadata Record',
});

const USER = objectDef('User', 'Users', KEY_PREFIX.User, [
  f({ name: 'Username', type: 'string', length: 80, nillable: false, required: true }),
  f({ name: 'FirstName', label: 'First Name', type: 'string', length: 40 }),
  f({ name: 'LastName', label: 'Last Name', type: 'string', length: 80, nillable: false, required: true }),
  f({ name: 'Name', label: 'Full Name', type: 'string', length: 121, updateable: false, createable: false }),
  f({ name: 'Email', type: 'email', length: 128 }),
  f({ name: 'IsActive', label: 'Active', type: 'boolean' }),
  f({ name: 'TimeZoneSidKey', label: 'Time Zone', type: 'string', length: 40 }),
  f({ name: 'LanguageLocaleKey', label: 'Language', type: 'string', length: 40 }),
  f({ name: 'UserType', label: 'User Type', type: 'string', length: 40, updateable: false }),
  f({ name: 'ProfileId', label: 'Profile ID', type: 'reference', length: 18, referenceTo: 'Profile' }),
  f({ name: 'UserRoleId', label: 'Role ID', type: 'reference', length: 18, referenceTo: 'UserRole', relationshipName: 'UserRole' }),
  f({ name: 'ManagerId', label: 'Manager ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Manager' }),
  f({ name: 'Title', type: 'string', length: 80 }),
  // An org's own territory field on User (the assignment's match field reads it beside Account's).
  f({ name: 'Region__c', label: 'Region', type: 'picklist', picklist: ['North America', 'EMEA', 'APAC', 'LATAM'], restricted: true }),
  f({ name: 'Account_Capacity__c', label: 'Account Capacity', type: 'double', precision: 6, scale: 0 }),
]);

const ORGANIZATION = objectDef('Organization', 'Organizations', KEY_PREFIX.Organization, [
  f({ name: 'Name', type: 'string', length: 80 }),
  f({ name: 'TrialExpirationDate', label: 'Trial Expiration Date', type: 'datetime' }),
  f({ name: 'IsSandbox', label: 'Is Sandbox', type: 'boolean' }),
  f({ name: 'InstanceName', label: 'Instance Name', type: 'string', length: 5 }),
  f({ name: 'OrganizationType', label: 'Edition', type: 'string', length: 40 }),
  f({ name: 'NamespacePrefix', label: 'Namespace Prefix', type: 'string', length: 15 }),
  f({ name: 'DefaultLocaleSidKey', label: 'Locale', type: 'string', length: 40 }),
  f({ name: 'TimeZoneSidKey', label: 'Time Zone', type: 'string', length: 40 }),
  f({ name: 'LanguageLocaleKey', label: 'Language', type: 'string', length: 40 }),
], {
  readOnly: true,
});

// People and activity, as assignment reads them: who the reps are (role, public group,
// permission set) and whether an account is being worked (open Task/Event, open Opportunity).
const USER_ROLE = objectDef('UserRole', 'Roles', KEY_PREFIX.UserRole, [
  f({ name: 'Name', type: 'string', length: 80, nillable: false, required: true }),
  f({ name: 'DeveloperName', label: 'Role Name', type: 'string', length: 80 }),
  f({ name: 'ParentRoleId', label: 'Parent Role ID', type: 'reference', length: 18, referenceTo: 'UserRole' }),
]);

const GROUP = objectDef('Group', 'Groups', KEY_PREFIX.Group, [
  f({ name: 'Name', type: 'string', length: 40, nillable: false, required: true }),
  f({ name: 'DeveloperName', label: 'Developer Name', type: 'string', length: 80 }),
  f({ name: 'Type', type: 'picklist', picklist: ['Regular', 'Queue', 'Role', 'RoleAndSubordinates', 'Organization'], restricted: true }),
]);

const GROUP_MEMBER = objectDef('GroupMember', 'Group Members', KEY_PREFIX.GroupMember, [
  f({ name: 'GroupId', label: 'Group ID', type: 'reference', length: 18, referenceTo: 'Group', relationshipName: 'Group', updateable: false }),
  // polymorphic (User or Group) in Salesforce, so no relationship to traverse
  f({ name: 'UserOrGroupId', label: 'User/Group ID', type: 'reference', length: 18, referenceTo: 'User', updateable: false }),
]);

const PERMISSION_SET = objectDef('PermissionSet', 'Permission Sets', KEY_PREFIX.PermissionSet, [
  f({ name: 'Name', type: 'string', length: 80, nillable: false, required: true }),
  f({ name: 'Label', type: 'string', length: 80 }),
  f({ name: 'IsOwnedByProfile', label: 'Is Owned By Profile', type: 'boolean' }),
]);

const PERMISSION_SET_ASSIGNMENT = objectDef('PermissionSetAssignment', 'Permission Set Assignments', KEY_PREFIX.PermissionSetAssignment, [
  f({ name: 'AssigneeId', label: 'Assignee ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Assignee', updateable: false }),
  f({ name: 'PermissionSetId', label: 'Permission Set ID', type: 'reference', length: 18, referenceTo: 'PermissionSet', relationshipName: 'PermissionSet', updateable: false }),
]);

/** Task statuses of a new org; IsClosed follows the status (Completed closes a task). */
export const TASK_STATUSES = ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] as const;
export const CLOSED_TASK_STATUSES: ReadonlySet<string> = new Set(['Completed']);

// WhatId is polymorphic in Salesforce (Account, Opportunity, ...); here it points at Accounts.
const TASK = objectDef('Task', 'Tasks', KEY_PREFIX.Task, [
  f({ name: 'Subject', type: 'string', length: 255 }),
  f({ name: 'WhatId', label: 'Related To ID', type: 'reference', length: 18, referenceTo: 'Account' }),
  f({ name: 'OwnerId', label: 'Assigned To ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Owner' }),
  f({ name: 'ActivityDate', label: 'Due Date Only', type: 'date' }),
  f({ name: 'Status', type: 'picklist', picklist: TASK_STATUSES, restricted: false, nillable: false }),
  f({ name: 'Priority', type: 'picklist', picklist: ['High', 'Normal', 'Low'], restricted: false }),
  f({ name: 'IsClosed', label: 'Closed', type: 'boolean', updateable: false, createable: false }),
  f({ name: 'Type', type: 'picklist', picklist: ['Call', 'Email', 'Meeting', 'Other'], restricted: false }),
]);

const EVENT = objectDef('Event', 'Events', KEY_PREFIX.Event, [
  f({ name: 'Subject', type: 'string', length: 255 }),
  f({ name: 'WhatId', label: 'Related To ID', type: 'reference', length: 18, referenceTo: 'Account' }),
  f({ name: 'OwnerId', label: 'Assigned To ID', type: 'reference', length: 18, referenceTo: 'User', relationshipName: 'Owner' }),
  f({ name: 'StartDateTime', label: 'Start', type: 'datetime' }),
  f({ name: 'EndDateTime', label: 'End', type: 'datetime' }),
  f({ name: 'DurationInMinutes', label: 'Duration', type: 'int', precision: 8 }),
  // set by the org from StartDateTime
  f({ name: 'ActivityDate', label: 'Due Date Only', type: 'date', updateable: false, createable: false }),
]);

/** The objects every local org has, before its extra fields and schema.json. */
export const STANDARD_OBJECTS: readonly ObjectDef[] = [
  ACCOUNT, CONTACT, OPPORTUNITY, OPPORTUNITY_STAGE, SETTING, USER, ORGANIZATION,
  USER_ROLE, GROUP, GROUP_MEMBER, PERMISSION_SET, PERMISSION_SET_ASSIGNMENT, TASK, EVENT,
];

/** Fields the store itself reads and writes; an org's schema.json cannot remove them. */
export const SYSTEM_FIELD_NAMES: readonly string[] = ['Id', ...SYSTEM_FIELDS.map((fd) => fd.name)];

const fieldIndexCache = new WeakMap<ObjectDef, Map<string, FieldDef>>();
/** Case-insensitive field lookup. */
export function findField(obj: ObjectDef, name: string): FieldDef | undefined {
  let idx = fieldIndexCache.get(obj);
  if (!idx) {
    idx = new Map(obj.fields.map((fd) => [fd.name.toLowerCase(), fd]));
    fieldIndexCache.set(obj, idx);
  }
  return idx.get(name.toLowerCase());
}
