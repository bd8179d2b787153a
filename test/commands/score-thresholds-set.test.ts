import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { isolateSfHome, loginWithAccessToken, LOCAL_TOKEN } from './org-login.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { startLocalOrg, OrgStore, makeId, type LocalOrg } from '../../src/local-org/index.js';
import ScoreThresholdsSet, { ScoreThresholdsSetResult } from '../../src/commands/score/thresholds/set.js';
import { scoreStore } from '../helpers/score-org.js';

// 100 accounts scored 0..99 by index, one never scored; stored tiers from the 70/40 defaults.
function scoredStore(): OrgStore {
  const store = scoreStore();
  const accounts = Array.from({ length: 100 }, (_, i) => ({
    Id: makeId('001', i + 1),
    Name: `Account ${i}`,
    Account_Score__c: i as number | null,
    Account_Score_Tier__c: (i >= 70 ? 'Hot' : i >= 40 ? 'Warm' : 'Cold') as string | null,
  }));
  accounts.push({ Id: makeId('001', 500), Name: 'Never scored', Account_Score__c: null, Account_Score_Tier__c: null });
  store.addRecords('Account', accounts);
  return store;
}

const DEFAULTS = { Hot_Threshold__c: 70, Warm_Threshold__c: 40, Score_Change_Tolerance__c: 0.5, Api_Reserve_Percent__c: 20, Top_Factor_Count__c: 5, Model_Version__c: null };

describe('sf score thresholds set', () => {
  let org: LocalOrg;
  let restoreHome: () => void = () => {};
  const setting = () => org.store.iterate('Account_Score_Setting__mdt').next().value as Record<string, unknown>;
  const soapCalls = () => org.requests.matching('/services/Soap/m/', 'POST');

  beforeAll(async () => {
    const sfHome = isolateSfHome();
    restoreHome = sfHome.restore;
    org = await startLocalOrg({ store: scoredStore(), accessToken: LOCAL_TOKEN });
    await loginWithAccessToken(sfHome.home, org.url, LOCAL_TOKEN, 'set-org');
  });
  afterAll(async () => {
    await org?.close();
    restoreHome();
  });
  beforeEach(() => {
    const id = setting().Id as string;
    org.store.update('Account_Score_Setting__mdt', id, DEFAULTS, { load: true });
    org.requests.clear();
  });

  it('updates the thresholds through the Metadata API and counts tiers under the new ones (--json)', async () => {
    const run = await runCommand(ScoreThresholdsSet, ['--target-org', 'set-org', '--hot', '75', '--warm', '45', '--json']);
    expect(run.error).toBeUndefined();
    const result = ScoreThresholdsSetResult.parse(parseJsonOutput(run.stdout).result);
    expect(result).toEqual({
      previous: { hot: 70, warm: 40, tolerance: 0.5, apiReservePercent: 20, topFactorCount: 5 },
      current: { hot: 75, warm: 45, tolerance: 0.5, apiReservePercent: 20, topFactorCount: 5 },
      created: false,
      tiers: { Hot: 25, Warm: 30, Cold: 45, Unscored: 1 },
    });
    // read the record, upsert it whole: the settings not given keep their values
    expect(soapCalls()).toHaveLength(2);
    expect(setting()).toMatchObject({ ...DEFAULTS, Hot_Threshold__c: 75, Warm_Threshold__c: 45 });
  });

  it('sets the optional settings and prints old and new values and the tier table', async () => {
    const run = await runCommand(ScoreThresholdsSet, ['--target-org', 'set-org', '--hot', '80', '--warm', '50', '--tolerance', '1', '--api-reserve', '30', '--top-factors', '3']);
    expect(run.error).toBeUndefined();
    expect(setting()).toMatchObject({ Hot_Threshold__c: 80, Warm_Threshold__c: 50, Score_Change_Tolerance__c: 1, Api_Reserve_Percent__c: 30, Top_Factor_Count__c: 3 });
    expect(run.stdout).toContain('Account_Score_Setting.Default updated');
    expect(run.stdout).toMatch(/Hot threshold\s+│\s+70\s+│\s+80\s+│\s+changed/);
    expect(run.stdout).toMatch(/API reserve %\s+│\s+20\s+│\s+30/);
    expect(run.stdout).toMatch(/Hot\s+│\s+80\s+│\s+20/);
    expect(run.stdout).toMatch(/Warm\s+│\s+50\s+│\s+30/);
    expect(run.stdout).toContain('sf score sync');
  });

  it('documents the --api-reserve range as the sync and the org enforce it (0-90)', () => {
    const summary = String((ScoreThresholdsSet.flags['api-reserve'] as { summary?: string }).summary);
    expect(summary).toContain('0-90');
    expect(summary).not.toContain('0-100');
  });

  it.each([
    [['--hot', '40', '--warm', '45'], /Hot_Threshold__c must be greater than Warm_Threshold__c/],
    [['--hot', '50', '--warm', '50'], /Hot_Threshold__c must be greater than Warm_Threshold__c/],
    [['--hot', '120', '--warm', '45'], /Hot_Threshold__c = 120: Hot_Threshold__c must be between 0 and 100/],
    [['--hot', '75', '--warm', '45', '--top-factors', '2.5'], /Top_Factor_Count__c = 2.5: Top_Factor_Count__c must be a whole number/],
    // one range everywhere: sf score sync --api-reserve, the worker, the org's validation rule
    [['--hot', '75', '--warm', '45', '--api-reserve', '95'], /Api_Reserve_Percent__c = 95: Api_Reserve_Percent__c must be between 0 and 90/],
  ])('refuses %j before any call to the org', async (args, message) => {
    const run = await runCommand(ScoreThresholdsSet, ['--target-org', 'set-org', ...args]);
    expect(run.error?.message).toMatch(message);
    expect(run.error?.message).toContain('Nothing was changed in the org.');
    expect(soapCalls()).toHaveLength(0);
    expect(org.requests.entries).toHaveLength(0);
    expect(setting()).toMatchObject(DEFAULTS);
  });

  it('refuses a value that is not a number', async () => {
    const run = await runCommand(ScoreThresholdsSet, ['--target-org', 'set-org', '--hot', 'high', '--warm', '45']);
    expect(run.error?.message).toMatch(/"high" isn't a number/);
    expect(org.requests.entries).toHaveLength(0);
  });

  it("surfaces the org's validation rule, naming the field, when the org rejects a value", async () => {
    // a rule an admin added in Setup: the product's own checks cannot know it
    org.store.settingsValidationRules.push({
      fullName: 'Hot_In_Steps_Of_5',
      errorDisplayField: 'Hot_Threshold__c',
      errorMessage: 'Hot Threshold must be a multiple of 5.',
      fails: (v) => typeof v.Hot_Threshold__c === 'number' && v.Hot_Threshold__c % 5 !== 0,
    });
    const run = await runCommand(ScoreThresholdsSet, ['--target-org', 'set-org', '--hot', '77', '--warm', '45', '--json']);
    org.store.settingsValidationRules.length = 0;
    const out = parseJsonOutput(run.stdout);
    expect(out.status).toBe(1);
    expect(out.message).toMatch(/Hot_Threshold__c: Hot Threshold must be a multiple of 5\. .*FIELD_CUSTOM_VALIDATION_EXCEPTION/);
    expect(setting()).toMatchObject(DEFAULTS);
  });
});
