import { writeFile } from 'node:fs/promises';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { applyPlan } from '../../assign/apply.js';
import { ApplyRecord, AssignPlanFile, loadPlanFile, planCsv, savePlanFile } from '../../assign/plan-file.js';
import type { Connected } from '../../salesforce/connection.js';
import { planFromOrg } from '../../assign/run.js';
import { AssignInputError, parsePool, parseReps } from '../../salesforce/owners.js';
import { loadRunModel } from '../../sync/model-source.js';
import { stateDirFor } from '../../sync/state-files.js';
import { connectOrg } from '../_shared/org-connection.js';
import { SHIPPED_MODEL } from '../_shared/paths.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.assign');

export const ScoreAssignResult = z.object({
  plan: AssignPlanFile,
  /** where the JSON plan was written (null: dry run without --plan-file) */
  planFile: z.string().nullable(),
  csvFile: z.string().nullable(),
  applied: ApplyRecord.nullable(),
});
export type ScoreAssignResult = z.infer<typeof ScoreAssignResult>;

const toleranceFlag = Flags.custom<number>({
  parse: async (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 1) throw messages.createError('error.BadTolerance', [v]);
    return n;
  },
});

const pct = (n: number) => `${n.toFixed(2)}`;
const mix = (t: { Hot: number; Warm: number; Cold: number }) => `${t.Hot}/${t.Warm}/${t.Cold}`;

