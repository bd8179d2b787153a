// Applies a plan (OwnerId from -> to) or undoes it (to -> from) through the sync's writer:
// pre-flight describe, only accounts still owned as the plan expects, per-record failures
// reported by Id without stopping the others, transient ones retried, the API budget kept.
import type { Connection } from 'jsforce';
import type { ApiCallCounter } from '../salesforce/api-calls.js';
import { ASSIGNMENT_FIELDS, ASSIGNMENT_FIELD_NAMES } from '../salesforce/assignment-fields.js';
import { apiBudget } from '../salesforce/limits.js';
import { readOwners } from '../salesforce/owners.js';
import { preflight } from '../salesforce/preflight.js';
import { readSettings } from '../salesforce/settings.js';
import { DEFAULT_WRITE, writeAccounts, type AccountUpdate, type WriteOptions } from '../salesforce/writer.js';
import type { ApplyRecord, AssignPlanFile, MoveOutcome } from './plan-file.js';

export interface ApplyOptions {
  conn: Connection;
  calls: ApiCallCounter;
  apiReservePercent?: number;
  write?: Partial<WriteOptions>;
  now?: () => Date;
  progress?: (message: string) => void;
}

function estimateCalls(n: number, bulk: boolean): number {
  return bulk ? 8 : Math.ceil(n / 200) + 1;
}

/**
 * Moves (apply) or restores (undo) the plan's accounts. An account whose owner is no longer the
 * one the step expects (someone moved it since) is skipped and reported, never overwritten.
 */
export async function applyPlan(plan: AssignPlanFile, kind: 'apply' | 'undo', opts: ApplyOptions): Promise<ApplyRecord> {
  const say = opts.progress ?? (() => {});
  const at = (opts.now ?? (() => new Date()))().toISOString();
  const writeOpts: WriteOptions = { ...DEFAULT_WRITE, ...opts.write };
  await preflight(opts.conn, { accountFields: ['Id', 'OwnerId'], contactFields: [], writeFields: ['OwnerId', ...ASSIGNMENT_FIELD_NAMES] });
  const settings = await readSettings(opts.conn);
  const budget = await apiBudget(opts.conn, opts.apiReservePercent ?? settings.apiReservePercent, opts.calls);
  const ids = plan.assignments.map((a) => a.accountId);
  budget.assert(Math.ceil(ids.length / 300) + 1, 'reading current owners');
  say(`reading the current owners of ${ids.length} accounts`);
  const owners = await readOwners(opts.conn, ids);

  const problems: MoveOutcome[] = [];
  const updates: AccountUpdate[] = [];
  for (const a of plan.assignments) {
    const expected = kind === 'apply' ? a.from : a.to;
    const current = owners.get(a.accountId);
    if (current === undefined) {
      problems.push({ accountId: a.accountId, status: 'skipped', code: 'NOT_FOUND', message: 'No Account with this Id (deleted, or not visible to you)' });
    } else if (kind === 'apply' && current === a.to) {
      problems.push({ accountId: a.accountId, status: 'skipped', code: 'ALREADY_MOVED', message: `already owned by ${a.to} (moved by an earlier run of this plan)` });
    } else if (kind === 'undo' && current === a.from) {
      problems.push({ accountId: a.accountId, status: 'skipped', code: 'NOT_MOVED', message: `already owned by ${a.from} (never moved, or restored before)` });
    } else if (current !== expected) {
      problems.push({ accountId: a.accountId, status: 'skipped', code: 'OWNER_CHANGED', message: `owned by ${current}, not ${expected} as the plan expects: left as it is` });
    } else if (kind === 'apply') {
      updates.push({ Id: a.accountId, OwnerId: a.to, [ASSIGNMENT_FIELDS.previousOwner.name]: a.from, [ASSIGNMENT_FIELDS.plan.name]: `${plan.planId} ${at}` });
    } else {
      updates.push({ Id: a.accountId, OwnerId: a.from, [ASSIGNMENT_FIELDS.previousOwner.name]: null, [ASSIGNMENT_FIELDS.plan.name]: null });
    }
  }
  const bulk = updates.length >= writeOpts.bulkThreshold;
  budget.assert(estimateCalls(updates.length, bulk), `${kind === 'apply' ? 'moving' : 'restoring'} ${updates.length} accounts`);
  let done = 0;
  const res = await writeAccounts(opts.conn, updates, {
    ...writeOpts,
    onWritten: async (written) => {
      done += written.length;
      say(`${kind === 'apply' ? 'moved' : 'restored'} ${done} of ${updates.length}`);
      await opts.write?.onWritten?.(written);
    },
  });
  for (const f of res.failed) problems.push({ accountId: f.id, status: 'failed', code: f.code, message: f.message });
  return {
    kind,
    at,
    moved: res.written,
    failed: res.failed.length,
    skipped: problems.filter((p) => p.status === 'skipped').length,
    problems,
  };
}
