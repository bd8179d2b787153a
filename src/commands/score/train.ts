import path from 'node:path';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { readFile } from 'node:fs/promises';
import { defaultFeatureSpec, featureColumns, parseFeatureSpec, readAccountCsv, type AccountInput, type FeatureSpec } from '../../features/index.js';
import { inferSpecFromCsv, isDemoShaped, specFieldSummary } from '../../features/infer/index.js';
import { readCsvTable } from '../../features/csv.js';
import { trainModelFromInputs } from '../../model/pipeline/train-from-inputs.js';
import { checkSufficiency, RELIABLE_POSITIVES } from '../../model/pipeline/data-sufficiency.js';
import { readTrainingSetFromOrg } from '../../sync/read-training-set.js';
import { chooseOrgSpec } from '../../sync/infer-org-spec.js';
import type { LabelDefinition } from '../../sync/label-definition.js';
import { connectOrg } from '../_shared/org-connection.js';
import { Progress } from '../_shared/progress.js';
import { withModelErrors } from '../_shared/model-errors.js';
import { stateDirFor } from '../../sync/state-files.js';
import { publishModel } from '../../sync/publish-model.js';
import { ScoreModelPublishResult } from './model/publish.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.train');

const MeanSd = z.object({ mean: z.number(), sd: z.number() });
const LiftRow = z.object({
  fraction: z.number(),
  accounts: z.number().int(),
  positives: z.number().int(),
  precision: z.number(),
  recall: z.number(),
  lift: z.number(),
});

export const ScoreTrainResult = z.object({
  source: z.string(),
  label: z.string(),
  accounts: z.number().int(),
  positives: z.number().int(),
  /** accounts left out because their outcome is not known yet (--within-days) */
  tooRecent: z.number().int(),
  /** true below 100 converted accounts: trained, but the metrics are noisy */
  unreliable: z.boolean(),
  modelVersion: z.string(),
  onnxFile: z.string(),
  modelCard: z.string(),
  trees: z.number().int(),
  features: z.number().int(),
  cv: z.object({ folds: z.number().int(), rocAuc: MeanSd, prAuc: MeanSd, liftTop10: MeanSd }),
  holdout: z.object({ rows: z.number().int(), positives: z.number().int(), rocAuc: z.number(), prAuc: z.number(), logLoss: z.number() }),
  /** holdout lift: converters in the top 5%, 10%, 20% of accounts by score vs a random pick */
  lift: z.array(LiftRow),
  /** with --publish: the model's record in the org's registry */
  published: ScoreModelPublishResult.nullable().optional(),
  /** where the feature spec came from: a --spec file, "default" (data shaped like the demo org) or "inferred" */
  spec: z.string(),
  /** the fields the model reads */
  fields: z.array(z.string()),
  /** fields left out by inference, with the reason */
  excluded: z.array(z.object({ field: z.string(), reason: z.string() })),
});
export type ScoreTrainResult = z.infer<typeof ScoreTrainResult>;

/** The label definition the org flags ask for (exactly one of them; oclif enforces exclusivity). */
function orgLabel(flags: { 'label-field'?: string; 'within-days'?: number; 'label-opportunity-created-within'?: number; 'label-opportunity-stage'?: string }): LabelDefinition {
  if (flags['label-field']) return { kind: 'field', field: flags['label-field'], withinDays: flags['within-days'] };
  if (flags['label-opportunity-created-within'] !== undefined) return { kind: 'opportunity-created', withinDays: flags['label-opportunity-created-within'] };
  if (flags['label-opportunity-stage'] !== undefined) return { kind: 'opportunity-stage', stage: flags['label-opportunity-stage'] };
  throw messages.createError('error.NoLabel');
}

