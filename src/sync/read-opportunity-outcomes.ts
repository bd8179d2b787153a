// Opportunity-based labels: which accounts have an Opportunity created soon after the account,
// or one that reached a given stage. One query over all Opportunities (REST or Bulk 2.0 by
// size, paged), aggregated per account in memory: a number or a set entry per account, never
// one call per account.
import type { Connection } from 'jsforce';
import { DEFAULT_READ, openQuery, type ReadOptions } from '../salesforce/query.js';

export const OPPORTUNITY_FIELDS = ['AccountId', 'CreatedDate', 'StageName', 'IsWon', 'IsClosed'] as const;

export class OpportunityLabelError extends Error {
  override name = 'OpportunityLabelError';
}

export interface StageInfo {
  apiName: string;
  label: string;
  sortOrder: number;
  isClosed: boolean;
  isWon: boolean;
}

interface DescribeField {
  name: string;
  type: string;
}

/** Problems with the Opportunity describe for the fields the labels read (empty = fine). */
export function missingOpportunityFields(fields: readonly DescribeField[]): string[] {
  const have = new Set(fields.map((f) => f.name.toLowerCase()));
  return OPPORTUNITY_FIELDS.filter((f) => !have.has(f.toLowerCase())).map((f) => `Opportunity.${f} is missing or not readable by this user`);
}

/** Describes Opportunity; a clear error when the object or a needed field isn't visible to the running user. */
export async function describeOpportunity(conn: Connection): Promise<Map<string, string>> {
  let fields: DescribeField[];
  try {
    fields = (await conn.sobject('Opportunity').describe()).fields;
  } catch (e) {
    const err = e as Error & { errorCode?: string };
    throw new OpportunityLabelError(
      `The Opportunity object is not available to this user (${err.errorCode ?? err.name}: ${err.message}). Opportunity-based labels need read access to Opportunity.`,
    );
  }
  const problems = missingOpportunityFields(fields);
  if (problems.length) throw new OpportunityLabelError(`Opportunity-based labels can't be read:\n  - ${problems.join('\n  - ')}`);
  return new Map(fields.map((f) => [f.name.toLowerCase(), f.type]));
}

/** The org's active Opportunity stages in their sort order (Setup > Opportunity Stages). */
export async function readStages(conn: Connection): Promise<StageInfo[]> {
  const res = await conn.query<Record<string, unknown>>(
    'SELECT ApiName, MasterLabel, SortOrder, IsClosed, IsWon FROM OpportunityStage WHERE IsActive = true ORDER BY SortOrder',
  );
  return res.records.map((r) => ({
    apiName: String(r.ApiName ?? r.MasterLabel),
    label: String(r.MasterLabel ?? r.ApiName),
    sortOrder: Number(r.SortOrder),
    isClosed: r.IsClosed === true,
    isWon: r.IsWon === true,
  }));
}

/** Finds the stage a user named (API name or label, any case); an error listing the valid stages otherwise. */
export function resolveStage(stages: readonly StageInfo[], name: string): StageInfo {
  const exact = stages.find((s) => s.apiName === name);
  if (exact) return exact;
  const lower = name.trim().toLowerCase();
  const loose = stages.find((s) => s.apiName.toLowerCase() === lower || s.label.toLowerCase() === lower);
  if (loose) return loose;
  throw new OpportunityLabelError(`"${name}" is not an active Opportunity stage in this org. Valid stages, in order: ${stages.map((s) => s.apiName).join(', ')}.`);
}

/** True if an Opportunity at `stageName` (with its IsWon/IsClosed) counts as having reached `target`. */
export function reachedStage(target: StageInfo, order: ReadonlyMap<string, number>, opp: { stageName: string; isWon: boolean; isClosed: boolean }): boolean {
  if (target.isWon) return opp.isWon;
  if (target.isClosed) return opp.stageName === target.apiName;
  if (opp.isWon) return true;
  if (opp.isClosed) return false;
  const at = order.get(opp.stageName);
  return at !== undefined && at >= target.sortOrder;
}

export type OpportunityOutcomes =
  | { kind: 'created'; /** AccountId -> earliest Opportunity CreatedDate (ms) */ firstCreated: Map<string, number>; opportunities: number }
  | { kind: 'stage'; stage: StageInfo; /** accounts with an Opportunity that reached the stage */ reached: Set<string>; opportunities: number };

const bool = (v: unknown) => v === true || v === 'true';

/**
 * Reads every Opportunity with an AccountId once (`SELECT AccountId, CreatedDate, StageName,
 * IsWon, IsClosed FROM Opportunity WHERE AccountId != null`) and keeps only what the label needs.
 */
export async function readOpportunityOutcomes(
  conn: Connection,
  label: { kind: 'opportunity-created' } | { kind: 'opportunity-stage'; stage: string },
  opts: { read?: ReadOptions; progress?: (m: string) => void } = {},
): Promise<OpportunityOutcomes> {
  const types = await describeOpportunity(conn);
  let target: StageInfo | undefined;
  let order = new Map<string, number>();
  if (label.kind === 'opportunity-stage') {
    const stages = await readStages(conn);
    target = resolveStage(stages, label.stage);
    order = new Map(stages.map((s) => [s.apiName, s.sortOrder]));
  }
  const q = await openQuery(conn, { object: 'Opportunity', fields: OPPORTUNITY_FIELDS, where: 'AccountId != null' }, types, opts.read ?? DEFAULT_READ);
  const firstCreated = new Map<string, number>();
  const reached = new Set<string>();
  let n = 0;
  for await (const page of q.pages) {
    for (const o of page) {
      const accountId = String(o.AccountId);
      if (target) {
        if (!reached.has(accountId) && reachedStage(target, order, { stageName: String(o.StageName), isWon: bool(o.IsWon), isClosed: bool(o.IsClosed) })) reached.add(accountId);
      } else {
        const created = Date.parse(String(o.CreatedDate));
        if (Number.isNaN(created)) throw new OpportunityLabelError(`Opportunity of Account ${accountId}: CreatedDate "${String(o.CreatedDate)}" is not a date`);
        const prev = firstCreated.get(accountId);
        if (prev === undefined || created < prev) firstCreated.set(accountId, created);
      }
    }
    n += page.length;
    opts.progress?.(`read ${n} opportunities`);
  }
  return target ? { kind: 'stage', stage: target, reached, opportunities: n } : { kind: 'created', firstCreated, opportunities: n };
}
