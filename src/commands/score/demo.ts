import path from 'node:path';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { DemoResult, formatTopAccounts, runDemo } from '../../demo/run-demo.js';
import { summarize } from '../../sync/report.js';
import { SHIPPED_MODEL } from '../_shared/paths.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.demo');

/** `--json` prints the demo's result: the org used, the top accounts read back, the sync's run report. */
export const ScoreDemoResult = DemoResult;
export type ScoreDemoResult = DemoResult;

export default class ScoreDemo extends SfCommand<ScoreDemoResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    accounts: Flags.integer({ summary: messages.getMessage('flags.accounts.summary'), default: 5000, min: 10, max: 200_000 }),
    top: Flags.integer({ summary: messages.getMessage('flags.top.summary'), default: 10, min: 1, max: 200 }),
    seed: Flags.integer({ summary: messages.getMessage('flags.seed.summary'), default: 42 }),
    model: Flags.file({ summary: messages.getMessage('flags.model.summary'), exists: true }),
  };

  public async run(): Promise<ScoreDemoResult> {
    const { flags } = await this.parse(ScoreDemo);
    this.spinner.start('Demo');
    const result = await runDemo({
      cacheDir: path.join(this.config.cacheDir, 'account-score', 'demo'),
      modelFile: flags.model ?? SHIPPED_MODEL,
      explicitModel: flags.model !== undefined,
      accounts: flags.accounts,
      seed: flags.seed,
      top: flags.top,
      progress: (message) => {
        this.spinner.status = message;
      },
    });
    this.spinner.stop(result.report.status);
    this.log(summarize(result.report));
    this.styledHeader(messages.getMessage('topHeader', [result.top.length]));
    this.log(formatTopAccounts(result.top));
    return result;
  }
}
