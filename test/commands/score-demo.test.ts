import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseJsonOutput, ROOT, runCommand } from './run-command.js';
import { tempDir } from './fixtures.js';
import { smallOrgWithModel } from './demo-org.js';
import { isolateSfHome } from './org-login.js';
import ScoreDemo, { ScoreDemoResult } from '../../src/commands/score/demo.js';
import { formatReason } from '../../src/demo/run-demo.js';
import { SF_CLI_TOKEN } from '../../src/demo/local-org-login.js';

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

describe('sf score demo --keep-running', () => {
  let modelFile: string;
  let restoreHome: () => void = () => {};
  beforeAll(async () => {
    ({ modelFile } = await smallOrgWithModel(tempDir('score-demo-keep')));
    restoreHome = isolateSfHome().restore;
  });
  afterAll(() => restoreHome());

  it('leaves the scored org up with a working login line for the sf CLI until Ctrl-C, never printing the token', async () => {
    // a real process, so Ctrl-C is a real signal (SfCommand ends the command on it)
    const home = tempDir('demo-keep-home');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/commands/demo-main.ts'), '--accounts', '200', '--top', '3', '--seed', '4', '--model', modelFile, '--keep-running'], {
      cwd: ROOT,
      env: { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), XDG_DATA_HOME: path.join(home, '.local/share'), XDG_CONFIG_HOME: path.join(home, '.config') },
    });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Stop the server with Ctrl-C.')) resolve();
      });
      void exited.then((code) => reject(new Error(`demo exited (${code}): ${err}`)));
    });
    expect(out).toMatch(/Sync OK/);
    expect(out).toMatch(/Top 3 accounts/);
    const url = /^Local org: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
    const tokenFile = /access token is in (\S+), readable only by you/.exec(out)?.[1];
    expect(url).toBeDefined();
    expect(tokenFile).toBeDefined();
    expect(out).toContain(`SF_ACCESS_TOKEN="$(cat ${tokenFile})" sf org login access-token --instance-url ${url} --alias localorg --no-prompt`);
    expect(out).toMatch(/npm run local-org -- --dir .+ --save/);
    const token = readFileSync(tokenFile!, 'utf8');
    expect(token).toMatch(SF_CLI_TOKEN);
    expect(statSync(tokenFile!).mode & 0o777).toBe(0o600);
    expect(out + err).not.toContain(token);
    const me = await fetch(`${url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);

    child.kill('SIGINT');
    await exited;
    expect(existsSync(tokenFile!)).toBe(false);
    await expect(fetch(`${url}/services/data`)).rejects.toThrow();
  }, 180_000);

  it('while it runs, the token in the file opens the org', async () => {
    const { runDemo } = await import('../../src/demo/run-demo.js');
    let status = 0;
    await runDemo({
      cacheDir: tempDir('demo-keep-lib'),
      modelFile,
      // the first tests' seed: the generator's calibration for it is already solved in this process
      seed: 3,
      accounts: 100,
      top: 1,
      keepRunning: async (kept) => {
        const token = readFileSync(kept.tokenFile, 'utf8');
        status = (await fetch(`${kept.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${token}` } })).status;
      },
    });
    expect(status).toBe(200);
  }, 120_000);
});
