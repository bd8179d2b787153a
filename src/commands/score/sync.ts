import { writeFile } from 'node:fs/promises';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { LockedError, lockStateDir } from '../../sync/lock.js';
import { runSync } from '../../sync/run.js';
import { loadRunModel } from '../../sync/model-source.js';
import { stateDirFor } from '../../sync/state-files.js';
import { RunReport, exitCodeFor, summarize } from '../../sync/report.js';
import { accountIdsParser, splitIds } from '../_shared/account-id.js';
import { connectOrg } from '../_shared/org-connection.js';
import { Progress } from '../_shared/progress.js';
import { SHIPPED_MODEL } from '../_shared/paths.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.sync');

/** `--json` prints the sync's run report (the same document --report-file writes). */
export const ScoreSyncResult = RunReport;
export type ScoreSyncResult = RunReport;

export default class ScoreSync extends SfCommand<ScoreSyncResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    ids: Flags.string({
      summary: messages.getMessage('flags.ids.summary'),
      multiple: true,
      parse: accountIdsParser(messages),
    }),
    'api-reserve': Flags.integer({ summary: messages.getMessage('flags.api-reserve.summary'), min: 0, max: 90 }),
    'report-file': Flags.file({ summary: messages.getMessage('flags.report-file.summary') }),
    model: Flags.file({ summary: messages.getMessage('flags.model.summary'), exists: true }),
    'force-model': Flags.boolean({ summary: messages.getMessage('flags.force-model.summary'), dependsOn: ['model'] }),
    'state-dir': Flags.directory({ summary: messages.getMessage('flags.state-dir.summary') }),
  };

  public async run(): Promise<ScoreSyncResult> {
    const { flags } = await this.parse(ScoreSync);
    const org = flags['target-org'];
    const { conn, calls } = await connectOrg(org);
    // checkpoints, the population, downloaded models and the lock are per org, shared with the worker
    const stateDir = stateDirFor(org.getOrgId(), flags['state-dir']);
    let release: () => Promise<void>;
    try {
      release = await lockStateDir(stateDir);
    } catch (e) {
      if (e instanceof LockedError) throw messages.createError('error.Locked', [e.message]);
      throw e;
    }
    let report: RunReport;
    const progress = new Progress(this);
    try {
      progress.start(flags['dry-run'] ? 'Scoring (dry run)' : 'Scoring');
      report = await runSync({
        conn,
        calls,
        // the org's active model unless --model names a file; a writing run refuses a non-active one unless --force-model
        loadModel: () => loadRunModel(conn, { stateDir, shippedModel: SHIPPED_MODEL, explicitFile: flags.model, progress: progress.status }),
        forceModel: flags['force-model'],
        stateDir,
        dryRun: flags['dry-run'],
        accountIds: splitIds(flags.ids),
        apiReservePercent: flags['api-reserve'],
        progress: progress.status,
      });
      progress.stop(report.status);
    } finally {
      await release();
    }

    if (flags['report-file']) {
      try {
        await writeFile(flags['report-file'], JSON.stringify(report, null, 2) + '\n');
      } catch (e) {
        throw messages.createError('error.ReportNotWritten', [flags['report-file'], (e as Error).message]);
      }
    }
    this.log(summarize(report));
    // partial (some records failed) exits 2, failed exits 1; --json still prints the report
    process.exitCode = exitCodeFor(report);
    return report;
  }
}
