import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isolateSfHome, loginWithAccessToken, LOCAL_TOKEN } from './org-login.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { loadScoreOrg } from '../helpers/score-org.js';
import { writeOrgDir } from '../../src/local-org/generate/index.js';
import ScoreAssign, { ScoreAssignResult } from '../../src/commands/score/assign.js';
import ScoreAssignUndo, { ScoreAssignUndoResult } from '../../src/commands/score/assign/undo.js';

const POOL = '005000000000000AAA';

describe('sf score assign / undo', () => {
  let org: LocalOrg;
  let dir: string;
  let restoreHome: () => void = () => {};
  const owners = () => new Map([...org.store.iterate('Account')].map((a) => [String(a.Id), String(a.OwnerId)]));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'assign-cmd-'));
    await writeOrgDir(path.join(dir, 'org'), { seed: 3, accounts: 1200, calibrationSample: 1000, owners: { reps: 5 }, activity: true }, { truthFile: path.join(dir, 't.csv') });
    const sfHome = isolateSfHome();
    restoreHome = sfHome.restore;
    org = await startLocalOrg({ store: await loadScoreOrg(path.join(dir, 'org')), accessToken: LOCAL_TOKEN, bulkPollDelayMs: 5 });
    await loginWithAccessToken(sfHome.home, org.url, LOCAL_TOKEN, 'assign-org');
  }, 120_000);
  afterAll(async () => {
    await org?.close();
    restoreHome();
    await rm(dir, { recursive: true, force: true });
  });

  it('plans without writing anything by default and prints each rep with the baseline', async () => {
    const before = owners();
    const run = await runCommand(ScoreAssign, ['--target-org', 'assign-org', '--pool', POOL, '--reps', 'role:SDR', '--per-rep', '12']);
    expect(run.error).toBeUndefined();
    expect(owners()).toEqual(before);
    expect(run.stdout).toMatch(/Plan for 5 reps/);
    expect(run.stdout).toMatch(/60 accounts handed out: [\d.]+ expected conversions \(top-N total: [\d.]+\)/);
    expect(run.stdout).toMatch(/round-robin by score: [\d.]+/);
    expect(run.stdout).toMatch(/Dry run: nothing changed in the org/);
    for (const u of [...org.store.iterate('User')].filter((x) => x.Title === 'Sales Development Representative')) expect(run.stdout).toContain(String(u.Name));
  }, 60_000);

  it('--apply writes the plan first, moves the owners, and undo --plan puts every OwnerId back (--json)', async () => {
    const before = owners();
    const planFile = path.join(dir, 'plan.json');
    const csvFile = path.join(dir, 'plan.csv');
    const run = await runCommand(ScoreAssign, [
      '--target-org', 'assign-org', '--pool', POOL, '--reps', 'group:SDR_Team', '--per-rep', '15', '--match-field', 'Region__c',
      '--plan-file', planFile, '--output', csvFile, '--apply', '--json',
    ]);
    expect(run.error).toBeUndefined();
    const result = ScoreAssignResult.parse(parseJsonOutput(run.stdout).result);
    expect(result.applied).toMatchObject({ kind: 'apply', moved: result.plan.assignments.length, failed: 0, skipped: 0 });
    expect(result.plan.assignments.length).toBeGreaterThan(40);
    const moved = owners();
    for (const a of result.plan.assignments) expect(moved.get(a.accountId)).toBe(a.to);
    const saved = JSON.parse(await readFile(planFile, 'utf8'));
    expect(saved.history).toHaveLength(1);
    const csv = (await readFile(csvFile, 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(result.plan.assignments.length + 1);

    const undo = await runCommand(ScoreAssignUndo, ['--target-org', 'assign-org', '--plan', planFile, '--json']);
    expect(undo.error).toBeUndefined();
    const res = ScoreAssignUndoResult.parse(parseJsonOutput(undo.stdout).result);
    expect(res).toMatchObject({ kind: 'undo', moved: result.plan.assignments.length, failed: 0, skipped: 0 });
    expect(owners()).toEqual(before);
    expect(JSON.parse(await readFile(planFile, 'utf8')).history.map((h: { kind: string }) => h.kind)).toEqual(['apply', 'undo']);
  }, 60_000);

  it('--from-plan applies exactly a reviewed plan; running it again moves nothing; undo restores', async () => {
    const before = owners();
    const planFile = path.join(dir, 'reviewed.json');
    const dry = await runCommand(ScoreAssign, ['--target-org', 'assign-org', '--pool', POOL, '--reps', 'role:SDR', '--per-rep', '8', '--plan-file', planFile, '--json']);
    expect(dry.error).toBeUndefined();
    const planned = ScoreAssignResult.parse(parseJsonOutput(dry.stdout).result).plan;
    expect(owners()).toEqual(before);
    const run = await runCommand(ScoreAssign, ['--target-org', 'assign-org', '--from-plan', planFile, '--apply', '--json']);
    expect(run.error).toBeUndefined();
    const result = ScoreAssignResult.parse(parseJsonOutput(run.stdout).result);
    expect(result.plan.planId).toBe(planned.planId);
    expect(result.applied).toMatchObject({ moved: 40, failed: 0, skipped: 0 });
    const applied = owners();
    for (const a of planned.assignments) expect(applied.get(a.accountId)).toBe(a.to);
    const again = await runCommand(ScoreAssign, ['--target-org', 'assign-org', '--from-plan', planFile, '--apply']);
    expect(again.error).toBeUndefined();
    expect(again.stdout).toContain('40 accounts were already with their planned rep');
    const undo = await runCommand(ScoreAssignUndo, ['--target-org', 'assign-org', '--plan', planFile, '--json']);
    expect(ScoreAssignUndoResult.parse(parseJsonOutput(undo.stdout).result).moved).toBe(40);
    expect(owners()).toEqual(before);
    const both = await runCommand(ScoreAssign, ['--target-org', 'assign-org', '--from-plan', planFile, '--pool', POOL]);
    expect(both.error?.message).toMatch(/--pool=.*cannot also be provided when using --from-plan|cannot also be provided/);
  }, 60_000);

  it('refuses a missing capacity, a queue as pool and a non-JSON plan, naming the problem', async () => {
    const noPool = await runCommand(ScoreAssign, ['--target-org', 'assign-org', '--reps', 'role:SDR', '--per-rep', '5']);
    expect(noPool.error?.message).toMatch(/--pool and --reps/);
    const noCap = await runCommand(ScoreAssign, ['--target-org', 'assign-org', '--pool', POOL, '--reps', 'role:SDR']);
    expect(noCap.error?.message).toMatch(/how many accounts each rep takes/);
    const queue = await runCommand(ScoreAssign, ['--target-org', 'assign-org', '--pool', '00G000000000001AAA', '--reps', 'role:SDR', '--per-rep', '5']);
    expect(queue.error?.message).toMatch(/queues own Accounts/);
    const csv = path.join(dir, 'not-a-plan.csv');
    await (await import('node:fs/promises')).writeFile(csv, 'AccountId\n001\n');
    const bad = await runCommand(ScoreAssignUndo, ['--target-org', 'assign-org', '--plan', csv]);
    expect(bad.error?.message).toMatch(/not JSON .*pass the .json plan/);
  }, 60_000);
});
