import path from 'node:path';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { DemoResult, formatTopAccounts, runDemo } from '../../demo/run-demo.js';
import { summarize } from '../../sync/report.js';
import { SHIPPED_MODEL } from '../_shared/paths.js';
import { Progress } from '../_shared/progress.js';

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
    'keep-running': Flags.boolean({ summary: messages.getMessage('flags.keep-running.summary') }),
  };

  public async run(): Promise<ScoreDemoResult> {
    const { flags } = await this.parse(ScoreDemo);
    const progress = new Progress(this);
    progress.start('Demo');
    const result = await runDemo({
      cacheDir: path.join(this.config.cacheDir, 'account-score', 'demo'),
      modelFile: flags.model ?? SHIPPED_MODEL,
      explicitModel: flags.model !== undefined,
      accounts: flags.accounts,
      seed: flags.seed,
      top: flags.top,
      progress: progress.status,
      keepRunning: flags['keep-running']
        ? async (kept, shown) => {
            progress.stop(shown.report.status);
            this.printResult(shown);
            this.log('');
            for (const line of kept.help) this.log(line);
            await untilInterrupted();
          }
        : undefined,
    });
    if (!flags['keep-running']) {
      progress.stop(result.report.status);
      this.printResult(result);
    }
    return result;
  }

  private printResult(result: ScoreDemoResult): void {
    this.log(summarize(result.report));
    this.styledHeader(messages.getMessage('topHeader', [result.top.length]));
    this.log(formatTopAccounts(result.top));
  }
}

/**
 * Resolves on Ctrl-C (SIGINT) or SIGTERM. Inside the sf CLI, SfCommand's own handler usually
 * ends the process first (exit 130); the server dies with it and the token file is removed on exit.
 */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
