import { describe, it, expect, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { acquireLock, linuxProcesses, lockStateDir, LockedError, LockHolder, startTimeFromStat, type ProcessTable } from '../../src/sync/lock.js';
import { CheckpointStore } from '../../src/sync/checkpoint.js';
import { savePopulation } from '../../src/sync/population.js';
import { defaultStateRoot, stateDirFor } from '../../src/sync/state-files.js';
import { Population } from '../../src/model/index.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'lock-test-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const mode = async (p: string) => (await stat(p)).mode & 0o777;
const holderOf = async (lock: string) => LockHolder.parse(JSON.parse(await readFile(lock, 'utf8')));

/** A process table where only the given PIDs run, with these start times, on this boot. */
function table(running: Record<number, string>, bootId = 'boot-a'): ProcessTable {
  return { hasProc: true, startTime: async (pid) => running[pid] ?? null, bootId: async () => bootId };
}

describe('run lock', () => {
  it('names the live holder and stops a second run; release lets the next one in', async () => {
    const lock = join(await tempDir(), 'run.lock');
    const release = await acquireLock(lock);
    const h = await holderOf(lock);
    expect(h.pid).toBe(process.pid);
    expect(h.startTime).toBe(startTimeFromStat(await readFile('/proc/self/stat', 'utf8')));
    expect(h.bootId).toBe((await readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim());
    await expect(acquireLock(lock)).rejects.toThrow(new RegExp(`PID ${process.pid} on .* holds ${lock}`));
    await expect(acquireLock(lock)).rejects.toBeInstanceOf(LockedError);
    await release();
    const again = await acquireLock(lock);
    await again();
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock whose PID no longer runs', async () => {
    const lock = join(await tempDir(), 'run.lock');
    const procs = table({ 200: '5000' });
    await writeFile(lock, JSON.stringify({ pid: 4242, startTime: '100', bootId: 'boot-a', host: 'h', since: '2026-01-01T00:00:00Z', token: 'old' }));
    const release = await acquireLock(lock, { processes: procs, pid: 200 });
    expect((await holderOf(lock)).pid).toBe(200);
    await release();
  });

  it('takes over a lock whose PID is running again but is another process (same PID, other start time)', async () => {
    const lock = join(await tempDir(), 'run.lock');
    // the crashed holder was PID 1 started at tick 100; PID 1 now is a new process started at tick 9000
    await writeFile(lock, JSON.stringify({ pid: 1, startTime: '100', bootId: 'boot-a', host: 'h', since: '2026-01-01T00:00:00Z', token: 'old' }));
    const release = await acquireLock(lock, { processes: table({ 1: '9000' }), pid: 1 });
    const h = await holderOf(lock);
    expect(h).toMatchObject({ pid: 1, startTime: '9000' });
    await release();
  });

  it('keeps a lock whose PID and start time still match on this boot; after a reboot the same pair is stale', async () => {
    const lock = join(await tempDir(), 'run.lock');
    await writeFile(lock, JSON.stringify({ pid: 77, startTime: '100', bootId: 'boot-a', host: 'h', since: '2026-01-01T00:00:00Z', token: 'old' }));
    await expect(acquireLock(lock, { processes: table({ 77: '100', 5: '1' }), pid: 5 })).rejects.toThrow(/PID 77 on h/);
    // after a reboot the same PID and start time are another process
    const release = await acquireLock(lock, { processes: table({ 77: '100', 5: '1' }, 'boot-b'), pid: 5 });
    await release();
  });

  it('takes over a lock file that is not a lock (foreign or damaged content)', async () => {
    const lock = join(await tempDir(), 'run.lock');
    await writeFile(lock, '{"pid": 12');
    const release = await acquireLock(lock);
    expect((await holderOf(lock)).pid).toBe(process.pid);
    await release();
  });

  it('lets exactly one of many simultaneous runs in, also when they race to take over a stale lock', async () => {
    const dir = await tempDir();
    const lock = join(dir, 'run.lock');
    for (const stale of [false, true]) {
      if (stale) await writeFile(lock, JSON.stringify({ pid: 4242, startTime: '1', bootId: 'boot-a', host: 'h', since: 'x', token: 'old' }));
      const procs = table(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [1000 + i, String(i)])));
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => acquireLock(lock, { processes: procs, pid: 1000 + i })));
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(LockedError);
      // the file names the winner, whole, and no temporary files are left behind
      const h = await holderOf(lock);
      expect(h.pid).toBeGreaterThanOrEqual(1000);
      await (won[0] as PromiseFulfilledResult<() => Promise<void>>).value();
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it('is created 0600 in a 0700 state directory, as are the checkpoint, plan, written log and population', async () => {
    const root = await tempDir();
    const dir = join(root, 'org');
    const release = await lockStateDir(dir);
    expect(await mode(dir)).toBe(0o700);
    expect(await mode(join(dir, 'run.lock'))).toBe(0o600);
    const store = new CheckpointStore(dir);
    const plan = await store.begin();
    plan.add({ Id: '001000000000001AAA' });
    await store.commit(
      { version: 2, runId: 'r', createdAt: 'x', scoredAt: 'x', modelVersion: 'v', modelDigest: 'd', settingsKey: 'k', planned: 1, stats: { read: 1, scored: 1, tiers: { Hot: 0, Warm: 0, Cold: 1 }, scoreList: [], accountsPath: 'rest', contactsPath: 'none' } },
      plan,
    );
    await store.markWritten(['001000000000001AAA']);
    await savePopulation(dir, Population.fromScores([12.5]), 'v', new Date());
    for (const f of ['checkpoint.json', 'plan.ndjson', 'written.log', 'population.json']) expect([f, await mode(join(dir, f))]).toEqual([f, 0o600]);
    await release();
  });
});

describe('state directory', () => {
  it('is one per org id (15 characters), under the user data dir unless overridden', () => {
    const env = { HOME: '/home/u' };
    expect(defaultStateRoot({ XDG_DATA_HOME: '/data' })).toBe('/data/account-score');
    expect(defaultStateRoot({ XDG_DATA_HOME: 'relative' })).toMatch(/\/\.local\/share\/account-score$/);
    expect(stateDirFor('00D000000000001AAA', undefined, { XDG_DATA_HOME: '/data', ...env })).toBe('/data/account-score/00D000000000001');
    expect(stateDirFor('00D000000000001', undefined, { XDG_DATA_HOME: '/data' })).toBe('/data/account-score/00D000000000001');
    expect(stateDirFor('00D000000000001AAA', undefined, { ACCOUNT_SCORE_STATE_DIR: '/srv/state', XDG_DATA_HOME: '/data' })).toBe('/srv/state/00D000000000001');
    expect(stateDirFor('00D000000000001AAA', '/flag', { ACCOUNT_SCORE_STATE_DIR: '/srv/state' })).toBe('/flag/00D000000000001');
    expect(() => stateDirFor('../../etc', '/flag')).toThrow(/not an organization Id/);
  });
});

/** Runs the lock in a fresh PID namespace, where it is PID 1; resolves once it holds the lock. */
function lockAsPid1(lock: string) {
  const script = `import { acquireLock } from ${JSON.stringify(join(process.cwd(), 'src/sync/lock.ts'))};
await acquireLock(${JSON.stringify(lock)}); console.log('locked ' + process.pid); setInterval(() => {}, 1000);`;
  const child = spawn('unshare', ['-fp', '--mount-proc', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const started = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', resolve);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return { child, started };
}

const canUnshare = process.platform === 'linux' && process.getuid?.() === 0 && linuxProcesses.hasProc;
(canUnshare ? describe : describe.skip)('a worker restarted as PID 1 in a new PID namespace (needs root for unshare)', () => {
  it('takes over the lock its killed predecessor (also PID 1) left behind', async () => {
    const lock = join(await tempDir(), 'run.lock');
    const first = lockAsPid1(lock);
    expect(await first.started).toBe('locked 1');
    const before = await holderOf(lock);
    expect(before.pid).toBe(1);
    process.kill(-first.child.pid!, 'SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const second = lockAsPid1(lock);
    try {
      expect(await second.started).toBe('locked 1');
      const after = await holderOf(lock);
      expect(after.pid).toBe(1);
      expect(after.startTime).not.toBe(before.startTime);
      expect(after.token).not.toBe(before.token);
    } finally {
      process.kill(-second.child.pid!, 'SIGKILL');
    }
  });
});
