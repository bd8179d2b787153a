import type { Connection } from 'jsforce';
import { scoreAccounts, type Factor, type Population, type ScoringModel, type Tier } from '../model/index.js';
import { soqlAccountId } from '../salesforce/ids.js';
import { DEFAULT_READ, restQueryPages } from '../salesforce/query.js';
import { SCORE_FIELDS } from '../salesforce/score-fields.js';
import { readSettings } from '../salesforce/settings.js';
import { readOpportunityRollups } from './read-opportunity-rollups.js';

export interface StoredScore {
  score: number | null;
  tier: string | null;
  percentile: number | null;
  modelVersion: string | null;
  scoredAt: string | null;
}

export interface OrgAccountExplanation {
  accountId: string;
  name: string | null;
  modelVersion: string | null;
  /** what the last sync wrote to the Account */
  stored: StoredScore;
  /** scored now from the Account and its Contacts, tier from the org's thresholds */
  recomputed: { score: number; tier: Tier; baseline: number; probability: number; percentile: number | null };
  thresholds: { hot: number; warm: number };
  /** false when the stored score is missing, or differs (another model, or the data changed since) */
  matchesStored: boolean;
  contacts: number;
  /** the account's Opportunities read for the roll-ups; null when the model has none */
  opportunities: number | null;
  /** every feature, largest |points| first; baseline + their points = the recomputed score */
  factors: Factor[];
}

export class AccountNotFoundError extends Error {
  override name = 'AccountNotFoundError';
}

const F = SCORE_FIELDS;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : null);
const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/**
 * Explains one Account of an org: reads it and its Contacts with the fields the model's spec
 * needs, scores it with the scoring core (every feature's contribution, percentile against
 * the last full sync's population when there is one) and sets it beside the score fields the
 * last sync wrote.
 */
export async function explainAccountInOrg(conn: Connection, model: ScoringModel, accountId: string, population?: Population | null): Promise<OrgAccountExplanation> {
  const quoted = soqlAccountId(accountId);
  const settings = await readSettings(conn);
  const fields = [...new Set(['Id', 'Name', ...model.accountFields, F.score.name, F.tier.name, F.percentile.name, F.modelVersion.name, F.scoredAt.name])];
  const accounts: Record<string, unknown>[] = [];
  for await (const page of restQueryPages(conn, `SELECT ${fields.join(', ')} FROM Account WHERE Id = ${quoted}`)) accounts.push(...page);
  const account = accounts[0];
  if (!account) throw new AccountNotFoundError(`No Account with Id ${accountId}`);
  const id = String(account.Id);
  const agg = model.newContactAggregator();
  let contacts = 0;
  if (model.contactFields.length) {
    const soql = `SELECT ${[...new Set(['Id', ...model.contactFields])].join(', ')} FROM Contact WHERE AccountId = ${soqlAccountId(id)}`;
    for await (const page of restQueryPages(conn, soql)) {
      for (const c of page) agg.add(c);
      contacts += page.length;
    }
  }
  // The same roll-ups as the sync, for this one account.
  const opps = await readOpportunityRollups(conn, model.spec, {
    read: DEFAULT_READ,
    where: `${model.spec.opportunities?.accountIdField ?? 'AccountId'} = ${soqlAccountId(id)}`,
    mode: 'rest',
  });
  const thresholds = { hot: settings.hotThreshold, warm: settings.warmThreshold };
  const [ex] = await scoreAccounts(model, [{ account, contacts: agg.get(id), opportunities: opps?.aggregator.get(id) }], { thresholds, factors: 'all', population: population ?? undefined });
  const stored: StoredScore = {
    score: num(account[F.score.name]),
    tier: str(account[F.tier.name]),
    percentile: num(account[F.percentile.name]),
    modelVersion: str(account[F.modelVersion.name]),
    scoredAt: str(account[F.scoredAt.name]),
  };
  const tolerance = 0.005; // the field keeps 2 decimals
  return {
    accountId: id,
    name: str(account.Name),
    modelVersion: model.version,
    stored,
    recomputed: { score: ex.score, tier: ex.tier, baseline: ex.baseline, probability: ex.probability, percentile: population ? ex.percentile : null },
    thresholds,
    matchesStored: stored.score !== null && Math.abs(stored.score - ex.score) <= tolerance,
    contacts,
    opportunities: opps ? opps.read : null,
    factors: ex.factors,
  };
}
