import { describe, it, expect } from '@jest/globals';
import { explainRow, topFactors } from '../../src/model/explain/factors.js';
import { formatReasons } from '../../src/model/explain/reason-text.js';
import { toScore } from '../../src/model/calibrate/index.js';

const keys = ['revenue', 'series_b', 'contacts_atl', 'industry', 'notes_hiring'];
const labels = ['Annual revenue', 'Series B raised', 'Decision makers', 'Industry', 'Hiring'];
const describeValue = (i: number, v: number) => (Number.isNaN(v) ? '(missing)' : i === 1 ? (v ? 'yes' : 'no') : String(v));
const values = [4e7, 1, NaN, 3, 0];
const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

function explain(shap: number[], scale: { offset: number; factor: number }) {
  const margin = shap.reduce((a, b) => a + b, 0);
  const score = toScore(margin, scale);
  return { score, e: explainRow({ score, shapRow: shap, values, keys, labels, describeValue, scale }) };
}

describe('explainRow', () => {
  it('gives every feature in score points, largest first, with value and importance, adding up to the score', () => {
    // total |phi| = 1.77: 1.12 is 63% (high), 0.4 is 23% and 0.2 is 11% (medium)
    const { score, e } = explain([0.05, 1.12, -0.4, 0, 0.2, -2.5], { offset: 60, factor: 12.5 }); // last = expected value
    expect(e.baseline).toBe(28.75);
    expect(score).toBe(40.88);
    expect(e.factors).toEqual([
      { key: 'series_b', label: 'Series B raised', value: 'yes', points: 14, importance: 'high' },
      { key: 'contacts_atl', label: 'Decision makers', value: '(missing)', points: -5, importance: 'medium' },
      { key: 'notes_hiring', label: 'Hiring', value: '0', points: 2.5, importance: 'medium' },
      { key: 'revenue', label: 'Annual revenue', value: '40000000', points: 0.63, importance: 'low' },
      { key: 'industry', label: 'Industry', value: '3', points: 0, importance: 'low' },
    ]);
    expect(sum([e.baseline, ...e.factors.map((f) => f.points)])).toBe(score);
  });

  it('scales the points of an account in a compressed end of the scale so they still add up to its score', () => {
    // linear score 28.75 + 12.5 * 7.5 = 122.5: far beyond the knee at 95
    const { score, e } = explain([1, 4, -0.5, 0, 3, -2.5], { offset: 60, factor: 12.5 });
    expect(score).toBeGreaterThan(95);
    expect(score).toBeLessThan(100);
    expect(sum([e.baseline, ...e.factors.map((f) => f.points)])).toBe(score);
    // order and signs are TreeSHAP's
    expect(e.factors.map((f) => f.key)).toEqual(['series_b', 'notes_hiring', 'revenue', 'contacts_atl', 'industry']);
    expect(e.factors[3].points).toBeLessThan(0);
    expect(e.factors[0].points / e.factors[2].points).toBeCloseTo(4, 1);
  });

  it('adds up to the score for many random accounts across the whole scale', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let n = 0; n < 500; n++) {
      const shap = [rnd() * 3, rnd() * 3, rnd(), rnd() * 0.01, rnd() * 2, -3 + rnd() * 2];
      const { score, e } = explain(shap, { offset: 70, factor: 14 });
      expect(sum([e.baseline, ...e.factors.map((f) => f.points)])).toBe(score);
    }
  });

  it('topFactors keeps the k largest that move the score', () => {
    const { e } = explain([1, 0.05, 0, 0, 0, -1], { offset: 50, factor: 10 });
    expect(topFactors(e, 10).map((x) => [x.key, x.points, x.importance])).toEqual([['revenue', 10, 'high'], ['series_b', 0.5, 'low']]);
    expect(topFactors(e, 1)).toHaveLength(1);
  });

  it('refuses a row that does not match the features', () => {
    const scale = { offset: 0, factor: 1 };
    expect(() => explainRow({ score: 0, shapRow: [1, 2], values, keys, labels, describeValue, scale })).toThrow(/2 values for 5 features/);
    expect(() => explainRow({ score: 0, shapRow: [NaN, 0, 0, 0, 0, 0], values, keys, labels, describeValue, scale })).toThrow(/feature revenue is NaN/);
  });
});

describe('formatReasons', () => {
  it('keeps what pushes the score up apart from what holds it back', () => {
    const text = formatReasons([
      { label: 'Series B raised', value: 'yes', points: 14.2 },
      { label: 'Persona', value: '(missing)', points: -3.4 },
      { label: 'Employees', value: '250', points: 2.6 },
    ]);
    expect(text).toBe('Up: Series B raised: yes (+14); Employees: 250 (+3) | Down: Persona: (missing) (-3)');
    expect(formatReasons([{ label: 'Persona', value: 'HR', points: -1 }])).toBe('Down: Persona: HR (-1)');
  });
});
