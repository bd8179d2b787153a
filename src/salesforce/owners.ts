// Who the reps are, which accounts make up the pool and each book, and which accounts someone
// is working: the org reads assignment needs. SOQL only (no semi-joins, so it runs anywhere).
import type { Connection } from 'jsforce';
import { z } from 'zod';
import { restQueryPages, type SalesforceRecord } from './query.js';

const ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Ids per IN (...) list: keeps each query far below SOQL's and the URL's length limits. */
export const IDS_PER_QUERY = 300;

export const RepSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('users'), ids: z.array(z.string().regex(ID)).min(1) }),
  z.object({ kind: z.literal('permset'), name: z.string().regex(API_NAME) }),
  z.object({ kind: z.literal('group'), name: z.string().regex(API_NAME) }),
  z.object({ kind: z.literal('role'), name: z.string().regex(API_NAME) }),
]);
export type RepSource = z.infer<typeof RepSource>;

export const PoolSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), id: z.string().regex(ID) }),
  z.object({ kind: z.literal('username'), username: z.string().min(3) }),
  z.object({ kind: z.literal('filter'), where: z.string().min(1) }),
]);
export type PoolSource = z.infer<typeof PoolSource>;

export class AssignInputError extends Error {
  override name = 'AssignInputError';
}

/**
 * --reps: comma-separated User Ids, or `permset:<Name>`, `group:<DeveloperName>`,
 * `role:<DeveloperName>`.
 */
export function parseReps(value: string): RepSource {
  const m = /^(permset|group|role):(.+)$/i.exec(value.trim());
  if (m) {
    const kind = m[1].toLowerCase() as 'permset' | 'group' | 'role';
    const name = m[2].trim();
    if (!API_NAME.test(name)) throw new AssignInputError(`--reps ${kind}:${name}: "${name}" is not an API name (letters, digits, underscores).`);
    return { kind, name };
  }
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = ids.filter((id) => !ID.test(id) || !id.startsWith('005'));
  if (ids.length === 0 || bad.length) {
    throw new AssignInputError(
      `--reps takes User Ids (005...) separated by commas, or permset:<Name>, group:<DeveloperName>, role:<DeveloperName>; not a User Id: ${bad.join(', ') || '(empty)'}.`,
    );
  }
  return { kind: 'users', ids };
}

