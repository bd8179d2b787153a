import { existsSync } from 'node:fs';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { orgModelSource, resolveModelSource } from '../../../salesforce/active-model.js';
import { findModelByVersion } from '../../../salesforce/model-registry.js';
import { compareModels, type CompareResult } from '../../../sync/compare-models.js';
import { loadScoringModel, TierCounts, type ScoringModel } from '../../../model/index.js';
import { loadFromSource } from '../../../sync/model-source.js';
import { connectOrg } from '../../_shared/org-connection.js';
import { withModelErrors } from '../../_shared/model-errors.js';
import { SHIPPED_MODEL } from '../../_shared/paths.js';
import { stateDirFor } from '../../../sync/state-files.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.model.compare');

const Outcome = z.object({ rocAuc: z.number().nullable(), liftTop10: z.number().nullable() });

export const ScoreModelCompareResult = z.object({
  active: z.string(),
  challenger: z.string(),
  accounts: z.number().int(),
  rankCorrelation: z.number().nullable(),
  thresholds: z.object({ hot: z.number(), warm: z.number() }),
  tiers: z.object({ active: TierCounts, challenger: TierCounts }),
  moves: z.object({ up: z.number().int(), down: z.number().int(), same: z.number().int(), matrix: z.object({ Hot: TierCounts, Warm: TierCounts, Cold: TierCounts }) }),
  meanScore: z.object({ active: z.number().nullable(), challenger: z.number().nullable() }),
  outcomes: z.discriminatedUnion('measured', [
    z.object({ measured: z.literal(true), label: z.string(), since: z.string(), accounts: z.number().int(), positives: z.number().int(), active: Outcome, challenger: Outcome }),
    z.object({ measured: z.literal(false), reason: z.string() }),
  ]),
});
export type ScoreModelCompareResult = z.infer<typeof ScoreModelCompareResult>;

const f3 = (v: number | null) => (v === null ? '-' : v.toFixed(3));

export default class ScoreModelCompare extends SfCommand<ScoreModelCompareResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    challenger: Flags.string({ char: 'c', summary: messages.getMessage('flags.challenger.summary'), required: true }),
    sample: Flags.integer({ summary: messages.getMessage('flags.sample.summary'), min: 10 }),
    model: Flags.file({ summary: messages.getMessage('flags.model.summary'), exists: true }),
  };

  public async run(): Promise<ScoreModelCompareResult> {
    const { flags } = await this.parse(ScoreModelCompare);
    const org = flags['target-org'];
    const { conn } = await connectOrg(org);
    const stateDir = stateDirFor(org.getOrgId());
    this.spinner.start(messages.getMessage('spinner'));
    const say = (m: string) => (this.spinner.status = m);

    const src = await withModelErrors(() => resolveModelSource(conn, { stateDir, shippedModel: SHIPPED_MODEL, explicitFile: flags.model, progress: say }));
    const active = await withModelErrors(() => loadFromSource(src));
    let challenger: ScoringModel | undefined;
    let r: CompareResult;
    try {
      if (existsSync(flags.challenger)) challenger = await loadScoringModel(flags.challenger);
      else {
        const rec = await findModelByVersion(conn, flags.challenger.trim());
        if (!rec) throw messages.createError('error.UnknownChallenger', [flags.challenger]);
        const source = await withModelErrors(() => orgModelSource(conn, rec, stateDir, say));
        challenger = await loadFromSource(source);
      }
      r = await compareModels(conn, {
        active,
        challenger,
        activatedAt: src.kind === 'org' ? src.record.Activated_At__c : null,
        label: src.kind === 'org' ? src.record.Label_Definition__c : null,
        sample: flags.sample,
        progress: say,
      });
    } finally {
      await active.close();
      await challenger?.close();
    }
    this.spinner.stop();
    this.log(messages.getMessage('header', [r.active, src.note, r.challenger, r.accounts]));
    this.log(messages.getMessage('correlation', [r.rankCorrelation === null ? '-' : r.rankCorrelation.toFixed(3)]));
    this.log(messages.getMessage('moves', [r.moves.up, r.moves.down, r.moves.same, r.thresholds.hot, r.thresholds.warm]));
    this.table({
      data: (['Hot', 'Warm', 'Cold'] as const).map((t) => ({
        'active tier': t,
        accounts: r.tiers.active[t],
        'challenger Hot': r.moves.matrix[t].Hot,
        'challenger Warm': r.moves.matrix[t].Warm,
        'challenger Cold': r.moves.matrix[t].Cold,
      })),
    });
    if (r.outcomes.measured) {
      const o = r.outcomes;
      this.log(messages.getMessage('outcomes', [o.accounts, o.since, o.positives, o.label]));
      this.table({
        data: [
          { model: `${r.active} (active)`, 'roc auc': f3(o.active.rocAuc), 'lift@10%': o.active.liftTop10 === null ? '-' : `${o.active.liftTop10.toFixed(2)}x` },
          { model: `${r.challenger} (challenger)`, 'roc auc': f3(o.challenger.rocAuc), 'lift@10%': o.challenger.liftTop10 === null ? '-' : `${o.challenger.liftTop10.toFixed(2)}x` },
        ],
      });
    } else this.log(messages.getMessage('noOutcomes', [r.outcomes.reason]));
    this.log(messages.getMessage('nothingWritten'));
    return ScoreModelCompareResult.parse(r);
  }
}
