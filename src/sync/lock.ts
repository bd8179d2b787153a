import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, STATE_FILE_MODE } from './state-files.js';

export class LockedError extends Error {
  override name = 'LockedError';
}

/**
 * Who holds a lock. A PID alone is not an identity: after a crash the PID can belong to
 * another process (or, in a container, to the restarted worker itself as PID 1), so the
 * process start time (clock ticks since boot, /proc/<pid>/stat field 22) and the boot id go
 * with it. `token` tells this lock file from any later one.
 */
export const LockHolder = z.object({
  pid: z.number().int().positive(),
  /** null where /proc is not available: then only the PID is checked */
  startTime: z.string().nullable(),
  bootId: z.string().nullable(),
  host: z.string(),
  since: z.string(),
  token: z.string(),
});
export type LockHolder = z.infer<typeof LockHolder>;

/** Reads /proc, so tests can stand in a process table. */
export interface ProcessTable {
  /** the start time of a running process, or null when no process has this PID */
  startTime(pid: number): Promise<string | null>;
  bootId(): Promise<string | null>;
  /** true when PIDs can be checked at all but /proc is missing (not Linux): fall back to kill(pid, 0) */
  readonly hasProc: boolean;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses, so split after the last ')'. */
export function startTimeFromStat(stat: string): string | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

export const linuxProcesses: ProcessTable = {
  hasProc: process.platform === 'linux',
  async startTime(pid) {
    if (!this.hasProc) {
      try {
        process.kill(pid, 0);
        return '';
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'EPERM' ? '' : null;
      }
    }
    const stat = await readText(`/proc/${pid}/stat`);
    return stat === null ? null : startTimeFromStat(stat);
  },
  async bootId() {
    return (await readText('/proc/sys/kernel/random/boot_id'))?.trim() ?? null;
  },
};

async function isRunning(h: LockHolder, procs: ProcessTable): Promise<boolean> {
  const bootId = await procs.bootId();
  // another boot: every process of the old one is gone
  if (h.bootId && bootId && h.bootId !== bootId) return false;
  const start = await procs.startTime(h.pid);
  if (start === null) return false;
  // same PID, other start time: the PID was reused (e.g. a restarted container's PID 1)
  return h.startTime === null || start === '' || start === h.startTime;
}

export interface LockOptions {
  processes?: ProcessTable;
  pid?: number;
  now?: () => Date;
}

/**
 * Exclusive lock file, so two runs (CLI or worker) never overlap on one org. The holder's
 * identity is written to a private temporary file first and then hard-linked into place:
 * link(2) fails if the lock exists, so no one ever sees an empty or half-written lock. A lock
 * whose holder is no longer running is taken over. Returns the release function, which
 * removes the lock only while it is still this run's.
 */
export async function acquireLock(path: string, opts: LockOptions = {}): Promise<() => Promise<void>> {
  const procs = opts.processes ?? linuxProcesses;
  const pid = opts.pid ?? process.pid;
  const me: LockHolder = {
    pid,
    startTime: procs.hasProc ? await procs.startTime(pid) : null,
    bootId: await procs.bootId(),
    host: hostname(),
    since: (opts.now?.() ?? new Date()).toISOString(),
    token: randomBytes(12).toString('hex'),
  };
  const mine = JSON.stringify(me);
  const tmp = `${path}.${me.token}.tmp`;
  await writeFile(tmp, mine, { mode: STATE_FILE_MODE, flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(tmp, path);
        return async () => {
          if ((await readText(path)) === mine) await rm(path, { force: true });
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const text = await readText(path);
      if (text === null) continue; // released meanwhile
      const parsed = LockHolder.safeParse(safeJson(text));
      if (parsed.success && (await isRunning(parsed.data, procs))) {
        const h = parsed.data;
        throw new LockedError(`Another Account Score run (PID ${h.pid} on ${h.host}, since ${h.since}) holds ${path}; not starting a second one.`);
      }
      await takeOver(path, text);
    }
    throw new LockedError(`Could not take the lock ${path}: other runs keep taking it`);
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Moves a stale lock aside. If, between reading it and moving it, another run replaced it
 * with its own live lock, that lock is put back (or, when a third run got in first, left to it).
 */
async function takeOver(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale.${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if ((await readText(aside)) !== staleText) {
    await link(aside, path).catch(() => {});
  }
  await rm(aside, { force: true });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const LOCK_FILE = 'run.lock';

/**
 * Makes the org's state directory (0700) and takes its run lock: the one lock the CLI and
 * the worker share for an org. Returns the release function.
 */
export async function lockStateDir(stateDir: string, opts: LockOptions = {}): Promise<() => Promise<void>> {
  await ensurePrivateDir(stateDir);
  return acquireLock(join(stateDir, LOCK_FILE), opts);
}
