/**
 * The one reading of a label value, wherever labels come from (the org, an org directory, a
 * CSV, the thresholds check): a checkbox (true/false, also as text, 1/0 or yes/no) or a date field
 * (set = converted, empty = not). Anything else is an error naming where it was found, never
 * a silent 0.
 */
export function coerceLabel(value: unknown, where: string): 0 | 1 {
  if (value === true || value === 1) return 1;
  if (value === false || value === 0 || value === null || value === undefined) return 0;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (t === 'true' || t === '1' || t === 'yes' || t === 'y') return 1;
    if (t === 'false' || t === '0' || t === 'no' || t === 'n' || t === '') return 0;
    if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(t) && !Number.isNaN(Date.parse(t))) return 1;
  }
  throw new Error(`${where} is ${JSON.stringify(value)}; a label must be a checkbox (true/false, 1/0, yes/no) or a date`);
}
