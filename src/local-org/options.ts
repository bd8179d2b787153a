// startLocalOrg options (validated) and the shared state every API area reads.
import { z } from 'zod';
import { FaultController, FaultOptions } from './faults.js';
import { ExtraFields } from './org-schema.js';
import { ApiLimits } from './limits.js';
import { RequestLog } from './request-log.js';
import { OrgStore } from './store.js';
import type { TokenStore } from './tokens.js';

export const LocalOrgOptions = z
  .object({
    port: z.number().int().min(0).max(65535).default(0),
    host: z.string().default('127.0.0.1'),
    apiVersion: z.string().regex(/^\d+\.\d$/, 'apiVersion looks like "62.0"').default('62.0'),
    dailyApiLimit: z.number().int().min(0).default(100_000),
    store: z.instanceof(OrgStore).optional(),
    /**
     * fields to add to the standard objects when the server creates the store, e.g.
     * `{ Account: [...] }` (a given store already has its schema: pass them to OrgStore then)
     */
    extraFields: ExtraFields.optional(),
    username: z.string().default('admin@local-org.test'),
    password: z.string().default('local-org-password'),
    clientId: z.string().default('local-org-client'),
    clientSecret: z.string().default('local-org-secret'),
    /** a fixed token accepted in addition to issued ones (demos, tests) */
    accessToken: z.string().min(1).optional(),
    tokenTtlMs: z.number().int().positive().default(2 * 60 * 60 * 1000),
    faults: FaultOptions.partial().optional(),
    seed: z.number().int().default(1),
    /** how long a Bulk API job stays InProgress before completing */
    bulkPollDelayMs: z.number().int().min(0).default(50),
    /**
     * rows per Bulk query results download when the client sends no maxRecords. Salesforce
     * pages by size (~1 GB), so typical result sets arrive in one download; jsforce's
     * bulk2.query also relies on that (it concatenates pages, header rows included).
     */
    bulkResultsPageSize: z.number().int().positive().default(10_000_000),
  })
  .strict()
  .refine((o) => !(o.store && o.extraFields), {
    message: 'extraFields and store together: give the fields to OrgStore.withDefaults/loadDir, which build the store\'s schema',
    path: ['extraFields'],
  });
export type LocalOrgOptionsInput = z.input<typeof LocalOrgOptions>;
export type LocalOrgConfig = z.infer<typeof LocalOrgOptions>;

export interface OrgState {
  config: LocalOrgConfig;
  store: OrgStore;
  url: string;
  limits: ApiLimits;
  faults: FaultController;
  requests: RequestLog;
  tokens: TokenStore;
  userId: string;
  orgId: string;
}
