import { describe, it, expect } from '@jest/globals';
import { topFactors, baselineScore } from '../../src/model/explain/top-factors.js';

const keys = ['revenue', 'series_b', 'contacts_atl', 'industry', 'notes_hiring'];
const labels = ['Annual revenue', 'Series B raised', 'Decision makers', 'Industry', 'Hiring'];

describe('topFactors', () => {
  it('lists the k largest |contributions| in score points with value and importance', () => {
    // total |phi| = 1.77: 1.12 is 63% (high), 0.4 is 23% and 0.2 is 11% (medium)
    const shap = [0.05, 1.12, -0.4, 0, 0.2, -2.5]; // last = expected value
    const values = [4e7, 1, NaN, 3, 0];
    const f = topFactors(shap, { k: 3, keys, labels, values, scale: { offset: 60, factor: 12.5 }, describeValue: (i, v) => (Number.isNaN(v) ? '(missing)' : i === 1 ? (v ? 'yes' : 'no') : String(v)) });
    expect(f).toEqual([
      { key: 'series_b', label: 'Series B raised', value: 'yes', contribution: 14, importance: 'high' },
      { key: 'contacts_atl', label: 'Decision makers', value: '(missing)', contribution: -5, importance: 'medium' },
      { key: 'notes_hiring', label: 'Hiring', value: '0', contribution: 2.5, importance: 'medium' },
    ]);
  });

  it('marks small shares low, skips zero contributions and handles k larger than the features', () => {
    const shap = [1, 0.05, 0, 0, 0];
    const f = topFactors(shap, { k: 10, keys, scale: { offset: 0, factor: 10 } });
    expect(f.map((x) => [x.key, x.contribution, x.importance])).toEqual([['revenue', 10, 'high'], ['series_b', 0.5, 'low']]);
  });

  it('refuses a row that does not match the features', () => {
    expect(() => topFactors([1, 2], { k: 1, keys, scale: { offset: 0, factor: 1 } })).toThrow(/2 values for 5 features/);
    expect(() => topFactors([NaN, 0, 0, 0, 0], { k: 1, keys, scale: { offset: 0, factor: 1 } })).toThrow(/feature revenue is NaN/);
  });

  it('gives the baseline in score points', () => {
    expect(baselineScore(-2.5, { offset: 60, factor: 12.5 })).toBe(28.75);
  });
});
