import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { splitReasons } from '../../model/index.js';
import { AccountNotFoundError, explainAccountInOrg } from '../../sync/explain-in-org.js';
import { loadPopulation } from '../../sync/population.js';
import { stateDirFor } from '../../sync/state-files.js';
import { accountIdParser } from '../_shared/account-id.js';
import { connectOrg } from '../_shared/org-connection.js';
import { withModelErrors } from '../_shared/model-errors.js';
import { SHIPPED_MODEL } from '../_shared/paths.js';
import { resolveModelSource } from '../../salesforce/active-model.js';
import { loadFromSource } from '../../sync/model-source.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.explain');

const Factor = z.object({
  key: z.string(),
  label: z.string(),
  value: z.string(),
  points: z.number(),
  importance: z.enum(['low', 'medium', 'high']),
});

export const ScoreExplainResult = z.object({
  accountId: z.string(),
  name: z.string().nullable(),
  modelVersion: z.string().nullable(),
  /** which model explained it: the org's active one, the shipped one (nothing active), or --model */
  modelSource: z.object({ kind: z.enum(['org', 'shipped', 'file']), note: z.string() }),
  stored: z.object({
    score: z.number().nullable(),
    tier: z.string().nullable(),
    percentile: z.number().nullable(),
    modelVersion: z.string().nullable(),
    scoredAt: z.string().nullable(),
  }),
  recomputed: z.object({
    score: z.number(),
    tier: z.enum(['Hot', 'Warm', 'Cold']),
    baseline: z.number(),
    /** calibrated P(convert) */
    probability: z.number(),
    /** against the last full sync's population (null when this machine has none for the model) */
    percentile: z.number().nullable(),
  }),
  thresholds: z.object({ hot: z.number(), warm: z.number() }),
  matchesStored: z.boolean(),
  contacts: z.number().int(),
  /** the account's Opportunities read for the roll-ups; null when the model has none */
  opportunities: z.number().int().nullable(),
  /** every feature, largest |points| first; baseline + points = recomputed score */
  factors: z.array(Factor),
});
export type ScoreExplainResult = z.infer<typeof ScoreExplainResult>;

export default class ScoreExplain extends SfCommand<ScoreExplainResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    account: Flags.string({
      char: 'a',
      summary: messages.getMessage('flags.account.summary'),
      required: true,
      parse: accountIdParser(messages),
    }),
    model: Flags.file({ summary: messages.getMessage('flags.model.summary'), exists: true }),
    'state-dir': Flags.directory({ summary: messages.getMessage('flags.state-dir.summary') }),
  };

  public async run(): Promise<ScoreExplainResult> {
    const { flags } = await this.parse(ScoreExplain);
    const org = flags['target-org'];
    const { conn } = await connectOrg(org);
    const stateDir = stateDirFor(org.getOrgId(), flags['state-dir']);
    const src = await withModelErrors(() => resolveModelSource(conn, { stateDir, shippedModel: SHIPPED_MODEL, explicitFile: flags.model }));
    const model = await withModelErrors(() => loadFromSource(src));
    let r: ScoreExplainResult;
    try {
      const last = await loadPopulation(stateDir, model.version, model.digest);
      r = { ...(await explainAccountInOrg(conn, model, flags.account, last?.pop)), modelSource: { kind: src.kind, note: src.note } };
    } catch (e) {
      if (e instanceof AccountNotFoundError) throw messages.createError('error.AccountNotFound', [flags.account]);
      throw e;
    } finally {
      await model.close();
    }
    this.print(r);
    return r;
  }

  private print(r: ScoreExplainResult): void {
    const s = r.stored;
    this.styledHeader(messages.getMessage('header.account', [r.name ?? r.accountId, r.accountId]));
    this.table({
      data: [
        { property: 'Score', value: s.score === null ? messages.getMessage('notScored') : s.score.toFixed(2) },
        { property: 'Tier', value: s.tier ?? '-' },
        { property: 'Percentile', value: s.percentile === null ? '-' : String(s.percentile) },
        { property: 'Scored', value: s.scoredAt ? `${s.scoredAt} (model ${s.modelVersion ?? '?'})` : '-' },
        { property: 'Recomputed now', value: `${r.recomputed.score.toFixed(2)} ${r.recomputed.tier} (model ${r.modelVersion ?? '?'}, Hot from ${r.thresholds.hot}, Warm from ${r.thresholds.warm})` },
        { property: 'Chance to convert', value: `${(100 * r.recomputed.probability).toFixed(1)}%` },
        { property: 'Contacts', value: String(r.contacts) },
        ...(r.opportunities === null ? [] : [{ property: 'Opportunities', value: String(r.opportunities) }]),
        { property: 'Model', value: r.modelSource.note },
      ],
    });
    if (s.score === null) this.warn(messages.getMessage('warning.NotScored'));
    else if (!r.matchesStored) {
      const why = s.modelVersion && r.modelVersion && s.modelVersion !== r.modelVersion
        ? messages.getMessage('reason.OtherModel', [s.modelVersion, r.modelVersion])
        : messages.getMessage('reason.DataChanged');
      this.warn(messages.getMessage('warning.Differs', [s.score.toFixed(2), r.recomputed.score.toFixed(2), why]));
    }
    this.styledHeader(messages.getMessage('header.factors', [r.factors.length, r.recomputed.baseline.toFixed(2)]));
    const { up, down } = splitReasons(r.factors);
    const rows = (list: typeof r.factors) =>
      list.map((f, i) => ({ '#': i + 1, factor: f.label, value: f.value, points: `${f.points >= 0 ? '+' : ''}${f.points.toFixed(2)}`, importance: f.importance }));
    this.log(messages.getMessage('header.up', [up.length]));
    if (up.length) this.table({ data: rows(up) });
    this.log(messages.getMessage('header.down', [down.length]));
    if (down.length) this.table({ data: rows(down) });
  }
}
