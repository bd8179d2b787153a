import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { listModels, ModelRecord } from '../../../salesforce/model-registry.js';
import { readSettings } from '../../../salesforce/settings.js';
import { connectOrg } from '../../_shared/org-connection.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.model.list');

export const ScoreModelListResult = z.object({
  /** Model_Version__c: the version every run uses (null: the shipped model) */
  activeVersion: z.string().nullable(),
  models: z.array(ModelRecord),
});
export type ScoreModelListResult = z.infer<typeof ScoreModelListResult>;

const fmt = (v: number | null, d: number) => (v === null ? '-' : v.toFixed(d));

export default class ScoreModelList extends SfCommand<ScoreModelListResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
  };

  public async run(): Promise<ScoreModelListResult> {
    const { flags } = await this.parse(ScoreModelList);
    const { conn } = await connectOrg(flags['target-org']);
    const [settings, models] = await Promise.all([readSettings(conn), listModels(conn)]);
    const activeVersion = settings.modelVersion;
    if (models.length === 0) this.log(messages.getMessage('empty'));
    else {
      this.table({
        data: models.map((m) => ({
          version: m.Name + (m.Name === activeVersion ? ' *' : ''),
          status: m.Status__c,
          trained: m.Trained_At__c?.slice(0, 10) ?? '-',
          rows: m.Training_Rows__c ?? '-',
          converters: m.Positives__c ?? '-',
          'holdout auc': fmt(m.Holdout_ROC_AUC__c, 3),
          'cv auc': fmt(m.CV_ROC_AUC__c, 3),
          'lift@10%': m.Lift_At_10__c === null ? '-' : `${m.Lift_At_10__c.toFixed(2)}x`,
          sha256: m.SHA256__c.slice(0, 12),
          'published by': m.Published_By__c ?? '-',
        })),
      });
    }
    this.log(activeVersion ? messages.getMessage('active', [activeVersion]) : messages.getMessage('noActive'));
    if (activeVersion && !models.some((m) => m.Name === activeVersion)) this.warn(messages.getMessage('warning.ActiveNotPublished', [activeVersion]));
    return { activeVersion, models };
  }
}
