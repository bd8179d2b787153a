// Reading a label column in the spellings exports use. A column whose values are not one of
// the known pairs is refused with the values it holds, so the fix is obvious.

const POSITIVE = new Set(['1', 'true', 'yes', 'y', 'won', 'closed won', 't', '1.0']);
const NEGATIVE = new Set(['0', 'false', 'no', 'n', 'lost', 'closed lost', 'f', '0.0']);

export const LABEL_SPELLINGS = '1/0, true/false, yes/no, y/n or won/lost';

/** 1, 0, or null when the value is not a label in a usual spelling (blank included). */
export function readLabel(v: unknown): 0 | 1 | null {
  if (v === true || v === 1) return 1;
  if (v === false || v === 0) return 0;
  if (typeof v !== 'string') return null;
  const s = v.trim().toLowerCase();
  if (POSITIVE.has(s)) return 1;
  if (NEGATIVE.has(s)) return 0;
  return null;
}

export class LabelValuesError extends Error {
  override name = 'LabelValuesError';
}

/**
 * Checks every value of a label column; throws naming the column and the distinct values that
 * are not labels (with counts), so one message says what is in the file.
 */
export function checkLabelValues(column: string, values: readonly unknown[]): void {
  const bad = new Map<string, number>();
  for (const v of values) if (readLabel(v) === null) bad.set(String(v ?? '').trim(), (bad.get(String(v ?? '').trim()) ?? 0) + 1);
  if (bad.size === 0) return;
  const listed = [...bad.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([v, n]) => `${v === '' ? '(blank)' : JSON.stringify(v)} ×${n}`);
  const more = bad.size > 8 ? ` and ${bad.size - 8} more` : '';
  throw new LabelValuesError(
    `Label column ${column} holds values that are not a yes/no outcome: ${listed.join(', ')}${more}. Expected ${LABEL_SPELLINGS} (any case).`,
  );
}
