// What a column's values look like, read without a type: numbers, yes/no, dates, short
// categories, identifiers or free text. Shared by CSV and org inference (an org's describe type
// decides first; values decide for strings and for CSV columns).

import { FALSE_WORDS, isMissingWord, TRUE_WORDS } from '../value-words.js';

const NUMBER = /^[+-]?[$€£]?\s?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?([eE][+-]?\d+)?$|^[+-]?\.\d+$/;
const DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$|^\d{1,2}\/\d{1,2}\/\d{4}$/;

export function isMissingValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'number') return Number.isNaN(v);
  if (typeof v !== 'string') return false;
  return isMissingWord(v);
}

export interface ValueProfile {
  rows: number;
  filled: number;
  /** distinct non-missing values (trimmed, as written), counted up to 5,000 */
  distinct: Map<string, number>;
  /** every filled value is a yes/no word or a boolean */
  allBoolean: boolean;
  allNumber: boolean;
  allInteger: boolean;
  allDate: boolean;
  meanLength: number;
  /** share of filled values with 4 or more words */
  wordy: number;
}

const DISTINCT_CAP = 5000;

export function profileValues(values: readonly unknown[]): ValueProfile {
  const distinct = new Map<string, number>();
  let filled = 0;
  let allBoolean = true;
  let allNumber = true;
  let allInteger = true;
  let allDate = true;
  let length = 0;
  let wordy = 0;
  for (const v of values) {
    if (isMissingValue(v)) continue;
    filled++;
    const s = typeof v === 'string' ? v.trim() : String(v);
    if (distinct.size < DISTINCT_CAP || distinct.has(s)) distinct.set(s, (distinct.get(s) ?? 0) + 1);
    if (typeof v !== 'boolean' && !TRUE_WORDS.has(s.toLowerCase()) && !FALSE_WORDS.has(s.toLowerCase())) allBoolean = false;
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) allInteger = false;
    } else if (typeof v === 'string' && NUMBER.test(s)) {
      if (!/^[+-]?[$€£]?\s?[\d,]+$/.test(s)) allInteger = false;
    } else {
      allNumber = false;
      allInteger = false;
    }
    if (!(typeof v === 'string' && DATE.test(s) && !Number.isNaN(Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))))) allDate = false;
    length += s.length;
    if (s.split(/\s+/).length >= 4) wordy++;
  }
  return {
    rows: values.length,
    filled,
    distinct,
    allBoolean: filled > 0 && allBoolean,
    allNumber: filled > 0 && allNumber,
    allInteger: filled > 0 && allInteger,
    allDate: filled > 0 && allDate,
    meanLength: filled ? length / filled : 0,
    wordy: filled ? wordy / filled : 0,
  };
}

/** "3 distinct values", "1,204 of 5,000 rows filled" - the numbers behind a reason. */
export const n = (x: number) => x.toLocaleString('en-US');
