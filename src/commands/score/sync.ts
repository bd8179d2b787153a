import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { runSync } from '../../sync/run.js';
import { loadScoringModel } from '../../sync/model-adapter.js';
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
  };

  public async run(): Promise<ScoreSyncResult> {
    const { flags } = await this.parse(ScoreSync);
    const org = flags['target-org'];
    const { conn, calls } = await connectOrg(org);
    const modelFile = flags.model ?? SHIPPED_MODEL;
    // checkpoints and the population distribution are per org
    const stateDir = path.join(this.config.cacheDir, 'account-score', org.getOrgId());

    const progress = new Progress(this);
    progress.start(flags['dry-run'] ? 'Scoring (dry run)' : 'Scoring');
    const report = await runSync({
      conn,
      calls,
      loadModel: () => loadScoringModel(modelFile),
      stateDir,
      dryRun: flags['dry-run'],
      accountIds: splitIds(flags.ids),
      apiReservePercent: flags['api-reserve'],
      progress: progress.status,
    });
    progress.stop(report.status);

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
