import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { activateModel } from '../../../sync/publish-model.js';
import { connectOrg } from '../../_shared/org-connection.js';
import { withModelErrors } from '../../_shared/model-errors.js';
import { stateDirFor } from '../../../sync/state-files.js';
import { Activation } from './publish.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.model.activate');

export const ScoreModelActivateResult = Activation;
export type ScoreModelActivateResult = z.infer<typeof Activation>;

export default class ScoreModelActivate extends SfCommand<ScoreModelActivateResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.requiredOrg(),
    version: Flags.string({ char: 'v', summary: messages.getMessage('flags.version.summary'), required: true }),
  };

  public async run(): Promise<ScoreModelActivateResult> {
    const { flags } = await this.parse(ScoreModelActivate);
    const org = flags['target-org'];
    const { conn } = await connectOrg(org);
    this.spinner.start(messages.getMessage('spinner', [flags.version]));
    const r = await withModelErrors(() => activateModel(conn, flags.version.trim(), { stateDir: stateDirFor(org.getOrgId()), progress: (m) => (this.spinner.status = m) }));
    this.spinner.stop();
    this.log(messages.getMessage('activated', [r.version, r.previousVersion ?? messages.getMessage('none')]));
    if (r.retired.length) this.log(messages.getMessage('retired', [r.retired.join(', ')]));
    this.log(messages.getMessage('next'));
    return ScoreModelActivateResult.parse(r);
  }
}
