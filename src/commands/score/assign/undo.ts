import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { applyPlan } from '../../../assign/apply.js';
import { ApplyRecord, loadPlanFile, savePlanFile } from '../../../assign/plan-file.js';
import { connectOrg } from '../../_shared/org-connection.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.assign.undo');

export const ScoreAssignUndoResult = ApplyRecord;
export type ScoreAssignUndoResult = ApplyRecord;

export default class ScoreAssignUndo extends SfCommand<ScoreAssignUndoResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    plan: Flags.file({ summary: messages.getMessage('flags.plan.summary'), required: true, exists: true }),
    'api-reserve': Flags.integer({ summary: messages.getMessage('flags.api-reserve.summary'), min: 0, max: 90 }),
  };

  public async run(): Promise<ScoreAssignUndoResult> {
    const { flags } = await this.parse(ScoreAssignUndo);
    const plan = await loadPlanFile(flags.plan);
    const org = flags['target-org'];
    if (plan.orgId && plan.orgId.slice(0, 15) !== org.getOrgId().slice(0, 15)) {
      throw messages.createError('error.OtherOrg', [flags.plan, plan.orgId, org.getOrgId()]);
    }
    const { conn, calls } = await connectOrg(org);
    this.spinner.start(messages.getMessage('spinner', [plan.assignments.length]));
    const res = await applyPlan(plan, 'undo', { conn, calls, apiReservePercent: flags['api-reserve'], progress: (m) => (this.spinner.status = m) });
    this.spinner.stop(messages.getMessage('done', [res.moved, res.failed, res.skipped]));
    plan.history.push(res);
    await savePlanFile(flags.plan, plan);
    for (const p of res.problems) {
      if (p.code === 'NOT_MOVED') continue; // never moved (failed at apply, or undone before): nothing to restore
      this.warn(messages.getMessage('warning.NotRestored', [p.accountId, p.code ?? p.status, p.message ?? '']));
    }
    const notMoved = res.problems.filter((p) => p.code === 'NOT_MOVED').length;
    if (notMoved) this.log(messages.getMessage('info.NotMoved', [notMoved]));
    if (res.failed > 0) process.exitCode = 2;
    return res;
  }
}
