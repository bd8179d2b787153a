// The plan as a file: written before any owner changes (it is the undo record), read back by
// `sf score assign undo`. JSON is the source of truth; the CSV is the same plan for people.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { toSafeCsv } from '../util/csv-write.js';
import { Assignment, Balance, PlanStats, RepSummary, Skipped } from './plan.js';

export const MoveOutcome = z.object({
  accountId: z.string(),
  status: z.enum(['moved', 'failed', 'skipped']),
  code: z.string().optional(),
  message: z.string().optional(),
});
export type MoveOutcome = z.infer<typeof MoveOutcome>;

export const ApplyRecord = z.object({
  kind: z.enum(['apply', 'undo']),
  at: z.string(),
  moved: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  /** failures and skips only (moved accounts are the plan's rows) */
  problems: z.array(MoveOutcome),
});
export type ApplyRecord = z.infer<typeof ApplyRecord>;

export const AssignPlanFile = z.object({
  format: z.literal('account-score-assignment/1'),
  planId: z.string().uuid(),
  createdAt: z.string(),
  orgId: z.string().nullable(),
  modelVersion: z.string(),
  options: z.object({
    pool: z.string(),
    reps: z.string(),
    perRep: z.number().int().nullable(),
    capacityField: z.string().nullable(),
    matchField: z.string().nullable(),
    repMatchField: z.string().nullable(),
    balance: Balance,
    tolerance: z.number(),
    excludeWorkedDays: z.number().int(),
    workedSince: z.string(),
  }),
  stats: PlanStats.extend({ poolAccounts: z.number().int(), checkedForActivity: z.number().int() }),
  reps: z.array(RepSummary),
  assignments: z.array(Assignment),
  skipped: z.array(Skipped),
  /** appended by --apply and undo, newest last */
  history: z.array(ApplyRecord),
});
export type AssignPlanFile = z.infer<typeof AssignPlanFile>;

/** Writes the file whole or not at all (temp file + rename). */
export async function savePlanFile(file: string, plan: AssignPlanFile): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(AssignPlanFile.parse(plan), null, 2) + '\n');
  await rename(tmp, file);
}

export async function loadPlanFile(file: string): Promise<AssignPlanFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read the plan file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`The plan file ${file} is not JSON (${(e as Error).message.replace(/\s+/g, ' ').slice(0, 120)}); pass the .json plan that --apply wrote, not the CSV.`);
  }
  const r = AssignPlanFile.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(`The plan file ${file} is not an assignment plan: ${first.path.join('.') || '(file)'}: ${first.message}`);
  }
  return r.data;
}

/** The plan as CSV: one row per account, best first. */
export function planCsv(plan: Pick<AssignPlanFile, 'assignments'>): string {
  const header = ['AccountId', 'AccountName', 'FromOwnerId', 'ToUserId', 'ToUserName', 'Score', 'Tier', 'ExpectedConversion', 'Why'];
  const rows = plan.assignments.map((a) => [a.accountId, a.name, a.from, a.to, a.toName, a.score, a.tier, Number(a.probability.toFixed(6)), a.why]);
  // names and reasons come from the org: a spreadsheet must not run them as formulas
  return toSafeCsv([header, ...rows]);
}
