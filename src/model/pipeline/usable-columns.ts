// Before training: are there columns that vary at all? A model on nothing but empty or constant
// columns cannot learn, and the user must hear which fields are empty, not "more data needed".
import { featureColumns, type FeatureSpec, type FittedFeatureSpec } from '../../features/index.js';

export interface ColumnUsability {
  /** fields whose every column is empty (all missing) in the training data */
  empty: string[];
  /** fields whose every column holds one value */
  constant: string[];
  /** true when at least one column varies */
  usable: boolean;
}

function fieldOf(spec: FeatureSpec, i: number): string {
  const c = featureColumns(spec)[i];
  if ('field' in c.source) return c.source.field;
  return c.source.kind === 'contacts' ? 'Contacts' : c.source.kind === 'opportunities' ? 'Opportunities' : c.label;
}

/** Checks each encoded column of a row-major matrix; names fields, not column ids. */
export function columnUsability(spec: FittedFeatureSpec, X: Float32Array, rows: number, cols: number): ColumnUsability {
  const columns = featureColumns(spec);
  const state = new Map<string, 'empty' | 'constant' | 'varies'>();
  const rank = { empty: 0, constant: 1, varies: 2 } as const;
  for (let c = 0; c < cols; c++) {
    let first = NaN;
    let anyValue = false;
    let varies = false;
    for (let r = 0; r < rows; r++) {
      const v = X[r * cols + c];
      const isNaN = Number.isNaN(v);
      if (!anyValue) {
        if (!isNaN) {
          anyValue = true;
          first = v;
          if (r > 0) varies = true; // NaN then a value: missingness varies
        }
      } else if (isNaN || v !== first) varies = true;
      if (varies) break;
    }
    // a categorical column with no vocabulary holds only the "missing" code: empty, not constant
    const noVocabulary = columns[c].source.kind === 'categorical' && (spec.vocabularies[columns[c].id]?.length ?? 0) === 0;
    const s = varies ? 'varies' : anyValue && !noVocabulary ? 'constant' : 'empty';
    const field = fieldOf(spec, c);
    const prev = state.get(field);
    if (!prev || rank[s] > rank[prev]) state.set(field, s);
  }
  const of = (k: 'empty' | 'constant') => [...state].filter(([, s]) => s === k).map(([f]) => f);
  return { empty: of('empty'), constant: of('constant'), usable: [...state.values()].includes('varies') };
}

/** "no usable columns: A, B are empty; C is constant" */
export function noUsableColumnsMessage(u: ColumnUsability): string {
  const parts = [];
  if (u.empty.length) parts.push(`${u.empty.join(', ')} ${u.empty.length === 1 ? 'is' : 'are'} empty`);
  if (u.constant.length) parts.push(`${u.constant.join(', ')} ${u.constant.length === 1 ? 'is' : 'are'} constant (one value in every row)`);
  return `No usable columns: ${parts.join('; ')}. Nothing was trained: fill these fields, or choose other ones with --spec (see "sf score spec init").`;
}
