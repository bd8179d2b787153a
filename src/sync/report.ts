import { z } from 'zod';
import { TRANSIENT_RECORD_ERRORS } from '../salesforce/retry.js';
import { TierCounts } from '../model/calibrate/tier.js';

const Failure = z.object({ id: z.string(), code: z.string(), message: z.string() });

export const RunReport = z.object({
  version: z.literal(1),
  runId: z.string(),
  kind: z.enum(['full', 'ids']),
  dryRun: z.boolean(),
  /** resumed from a checkpoint left by an interrupted run */
  resumed: z.boolean(),
  status: z.enum(['ok', 'partial', 'failed']),
  /** set when the run stopped (pre-flight, budget, model, crash) */
  error: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  modelVersion: z.string().optional(),
  /** where the model came from: the org's active model, the shipped one (nothing active), or a file given explicitly */
  modelSource: z.object({ kind: z.enum(['org', 'shipped', 'file']), note: z.string() }).optional(),
  /**
   * today's scores against the training population's score deciles (full runs of a model that
   * carries them): population stability index, warning past 0.25
   */
  drift: z
    .object({
      psi: z.number(),
      threshold: z.number(),
      drifted: z.boolean(),
      bins: z.array(z.object({ expected: z.number(), actual: z.number() })).length(10),
    })
    .nullable()
    .optional(),
  accounts: z.object({
    read: z.number().int(),
    scored: z.number().int(),
    changed: z.number().int(),
    /** confirmed written by this run */
    written: z.number().int(),
    /** confirmed not written (Salesforce refused them), listed in `failures` */
    failed: z.number().int(),
    /** sent to the org but never confirmed (e.g. a Bulk job whose status could not be read): maybe written */
    unknown: z.number().int().default(0),
    /** planned updates never sent, because the run stopped */
    notAttempted: z.number().int().default(0),
  }),
  /** per-record failures (first 1000; `accounts.failed` has the total) */
  failures: z.array(Failure),
  /** updates whose outcome is unknown (first 1000; `accounts.unknown` has the total) */
  unconfirmed: z.array(Failure).default([]),
  /** what the next run does about updates this one left unconfirmed, unsent or failed */
  reconcile: z.string().optional(),
  tiers: TierCounts,
  /** score distribution of the accounts scored in this run */
  scores: z.object({
    min: z.number().nullable(),
    p25: z.number().nullable(),
    median: z.number().nullable(),
    p75: z.number().nullable(),
    p90: z.number().nullable(),
    max: z.number().nullable(),
    mean: z.number().nullable(),
    /** counts per 10-point bucket: [0,10), [10,20) ... [90,100] */
    histogram: z.array(z.number().int()).length(10),
  }),
  api: z.object({
    /** requests this run sent to the org, retries included (counted on the connection) */
    calls: z.number().int(),
    retries: z.number().int(),
    dailyMax: z.number().int().nullable(),
    remainingAtStart: z.number().int().nullable(),
    reservePercent: z.number().nullable(),
  }),
  paths: z.object({
    accounts: z.enum(['rest', 'bulk', 'none']),
    contacts: z.enum(['rest', 'bulk', 'none']),
    write: z.enum(['collections', 'bulk', 'none']),
  }),
  /** milliseconds per phase */
  phases: z.record(z.string(), z.number()),
});
export type RunReport = z.infer<typeof RunReport>;

/**
 * What the next run does about updates this one did not confirm. Every run re-reads the stored
 * score fields (or resumes the interrupted plan) and writes each account that still differs, so
 * unconfirmed, unsent and failed updates are reconciled without anyone tracking them.
 */
export function reconcileNote(r: RunReport): string | undefined {
  if (r.dryRun) return undefined;
  const a = r.accounts;
  const open = [
    a.unknown ? `${a.unknown} unconfirmed` : '',
    a.notAttempted ? `${a.notAttempted} not attempted` : '',
    a.failed ? `${a.failed} failed` : '',
  ].filter(Boolean);
  if (!open.length) return undefined;
  // locked rows and the like pass next time; other refusals (validation rules, permissions) do not
  const lasting = r.failures.some((f) => !TRANSIENT_RECORD_ERRORS.has(f.code));
  return `the next run re-reads the stored score fields and writes every account that still differs, so these accounts (${open.join(', ')}) are reconciled then${lasting ? '; fix the cause of the failures listed, or they fail again' : ''}.`;
}

export function exitCodeFor(report: RunReport): number {
  return report.status === 'ok' ? 0 : report.status === 'partial' ? 2 : 1;
}

/** A few lines for people: what happened, what changed, what failed. */
export function summarize(r: RunReport): string {
  const lines: string[] = [];
  const what = r.dryRun ? 'Dry run' : r.kind === 'ids' ? 'On-demand scoring' : 'Sync';
  lines.push(`${what} ${r.status.toUpperCase()}${r.resumed ? ' (resumed from checkpoint)' : ''} - model ${r.modelVersion ?? '?'}`);
  if (r.error) lines.push(`  stopped: ${r.error}`);
  if (r.modelSource) lines.push(`  model: ${r.modelSource.note}`);
  const a = r.accounts;
  const unsure = [a.unknown ? `${a.unknown} unknown (sent, outcome not confirmed)` : '', a.notAttempted ? `${a.notAttempted} not attempted` : '']
    .filter(Boolean)
    .map((x) => `, ${x}`)
    .join('');
  lines.push(
    `  accounts: ${a.read} read, ${a.scored} scored, ${a.changed} ${r.dryRun ? 'would change' : 'changed'}, ${a.written} written, ${a.failed} failed${unsure}`,
  );
  lines.push(`  tiers: Hot ${r.tiers.Hot}, Warm ${r.tiers.Warm}, Cold ${r.tiers.Cold}; median score ${r.scores.median ?? '-'}`);
  lines.push(
    `  API calls: ${r.api.calls} (${r.api.retries} retries)${r.api.remainingAtStart !== null ? `; ${r.api.remainingAtStart} of ${r.api.dailyMax} remained at start` : ''}`,
  );
  if (r.drift) {
    lines.push(
      r.drift.drifted
        ? `  WARNING: score drift PSI ${r.drift.psi.toFixed(2)} (over ${r.drift.threshold}): the accounts no longer look like the ones the model learned from: retrain (sf score train ... --publish)`
        : `  drift: PSI ${r.drift.psi.toFixed(2)} against the training population (warns over ${r.drift.threshold})`,
    );
  }
  const total = Object.values(r.phases).reduce((x, y) => x + y, 0);
  lines.push(`  time: ${(total / 1000).toFixed(1)} s (${Object.entries(r.phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ')})`);
  for (const f of r.failures.slice(0, 5)) lines.push(`  failed ${f.id}: ${f.code} ${f.message}`);
  if (r.failures.length > 5) lines.push(`  ... ${a.failed - 5} more failures in the JSON report`);
  if (r.unconfirmed.length) lines.push(`  unconfirmed: ${a.unknown} accounts were sent but their outcome was not confirmed: maybe written (Ids in the JSON report)`);
  const next = r.reconcile ?? reconcileNote(r);
  if (next) lines.push(`  ${next[0].toUpperCase()}${next.slice(1)}`);
  return lines.join('\n');
}
