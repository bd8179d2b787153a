import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { loadScoringModel, TierCounts } from '../../model/index.js';
import { scoreCsvFile } from '../../sync/score-csv-file.js';
import { SHIPPED_MODEL } from '../_shared/paths.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.csv');

export const ScoreCsvResult = z.object({
  input: z.string(),
  output: z.string(),
  modelVersion: z.string().nullable(),
  /** data rows in the input (header excluded), bad ones included */
  rows: z.number().int(),
  scored: z.number().int(),
  badRows: z.number().int(),
  /** every problem, by 1-based line of the input (1 = header) */
  errors: z.array(z.object({ line: z.number().int(), field: z.string().optional(), message: z.string() })),
  warnings: z.array(z.string()),
  tiers: TierCounts,
});
export type ScoreCsvResult = z.infer<typeof ScoreCsvResult>;

/** How many problems the error message lists before "... and N more" (all are in --json). */
const LISTED = 20;

export default class ScoreCsv extends SfCommand<ScoreCsvResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    input: Flags.file({ char: 'i', summary: messages.getMessage('flags.input.summary'), required: true, exists: true }),
    output: Flags.file({ char: 'o', summary: messages.getMessage('flags.output.summary'), required: true }),
    model: Flags.file({ summary: messages.getMessage('flags.model.summary'), exists: true }),
    hot: Flags.integer({ summary: messages.getMessage('flags.hot.summary'), default: 70, min: 0, max: 100 }),
    warm: Flags.integer({ summary: messages.getMessage('flags.warm.summary'), default: 40, min: 0, max: 100 }),
    reasons: Flags.integer({ summary: messages.getMessage('flags.reasons.summary'), default: 3, min: 0, max: 20 }),
    'allow-bad-rows': Flags.boolean({ summary: messages.getMessage('flags.allow-bad-rows.summary') }),
  };

  public async run(): Promise<ScoreCsvResult> {
    const { flags } = await this.parse(ScoreCsv);
    if (flags.warm >= flags.hot) throw messages.createError('error.InvalidThresholds', [flags.hot, flags.warm]);
    this.spinner.start(`Scoring ${flags.input}`);
    const model = await loadScoringModel(flags.model ?? SHIPPED_MODEL);
    const outcome = await scoreCsvFile({
      input: flags.input,
      output: flags.output,
      model,
      thresholds: { hot: flags.hot, warm: flags.warm },
      reasons: flags.reasons,
      allowBadRows: flags['allow-bad-rows'],
    }).finally(() => model.close());
    this.spinner.stop(outcome.written ? 'done' : 'nothing written');
    for (const w of outcome.warnings) this.warn(w);
    const listed = outcome.errors.slice(0, LISTED).map((e) => `  line ${e.line}${e.field ? ` (${e.field})` : ''}: ${e.message}`);
    if (outcome.errors.length > LISTED) listed.push(`  ... and ${outcome.errors.length - LISTED} more (all of them with --json)`);
    if (outcome.headerProblem) throw messages.createError('error.BadHeader', [flags.input, listed.join('\n')]);
    if (!outcome.written) throw messages.createError('error.BadRows', [outcome.badRows, outcome.rows, listed.join('\n')]);
    if (outcome.badRows > 0) this.warn(messages.getMessage('warning.BadRowsKept', [outcome.badRows, listed.join('\n')]));
    this.log(
      messages.getMessage('done', [outcome.scored, outcome.rows, flags.output, outcome.modelVersion ?? '?', outcome.tiers.Hot, outcome.tiers.Warm, outcome.tiers.Cold]),
    );
    const { written: _w, headerProblem: _h, ...rest } = outcome;
    return { input: flags.input, output: flags.output, ...rest };
  }
}
