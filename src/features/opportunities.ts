// Per-account Opportunity roll-ups. One paged query streams every Opportunity of the org through
// one aggregator, so per-account state is three counters.
import { OPPORTUNITY_KEYS, type FeatureSpec, type OpportunitiesSpec } from './spec.js';

/** Counts per account. NaN everywhere means "opportunities unknown" (e.g. a CSV without them). */
export interface OpportunityAggregate {
  opportunityCount: number;
  wonCount: number;
  /** not closed yet (IsClosed false) */
  openCount: number;
}
export type OpportunityKey = (typeof OPPORTUNITY_KEYS)[number];

export function emptyOpportunityAggregate(): OpportunityAggregate {
  return { opportunityCount: 0, wonCount: 0, openCount: 0 };
}

export function unknownOpportunityAggregate(): OpportunityAggregate {
  return { opportunityCount: NaN, wonCount: NaN, openCount: NaN };
}

export interface OpportunityAggregator {
  /** Adds one Opportunity record; false when it has no account. Throws when IsWon/IsClosed is not a checkbox value. */
  add(opportunity: Record<string, unknown>): boolean;
  /** The aggregate for an account; all zeros when it has no opportunities. */
  get(accountId: string): OpportunityAggregate;
  readonly size: number;
}

// Bulk CSV results carry checkboxes as "true"/"false" text.
function checkbox(v: unknown, record: Record<string, unknown>, field: string): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  const id = typeof record.Id === 'string' ? `Opportunity ${record.Id}` : 'An Opportunity';
  throw new Error(`${id}, field ${field}: ${JSON.stringify(v)} is not a checkbox value`);
}

const key15 = (id: string) => (id.length === 18 ? id.slice(0, 15) : id);

export function createOpportunityAggregator(spec: FeatureSpec): OpportunityAggregator {
  const accountIdField = spec.opportunities?.accountIdField ?? 'AccountId';
  const byAccount = new Map<string, Uint32Array>();
  return {
    add(o) {
      const id = o[accountIdField];
      if (typeof id !== 'string' || id === '') return false;
      const won = checkbox(o.IsWon, o, 'IsWon');
      const closed = checkbox(o.IsClosed, o, 'IsClosed');
      let c = byAccount.get(key15(id));
      if (!c) byAccount.set(key15(id), (c = new Uint32Array(3)));
      c[0]++;
      if (won) c[1]++;
      if (!closed) c[2]++;
      return true;
    },
    get(accountId) {
      const c = byAccount.get(key15(accountId));
      return c ? { opportunityCount: c[0], wonCount: c[1], openCount: c[2] } : emptyOpportunityAggregate();
    },
    get size() {
      return byAccount.size;
    },
  };
}

/** What spec inference proposes when Opportunities are readable (and the label is not defined from them). */
export function defaultOpportunitiesSpec(): OpportunitiesSpec {
  return {
    accountIdField: 'AccountId',
    features: [
      { id: 'opportunity_count', label: 'Opportunities', kind: 'count', of: 'opportunityCount' },
      { id: 'won_opportunity_count', label: 'Won opportunities', kind: 'count', of: 'wonCount' },
      { id: 'open_opportunity_count', label: 'Open opportunities', kind: 'count', of: 'openCount' },
    ],
    why:
      "Opportunities are readable: counts of the account's Opportunities (all, won, open). They describe the account's history at scoring time, so they are proposed only when the label is not defined from Opportunities.",
  };
}
