import type { Connection } from 'jsforce';
import type { ApiCallCounter } from './api-calls.js';

export class BudgetError extends Error {
  override name = 'BudgetError';
}

/**
 * The org's daily API request allowance as read from /limits at the start of a run,
 * and this run's consumption (counted on the connection). A run may use calls only
 * while the org keeps at least `reservePercent` of its daily maximum.
 */
export class ApiBudget {
  private readonly countAtStart: number;
  constructor(
    readonly max: number,
    readonly remainingAtStart: number,
    readonly reservePercent: number,
    private readonly calls: ApiCallCounter,
  ) {
    this.countAtStart = calls.count; // constructed right after the /limits response
  }
  /** calls this run's budget may not touch */
  get reserve(): number {
    return Math.ceil((this.max * this.reservePercent) / 100);
  }
  /** calls made since the budget was read (the /limits call itself included) */
  get used(): number {
    return this.calls.count - this.countAtStart + 1;
  }
  /** calls still available above the reserve (Remaining was measured after the /limits call) */
  get available(): number {
    return this.remainingAtStart - (this.calls.count - this.countAtStart) - this.reserve;
  }
  /** Throws a BudgetError if `planned` more calls would eat into the reserve. */
  assert(planned: number, what: string): void {
    if (planned > this.available) {
      throw new BudgetError(
        `API budget: ${what} needs about ${planned} API calls but only ${Math.max(0, this.available)} remain above the ` +
          `${this.reservePercent}% reserve (${this.reserve} of ${this.max} daily requests; ${this.remainingAtStart} remained at start, ` +
          `this run used ${this.used}). Stopped before going below the reserve.`,
      );
    }
  }
}

interface LimitsResponse {
  DailyApiRequests?: { Max: number; Remaining: number };
}

/** GET /limits and build the run's budget. The /limits call is counted as used. */
export async function apiBudget(conn: Connection, reservePercent: number, calls: ApiCallCounter): Promise<ApiBudget> {
  const limits = await conn.request<LimitsResponse>(`/services/data/v${conn.version}/limits`);
  const daily = limits.DailyApiRequests;
  if (!daily || typeof daily.Max !== 'number' || typeof daily.Remaining !== 'number') {
    throw new Error('The org did not report DailyApiRequests in /limits; cannot check the API budget.');
  }
  return new ApiBudget(daily.Max, daily.Remaining, reservePercent, calls);
}
