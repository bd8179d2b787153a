// The org's daily API request allowance, counted as Salesforce counts it: every REST and
// Bulk API call (including bulk result downloads); OAuth token calls do not count.

export class ApiLimits {
  used = 0;
  bulkQueryJobs = 0;
  bulkIngestBatches = 0;

  constructor(public max: number) {}

  get remaining(): number {
    return Math.max(0, this.max - this.used);
  }

  /** Counts one call; false when the allowance was already spent. */
  consume(): boolean {
    if (this.used >= this.max) return false;
    this.used++;
    return true;
  }

  /** A new day: the allowance is whole again. */
  reset() {
    this.used = 0;
    this.bulkQueryJobs = 0;
    this.bulkIngestBatches = 0;
  }

  /** GET /limits body (the entries jsforce users read most). */
  toJson() {
    return {
      DailyApiRequests: { Max: this.max, Remaining: this.remaining },
      DailyBulkApiBatches: { Max: 15000, Remaining: Math.max(0, 15000 - this.bulkIngestBatches) },
      DailyBulkV2QueryJobs: { Max: 10000, Remaining: Math.max(0, 10000 - this.bulkQueryJobs) },
      DailyBulkV2QueryFileStorageMB: { Max: 976562, Remaining: 976562 },
      DataStorageMB: { Max: 1024, Remaining: 1024 },
      FileStorageMB: { Max: 1024, Remaining: 1024 },
    };
  }
}
