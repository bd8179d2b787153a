import { describe, expect, it } from '@jest/globals';
import { availableParallelism } from 'node:os';
import { workerThreads } from '../../src/util/threads.js';

describe('workerThreads (TreeSHAP and CV fold threads)', () => {
  it('is min(2, cores) unless ACCOUNT_SCORE_THREADS says otherwise', () => {
    expect(workerThreads({})).toBe(Math.min(2, availableParallelism()));
    expect(workerThreads({ ACCOUNT_SCORE_THREADS: '' })).toBe(Math.min(2, availableParallelism()));
    expect(workerThreads({ ACCOUNT_SCORE_THREADS: '1' })).toBe(1);
    expect(workerThreads({ ACCOUNT_SCORE_THREADS: '4' })).toBe(4);
  });

  it('refuses anything but a whole number of threads, naming the variable', () => {
    for (const bad of ['0', '-1', '1.5', 'two']) {
      expect(() => workerThreads({ ACCOUNT_SCORE_THREADS: bad })).toThrow(`ACCOUNT_SCORE_THREADS must be a whole number of threads, 1 or more (got "${bad}")`);
    }
  });
});