/** --pool: a User Id, a username, or a SOQL WHERE filter on Account. A queue cannot own Accounts. */
export function parsePool(value: string): PoolSource {
  const v = value.trim();
  if (/^00G[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(v)) {
    throw new AssignInputError(
      `--pool ${v} is a queue or group: Salesforce does not let queues own Accounts. Use the user that holds the pool, or a SOQL filter such as "Owner.Name = 'Account Pool'".`,
    );
  }
  if (ID.test(v) && v.startsWith('005')) return { kind: 'user', id: v };
  if (/^[^\s'@]+@[^\s'@]+$/.test(v)) return { kind: 'username', username: v };
  if (v === '') throw new AssignInputError('--pool is empty: give the pool user (Id or username) or a SOQL filter on Account.');
  return { kind: 'filter', where: v };
}

export const quoteId = (id: string): string => {
  if (!ID.test(id)) throw new AssignInputError(`Not a Salesforce Id: "${id}"`);
  return `'${id}'`;
};
const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export async function queryAll(conn: Connection, soql: string): Promise<SalesforceRecord[]> {
  const out: SalesforceRecord[] = [];
  for await (const page of restQueryPages(conn, soql)) out.push(...page);
  return out;
}

/** Runs `build(inList)` for each slice of Ids and concatenates the records. */
export async function queryByIds(conn: Connection, ids: readonly string[], build: (inList: string) => string): Promise<SalesforceRecord[]> {
  const out: SalesforceRecord[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const list = ids.slice(i, i + IDS_PER_QUERY).map(quoteId).join(',');
    out.push(...(await queryAll(conn, build(list))));
  }
  return out;
}

export interface RepUser {
  Id: string;
  Name: string;
  IsActive: boolean;
  [field: string]: unknown;
}

/**
 * The active users behind --reps, with `fields` (match / capacity). Names every Id that is
 * not an active user, and says so when a group, role or permission set has no active member.
 */
export async function resolveReps(conn: Connection, src: RepSource, fields: readonly string[]): Promise<RepUser[]> {
  const select = [...new Set(['Id', 'Name', 'IsActive', ...fields])].join(', ');
  let ids: string[];
  let what: string;
  switch (src.kind) {
    case 'users':
      ids = src.ids;
      what = 'the given Ids';
      break;
    case 'permset':
      ids = (await queryAll(conn, `SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = ${quote(src.name)}`)).map((r) => String(r.AssigneeId));
      what = `permission set ${src.name}`;
      break;
    case 'group':
      // members that are users (005); nested groups are not expanded
      ids = (await queryAll(conn, `SELECT UserOrGroupId FROM GroupMember WHERE Group.DeveloperName = ${quote(src.name)}`))
        .map((r) => String(r.UserOrGroupId))
        .filter((id) => id.startsWith('005'));
      what = `public group ${src.name}`;
      break;
    case 'role': {
      const users = await queryAll(conn, `SELECT ${select} FROM User WHERE UserRole.DeveloperName = ${quote(src.name)} AND IsActive = true`);
      if (users.length === 0) throw new AssignInputError(`No active user has the role ${src.name}.`);
      return users as RepUser[];
    }
  }
  if (ids.length === 0) throw new AssignInputError(`${what} has no users.`);
  const users = (await queryByIds(conn, [...new Set(ids)], (list) => `SELECT ${select} FROM User WHERE Id IN (${list})`)) as RepUser[];
  const found = new Map(users.map((u) => [u.Id.slice(0, 15), u]));
  if (src.kind === 'users') {
    const missing = ids.filter((id) => !found.has(id.slice(0, 15)));
    const inactive = users.filter((u) => u.IsActive === false).map((u) => `${u.Id} (${u.Name})`);
    if (missing.length) throw new AssignInputError(`No user with Id ${missing.join(', ')} (or not visible to you).`);
    if (inactive.length) throw new AssignInputError(`These reps are inactive and cannot own accounts: ${inactive.join(', ')}.`);
  }
  const active = users.filter((u) => u.IsActive !== false);
  if (active.length === 0) throw new AssignInputError(`${what} has no active users.`);
  return active;
}

/** The pool user's Id (a username is looked up). */
export async function poolOwnerId(conn: Connection, pool: PoolSource): Promise<string | null> {
  if (pool.kind === 'filter') return null;
  if (pool.kind === 'user') {
    const u = await queryAll(conn, `SELECT Id, IsActive FROM User WHERE Id = ${quoteId(pool.id)}`);
    if (u.length === 0) throw new AssignInputError(`--pool: no user with Id ${pool.id}.`);
    return String(u[0].Id);
  }
  const u = await queryAll(conn, `SELECT Id FROM User WHERE Username = ${quote(pool.username)}`);
  if (u.length === 0) throw new AssignInputError(`--pool: no user with username ${pool.username}.`);
  return String(u[0].Id);
}

export interface WorkedOptions {
  /** YYYY-MM-DD: activity on or after this date counts */
  since: string;
}

/**
 * Why each of `accountIds` is being worked, if it is: a Task or Event dated on or after
 * `since` (done or planned), an open Task without a date, or an open Opportunity.
 */
export async function readWorked(conn: Connection, accountIds: readonly string[], opts: WorkedOptions): Promise<Map<string, string>> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.since)) throw new Error(`readWorked: since must be YYYY-MM-DD (got ${opts.since})`);
  const why = new Map<string, string>();
  const note = (id: unknown, reason: string) => {
    const k = String(id);
    if (!why.has(k)) why.set(k, reason);
  };
  const tasks = await queryByIds(
    conn,
    accountIds,
    (list) => `SELECT WhatId, ActivityDate, IsClosed, Subject FROM Task WHERE WhatId IN (${list}) AND (ActivityDate >= ${opts.since} OR (IsClosed = false AND ActivityDate = null))`,
  );
  for (const t of tasks) note(t.WhatId, `${t.IsClosed ? 'Task' : 'open Task'} ${t.ActivityDate ? `dated ${String(t.ActivityDate)}` : 'without a date'}`);
  const events = await queryByIds(conn, accountIds, (list) => `SELECT WhatId, ActivityDate FROM Event WHERE WhatId IN (${list}) AND ActivityDate >= ${opts.since}`);
  for (const e of events) note(e.WhatId, `Event on ${String(e.ActivityDate)}`);
  const opps = await queryByIds(conn, accountIds, (list) => `SELECT AccountId, Name, StageName FROM Opportunity WHERE AccountId IN (${list}) AND IsClosed = false`);
  for (const o of opps) note(o.AccountId, `open Opportunity "${String(o.Name)}" (${String(o.StageName)})`);
  return why;
}

/** Current OwnerId of each account (missing ones are absent from the map). */
export async function readOwners(conn: Connection, accountIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await queryByIds(conn, accountIds, (list) => `SELECT Id, OwnerId FROM Account WHERE Id IN (${list})`);
  return new Map(rows.map((r) => [String(r.Id), String(r.OwnerId)]));
}
