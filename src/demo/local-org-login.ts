// How a person points the real `sf` CLI at a running local org: a token the CLI accepts, kept
// in a file only its owner can read (tokens are never printed), and the exact commands.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** `sf org login access-token` refuses any other shape before sending a request. */
export const SF_CLI_TOKEN = /^00D\w{12,15}![.\w]*$/;

/** A random access token in the shape the CLI accepts: the org Id, "!", letters and digits. */
export function newCliToken(orgId: string): string {
  if (!/^00D\w{12,15}$/.test(orgId)) throw new Error(`Not an organization Id: ${orgId}`);
  return `${orgId}!${randomBytes(24).toString('hex')}`;
}

export interface TokenFile {
  file: string;
  remove(): Promise<void>;
}

/**
 * Writes the token to a new 0600 file in a new 0700 directory under the temp dir. The file is
 * removed by `remove()`, or when the process exits (Ctrl-C ends an sf command with exit 130).
 */
export async function writeTokenFile(token: string): Promise<TokenFile> {
  const dir = await mkdtemp(path.join(tmpdir(), 'account-score-local-org-'));
  const file = path.join(dir, 'access-token');
  const onExit = () => rmSync(dir, { recursive: true, force: true });
  process.on('exit', onExit);
  await writeFile(file, token, { mode: 0o600, flag: 'wx' });
  return {
    file,
    remove: async () => {
      process.off('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const shellQuote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

export interface LoginHelp {
  url: string;
  /** where the token is (its content is never printed) */
  tokenFile?: string;
  /** or: the environment variable that already holds it */
  tokenEnv?: string;
  alias?: string;
  /** how writes are kept: a sentence about --save or the like */
  persistence: string;
}

/** The ready-to-paste `sf org login access-token` line. */
export function loginCommand(h: Pick<LoginHelp, 'url' | 'tokenFile' | 'tokenEnv' | 'alias'>): string {
  const source = h.tokenFile ? `"$(cat ${shellQuote(h.tokenFile)})"` : `"$${h.tokenEnv ?? 'SF_ACCESS_TOKEN'}"`;
  return `SF_ACCESS_TOKEN=${source} sf org login access-token --instance-url ${h.url} --alias ${h.alias ?? 'localorg'} --no-prompt`;
}

/** Lines telling a person how to use the running local org from the real sf CLI. */
export function loginHelp(h: LoginHelp): string[] {
  const alias = h.alias ?? 'localorg';
  return [
    `Local org: ${h.url}`,
    `Log the Salesforce CLI in${h.tokenFile ? ` (the access token is in ${h.tokenFile}, readable only by you)` : ''}:`,
    `  ${loginCommand(h)}`,
    `Then, for example: sf score sync --target-org ${alias}   or   sf data query --target-org ${alias} --query "SELECT Id, Name FROM Account LIMIT 5"`,
    h.persistence,
    'Stop the server with Ctrl-C.',
  ];
}
