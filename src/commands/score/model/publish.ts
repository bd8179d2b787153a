import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { publishModel } from '../../../sync/publish-model.js';
import { connectOrg } from '../../_shared/org-connection.js';
import { withModelErrors } from '../../_shared/model-errors.js';
import { stateDirFor } from '../../../sync/state-files.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.model.publish');

export const Activation = z.object({
  version: z.string(),
  recordId: z.string(),
  previousVersion: z.string().nullable(),
  retired: z.array(z.string()),
  activatedAt: z.string(),
});

export const ScoreModelPublishResult = z.object({
  recordId: z.string(),
  version: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  /** ContentVersion Ids of the attached files */
  files: z.object({ model: z.string(), card: z.string().nullable() }),
  activation: Activation.nullable(),
});
export type ScoreModelPublishResult = z.infer<typeof ScoreModelPublishResult>;

export default class ScoreModelPublish extends SfCommand<ScoreModelPublishResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    file: Flags.file({ char: 'f', summary: messages.getMessage('flags.file.summary'), exists: true, required: true }),
    card: Flags.file({ summary: messages.getMessage('flags.card.summary'), exists: true }),
    activate: Flags.boolean({ summary: messages.getMessage('flags.activate.summary') }),
  };

  public async run(): Promise<ScoreModelPublishResult> {
    const { flags } = await this.parse(ScoreModelPublish);
    const org = flags['target-org'];
    const { conn } = await connectOrg(org);
    this.spinner.start(messages.getMessage('spinner'));
    const r = await withModelErrors(() => publishModel(conn, {
      file: flags.file,
      cardFile: flags.card,
      activate: flags.activate,
      stateDir: stateDirFor(org.getOrgId()),
      progress: (m) => (this.spinner.status = m),
    }));
    this.spinner.stop();
    this.log(messages.getMessage('published', [r.version, r.recordId, r.sha256.slice(0, 12), r.files.card ? messages.getMessage('withCard') : '']));
    if (r.activation) this.log(messages.getMessage('activated', [r.version, r.activation.previousVersion ?? messages.getMessage('none')]));
    else this.log(messages.getMessage('notActive', [r.version, r.version, r.version]));
    return ScoreModelPublishResult.parse(r);
  }
}
