// SOQL date functions (SOQL reference, "Date Functions"): usable in WHERE, GROUP BY, HAVING,
// ORDER BY and, when grouped, SELECT. Datetime values are taken in UTC, as Salesforce does
// unless the query wraps them in convertTimezone(). The local org's fiscal year is the
// calendar year (Salesforce's default fiscal year starts in January).

const DAY = 86_400_000;

export interface DateFunction {
  name: string;
  /** what the function returns: an integer, or a date (DAY_ONLY) */
  returns: 'int' | 'date';
  /** field types it takes */
  accepts: readonly ('date' | 'datetime')[];
  apply(ms: number): number;
}

const dayOfYear = (d: Date) => Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1;

const both = ['date', 'datetime'] as const;
const FUNCTIONS: DateFunction[] = [
  { name: 'CALENDAR_YEAR', returns: 'int', accepts: both, apply: (t) => new Date(t).getUTCFullYear() },
  { name: 'CALENDAR_QUARTER', returns: 'int', accepts: both, apply: (t) => Math.floor(new Date(t).getUTCMonth() / 3) + 1 },
  { name: 'CALENDAR_MONTH', returns: 'int', accepts: both, apply: (t) => new Date(t).getUTCMonth() + 1 },
  { name: 'FISCAL_YEAR', returns: 'int', accepts: both, apply: (t) => new Date(t).getUTCFullYear() },
  { name: 'FISCAL_QUARTER', returns: 'int', accepts: both, apply: (t) => Math.floor(new Date(t).getUTCMonth() / 3) + 1 },
  { name: 'FISCAL_MONTH', returns: 'int', accepts: both, apply: (t) => new Date(t).getUTCMonth() + 1 },
  // 1 = Sunday ... 7 = Saturday
  { name: 'DAY_IN_WEEK', returns: 'int', accepts: both, apply: (t) => new Date(t).getUTCDay() + 1 },
  { name: 'DAY_IN_MONTH', returns: 'int', accepts: both, apply: (t) => new Date(t).getUTCDate() },
  { name: 'DAY_IN_YEAR', returns: 'int', accepts: both, apply: (t) => dayOfYear(new Date(t)) },
  // Week 1 is days 1-7 of the month / year, as the SOQL reference defines them.
  { name: 'WEEK_IN_MONTH', returns: 'int', accepts: both, apply: (t) => Math.floor((new Date(t).getUTCDate() - 1) / 7) + 1 },
  { name: 'WEEK_IN_YEAR', returns: 'int', accepts: both, apply: (t) => Math.floor((dayOfYear(new Date(t)) - 1) / 7) + 1 },
  { name: 'HOUR_IN_DAY', returns: 'int', accepts: ['datetime'], apply: (t) => new Date(t).getUTCHours() },
  { name: 'DAY_ONLY', returns: 'date', accepts: ['datetime'], apply: (t) => Math.floor(t / DAY) * DAY },
];

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name, f]));

export function dateFunction(name: string): DateFunction | undefined {
  return BY_NAME.get(name.toUpperCase());
}

export const AGGREGATE_FUNCTIONS = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);
