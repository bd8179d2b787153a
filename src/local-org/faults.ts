// Fault injection: deterministic under a seed, switchable per test with org.faults.set().
import { z } from 'zod';
// mulberry32 (a leaf module with no imports): tiny, fast, good enough for deciding which request fails.
import { Rng } from './generate/prng.js';

/** A seeded uniform stream in [0, 1). */
function rng(seed: number): () => number {
  const r = Rng.forKey(seed, 0, 0);
  return () => r.next();
}

export const FaultOptions = z
  .object({
    /** share of API requests answered 503 SERVER_UNAVAILABLE */
    unavailableRate: z.number().min(0).max(1).default(0),
    /** share of API requests answered 500 UNKNOWN_EXCEPTION */
    serverErrorRate: z.number().min(0).max(1).default(0),
    /** added latency per API request (ms) */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** share of record updates (collections, bulk ingest) failing UNABLE_TO_LOCK_ROW */
    lockRowRate: z.number().min(0).max(1).default(0),
    /**
     * API requests to matching routes answered with this status (after the random faults), e.g.
     * `{ method: 'GET', path: '^/services/data/v[\\d.]+/jobs/ingest/[^/]+$', status: 503 }` for Bulk job-status polls.
     */
    routes: z
      .array(
        z
          .object({
            method: z.string().default('GET'),
            /** regular expression on the request path */
            path: z.string().min(1),
            status: z.union([z.literal(500), z.literal(503)]),
            /** share of the matching requests that fail */
            rate: z.number().min(0).max(1).default(1),
          })
          .strict(),
      )
      .default([]),
    /** expire every issued token after this many API calls (0 = never) */
    expireTokensEvery: z.number().int().min(0).default(0),
    seed: z.number().int().default(1),
  })
  .strict();
export type FaultOptions = z.infer<typeof FaultOptions>;
export type FaultInput = z.input<typeof FaultOptions>;

const FAULT_KINDS = ['unavailable', 'serverError', 'lockRow', 'delayed', 'tokenExpiries'] as const;
/** How many faults of each kind were injected since the controller was made or reset. */
export type FaultCounts = Record<(typeof FAULT_KINDS)[number], number>;
const noFaults = () => Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as FaultCounts;

export class FaultController {
  private opts: FaultOptions;
  // Separate streams, so adding record updates does not shift which requests fail.
  private requestRng: () => number;
  private lockRng: () => number;
  private routeRng: () => number;
  private apiCalls = 0;
  counts: FaultCounts = noFaults();

  constructor(input: FaultInput = {}) {
    this.opts = FaultOptions.parse(input);
    this.requestRng = rng(this.opts.seed);
    this.lockRng = rng(this.opts.seed ^ 0x5bd1e995);
    this.routeRng = rng(this.opts.seed ^ 0x27d4eb2f);
  }

  get options(): Readonly<FaultOptions> {
    return this.opts;
  }

  /** Replaces the fault settings (unspecified ones back to off) and reseeds. */
  set(input: FaultInput) {
    this.opts = FaultOptions.parse(input);
    this.requestRng = rng(this.opts.seed);
    this.lockRng = rng(this.opts.seed ^ 0x5bd1e995);
    this.routeRng = rng(this.opts.seed ^ 0x27d4eb2f);
    this.apiCalls = 0;
  }

  /** Turns all faults off and zeroes the counts. */
  reset() {
    this.set({});
    this.counts = noFaults();
  }

  /** Decides the fate of one API request. */
  rollRequest(req?: { method: string; path: string }): { status: 0 | 500 | 503; delayMs: number; expireTokens: boolean } {
    this.apiCalls++;
    const r = this.requestRng();
    let status: 0 | 500 | 503 = 0;
    if (r < this.opts.unavailableRate) status = 503;
    else if (r < this.opts.unavailableRate + this.opts.serverErrorRate) status = 500;
    if (status === 0 && req) {
      for (const f of this.opts.routes) {
        if (f.method.toUpperCase() !== req.method || !new RegExp(f.path).test(req.path)) continue;
        if (f.rate >= 1 || this.routeRng() < f.rate) status = f.status;
        break;
      }
    }
    if (status === 503) this.counts.unavailable++;
    if (status === 500) this.counts.serverError++;
    if (this.opts.latencyMs > 0) this.counts.delayed++;
    const expireTokens = this.opts.expireTokensEvery > 0 && this.apiCalls % this.opts.expireTokensEvery === 0;
    if (expireTokens) this.counts.tokenExpiries++;
    return { status, delayMs: this.opts.latencyMs, expireTokens };
  }

  /** true when this record update should fail with UNABLE_TO_LOCK_ROW */
  rollLock(): boolean {
    if (this.opts.lockRowRate === 0) return false;
    const hit = this.lockRng() < this.opts.lockRowRate;
    if (hit) this.counts.lockRow++;
    return hit;
  }
}
