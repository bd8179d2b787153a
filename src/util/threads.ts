import { availableParallelism } from 'node:os';

/**
 * Worker threads for TreeSHAP and the CV folds: ACCOUNT_SCORE_THREADS when set (1 computes in
 * the calling thread, and the sync's Bulk reads score there too, e.g. where the CPU quota is
 * smaller than the cores the process sees), else min(2, cores).
 */
export function workerThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ACCOUNT_SCORE_THREADS;
  if (raw === undefined || raw.trim() === '') return Math.max(1, Math.min(2, availableParallelism()));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`ACCOUNT_SCORE_THREADS must be a whole number of threads, 1 or more (got "${raw}")`);
  return n;
}
