import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Connection } from 'jsforce';
import { createContactAggregator, requiredAccountFields, requiredContactFields } from '../features/index.js';
import { loadAccountScoreModel, tierFor, type Tier } from '../model/index.js';
import { explainAccount, type FeatureContribution } from '../model/explain/explain-account.js';
import { restQueryPages } from '../salesforce/query.js';
import { SCORE_FIELDS } from '../salesforce/score-fields.js';
import { readSettings } from '../salesforce/settings.js';

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
  recomputed: { score: number; tier: Tier; baseline: number };
  thresholds: { hot: number; warm: number };
  /** false when the stored score is missing, or differs (another model, or the data changed since) */
  matchesStored: boolean;
  contacts: number;
  factors: FeatureContribution[];
}

export class AccountNotFoundError extends Error {
  override name = 'AccountNotFoundError';
}

const F = SCORE_FIELDS;
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : null);
const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/**
 * Explains one Account of an org: reads it and its Contacts with the fields the model's
 * spec needs, recomputes the score with every feature's TreeSHAP contribution, and sets it
 * beside the score fields the last sync wrote. `accountId` must already be a valid Id.
 */
export async function explainAccountInOrg(conn: Connection, modelFile: string, accountId: string, expectedSha256?: string): Promise<OrgAccountExplanation> {
  if (!/^001[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(accountId)) throw new Error(`"${accountId}" isn't an Account Id`);
  const bytes = await readFile(modelFile);
  // a downloaded model is checked against its record's digest: these bytes are what explain
  if (expectedSha256 && createHash('sha256').update(bytes).digest('hex') !== expectedSha256) {
    throw new Error(`${modelFile} does not match the sha256 of the org's active model; run the command again to download it afresh`);
  }
  const model = await loadAccountScoreModel(bytes);
  try {
    const settings = await readSettings(conn);
    const fields = [...new Set(['Id', 'Name', ...requiredAccountFields(model.spec), F.score.name, F.tier.name, F.percentile.name, F.modelVersion.name, F.scoredAt.name])];
    const accounts: Record<string, unknown>[] = [];
    for await (const page of restQueryPages(conn, `SELECT ${fields.join(', ')} FROM Account WHERE Id = '${accountId}'`)) accounts.push(...page);
    const account = accounts[0];
    if (!account) throw new AccountNotFoundError(`No Account with Id ${accountId}`);
    const id = String(account.Id);
    const agg = createContactAggregator(model.spec);
    let contacts = 0;
    const contactFields = requiredContactFields(model.spec);
    if (model.spec.contacts && contactFields.length) {
      const soql = `SELECT ${[...new Set(['Id', ...contactFields])].join(', ')} FROM Contact WHERE AccountId = '${id}'`;
      for await (const page of restQueryPages(conn, soql)) {
        for (const c of page) agg.add(c);
        contacts += page.length;
      }
    }
    const ex = await explainAccount(model, { account, contacts: agg.get(id) });
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
      modelVersion: model.modelVersion ?? null,
      stored,
      recomputed: { score: ex.score, tier: tierFor(ex.score, { hot: settings.hotThreshold, warm: settings.warmThreshold }), baseline: ex.baseline },
      thresholds: { hot: settings.hotThreshold, warm: settings.warmThreshold },
      matchesStored: stored.score !== null && Math.abs(stored.score - ex.score) <= tolerance,
      contacts,
      factors: ex.factors,
    };
  } finally {
    await model.session.release();
  }
}
