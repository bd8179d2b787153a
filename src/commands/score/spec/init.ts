import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { FeatureSpecSchema, featureColumns } from '../../../features/index.js';
import { inferSpecFromCsv, specChoices } from '../../../features/infer/index.js';
import { DEFAULT_SAMPLE_SIZE, inferSpecFromOrg } from '../../../sync/infer-org-spec.js';
import { connectOrg } from '../../_shared/org-connection.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.spec.init');

export const ScoreSpecInitResult = z.object({
  source: z.string(),
  label: z.string(),
  /** sample rows the inference looked at */
  sampled: z.number().int(),
  /** file written, or null when the spec was only printed */
  output: z.string().nullable(),
  /** model inputs the spec produces */
  features: z.number().int(),
  choices: z.array(z.object({ field: z.string(), kind: z.string(), features: z.array(z.string()), why: z.string() })),
  excluded: z.array(z.object({ field: z.string(), reason: z.string() })),
  spec: FeatureSpecSchema,
});
export type ScoreSpecInitResult = z.infer<typeof ScoreSpecInitResult>;

export default class ScoreSpecInit extends SfCommand<ScoreSpecInitResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.optionalOrg({ exclusive: ['csv'] }),
    'label-field': Flags.string({ summary: messages.getMessage('flags.label-field.summary'), dependsOn: ['target-org'] }),
    csv: Flags.file({ summary: messages.getMessage('flags.csv.summary'), exists: true, exclusive: ['target-org', 'label-field'] }),
    label: Flags.string({ summary: messages.getMessage('flags.label.summary'), dependsOn: ['csv'] }),
    'id-column': Flags.string({ summary: messages.getMessage('flags.id-column.summary'), dependsOn: ['csv'] }),
    // repeated flag; a comma-separated value is split below (delimiter: ',' makes the sf CLI warn on any comma)
    exclude: Flags.string({ summary: messages.getMessage('flags.exclude.summary'), multiple: true }),
    'sample-size': Flags.integer({ summary: messages.getMessage('flags.sample-size.summary'), default: DEFAULT_SAMPLE_SIZE, min: 100, max: 50_000 }),
    output: Flags.file({ char: 'o', summary: messages.getMessage('flags.output.summary') }),
  };

  public async run(): Promise<ScoreSpecInitResult> {
    const { flags } = await this.parse(ScoreSpecInit);
    const exclude = (flags.exclude ?? []).flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean);
    let result: Omit<ScoreSpecInitResult, 'output' | 'features' | 'choices'>;
    this.spinner.start(messages.getMessage('progress.inferring'));
    if (flags.csv) {
      if (!flags.label) throw messages.createError('error.NoLabel');
      const r = await inferSpecFromCsv(flags.csv, { label: flags.label, idColumn: flags['id-column'], exclude });
      result = { source: path.resolve(flags.csv), label: flags.label, sampled: r.rows, excluded: r.excluded, spec: r.spec };
    } else if (flags['target-org']) {
      if (!flags['label-field']) throw messages.createError('error.NoLabel');
      const { conn } = await connectOrg(flags['target-org']);
      const r = await inferSpecFromOrg(conn, {
        labelField: flags['label-field'],
        exclude,
        sampleSize: flags['sample-size'],
        progress: (m) => (this.spinner.status = m),
      });
      if (r.sampledPositives !== null && (r.sampledPositives < 5 || r.sampled - r.sampledPositives < 5))
        this.warn(messages.getMessage('warning.NoLeakageCheck', [r.sampled, r.sampledPositives, flags['label-field']]));
      result = { source: `${flags['target-org'].getUsername() ?? 'org'} (${conn.instanceUrl})`, label: flags['label-field'], sampled: r.sampled, excluded: r.excluded, spec: r.spec };
    } else {
      throw messages.createError('error.NoLabel');
    }
    this.spinner.stop('done');
    const features = featureColumns(result.spec).length;
    if (features === 0)
      throw messages.createError('error.NothingUsable', [result.excluded.map((e) => `  ${e.field}: ${e.reason}`).join('\n')]);
    const output = flags.output ? path.resolve(flags.output) : null;
    if (output) await writeFile(output, `${JSON.stringify(result.spec, null, 2)}\n`);
    const full: ScoreSpecInitResult = { ...result, output, features, choices: specChoices(result.spec) };
    this.print(full);
    return full;
  }

  private print(r: ScoreSpecInitResult): void {
    this.styledHeader(messages.getMessage('header.used', [r.choices.length, r.features, r.sampled]));
    this.table({ data: r.choices.map((c) => ({ field: c.field, kind: c.kind, why: c.why })), columns: ['field', { key: 'kind', name: 'Encoded as' }, { key: 'why', name: 'Why' }] });
    if (r.excluded.length) {
      this.styledHeader(messages.getMessage('header.excluded', [r.excluded.length]));
      this.table({ data: r.excluded.map((e) => ({ field: e.field, reason: e.reason })), columns: ['field', { key: 'reason', name: 'Why' }] });
    }
    this.log(r.output ? messages.getMessage('info.written', [r.output, r.output]) : messages.getMessage('info.notWritten'));
  }
}
