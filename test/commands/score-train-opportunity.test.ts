import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import path from 'node:path';
import { isolateSfHome, loginWithAccessToken, LOCAL_TOKEN } from './org-login.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { tempDir } from './fixtures.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { writeOrgDir } from '../../src/local-org/generate/index.js';
import { STANDARD_STAGES } from '../../src/local-org/opportunity-stages.js';
import ScoreTrain, { ScoreTrainResult } from '../../src/commands/score/train.js';
import { loadScoreOrg } from '../helpers/score-org.js';

const DAY = 86_400_000;
// enough for both labels to have converters (and too-recent accounts); the checks hold at any size
const ACCOUNTS = 500;

describe('sf score train with Opportunity labels', () => {
  let org: LocalOrg;
  let dir: string;
  let restoreHome: () => void = () => {};
  const opps = new Map<string, { created: number; stage: string }[]>();
  beforeAll(async () => {
    dir = tempDir('score-train-opp');
    const orgDir = path.join(dir, 'org');
    await writeOrgDir(orgDir, { seed: 7, accounts: ACCOUNTS, positiveRate: 0.25, calibrationSample: 1000, opportunities: true }, { truthFile: path.join(dir, 'truth.csv') });
    const sfHome = isolateSfHome();
    restoreHome = sfHome.restore;
    org = await startLocalOrg({ store: await loadScoreOrg(orgDir), accessToken: LOCAL_TOKEN });
    await loginWithAccessToken(sfHome.home, org.url, LOCAL_TOKEN, 'opp-org');
    for (const o of org.store.iterate('Opportunity')) {
      const list = opps.get(String(o.AccountId)) ?? [];
      list.push({ created: Date.parse(String(o.CreatedDate)), stage: String(o.StageName) });
      opps.set(String(o.AccountId), list);
    }
  });
  afterAll(async () => {
    await org?.close();
    restoreHome();
  });

  it('--label-opportunity-created-within: converted = an Opportunity within N days of the Account; too-recent accounts left out (--json)', async () => {
    const days = 730;
    let positives = 0;
    let tooRecent = 0;
    const now = Date.now();
    for (const a of org.store.iterate('Account')) {
      const created = Date.parse(String(a.CreatedDate));
      const y = (opps.get(String(a.Id)) ?? []).some((o) => o.created - created <= days * DAY);
      if (y) positives++;
      else if (now - created < days * DAY) tooRecent++;
    }
    const before = org.requests.apiCalls();
    const run = await runCommand(ScoreTrain, ['--target-org', 'opp-org', '--label-opportunity-created-within', String(days), '--output-dir', path.join(dir, 'm1'), '--folds', '2', '--json']);
    expect(run.error).toBeUndefined();
    const r = ScoreTrainResult.parse(parseJsonOutput(run.stdout).result);
    expect(positives).toBeGreaterThanOrEqual(10);
    expect(tooRecent).toBeGreaterThan(0);
    expect(r).toMatchObject({ positives, tooRecent, accounts: ACCOUNTS - tooRecent, label: `Opportunity created within ${days} days of the Account's CreatedDate` });
    // Opportunities are read by one paged query, never one call per account: the whole read is a handful of calls.
    expect(org.requests.apiCalls() - before).toBeLessThan(20);
  });

  it('--label-opportunity-stage: an Opportunity at the stage or later (or won), any case; prints the label', async () => {
    const rank = new Map(STANDARD_STAGES.map((s, i) => [s.name, i]));
    const target = rank.get('Needs Analysis')!;
    let positives = 0;
    for (const a of org.store.iterate('Account')) {
      const reached = (opps.get(String(a.Id)) ?? []).some((o) => o.stage === 'Closed Won' || (o.stage !== 'Closed Lost' && rank.get(o.stage)! >= target));
      if (reached) positives++;
    }
    expect(positives).toBeGreaterThanOrEqual(10);
    const run = await runCommand(ScoreTrain, ['--target-org', 'opp-org', '--label-opportunity-stage', 'needs analysis', '--output-dir', path.join(dir, 'm2'), '--folds', '2']);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(new RegExp(`${ACCOUNTS} accounts, ${positives} converted \\(.*\\), label Opportunity reached stage "Needs Analysis"`));
  });

  it('an unknown stage fails before training with the valid stages listed', async () => {
    const run = await runCommand(ScoreTrain, ['--target-org', 'opp-org', '--label-opportunity-stage', 'Won', '--output-dir', path.join(dir, 'm3')]);
    expect(run.error?.message).toBe(
      '"Won" is not an active Opportunity stage in this org. Valid stages, in order: Prospecting, Qualification, Needs Analysis, Value Proposition, Id. Decision Makers, Perception Analysis, Proposal/Price Quote, Negotiation/Review, Closed Won, Closed Lost.',
    );
  });

  it('refuses two label definitions at once', async () => {
    const run = await runCommand(ScoreTrain, ['--target-org', 'opp-org', '--label-field', 'Converted_To_SQL__c', '--label-opportunity-stage', 'Closed Won', '--output-dir', path.join(dir, 'm4')]);
    expect(run.error?.message).toMatch(/--label-opportunity-stage=Closed Won cannot also be provided when using --label-field/);
  });
});
