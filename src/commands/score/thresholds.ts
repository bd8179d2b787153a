import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { coerceLabel } from '../../features/index.js';
import { TierCounts } from '../../model/calibrate/tier.js';
import { readSettings } from '../../salesforce/settings.js';
import { countRecords, restQueryPages } from '../../salesforce/query.js';
import { SCORE_FIELDS } from '../../salesforce/score-fields.js';
import { capacityThreshold, maxF1Threshold } from '../../model/evaluate/thresholds.js';
import { connectOrg } from '../_shared/org-connection.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.thresholds');

const Suggestion = z.object({
  hot: z.number(),
  warm: z.number(),
  rule: z.string(),
  /** accounts the suggested Hot threshold makes Hot */
  hotAccounts: z.number().int(),
  /** among scored accounts with a label: share of Hot ones that converted, and of converters that are Hot */
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  /** the sf command that applies the suggestion to the same org */
  command: z.string(),
  /** the org's active model (Model_Version__c): only scores it wrote count; null = all stored scores */
  modelVersion: z.string().nullable(),
  /** scored accounts left out because another model scored them (a sync with the active model updates them) */
  otherModel: z.number().int(),
});

export const ScoreThresholdsResult = z.object({
  hot: z.number(),
  warm: z.number(),
  tiers: TierCounts.extend({ Unscored: z.number().int().nonnegative() }),
  suggestion: Suggestion.optional(),
});
export type ScoreThresholdsResult = z.infer<typeof ScoreThresholdsResult>;

const TIER = SCORE_FIELDS.tier.name;
const SCORE = SCORE_FIELDS.score.name;
const MODEL_VERSION = SCORE_FIELDS.modelVersion.name;

export default class ScoreThresholds extends SfCommand<ScoreThresholdsResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    suggest: Flags.boolean({ summary: messages.getMessage('flags.suggest.summary') }),
    capacity: Flags.integer({ summary: messages.getMessage('flags.capacity.summary'), min: 1, dependsOn: ['suggest'] }),
    'label-field': Flags.string({
      summary: messages.getMessage('flags.label-field.summary'),
      default: 'Converted_To_SQL__c',
      // an API name goes into SOQL: accept nothing else
      parse: async (v) => {
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(v)) throw new Error(`"${v}" isn't a field API name`);
        return v;
      },
    }),
  };

  public async run(): Promise<ScoreThresholdsResult> {
    const { flags } = await this.parse(ScoreThresholds);
    const { conn } = await connectOrg(flags['target-org']);
    this.spinner.start('Reading thresholds and tier counts');
    const settings = await readSettings(conn);
    const [hot, warm, cold, unscored] = await Promise.all([
      countRecords(conn, 'Account', `${TIER} = 'Hot'`),
      countRecords(conn, 'Account', `${TIER} = 'Warm'`),
      countRecords(conn, 'Account', `${TIER} = 'Cold'`),
      countRecords(conn, 'Account', `${TIER} = null`),
    ]);
    this.spinner.stop();
    const result: ScoreThresholdsResult = {
      hot: settings.hotThreshold,
      warm: settings.warmThreshold,
      tiers: { Hot: hot, Warm: warm, Cold: cold, Unscored: unscored },
    };

    if (flags.suggest) {
      this.spinner.start('Reading scores');
      const scores: number[] = [];
      const labels: number[] = [];
      // suggest for the model the org uses: scores another model wrote would mislead
      const active = settings.modelVersion;
      let otherModel = 0;
      for await (const page of restQueryPages(conn, `SELECT Id, ${SCORE}, ${MODEL_VERSION}, ${flags['label-field']} FROM Account WHERE ${SCORE} != null`)) {
        for (const r of page) {
          if (active && r[MODEL_VERSION] !== active) {
            otherModel++;
            continue;
          }
          scores.push(Number(r[SCORE]));
          const label = r[flags['label-field']];
          labels.push(coerceLabel(label, `Account ${String(r.Id)} ${flags['label-field']}`));
        }
      }
      this.spinner.stop();
      if (scores.length === 0) throw messages.createError(otherModel > 0 ? 'error.NoScoresActiveModel' : 'error.NoScores', [active, otherModel]);
      if (otherModel > 0) this.warn(messages.getMessage('warning.OtherModel', [otherModel, active]));
      const chosen = flags.capacity !== undefined ? capacityThreshold(scores, labels, flags.capacity) : maxF1Threshold(scores, labels);
      const hasLabels = labels.some((l) => l === 1);
      const suggestedHot = Math.round(chosen.threshold * 100) / 100;
      result.suggestion = {
        hot: suggestedHot,
        // keep the admin's Warm unless it would no longer sit below Hot
        warm: settings.warmThreshold < suggestedHot ? settings.warmThreshold : Math.floor(suggestedHot / 2),
        rule: chosen.rule,
        hotAccounts: chosen.accounts,
        precision: hasLabels ? chosen.precision : null,
        recall: hasLabels ? chosen.recall : null,
        command: '',
        modelVersion: active,
        otherModel,
      };
      const s = result.suggestion;
      s.command = `sf score thresholds set --target-org ${shellWord(this.targetOrgName(flags['target-org'].getUsername()))} --hot ${s.hot} --warm ${s.warm}`;
    }
    this.print(result);
    return result;
  }

  private print(r: ScoreThresholdsResult): void {
    this.styledHeader('Thresholds');
    this.table({
      data: [
        { tier: 'Hot', 'score from': String(r.hot), accounts: r.tiers.Hot },
        { tier: 'Warm', 'score from': String(r.warm), accounts: r.tiers.Warm },
        { tier: 'Cold', 'score from': '0', accounts: r.tiers.Cold },
        { tier: '(not scored)', 'score from': '', accounts: r.tiers.Unscored },
      ],
    });
    const s = r.suggestion;
    if (s) {
      const pct = (v: number | null) => (v === null ? 'n/a (no converted accounts)' : `${(v * 100).toFixed(1)}%`);
      this.styledHeader(`Suggestion (${s.rule})`);
      this.log(`Hot from ${s.hot}: ${s.hotAccounts} Hot accounts; precision ${pct(s.precision)}, recall ${pct(s.recall)}.`);
      this.log(`Apply it with: ${s.command}`);
    }
  }

  /** The org as the user named it (alias or username on the command line), else its username. */
  private targetOrgName(username: string | undefined): string {
    const argv = this.argv;
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if ((a === '--target-org' || a === '-o') && argv[i + 1]) return argv[i + 1];
      if (a.startsWith('--target-org=')) return a.slice('--target-org='.length);
    }
    return username ?? 'TARGET_ORG';
  }
}

/** Quotes a value for a POSIX shell when it needs it. */
function shellWord(v: string): string {
  return /^[\w@.:+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
