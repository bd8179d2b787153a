// Opportunity roll-ups for a spec that has them: one paged query over the Opportunities (REST or
// Bulk 2.0 like the accounts), aggregated as they stream; never a query per account.
import type { Connection } from 'jsforce';
import { createOpportunityAggregator, requiredOpportunityFields, type FeatureSpec, type OpportunityAggregator } from '../features/index.js';
import { openQuery, type ReadOptions } from '../salesforce/query.js';

// Bulk CSV values are typed by these; IsWon/IsClosed are standard checkboxes.
const TYPES: ReadonlyMap<string, string> = new Map([
  ['iswon', 'boolean'],
  ['isclosed', 'boolean'],
]);

export interface OpportunityRollups {
  aggregator: OpportunityAggregator;
  /** Opportunities read */
  read: number;
  mode: 'rest' | 'bulk';
}

/** null when the spec has no opportunity roll-ups (nothing is read). */
export async function readOpportunityRollups(
  conn: Connection,
  spec: FeatureSpec,
  o: { read: ReadOptions; where?: string; mode?: 'rest' | 'bulk'; say?: (m: string) => void },
): Promise<OpportunityRollups | null> {
  if (!spec.opportunities) return null;
  const aggregator = createOpportunityAggregator(spec);
  const idField = spec.opportunities.accountIdField;
  const fields = requiredOpportunityFields(spec);
  const where = o.where ?? `${idField} != null`;
  const q = await openQuery(conn, { object: 'Opportunity', fields, where }, TYPES, o.read, o.mode);
  let read = 0;
  for await (const page of q.pages) {
    for (const r of page) aggregator.add(r);
    read += page.length;
    o.say?.(`read ${read} opportunities`);
  }
  return { aggregator, read, mode: q.mode };
}
