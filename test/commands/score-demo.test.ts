import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import path from 'node:path';
import { parseJsonOutput, runCommand } from './run-command.js';
import { tempDir } from './fixtures.js';
import { smallOrgWithModel } from './demo-org.js';
import { isolateSfHome } from './org-login.js';
import ScoreDemo, { ScoreDemoResult } from '../../src/commands/score/demo.js';
import { formatReason } from '../../src/demo/run-demo.js';

describe('sf score demo', () => {
  let modelFile: string;
  let restoreHome: () => void = () => {};
  beforeAll(async () => {
    // a pipeline-trained model, so the test does not depend on the shipped model being retrained
    ({ modelFile } = await smallOrgWithModel(tempDir('score-demo')));
    restoreHome = isolateSfHome().restore;
  });
  afterAll(() => restoreHome());

  it('--json: generates an org, syncs it, and returns the top accounts read back from the org, best first, with reasons', async () => {
    const run = await runCommand(ScoreDemo, ['--accounts', '300', '--top', '5', '--seed', '3', '--model', modelFile, '--json']);
    expect(run.error).toBeUndefined();
    const result = ScoreDemoResult.parse(parseJsonOutput(run.stdout).result);
    expect(result.generated).toBe(true);
    expect(result.report).toMatchObject({ status: 'ok', accounts: { read: 300, written: 300 } });
    expect(result.top).toHaveLength(5);
    const scores = result.top.map((a) => a.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const a of result.top) {
      expect(a.id).toMatch(/^001/);
      expect(a.reasons.length).toBeGreaterThan(0);
      expect(a.reasons.length).toBeLessThanOrEqual(3);
      expect(['Hot', 'Warm', 'Cold']).toContain(a.tier);
      expect(a.percentile).toBeGreaterThanOrEqual(1);
    }
  });

  it('prints the sync summary and the top accounts with their reasons', async () => {
    const run = await runCommand(ScoreDemo, ['--accounts', '300', '--top', '3', '--seed', '3', '--model', modelFile]);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(/Sync OK/);
    expect(run.stdout).toMatch(/300 read, 300 scored, 300 changed, 300 written/);
    expect(run.stdout).toMatch(/Top 3 accounts/);
    expect(run.stdout).toMatch(/^ 1\. .+ score \d+\.\d\d .+ percentile \d+$/m);
    expect(run.stdout).toMatch(/^ {6}.+: .+ \([+-]\d+\)$/m);
  });

  it('phrases a reason as the Account panel does', () => {
    expect(formatReason({ label: 'Series B raised', value: 'yes', points: 13.6 })).toBe('Series B raised: yes (+14)');
    expect(formatReason({ label: 'Employees', value: '12', points: -4.2 })).toBe('Employees: 12 (-4)');
  });
});