export default class ScoreTrain extends SfCommand<ScoreTrainResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    'target-org': Flags.optionalOrg({ exclusive: ['csv'] }),
    'label-field': Flags.string({
      summary: messages.getMessage('flags.label-field.summary'),
      dependsOn: ['target-org'],
      exclusive: ['label-opportunity-created-within', 'label-opportunity-stage'],
    }),
    'within-days': Flags.integer({ summary: messages.getMessage('flags.within-days.summary'), min: 1, dependsOn: ['label-field'] }),
    'label-opportunity-created-within': Flags.integer({
      summary: messages.getMessage('flags.label-opportunity-created-within.summary'),
      min: 1,
      dependsOn: ['target-org'],
      exclusive: ['label-field', 'label-opportunity-stage'],
    }),
    'label-opportunity-stage': Flags.string({
      summary: messages.getMessage('flags.label-opportunity-stage.summary'),
      dependsOn: ['target-org'],
      exclusive: ['label-field', 'label-opportunity-created-within'],
    }),
    csv: Flags.file({
      summary: messages.getMessage('flags.csv.summary'),
      exists: true,
      exclusive: ['target-org', 'label-field', 'label-opportunity-created-within', 'label-opportunity-stage'],
    }),
    label: Flags.string({ summary: messages.getMessage('flags.label.summary'), dependsOn: ['csv'] }),
    'id-column': Flags.string({ summary: messages.getMessage('flags.id-column.summary'), dependsOn: ['csv'] }),
    // repeated flag; a comma-separated value is split below (delimiter: ',' makes the sf CLI warn on any comma)
    exclude: Flags.string({ summary: messages.getMessage('flags.exclude.summary'), multiple: true }),
    spec: Flags.file({ summary: messages.getMessage('flags.spec.summary'), exists: true }),
    'output-dir': Flags.directory({ char: 'd', summary: messages.getMessage('flags.output-dir.summary'), required: true }),
    'min-positives': Flags.integer({ summary: messages.getMessage('flags.min-positives.summary'), default: 10, min: 2 }),
    folds: Flags.integer({ summary: messages.getMessage('flags.folds.summary'), default: 5, min: 2, max: 20 }),
    seed: Flags.integer({ summary: messages.getMessage('flags.seed.summary'), default: 42 }),
    'model-version': Flags.string({ summary: messages.getMessage('flags.model-version.summary') }),
    publish: Flags.boolean({ summary: messages.getMessage('flags.publish.summary'), dependsOn: ['target-org'] }),
    activate: Flags.boolean({ summary: messages.getMessage('flags.activate.summary'), dependsOn: ['publish'] }),
  };

  public async run(): Promise<ScoreTrainResult> {
    const { flags } = await this.parse(ScoreTrain);
    let spec: FeatureSpec = defaultFeatureSpec();
    let specSource = 'default';
    if (flags.spec) {
      spec = parseFeatureSpec(await readFile(flags.spec, 'utf8'));
      specSource = path.resolve(flags.spec);
    }
    const exclude = (flags.exclude ?? []).flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean);
    const spinner = new Progress(this);
    const progress = spinner.status;
    let inputs: AccountInput[];
    let labels: Uint8Array;
    let source: string;
    let label: string;
    let contacts = 0;
    let tooRecent = 0;
    let withinDays: number | undefined;

    spinner.start('Reading the training data');
    if (flags.csv) {
      if (!flags.label) throw messages.createError('error.NoLabel');
      if (!flags.spec) {
        const header = (await readCsvTable(flags.csv)).header;
        // A file shaped like the demo org keeps the shipped, tuned spec; any other file gets one inferred from its columns.
        if (!isDemoShaped(header) || flags['id-column'] || exclude.length) {
          progress('inferring the feature spec from the columns');
          const inferred = await inferSpecFromCsv(flags.csv, { label: flags.label, idColumn: flags['id-column'], exclude });
          spec = inferred.spec;
          specSource = 'inferred';
        }
      }
      const read = await readAccountCsv(flags.csv, { spec, labelColumn: flags.label, idColumn: flags['id-column'] });
      for (const w of read.warnings) this.warn(w);
      if (read.errors.length) {
        const listed = read.errors.slice(0, 20).map((e) => `  line ${e.line}${e.field ? ` (${e.field})` : ''}: ${e.message}`);
        if (read.errors.length > 20) listed.push(`  ... and ${read.errors.length - 20} more`);
        throw messages.createError('error.BadCsv', [flags.csv, read.errors.length, listed.join('\n')]);
      }
      inputs = read.rows.map((r) => r.input);
      labels = Uint8Array.from(read.rows, (r) => r.label ?? 0);
      source = path.resolve(flags.csv);
      label = flags.label;
    } else if (flags['target-org']) {
      const definition = orgLabel(flags);
      const { conn } = await connectOrg(flags['target-org']);
      if (!flags.spec) {
        const chosen = await chooseOrgSpec(conn, { labelField: definition.kind === 'field' ? definition.field : undefined, labelFromOpportunities: definition.kind !== 'field', exclude, progress });
        spec = chosen.spec;
        specSource = chosen.source;
      }
      const set = await readTrainingSetFromOrg(conn, spec, definition, { progress });
      ({ inputs, labels, contacts, tooRecent } = set);
      source = `${flags['target-org'].getUsername() ?? 'org'} (${conn.instanceUrl})`;
      label = set.labelDescription;
      withinDays = definition.kind === 'opportunity-stage' ? undefined : definition.withinDays;
    } else {
      throw messages.createError('error.NoLabel');
    }
    spinner.stop(`${inputs.length} accounts`);
    if (featureColumns(spec).length === 0)
      throw messages.createError('error.NothingUsable', [spec.excluded.map((e) => `  ${e.field}: ${e.reason}`).join('\n') || '  (the spec lists no fields)']);

    const suff = checkSufficiency(labels, flags['min-positives']);
    if (!suff.enough) {
      if (suff.positives >= flags['min-positives']) throw messages.createError('error.NotEnoughNegatives', [suff.accounts - suff.positives, flags['min-positives']]);
      throw messages.createError('error.NotEnoughData', [suff.positives, suff.accounts, flags['min-positives'], suff.moreNeeded]);
    }
    if (suff.weak) this.warn(messages.getMessage('warning.FewPositives', [suff.positives, suff.moreNeeded]));
    if (tooRecent > 0) this.log(messages.getMessage('info.TooRecent', [tooRecent, withinDays]));

    spinner.start(messages.getMessage('progress.training', [inputs.length, suff.positives, flags.folds]));
    const trained = await trainModelFromInputs({
      inputs,
      labels,
      label,
      source,
      contacts,
      outDir: flags['output-dir'],
      spec,
      specSource,
      folds: flags.folds,
      seed: flags.seed,
      modelVersion: flags['model-version'],
      onProgress: progress,
    });
    spinner.stop('done');

    const r = trained.report;
    const exp = trained.experiment;
    const result: ScoreTrainResult = {
      source,
      label,
      accounts: inputs.length,
      positives: suff.positives,
      tooRecent,
      unreliable: suff.positives < RELIABLE_POSITIVES,
      modelVersion: trained.modelVersion,
      onnxFile: trained.onnxPath,
      modelCard: path.join(flags['output-dir'], 'MODEL_CARD.md'),
      trees: r.model.trees,
      features: r.data.features,
      cv: { folds: exp.gbdt.summary.folds, rocAuc: exp.gbdt.summary.rocAuc, prAuc: exp.gbdt.summary.prAuc, liftTop10: exp.gbdt.summary.liftTop10 },
      holdout: {
        rows: exp.gbdt.holdout.rows,
        positives: exp.gbdt.holdout.positives,
        rocAuc: exp.gbdt.holdout.rocAuc,
        prAuc: exp.gbdt.holdout.prAuc,
        logLoss: exp.gbdt.holdout.logLoss,
      },
      lift: exp.gbdt.holdout.lift.map((l) => ({ ...l })),
      spec: specSource,
      fields: specFieldSummary(spec),
      excluded: spec.excluded,
    };
    this.print(result);
    if (flags.publish && flags['target-org']) {
      const org = flags['target-org'];
      const { conn } = await connectOrg(org);
      spinner.start(messages.getMessage('progress.publishing'));
      const p = await withModelErrors(() => publishModel(conn, { file: trained.onnxPath, activate: flags.activate, stateDir: stateDirFor(org.getOrgId()), progress }));
      spinner.stop();
      result.published = ScoreModelPublishResult.parse(p);
      this.log(messages.getMessage(p.activation ? 'info.PublishedActive' : 'info.Published', [p.version, p.recordId, p.version]));
    }
    return result;
  }

  private print(r: ScoreTrainResult): void {
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '-');
    this.styledHeader(messages.getMessage('header.model', [r.modelVersion]));
    this.table({
      data: [
        { property: 'Data', value: `${r.accounts} accounts, ${r.positives} converted (${((100 * r.positives) / r.accounts).toFixed(1)}%), label ${r.label}` },
        { property: 'Model', value: `${r.trees} trees on ${r.features} features` },
        { property: 'Feature spec', value: `${r.spec}: ${r.fields.length} fields (${r.fields.join(', ')})` },
        ...(r.excluded.length ? [{ property: 'Left out', value: r.excluded.map((e) => `${e.field}: ${e.reason}`).join('\n') }] : []),
        { property: 'ONNX', value: r.onnxFile },
        { property: 'Model card', value: r.modelCard },
      ],
    });
    this.styledHeader(messages.getMessage('header.metrics'));
    this.table({
      data: [
        { metric: 'ROC AUC', cv: `${f(r.cv.rocAuc.mean)} ± ${f(r.cv.rocAuc.sd)}`, holdout: f(r.holdout.rocAuc) },
        { metric: 'PR AUC', cv: `${f(r.cv.prAuc.mean)} ± ${f(r.cv.prAuc.sd)}`, holdout: f(r.holdout.prAuc) },
        { metric: 'Log loss', cv: '', holdout: f(r.holdout.logLoss) },
      ],
      columns: ['metric', { key: 'cv', name: `CV (${r.cv.folds} folds)` }, { key: 'holdout', name: `Holdout (${r.holdout.rows} accounts)` }],
    });
    this.styledHeader(messages.getMessage('header.lift'));
    this.table({
      data: r.lift.map((l) => ({
        top: `${Math.round(l.fraction * 100)}%`,
        accounts: l.accounts,
        converted: l.positives,
        rate: `${(100 * l.precision).toFixed(1)}%`,
        found: `${(100 * l.recall).toFixed(1)}%`,
        lift: `${l.lift.toFixed(2)}x`,
      })),
      columns: ['top', 'accounts', 'converted', { key: 'rate', name: 'Conversion rate' }, { key: 'found', name: 'Share of converters' }, 'lift'],
    });
  }
}
