// `npm run local-org`: a newcomer gets the instance URL, a working `sf org login access-token`
// line (the token in a file only they can read, never printed) and how to keep writes (--save).
// The real `sf` part runs where sf-cli.test.ts runs (CI=true or SF_CLI_TEST=1).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeOrgDir } from '../../src/local-org/generate/index.js';
import { SF_CLI_TOKEN } from '../../src/demo/local-org-login.js';
import { ROOT } from '../commands/run-command.js';
import { tempDir } from '../commands/fixtures.js';
import { installSfCli, isolatedEnv, sf } from '../cli/sf-cli.js';

const withSf = process.env.SF_CLI_TEST === '1' || (process.env.CI === 'true' && process.env.SF_CLI_TEST !== '0');

interface Started {
  child: ChildProcess;
  info: { url: string; accessTokenFile: string; sfLogin: string; save: string | null };
  stdout: () => string;
  exited: Promise<number | null>;
}

function startScript(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/local-org.ts', ...args], { cwd: ROOT, env: { ...process.env, LOCAL_ORG_ACCESS_TOKEN: '' } });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Stop the server with Ctrl-C.')) resolve({ child, info: JSON.parse(out.split('\n')[0]), stdout: () => out, exited });
    });
    void exited.then((code) => reject(new Error(`local-org exited (${code}) before it was ready: ${err}`)));
  });
}

describe('npm run local-org', () => {
  let orgDir: string;
  let s: Started;
  beforeAll(async () => {
    const dir = tempDir('local-org-script');
    orgDir = path.join(dir, 'org');
    await writeOrgDir(orgDir, { seed: 5, accounts: 40 }, { truthFile: path.join(dir, 'truth.csv') });
    s = await startScript(['--dir', orgDir, '--save']);
  }, 60_000);
  afterAll(async () => {
    if (s && s.child.exitCode === null) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  });

  it('prints the instance URL, a ready login line, and how writes are kept; never the token', async () => {
    const token = readFileSync(s.info.accessTokenFile, 'utf8');
    expect(token).toMatch(SF_CLI_TOKEN);
    expect(statSync(s.info.accessTokenFile).mode & 0o777).toBe(0o600);
    expect(s.stdout()).not.toContain(token);
    expect(s.stdout()).toContain(`Local org: ${s.info.url}`);
    expect(s.info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.stdout()).toContain(
      `  SF_ACCESS_TOKEN="$(cat ${s.info.accessTokenFile})" sf org login access-token --instance-url ${s.info.url} --alias localorg --no-prompt\n`,
    );
    expect(s.stdout()).toContain(`Writes are saved to ${orgDir} when you stop the server.`);
    const me = await fetch(`${s.info.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  (withSf ? it : it.skip)(
    'the printed line logs the real sf CLI in',
    async () => {
      const cli = isolatedEnv(await installSfCli(path.join(ROOT, '.cache', 'sfcli')));
      try {
        const login = await new Promise<{ code: number | null; out: string }>((resolve) => {
          const sh = spawn('sh', ['-c', s.info.sfLogin], { env: cli.env });
          let out = '';
          sh.stdout.on('data', (d: Buffer) => (out += d.toString()));
          sh.stderr.on('data', (d: Buffer) => (out += d.toString()));
          sh.on('exit', (code) => resolve({ code, out }));
        });
        expect(login.out).not.toContain(readFileSync(s.info.accessTokenFile, 'utf8'));
        expect(login.code).toBe(0);
        const shown = await sf(cli, ['org', 'display', '--target-org', 'localorg', '--json']);
        const json = JSON.parse(shown.stdout) as { status: number; result: { instanceUrl: string; username: string } };
        expect(json.status).toBe(0);
        expect(json.result.instanceUrl.replace(/\/$/, '')).toBe(s.info.url);
        expect(json.result.username).toBe('admin@local-org.test');
      } finally {
        rmSync(cli.home, { recursive: true, force: true });
      }
    },
    600_000,
  );

  it('with --save, a write made through the API is in the org directory after Ctrl-C, and the token file is gone', async () => {
    const token = readFileSync(s.info.accessTokenFile, 'utf8');
    const first = JSON.parse(readFileSync(path.join(orgDir, 'Account.ndjson'), 'utf8').split('\n')[0]) as { Id: string };
    const res = await fetch(`${s.info.url}/services/data/v62.0/sobjects/Account/${first.Id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ Name: 'Renamed by the newcomer test' }),
    });
    expect(res.status).toBe(204);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expect(s.stdout()).toContain(`saved ${orgDir}`);
    expect(readFileSync(path.join(orgDir, 'Account.ndjson'), 'utf8')).toContain('Renamed by the newcomer test');
    expect(existsSync(s.info.accessTokenFile)).toBe(false);
  });
});
