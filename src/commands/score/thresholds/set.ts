import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { countRecords } from '../../../salesforce/query.js';
import { TierCounts } from '../../../model/calibrate/tier.js';
import { SCORE_FIELDS } from '../../../salesforce/score-fields.js';
import { SettingsUpdateError, updateThresholds, validateUpdate, type SettingsUpdate } from '../../../salesforce/update-settings.js';
import { connectOrg } from '../../_shared/org-connection.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.thresholds.set');

const Values = z.object({
  hot: z.number().nullable(),
  warm: z.number().nullable(),
  tolerance: z.number().nullable(),
  apiReservePercent: z.number().nullable(),
  topFactorCount: z.number().nullable(),
});

export const ScoreThresholdsSetResult = z.object({
  /** the record's values before the change (null = blank, or no record) */
  previous: Values,
  current: Values.extend({ hot: z.number(), warm: z.number() }),
  created: z.boolean(),
  /** accounts per tier under the new thresholds, from their current scores */
  tiers: TierCounts.extend({ Unscored: z.number().int().nonnegative() }),
});
export type ScoreThresholdsSetResult = z.infer<typeof ScoreThresholdsSetResult>;

const SCORE = SCORE_FIELDS.score.name;

/** A number flag; ranges are the settings reader's to check, so errors match the worker's. */
const numberFlag = Flags.custom<number>({
  parse: async (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw messages.createError('error.NotANumber', [v]);
    return n;
  },
});

export default class ScoreThresholdsSet extends SfCommand<ScoreThresholdsSetResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    hot: numberFlag({ summary: messages.getMessage('flags.hot.summary'), required: true }),
    warm: numberFlag({ summary: messages.getMessage('flags.warm.summary'), required: true }),
    tolerance: numberFlag({ summary: messages.getMessage('flags.tolerance.summary') }),
    'api-reserve': numberFlag({ summary: messages.getMessage('flags.api-reserve.summary') }),
    'top-factors': numberFlag({ summary: messages.getMessage('flags.top-factors.summary') }),
  };

  public async run(): Promise<ScoreThresholdsSetResult> {
    const { flags } = await this.parse(ScoreThresholdsSet);
    const update: SettingsUpdate = {
      hot: flags.hot,
      warm: flags.warm,
      tolerance: flags.tolerance,
      apiReservePercent: flags['api-reserve'],
      topFactorCount: flags['top-factors'],
    };
    // Refuse bad values before opening a connection: nothing reaches the org.
    try {
      validateUpdate(update);
    } catch (e) {
      if (e instanceof SettingsUpdateError) throw messages.createError('error.InvalidSettings', [e.message]);
      throw e;
    }

    const { conn } = await connectOrg(flags['target-org']);
    this.spinner.start('Updating Account_Score_Setting.Default through the Metadata API');
    let updated;
    try {
      updated = await updateThresholds(conn, update);
    } catch (e) {
      this.spinner.stop('failed');
      if (e instanceof SettingsUpdateError) throw messages.createError('error.Rejected', [e.message]);
      throw e;
    }
    this.spinner.stop();

    const s = updated.settings;
    this.spinner.start('Counting accounts per tier with the new thresholds');
    const [hot, warm, cold, unscored] = await Promise.all([
      countRecords(conn, 'Account', `${SCORE} >= ${s.hotThreshold}`),
      countRecords(conn, 'Account', `${SCORE} >= ${s.warmThreshold} AND ${SCORE} < ${s.hotThreshold}`),
      countRecords(conn, 'Account', `${SCORE} < ${s.warmThreshold}`),
      countRecords(conn, 'Account', `${SCORE} = null`),
    ]);
    this.spinner.stop();

    const p = updated.previous;
    const result: ScoreThresholdsSetResult = {
      previous: { hot: p.hotThreshold, warm: p.warmThreshold, tolerance: p.tolerance, apiReservePercent: p.apiReservePercent, topFactorCount: p.topFactorCount },
      current: { hot: s.hotThreshold, warm: s.warmThreshold, tolerance: s.tolerance, apiReservePercent: s.apiReservePercent, topFactorCount: s.topFactorCount },
      created: updated.created,
      tiers: { Hot: hot, Warm: warm, Cold: cold, Unscored: unscored },
    };
    this.print(result);
    return result;
  }

  private print(r: ScoreThresholdsSetResult): void {
    const show = (v: number | null) => (v === null ? '(blank)' : String(v));
    const rows: [string, keyof ScoreThresholdsSetResult['current']][] = [
      ['Hot threshold', 'hot'],
      ['Warm threshold', 'warm'],
      ['Score change tolerance', 'tolerance'],
      ['API reserve %', 'apiReservePercent'],
      ['Top factor count', 'topFactorCount'],
    ];
    this.styledHeader(r.created ? messages.getMessage('info.Created') : messages.getMessage('info.Updated'));
    this.table({
      data: rows.map(([setting, key]) => ({
        setting,
        old: show(r.previous[key]),
        new: show(r.current[key]),
        '': r.previous[key] === r.current[key] ? '' : 'changed',
      })),
    });
    this.styledHeader(messages.getMessage('info.Tiers'));
    this.table({
      data: [
        { tier: 'Hot', 'score from': String(r.current.hot), accounts: r.tiers.Hot },
        { tier: 'Warm', 'score from': String(r.current.warm), accounts: r.tiers.Warm },
        { tier: 'Cold', 'score from': '0', accounts: r.tiers.Cold },
        { tier: '(not scored)', 'score from': '', accounts: r.tiers.Unscored },
      ],
    });
    this.log(messages.getMessage('info.NextSync'));
  }
}
