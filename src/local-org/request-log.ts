// Every request the local org answered, so tests and benchmarks can count API calls.

export interface RequestEntry {
  method: string;
  /** path without the query string */
  path: string;
  status: number;
  /** counted against DailyApiRequests */
  apiCall: boolean;
  /** epoch ms when the response finished */
  at: number;
}

export class RequestLog {
  readonly entries: RequestEntry[] = [];

  push(e: RequestEntry) {
    this.entries.push(e);
  }

  /** Number of API calls (as Salesforce counts them), optionally only those matching. */
  apiCalls(filter?: (e: RequestEntry) => boolean): number {
    let n = 0;
    for (const e of this.entries) if (e.apiCall && (!filter || filter(e))) n++;
    return n;
  }

  /** Entries whose path contains the fragment (e.g. '/composite/sobjects'). */
  matching(fragment: string, method?: string): RequestEntry[] {
    return this.entries.filter((e) => e.path.includes(fragment) && (!method || e.method === method));
  }

  clear() {
    this.entries.length = 0;
  }
}
