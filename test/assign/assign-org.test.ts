import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyPlan } from '../../src/assign/apply.js';
import { loadPlanFile, planCsv, savePlanFile, type AssignPlanFile } from '../../src/assign/plan-file.js';
import { planFromOrg, type AssignOptions } from '../../src/assign/run.js';
import { writeOrgDir } from '../../src/local-org/generate/index.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { loadScoreOrg } from '../helpers/score-org.js';
import { ASSIGNMENT_FIELDS } from '../../src/salesforce/assignment-fields.js';
import { connect } from '../../src/salesforce/connection.js';
import { parsePool, parseReps } from '../../src/salesforce/owners.js';
import { loadScoringModel, type ScoringModel } from '../../src/model/index.js';

const MODEL = path.resolve('model/account-score.onnx');
const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 2, maxDelayMs: 20, seed: 3 };
const NOW = new Date('2026-11-01T09:00:00Z'); // the generator's asOf
const POOL = '005000000000000AAA';
const DAY = 86_400_000;

let dir: string;
let org: LocalOrg;
// Every plan scores with the shipped model: decode it once (~80 ms of CPU a load); plans may
// close their copy, the file's afterAll releases the session.
let model: ScoringModel;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'assign-'));
  await writeOrgDir(
    path.join(dir, 'org'),
    { seed: 21, accounts: 2500, calibrationSample: 1000, opportunities: true, owners: { reps: 8 }, activity: true },
    { truthFile: path.join(dir, 'truth.csv') },
  );
  org = await startLocalOrg({ store: await loadScoreOrg(path.join(dir, 'org')), bulkPollDelayMs: 5 });
  model = await loadScoringModel(MODEL);
}, 120_000);
afterAll(async () => {
  await model?.close();
  await org?.close();
  await rm(dir, { recursive: true, force: true });
});

async function options(extra: Partial<AssignOptions> = {}): Promise<AssignOptions> {
  const { conn, calls } = await connect({ instanceUrl: org.url, accessToken: org.issueToken() }, FAST_RETRY);
  return {
    conn,
    calls,
    loadModel: () => Promise.resolve({ ...model, close: () => Promise.resolve() }),
    pool: parsePool(POOL),
    reps: parseReps('group:SDR_Team'),
    poolText: POOL,
    repsText: 'group:SDR_Team',
    perRep: 25,
    now: () => NOW,
    ...extra,
  };
}

/** Accounts the org says are being worked on NOW with a 30-day window, computed from the store directly. */
function workedInStore(): Set<string> {
  const since = NOW.getTime() - 30 * DAY;
  const out = new Set<string>();
  const day = (v: unknown) => (typeof v === 'string' ? Date.parse(`${v}T00:00:00Z`) : NaN);
  for (const t of org.store.iterate('Task')) if (day(t.ActivityDate) >= Math.floor(since / DAY) * DAY) out.add(String(t.WhatId));
  for (const e of org.store.iterate('Event')) if (day(e.ActivityDate) >= Math.floor(since / DAY) * DAY) out.add(String(e.WhatId));
  for (const o of org.store.iterate('Opportunity')) if (o.IsClosed === false) out.add(String(o.AccountId));
  return out;
}

const owners = () => new Map([...org.store.iterate('Account')].map((a) => [String(a.Id), String(a.OwnerId)]));

