import { LABEL_SPELLINGS, readLabel } from './infer/label.js';

/**
 * The one reading of a label value from a record (the org, an org directory, the thresholds
 * check): a checkbox or text in the usual spellings (readLabel: 1/0, true/false, yes/no, y/n,
 * won/lost), an empty value as 0 (an unchecked box, a date field not set), or a date as 1 (a
 * conversion date field that is set). Anything else is an error naming where it was found,
 * never a silent 0. CSV cells use readLabel directly: there a blank cell is an error.
 */
export function coerceLabel(value: unknown, where: string): 0 | 1 {
  const l = readLabel(value);
  if (l !== null) return l;
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return 0;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(value.trim()) && !Number.isNaN(Date.parse(value.trim()))) return 1;
  throw new Error(`${where} is ${JSON.stringify(value)}; a label must be ${LABEL_SPELLINGS}, or a date`);
}
