import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { Messages } from '@salesforce/core';
import { z } from 'zod';
import { loadModel, META } from '../../model/index.js';
import { SHIPPED_MODEL } from '../_shared/paths.js';
import { parseJson } from '../../util/json.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('account-score', 'score.model');

export const ScoreModelResult = z.object({
  file: z.string(),
  modelVersion: z.string().nullable(),
  trainedAt: z.string().nullable(),
  trees: z.number().int().nonnegative(),
  features: z.array(z.string()),
  /** the metrics the training pipeline stored in the model (its shape is the pipeline's) */
  metrics: z.record(z.unknown()).nullable(),
  /** how TreeSHAP covers were obtained; 'uniform' means explanations are approximate */
  explanations: z.enum(['metadata', 'hitrates', 'background', 'uniform']),
  hasFeatureSpec: z.boolean(),
});
export type ScoreModelResult = z.infer<typeof ScoreModelResult>;

export default class ScoreModel extends SfCommand<ScoreModelResult> {
  public static readonly summary = messages.getMessage('summary');
  public static readonly description = messages.getMessage('description');
  public static readonly examples = messages.getMessages('examples');

  public static readonly flags = {
    file: Flags.file({ char: 'f', summary: messages.getMessage('flags.file.summary'), exists: true }),
  };

  public async run(): Promise<ScoreModelResult> {
    const { flags } = await this.parse(ScoreModel);
    const file = flags.file ?? SHIPPED_MODEL;
    const model = await loadModel(file);
    try {
      const metricsText = model.metadata[META.metrics];
      const result: ScoreModelResult = {
        file,
        modelVersion: model.modelVersion ?? null,
        trainedAt: model.metadata[META.trainedAt] ?? null,
        trees: model.ensemble.trees.length,
        features: model.featureNames,
        metrics: metricsText === undefined ? null : parseMetrics(metricsText, file),
        explanations: model.coversSource,
        hasFeatureSpec: model.spec !== undefined,
      };
      this.print(result);
      return result;
    } finally {
      await model.session.release();
    }
  }

  private print(r: ScoreModelResult): void {
    this.styledHeader('Model');
    this.table({
      data: [
        { property: 'File', value: r.file },
        { property: 'Version', value: r.modelVersion ?? '(not set)' },
        { property: 'Trained', value: r.trainedAt ?? '(unknown)' },
        { property: 'Trees', value: String(r.trees) },
        { property: 'Features', value: String(r.features.length) },
        { property: 'Feature spec inside', value: r.hasFeatureSpec ? 'yes' : 'no (cannot score raw accounts)' },
        { property: 'Explanations', value: r.explanations === 'uniform' ? 'approximate (no covers in the file)' : 'exact TreeSHAP' },
      ],
    });
    const metricRows = flattenNumbers(r.metrics ?? {});
    if (metricRows.length > 0) {
      this.styledHeader('Metrics');
      this.table({ data: metricRows.map(([metric, value]) => ({ metric, value: formatNumber(value) })) });
    }
    this.styledHeader('Features');
    this.table({ data: r.features.map((name, i) => ({ position: i + 1, feature: name })) });
  }
}

function parseMetrics(text: string, file: string): Record<string, unknown> {
  const parsed = parseJson(text, `${file}: metadata ${META.metrics}`);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${file}: metadata ${META.metrics} must be a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** Numeric leaves of the metrics object as dotted paths ("holdout.auc"), two levels deep. */
function flattenNumbers(obj: Record<string, unknown>, prefix = '', depth = 0): Array<[string, number]> {
  const rows: Array<[string, number]> = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k;
    if (typeof v === 'number') rows.push([key, v]);
    else if (depth < 2 && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      rows.push(...flattenNumbers(v as Record<string, unknown>, `${key}.`, depth + 1));
    }
  }
  return rows;
}

const formatNumber = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(4));
