import { chmod, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * Sync state (checkpoint, plan, written log, population, lock) names accounts and holds score
 * data: only the user who runs the sync may read it. Files 0600, directories 0700.
 */
export const STATE_FILE_MODE = 0o600;
export const STATE_DIR_MODE = 0o700;

/** Creates the directory (and missing parents) 0700, and narrows it to 0700 if it already existed. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: STATE_DIR_MODE });
  await chmod(dir, STATE_DIR_MODE);
}

/**
 * Where state lives when nothing overrides it: $XDG_DATA_HOME/account-score, else
 * ~/.local/share/account-score (the XDG default), never the working directory.
 */
export function defaultStateRoot(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'share'), 'account-score');
}

/**
 * The state directory for one org, the same for the CLI and the worker: <root>/<org id>, root
 * from the flag/config, else ACCOUNT_SCORE_STATE_DIR, else defaultStateRoot(). Keyed by the
 * 15-character org id so both spellings of one org share state (and the lock).
 */
export function stateDirFor(orgId: string, root?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!/^00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(orgId)) throw new Error(`"${orgId}" is not an organization Id (00D...); cannot choose a state directory`);
  const base = root ?? (env.ACCOUNT_SCORE_STATE_DIR || defaultStateRoot(env));
  return join(resolve(base), orgId.slice(0, 15));
}