describe('sf score assign against the local org', () => {
  let plan: AssignPlanFile;

  beforeAll(async () => {
    plan = await planFromOrg(await options());
  }, 120_000);

  it('plans 25 accounts for each of the 8 reps from the pool, best first, none being worked, balanced counting books', () => {
    expect(plan.reps).toHaveLength(8);
    expect(plan.stats.assigned).toBe(200);
    for (const r of plan.reps) expect(r.added.count).toBe(25);
    const worked = workedInStore();
    expect(worked.size).toBeGreaterThan(0);
    const store = owners();
    for (const a of plan.assignments) {
      expect(store.get(a.accountId)).toBe(POOL);
      expect(a.from).toBe(POOL);
      expect(worked.has(a.accountId)).toBe(false);
    }
    // some of the best pool accounts were worked and left alone, with the reason
    expect(plan.skipped.length).toBeGreaterThan(0);
    for (const s of plan.skipped) expect(worked.has(s.accountId)).toBe(true);
    expect(plan.skipped.map((s) => s.reason).join('\n')).toMatch(/open Task|Event on|open Opportunity|Task dated/);
    expect(plan.stats.planExpected).toBeCloseTo(plan.stats.topNExpected, 9);
    expect(plan.stats.ratio).toBeLessThan(plan.stats.baselineRatio);
    // book counts are what the org holds
    const held = new Map<string, number>();
    for (const o of store.values()) held.set(o, (held.get(o) ?? 0) + 1);
    for (const r of plan.reps) expect(r.before.count).toBe(held.get(r.id) ?? 0);
  });

  it('with --match-field Region__c sends no account to a rep of another region', async () => {
    const p = await planFromOrg(await options({ matchField: 'Region__c', perRep: 10 }));
    const region = new Map([...org.store.iterate('Account')].map((a) => [String(a.Id), a.Region__c]));
    const repRegion = new Map([...org.store.iterate('User')].map((u) => [String(u.Id), u.Region__c]));
    expect(p.stats.assigned).toBe(80);
    for (const a of p.assignments) expect(region.get(a.accountId)).toBe(repRegion.get(a.to));
  }, 60_000);

  it('takes the pool from a SOQL filter and the reps from a permission set or a list of Ids', async () => {
    const p = await planFromOrg(
      await options({ pool: parsePool(`OwnerId = '${POOL}' AND Region__c = 'EMEA'`), reps: parseReps('permset:Outbound_SDR'), perRep: 5 }),
    );
    const region = new Map([...org.store.iterate('Account')].map((a) => [String(a.Id), a.Region__c]));
    expect(p.stats.assigned).toBe(40);
    for (const a of p.assignments) expect([a.accountId, region.get(a.accountId), a.from]).toEqual([a.accountId, 'EMEA', POOL]);
    const two = plan.reps.slice(0, 2).map((r) => r.id);
    const q = await planFromOrg(await options({ reps: parseReps(two.join(',')), perRep: 3 }));
    expect(q.reps.map((r) => r.id)).toEqual(two);
    await expect(planFromOrg(await options({ reps: parseReps('005000000000zzzAAA') }))).rejects.toThrow(/No user with Id 005000000000zzzAAA/);
    await expect(planFromOrg(await options({ reps: parseReps('group:Nobody') }))).rejects.toThrow(/public group Nobody has no users/);
    await expect(planFromOrg(await options({ capacityField: 'Account_Capacity__c', perRep: undefined }))).rejects.toThrow(/has no usable Account_Capacity__c/);
    // --capacity-field: a book may grow to the rep's Account_Capacity__c (and no more than --per-rep)
    plan.reps.forEach((r, k) => org.store.update('User', r.id, { Account_Capacity__c: r.before.count + k }, { load: true }));
    const c = await planFromOrg(await options({ capacityField: 'Account_Capacity__c', perRep: 6 }));
    expect(c.reps.map((r) => r.added.count)).toEqual(plan.reps.map((_, k) => Math.min(k, 6)));
    plan.reps.forEach((r) => org.store.update('User', r.id, { Account_Capacity__c: null }, { load: true }));
  }, 60_000);

  it('--apply moves the owners, a failing record is reported by Id without stopping the others, and undo restores every OwnerId', async () => {
    const before = owners();
    const file = path.join(dir, 'plan.json');
    await savePlanFile(file, plan);
    const reread = await loadPlanFile(file);
    expect(reread.assignments).toEqual(plan.assignments);

    // a rep deactivated between planning and applying: Salesforce refuses them as owner
    const gone = plan.reps[3].id;
    org.store.update('User', gone, { IsActive: false });
    const applied = await applyPlan(reread, 'apply', { ...(await options()), write: { recordRetry: FAST_RETRY, pollIntervalMs: 5 } });
    const goneIds = plan.assignments.filter((a) => a.to === gone).map((a) => a.accountId).sort();
    expect(applied.failed).toBe(25);
    expect(applied.moved).toBe(175);
    expect(applied.problems.filter((p) => p.status === 'failed').map((p) => p.accountId).sort()).toEqual(goneIds);
    expect(applied.problems.find((p) => p.status === 'failed')!.code).toBe('INACTIVE_OWNER_OR_USER');
    const after = owners();
    for (const a of plan.assignments) {
      const rec = org.store.get('Account', a.accountId)!;
      if (a.to === gone) {
        expect(after.get(a.accountId)).toBe(POOL);
      } else {
        expect(after.get(a.accountId)).toBe(a.to);
        expect(rec[ASSIGNMENT_FIELDS.previousOwner.name]).toBe(POOL);
        expect(String(rec[ASSIGNMENT_FIELDS.plan.name])).toContain(plan.planId);
      }
    }

    // someone moves one account by hand before the undo: undo leaves it with them
    const handMoved = plan.assignments.find((a) => a.to !== gone)!;
    const other = plan.reps.find((r) => r.id !== handMoved.to && r.id !== gone)!.id;
    org.store.update('Account', handMoved.accountId, { OwnerId: other });
    const undone = await applyPlan(reread, 'undo', { ...(await options()), write: { recordRetry: FAST_RETRY, pollIntervalMs: 5 } });
    expect(undone.moved).toBe(174);
    expect(undone.failed).toBe(0);
    expect(undone.problems.find((p) => p.accountId === handMoved.accountId)!.code).toBe('OWNER_CHANGED');
    expect(undone.problems.filter((p) => p.code === 'NOT_MOVED')).toHaveLength(25);
    org.store.update('Account', handMoved.accountId, { OwnerId: POOL });
    const restored = owners();
    for (const [id, owner] of before) expect([id, restored.get(id)]).toEqual([id, owner]);
    // history is cleared on the restored ones; the hand-moved one keeps what apply wrote
    for (const a of plan.assignments) {
      const prev = org.store.get('Account', a.accountId)![ASSIGNMENT_FIELDS.previousOwner.name];
      expect([a.accountId, prev]).toEqual([a.accountId, a === handMoved ? POOL : null]);
    }
  }, 60_000);

  it('writes a CSV a spreadsheet cannot execute', () => {
    const csv = planCsv({ assignments: [{ ...plan.assignments[0], name: '=HYPERLINK("http://x")' }] });
    expect(csv.split('\n')[0]).toBe('AccountId,AccountName,FromOwnerId,ToUserId,ToUserName,Score,Tier,ExpectedConversion,Why');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});

describe('--pool and --reps parsing', () => {
  it('names what is wrong', () => {
    expect(() => parsePool('00G000000000001AAA')).toThrow(/queues own Accounts/);
    expect(parsePool("Owner.Name = 'Account Pool'")).toEqual({ kind: 'filter', where: "Owner.Name = 'Account Pool'" });
    expect(parsePool('pool@acme.example')).toEqual({ kind: 'username', username: 'pool@acme.example' });
    expect(() => parseReps('005000000000001AAA,001000000000001AAA')).toThrow(/not a User Id: 001000000000001AAA/);
    expect(parseReps('role:SDR')).toEqual({ kind: 'role', name: 'SDR' });
    expect(() => parseReps("group:SDR'--")).toThrow(/not an API name/);
  });
});
