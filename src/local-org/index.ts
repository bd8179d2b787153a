// The local org: a Salesforce REST API emulator that real jsforce talks to over HTTP.
export { startLocalOrg } from './server.js';
export type { LocalOrg } from './server.js';
export { LocalOrgOptions } from './options.js';
export type { LocalOrgOptionsInput } from './options.js';
export { OrgStore, StoreError, DEFAULT_SETTING, normalizeId } from './store.js';
export type { PlainRecord, WriteOptions } from './store.js';
export type { SaveFormat } from './store-io.js';
export { RequestLog } from './request-log.js';
export type { RequestEntry } from './request-log.js';
export { FaultController, FaultOptions } from './faults.js';
export type { FaultCounts, FaultInput } from './faults.js';
export { ApiLimits } from './limits.js';
export { OBJECTS, findObject, findField, describeObject } from './schema.js';
export type { FieldDef, ObjectDef, FieldType } from './schema.js';
export { FieldError } from './values.js';
export { makeId, to18, isValidId, KEY_PREFIX } from './ids.js';
