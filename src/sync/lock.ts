import { open, readFile, rm } from 'node:fs/promises';

export class LockedError extends Error {
  override name = 'LockedError';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Exclusive lock file (O_EXCL) holding the owner's PID, so two runs never overlap on one
 * org. A lock whose PID is no longer running is stale (crashed run) and is taken over.
 * Returns the release function.
 */
export async function acquireLock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      await fh.close();
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: { pid?: number; since?: string } = {};
      try {
        holder = JSON.parse(await readFile(path, 'utf8'));
      } catch {
        // unreadable/torn lock: treat as stale
      }
      if (typeof holder.pid === 'number' && alive(holder.pid)) {
        throw new LockedError(`Another Account Score run (PID ${holder.pid}, since ${holder.since ?? '?'}) holds ${path}; not starting a second one.`);
      }
      await rm(path, { force: true });
    }
  }
  throw new LockedError(`Could not take the lock ${path}`);
}
