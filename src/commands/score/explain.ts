import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { AccountNotFoundError, explainAccountInOrg } from '../../sync/explain-in-org.js';
import { accountIdParser } from '../_shared/account-id.js';
import { connectOrg } from '../_shared/org-connection.js';
import { SHIPPED_MODEL } from '../_shared/paths.js';
import { orgStateDir } from '../_shared/state-dir.js';
import { resolveModelSource } from '../../salesforce/active-model.js';

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
  recomputed: z.object({ score: z.number(), tier: z.enum(['Hot', 'Warm', 'Cold']), baseline: z.number() }),
  thresholds: z.object({ hot: z.number(), warm: z.number() }),
  matchesStored: z.boolean(),
  contacts: z.number().int(),
  /** every feature, largest |points| first */
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
  };

  public async run(): Promise<ScoreExplainResult> {
    const { flags } = await this.parse(ScoreExplain);
    const org = flags['target-org'];
    const { conn } = await connectOrg(org);
    const src = await resolveModelSource(conn, { stateDir: orgStateDir(this.config.cacheDir, org), shippedModel: SHIPPED_MODEL, explicitFile: flags.model });
    let r: ScoreExplainResult;
    try {
      r = { ...(await explainAccountInOrg(conn, src.path, flags.account, src.kind === 'org' ? src.sha256 : undefined)), modelSource: { kind: src.kind, note: src.note } };
    } catch (e) {
      if (e instanceof AccountNotFoundError) throw messages.createError('error.AccountNotFound', [flags.account]);
      throw e;
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
        { property: 'Contacts', value: String(r.contacts) },
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
    this.table({
      data: r.factors.map((f, i) => ({
        '#': i + 1,
        factor: f.label,
        value: f.value,
        points: `${f.points >= 0 ? '+' : ''}${f.points.toFixed(2)}`,
        importance: f.importance,
      })),
    });
  }
}
