import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OrgStore } from '../../src/local-org/store.js';
import { generateOrg, writeOrgDir } from '../../src/local-org/generate/index.js';
import { runSoql } from '../../src/local-org/soql.js';

const withoutOwner = (g: { account: Record<string, unknown>; contacts: unknown; propensity: number }) => {
  const { OwnerId: _o, ...rest } = g.account;
  return JSON.stringify([rest, g.contacts, g.propensity]);
};

describe('generateOrg owners + activity', () => {
  const N = 3000;
  const opts = { seed: 5, accounts: N, positiveRate: 0.05, calibrationSample: 1000, opportunities: true };
  const plain = [...generateOrg(opts)];
  const owned = [...generateOrg({ ...opts, owners: { reps: 10 }, activity: true })];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('changes nothing but OwnerId: accounts, contacts, labels and opportunities stay as without owners', () => {
    expect(owned.map(withoutOwner)).toEqual(plain.map(withoutOwner));
    expect(plain.every((g) => g.tasks.length === 0 && g.events.length === 0)).toBe(true);
  });

  it('gives ~70% of accounts to the pool and the rest to reps of the account region; reps own the activity on their book', () => {
    const poolId = '005000000000000AAA';
    const inPool = owned.filter((g) => g.account.OwnerId === poolId).length / N;
    expect(inPool).toBeGreaterThan(0.66);
    expect(inPool).toBeLessThan(0.74);
    const worked = owned.filter((g) => g.account.OwnerId === poolId && (g.tasks.some((t) => t.Status !== 'Completed') || g.events.length > 0));
    expect(worked.length / (inPool * N)).toBeGreaterThan(0.02);
    expect(worked.length / (inPool * N)).toBeLessThan(0.08);
    for (const g of owned) {
      if (g.account.OwnerId !== poolId) for (const t of g.tasks) expect(t.OwnerId).toBe(g.account.OwnerId);
      for (const o of g.opportunities) expect(o.OwnerId).toBe(g.account.OwnerId);
    }
  });

  it('writes users, role, group, permission set, tasks and events that load into the local org and answer the queries assignment asks', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'owners-'));
    dirs.push(dir);
    await writeOrgDir(path.join(dir, 'org'), { ...opts, accounts: 800, owners: { reps: 6 }, activity: true }, { truthFile: path.join(dir, 'truth.csv') });
    const store = await OrgStore.loadDir(path.join(dir, 'org'));
    const q = (soql: string) => {
      const r = runSoql(store, soql);
      if (r.kind !== 'records') throw new Error('expected records');
      return r.totalSize;
    };
    expect(q("SELECT Id FROM User WHERE UserRole.DeveloperName = 'SDR' AND IsActive = true")).toBe(6);
    expect(q("SELECT UserOrGroupId FROM GroupMember WHERE Group.DeveloperName = 'SDR_Team'")).toBe(6);
    expect(q("SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = 'Outbound_SDR'")).toBe(6);
    expect(q("SELECT Id FROM User WHERE Region__c = 'EMEA'")).toBe(2);
    const open = q('SELECT WhatId FROM Task WHERE IsClosed = false');
    expect(open).toBeGreaterThan(10);
    expect(q("SELECT Id FROM Task WHERE IsClosed = true AND Status = 'Completed'")).toBe(q('SELECT Id FROM Task') - open);
    expect(q('SELECT WhatId FROM Event WHERE ActivityDate != null')).toBe(q('SELECT Id FROM Event'));
    // a new owner must be an active user, as in Salesforce
    const rep = '005000000000002AAA';
    store.update('User', rep, { IsActive: false });
    const id = store.iterate('Account').next().value!.Id as string;
    expect(() => store.update('Account', id, { OwnerId: rep })).toThrow(/inactive user/);
    expect(() => store.update('Account', id, { OwnerId: '005000000000zzzAAA' })).toThrow(/Owner ID/);
    store.update('Account', id, { OwnerId: '005000000000003AAA' });
    expect(store.get('Account', id)!.OwnerId).toBe('005000000000003AAA');
  });
});
