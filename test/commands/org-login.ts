import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A token in Salesforce's "<org id>!<opaque>" shape, which the sf CLI insists on. */
export const LOCAL_TOKEN = '00D000000000001AAA!command.tests.token';

/**
 * Points the sf state folders (~/.sf, ~/.sfdx) at a fresh temp HOME so tests never touch
 * the real user's orgs. Jest gives each test file a copy of process.env that os.homedir()
 * doesn't read, so homedir itself is redirected; call the returned function in afterAll.
 */
export function isolateSfHome(): { home: string; restore: () => void } {
  const home = mkdtempSync(path.join(tmpdir(), 'sf-home-'));
  // @salesforce/core creates missing state files only when `e instanceof Error`, which
  // fails across jest's realms: create them up front.
  mkdirSync(path.join(home, '.sfdx'), { recursive: true });
  mkdirSync(path.join(home, '.sf'), { recursive: true });
  writeFileSync(path.join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: {} }));
  const original = os.homedir;
  os.homedir = () => home;
  process.env.HOME = home;
  process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
  process.env.SF_DISABLE_TELEMETRY = 'true';
  process.env.SF_AUTOUPDATE_DISABLE = 'true';
  return {
    home,
    restore: () => {
      os.homedir = original;
    },
  };
}

/**
 * Logs in to a local org exactly as `sf org login access-token` does (AuthInfo with
 * accessTokenOptions: userinfo, then the User record), and saves it under `alias` in `home`.
 */
export async function loginWithAccessToken(home: string, instanceUrl: string, accessToken: string, alias: string): Promise<string> {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', path.join(HERE, 'login-main.ts'), instanceUrl, alias], {
    env: { ...process.env, HOME: home, SF_ACCESS_TOKEN: accessToken, SF_USE_GENERIC_UNIX_KEYCHAIN: 'true', SF_DISABLE_TELEMETRY: 'true' },
  });
  return stdout.trim();
}
