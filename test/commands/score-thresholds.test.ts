import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { isolateSfHome, loginWithAccessToken, LOCAL_TOKEN } from './org-login.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { startLocalOrg, OrgStore, makeId, type LocalOrg } from '../../src/local-org/index.js';
import ScoreThresholds, { ScoreThresholdsResult } from '../../src/commands/score/thresholds.js';
import { scoreStore } from '../helpers/score-org.js';

// 100 accounts scored 0..99 by index; every account scoring 90+ converted, and two below.
function scoredStore(): OrgStore {
  const store = scoreStore();
  const accounts = Array.from({ length: 100 }, (_, i) => ({
    Id: makeId('001', i + 1),
    Name: `Account ${i}`,
    Account_Score__c: i,
    Account_Score_Tier__c: i >= 70 ? 'Hot' : i >= 40 ? 'Warm' : 'Cold',
    Converted_To_SQL__c: i >= 90 || i === 50 || i === 10,
  }));
  accounts.push({ Id: makeId('001', 500), Name: 'Never scored', Account_Score__c: null as unknown as number, Account_Score_Tier__c: null as unknown as string, Converted_To_SQL__c: false });
  store.addRecords('Account', accounts);
  return store;
}

describe('sf score thresholds', () => {
  let org: LocalOrg;
  let restoreHome: () => void = () => {};
  beforeAll(async () => {
    const sfHome = isolateSfHome();
    restoreHome = sfHome.restore;
    org = await startLocalOrg({ store: scoredStore(), accessToken: LOCAL_TOKEN });
    await loginWithAccessToken(sfHome.home, org.url, LOCAL_TOKEN, 'thresholds-org');
  });
  afterAll(async () => {
    await org?.close();
    restoreHome();
  });

  it('shows the thresholds from custom metadata and the accounts in each tier (--json)', async () => {
    const run = await runCommand(ScoreThresholds, ['--target-org', 'thresholds-org', '--json']);
    expect(run.error).toBeUndefined();
    const result = ScoreThresholdsResult.parse(parseJsonOutput(run.stdout).result);
    expect(result).toEqual({ hot: 70, warm: 40, tiers: { Hot: 30, Warm: 30, Cold: 40, Unscored: 1 } });
  });

  it('--suggest --capacity 10 proposes the score of the 10th best account and reports its precision', async () => {
    const run = await runCommand(ScoreThresholds, ['--target-org', 'thresholds-org', '--suggest', '--capacity', '10', '--json']);
    expect(run.error).toBeUndefined();
    const result = ScoreThresholdsResult.parse(parseJsonOutput(run.stdout).result);
    expect(result.suggestion).toMatchObject({ hot: 90, warm: 40, hotAccounts: 10, precision: 1, rule: 'top 10 accounts', command: 'sf score thresholds set --target-org thresholds-org --hot 90 --warm 40' });
    expect(result.suggestion?.recall).toBeCloseTo(10 / 12, 6);
  });

  it('prints the tiers as a table and the command that applies a suggestion', async () => {
    const run = await runCommand(ScoreThresholds, ['--target-org', 'thresholds-org', '--suggest']);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(/Hot\s+│\s+70\s+│\s+30/);
    expect(run.stdout).toContain('max F1');
    // the same org: a newcomer copies the line and it works
    expect(run.stdout).toMatch(/Apply it with: sf score thresholds set --target-org thresholds-org --hot [\d.]+ --warm \d+\n/);
  });

  it('rejects --capacity without --suggest', async () => {
    const run = await runCommand(ScoreThresholds, ['--target-org', 'thresholds-org', '--capacity', '10']);
    expect(run.error?.message).toMatch(/--suggest/);
  });
});
