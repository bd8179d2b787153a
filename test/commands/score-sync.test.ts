/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isolateSfHome, loginWithAccessToken, LOCAL_TOKEN } from './org-login.js';
import { parseJsonOutput, runCommand } from './run-command.js';
import { smallOrgWithModel } from './demo-org.js';
import { tempDir } from './fixtures.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import ScoreSync, { ScoreSyncResult } from '../../src/commands/score/sync.js';
import { loadScoreOrg } from '../helpers/score-org.js';

describe('sf score sync', () => {
  let org: LocalOrg;
  let dir: string;
  let modelFile: string;
  let restoreHome: () => void = () => {};
  beforeAll(async () => {
    dir = tempDir('score-sync');
    const made = await smallOrgWithModel(dir);
    modelFile = made.modelFile;
    const sfHome = isolateSfHome();
    restoreHome = sfHome.restore;
    org = await startLocalOrg({ store: await loadScoreOrg(made.orgDir), accessToken: LOCAL_TOKEN });
    await loginWithAccessToken(sfHome.home, org.url, LOCAL_TOKEN, 'sync-org');
  });
  afterAll(async () => {
    await org?.close();
    restoreHome();
  });

  const scored = () => [...org.store.iterate('Account')].filter((a) => a.Account_Score__c !== null && a.Account_Score__c !== undefined).length;

  it('--dry-run --json reports what would change and writes nothing', async () => {
    const run = await runCommand(ScoreSync, ['--target-org', 'sync-org', '--model', modelFile, '--dry-run', '--json']);
    expect(run.error).toBeUndefined();
    const json = parseJsonOutput(run.stdout);
    expect(json.status).toBe(0);
    const report = ScoreSyncResult.parse(json.result);
    expect(report).toMatchObject({ dryRun: true, status: 'ok', accounts: { read: 600, scored: 600, changed: 600, written: 0 } });
    expect(scored()).toBe(0);
  });

  it('writes the scores, prints a summary and saves the report file', async () => {
    const reportFile = path.join(dir, 'report.json');
    const run = await runCommand(ScoreSync, ['--target-org', 'sync-org', '--model', modelFile, '--report-file', reportFile]);
    expect(run.error).toBeUndefined();
    expect(run.stdout).toMatch(/Sync OK/);
    expect(run.stdout).toMatch(/600 read, 600 scored, 600 changed, 600 written, 0 failed/);
    const report = ScoreSyncResult.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
    expect(report.accounts.written).toBe(600);
    expect(scored()).toBe(600);
    // not a terminal here: one progress line per step, never statuses run together
    expect(run.stderr).toMatch(/^Scoring\.\.\.\n/m);
    expect(run.stderr).toMatch(/^ {2}read and scored 600 accounts\n/m);
    expect(run.stderr).toMatch(/^Scoring: ok\n/m);
    expect(run.stderr).not.toMatch(/accounts\s*Scoring|\S {0,2}Scoring\.\.\. /);
  });

  it('--ids takes the flag repeated (and still a comma-separated list), scoring just those accounts', async () => {
    const ids = [...org.store.iterate('Account')].slice(0, 3).map((a) => String(a.Id));
    const run = await runCommand(ScoreSync, ['--target-org', 'sync-org', '--model', modelFile, '--ids', ids[0], '--ids', `${ids[1]},${ids[2]}`, '--dry-run', '--json']);
    expect(run.error).toBeUndefined();
    const report = ScoreSyncResult.parse(parseJsonOutput(run.stdout).result);
    expect(report).toMatchObject({ kind: 'ids', status: 'ok', accounts: { read: 3, scored: 3 } });
  });

  it('declares no comma-delimited array flag (the sf CLI warns on any comma in the command line then)', () => {
    // the CLI's preparse hook warns when a flag has multiple: true and delimiter: ','
    for (const [name, flag] of Object.entries(ScoreSync.flags)) {
      const f = flag as { multiple?: boolean; delimiter?: string };
      expect({ name, arrayWithDelimiter: Boolean(f.multiple && f.delimiter) }).toEqual({ name, arrayWithDelimiter: false });
    }
  });

  it('--api-reserve overrides the org setting for the run, and must be 0-90', async () => {
    const run = await runCommand(ScoreSync, ['--target-org', 'sync-org', '--model', modelFile, '--dry-run', '--api-reserve', '35', '--json']);
    expect(run.error).toBeUndefined();
    const report = ScoreSyncResult.parse(parseJsonOutput(run.stdout).result);
    expect(report.api.reservePercent).toBe(35);
    const before = org.requests.matching('/').length;
    const bad = await runCommand(ScoreSync, ['--target-org', 'sync-org', '--api-reserve', '95']);
    expect(bad.error?.message).toMatch(/95/);
    expect(org.requests.matching('/').length).toBe(before);
  });

  it('rejects an --ids value that is not an Account Id before calling the org', async () => {
    const before = org.requests.matching("/").length;
    const run = await runCommand(ScoreSync, ['--target-org', 'sync-org', '--ids', '001000000000001AAA,003000000000001AAA']);
    expect(run.error?.message).toContain('"003000000000001AAA" isn\'t a valid Account Id');
    expect(org.requests.matching("/").length).toBe(before);
  });
});