export default class ScoreAssign extends SfCommand<ScoreAssignResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    pool: Flags.string({ summary: messages.getMessage('flags.pool.summary'), exclusive: ['from-plan'] }),
    reps: Flags.string({ summary: messages.getMessage('flags.reps.summary'), exclusive: ['from-plan'] }),
    'from-plan': Flags.file({ summary: messages.getMessage('flags.from-plan.summary'), exists: true }),
    'per-rep': Flags.integer({ summary: messages.getMessage('flags.per-rep.summary'), min: 0 }),
    'capacity-field': Flags.string({ summary: messages.getMessage('flags.capacity-field.summary') }),
    'match-field': Flags.string({ summary: messages.getMessage('flags.match-field.summary') }),
    'rep-match-field': Flags.string({ summary: messages.getMessage('flags.rep-match-field.summary'), dependsOn: ['match-field'] }),
    balance: Flags.option({ summary: messages.getMessage('flags.balance.summary'), options: ['expected', 'tiers'] as const, default: 'expected' })(),
    tolerance: toleranceFlag({ summary: messages.getMessage('flags.tolerance.summary'), default: 1.05 }),
    'exclude-worked-days': Flags.integer({ summary: messages.getMessage('flags.exclude-worked-days.summary'), min: 0, default: 30 }),
    output: Flags.file({ summary: messages.getMessage('flags.output.summary') }),
    'plan-file': Flags.file({ summary: messages.getMessage('flags.plan-file.summary') }),
    apply: Flags.boolean({ summary: messages.getMessage('flags.apply.summary') }),
    'api-reserve': Flags.integer({ summary: messages.getMessage('flags.api-reserve.summary'), min: 0, max: 90 }),
    model: Flags.file({ summary: messages.getMessage('flags.model.summary'), exists: true }),
  };

  public async run(): Promise<ScoreAssignResult> {
    const { flags } = await this.parse(ScoreAssign);
    const org = flags['target-org'];
    if (flags['from-plan']) return this.applySaved(flags['from-plan'], !!flags.apply, flags['api-reserve']);
    if (flags.pool === undefined || flags.reps === undefined) throw messages.createError('error.NoPoolOrReps');
    if (flags['per-rep'] === undefined && flags['capacity-field'] === undefined) throw messages.createError('error.NoCapacity');
    let pool, reps;
    try {
      pool = parsePool(flags.pool);
      reps = parseReps(flags.reps);
    } catch (e) {
      if (e instanceof AssignInputError) throw messages.createError('error.BadInput', [e.message]);
      throw e;
    }
    const { conn, calls } = await connectOrg(org);

    this.spinner.start(messages.getMessage('spinner.plan'));
    let plan: AssignPlanFile;
    try {
      plan = await planFromOrg({
        conn,
        calls,
        // the org's active model, like every run (the shipped one when none is active); --model names another file
        loadModel: () => loadRunModel(conn, { stateDir: stateDirFor(org.getOrgId()), shippedModel: SHIPPED_MODEL, explicitFile: flags.model, progress: (m) => (this.spinner.status = m) }),
        orgId: org.getOrgId(),
        pool,
        reps,
        poolText: flags.pool,
        repsText: flags.reps,
        perRep: flags['per-rep'],
        capacityField: flags['capacity-field'],
        matchField: flags['match-field'],
        repMatchField: flags['rep-match-field'],
        balance: flags.balance,
        tolerance: flags.tolerance,
        excludeWorkedDays: flags['exclude-worked-days'],
        apiReservePercent: flags['api-reserve'],
        progress: (m) => (this.spinner.status = m),
      });
    } catch (e) {
      this.spinner.stop('failed');
      if (e instanceof AssignInputError) throw messages.createError('error.BadInput', [e.message]);
      throw e;
    }
    this.spinner.stop(messages.getMessage('spinner.planned', [plan.stats.assigned]));

    // The JSON plan is the undo record: with --apply it exists before the first owner changes.
    const planFile = flags['plan-file'] ?? (flags.apply ? `account-assignment-${plan.createdAt.slice(0, 10)}-${plan.planId.slice(0, 8)}.json` : null);
    if (planFile) await this.write(planFile, () => savePlanFile(planFile, plan));
    if (flags.output) await this.write(flags.output, () => writeFile(flags.output!, planCsv(plan)));
    this.print(plan);

    let applied: ApplyRecord | null = null;
    if (flags.apply && plan.assignments.length) {
      applied = await this.applyAndRecord(plan, planFile!, conn, calls, flags['api-reserve']);
    } else if (planFile) {
      this.log(messages.getMessage('info.DryRun', [planFile]));
    } else {
      this.log(messages.getMessage('info.DryRunNoFile'));
    }
    return { plan, planFile, csvFile: flags.output ?? null, applied };
  }

  /** --from-plan: show a saved plan and, with --apply, move exactly its accounts (re-running it moves only what is left). */
  private async applySaved(file: string, apply: boolean, apiReserve: number | undefined): Promise<ScoreAssignResult> {
    const { flags } = await this.parse(ScoreAssign);
    const org = flags['target-org'];
    let plan: AssignPlanFile;
    try {
      plan = await loadPlanFile(file);
    } catch (e) {
      throw messages.createError('error.BadInput', [(e as Error).message]);
    }
    if (plan.orgId && plan.orgId.slice(0, 15) !== org.getOrgId().slice(0, 15)) throw messages.createError('error.OtherOrg', [file, plan.orgId, org.getOrgId()]);
    this.print(plan);
    let applied: ApplyRecord | null = null;
    if (apply && plan.assignments.length) {
      const { conn, calls } = await connectOrg(org);
      applied = await this.applyAndRecord(plan, file, conn, calls, apiReserve);
    } else if (!apply) {
      this.log(messages.getMessage('info.DryRun', [file]));
    }
    return { plan, planFile: file, csvFile: null, applied };
  }

  private async applyAndRecord(plan: AssignPlanFile, planFile: string, conn: Connected['conn'], calls: Connected['calls'], apiReserve: number | undefined): Promise<ApplyRecord> {
    const { flags } = await this.parse(ScoreAssign);
    const org = flags['target-org'];
    this.spinner.start(messages.getMessage('spinner.apply', [plan.assignments.length]));
    const applied = await applyPlan(plan, 'apply', { conn, calls, apiReservePercent: apiReserve, progress: (m) => (this.spinner.status = m) });
    this.spinner.stop(messages.getMessage('spinner.applied', [applied.moved, applied.failed, applied.skipped]));
    plan.history.push(applied);
    await this.write(planFile, () => savePlanFile(planFile, plan));
    for (const p of applied.problems) {
      if (p.code === 'ALREADY_MOVED') continue;
      this.warn(messages.getMessage('warning.NotMoved', [p.accountId, p.code ?? p.status, p.message ?? '']));
    }
    const already = applied.problems.filter((p) => p.code === 'ALREADY_MOVED').length;
    if (already) this.log(messages.getMessage('info.AlreadyMoved', [already]));
    this.log(messages.getMessage('info.Undo', [org.getUsername() ?? org.getOrgId(), planFile]));
    if (applied.failed > 0) process.exitCode = 2;
    return applied;
  }

  private async write(file: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      throw messages.createError('error.NotWritten', [file, (e as Error).message]);
    }
  }

  private print(plan: AssignPlanFile): void {
    const s = plan.stats;
    this.styledHeader(messages.getMessage('header.reps', [plan.reps.length]));
    this.table({
      data: plan.reps.map((r) => ({
        rep: r.name,
        ...(plan.options.matchField ? { match: r.match ?? '-' } : {}),
        book: `${r.before.count} (${pct(r.before.expected)})`,
        new: r.added.count,
        'new Hot/Warm/Cold': mix(r.added.tiers),
        'expected conv. added': pct(r.added.expected),
        'expected conv. after': pct(r.after.expected),
      })),
    });
    this.log(messages.getMessage('info.Stats', [s.assigned, pct(s.planExpected), pct(s.topNExpected), s.ratio.toFixed(3), s.baselineRatio.toFixed(3), s.tolerance, s.tierSpread, s.baselineTierSpread]));
    if (plan.options.matchField) {
      this.log(messages.getMessage('info.GroupStats', [plan.options.matchField, s.groupRatio.toFixed(3), s.baselineGroupRatio.toFixed(3)]));
    }
    if (!s.withinTolerance) this.warn(messages.getMessage('warning.OutOfTolerance', [s.groupRatio.toFixed(3), s.tolerance]));
    if (plan.skipped.length) this.log(messages.getMessage('info.Skipped', [plan.skipped.length]));
  }
}
