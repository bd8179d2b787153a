import { describe, it, expect } from '@jest/globals';
import { checkThresholds, conversionProbability, classWeightShift, displayPoints, fitScoreScale, toScore, toScores, percentiles, tierFor } from '../../src/model/calibrate/index.js';

describe('score scale', () => {
  it('is linear from 5 to 90 points: the 1st percentile margin sits at 0 and the 99.9th at 100 before the ends bend', () => {
    const margins = Array.from({ length: 1001 }, (_, i) => -5 + i / 100); // -5 .. 5
    const scale = fitScoreScale(margins);
    expect(scale.factor).toBeCloseTo(100 / (0.989 * 10), 6);
    // inside the knees the score is offset + factor * margin
    for (const m of [-4.4, -1, 0, 2.5, 3.8]) expect(toScore(m, scale)).toBeCloseTo(scale.offset + scale.factor * m, 2);
    // beyond them it is compressed but stays inside 0-100
    expect(toScore(-5 + 0.999 * 10, scale)).toBeGreaterThan(90);
    expect(toScore(-5 + 0.999 * 10, scale)).toBeLessThan(100);
    expect(toScore(-100, scale)).toBeLessThan(0.05);
    expect(toScore(100, scale)).toBeGreaterThan(99.8);
    const s = toScores([-1, 0, 1.2345], scale);
    expect(s[0]).toBeLessThan(s[1]);
    expect(s[1]).toBeLessThan(s[2]);
    for (const v of s) expect(Math.round(v * 100) / 100).toBe(v);
  });

  it('gives accounts above the old 100 cap distinct, ordered scores (no ties at the top)', () => {
    const scale = { offset: 105.24563897878322, factor: 15.182837932114074 }; // the shipped model's scale, no tails stored
    // margins 0.05 log-odds apart from the old cap (linear 100) up to linear ~160 (top of 100k generated accounts: ~130)
    const top = Array.from({ length: 80 }, (_, i) => (100 - scale.offset) / scale.factor + i * 0.05);
    const scores = top.map((m) => toScore(m, scale));
    for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeGreaterThan(scores[i - 1]);
    expect(scores[scores.length - 1]).toBeLessThan(100);
    // and at the bottom
    const bottom = Array.from({ length: 30 }, (_, i) => (0 - scale.offset) / scale.factor - i * 0.05);
    const low = bottom.map((m) => toScore(m, scale));
    for (let i = 1; i < low.length; i++) expect(low[i]).toBeLessThan(low[i - 1]);
    expect(low[low.length - 1]).toBeGreaterThan(0);
  });

  it('is continuous at the knees and follows the tails stored with the scale', () => {
    const scale = { offset: 0, factor: 1, tails: { low: 10, high: 80 } };
    expect(displayPoints(80, scale)).toBe(80);
    expect(displayPoints(80.001, scale)).toBeCloseTo(80.001, 5);
    expect(displayPoints(9.999, scale)).toBeCloseTo(9.999, 5);
    expect(displayPoints(90, scale)).toBeCloseTo(100 - 400 / 30, 9);
    expect(displayPoints(85, { offset: 0, factor: 1 })).toBe(85); // default knees 5 and 90
  });

  it('refuses margins without spread or with NaN, naming the index', () => {
    expect(() => fitScoreScale([1, 1, 1])).toThrow(/no spread/);
    expect(() => fitScoreScale([0, NaN, 1])).toThrow(/margin 1 is NaN/);
    expect(() => toScores([0, NaN], { offset: 0, factor: 1 })).toThrow(/margin 1 is NaN/);
  });
});

describe('percentiles', () => {
  it('is ceil(100 * rank / N) by score ascending, ties share a percentile, top is 100', () => {
    expect(Array.from(percentiles([10, 20, 30, 40]))).toEqual([25, 50, 75, 100]);
    expect(Array.from(percentiles([5, 5, 1]))).toEqual([100, 100, 34]);
    expect(Array.from(percentiles([42]))).toEqual([100]);
    const many = percentiles(Array.from({ length: 1000 }, (_, i) => (1000 - i) / 10));
    expect(many[999]).toBe(1);
    expect(many[0]).toBe(100);
    expect(Math.min(...many)).toBeGreaterThanOrEqual(1);
  });
  it('refuses NaN scores', () => {
    expect(() => percentiles([1, NaN])).toThrow(/score 1 is NaN/);
  });
});

describe('tiers', () => {
  it('uses >= hot for Hot and >= warm for Warm', () => {
    const t = { hot: 70, warm: 40 };
    expect(tierFor(70, t)).toBe('Hot');
    expect(tierFor(69.99, t)).toBe('Warm');
    expect(tierFor(40, t)).toBe('Warm');
    expect(tierFor(0, t)).toBe('Cold');
  });
  it('refuses invalid thresholds with a clear message', () => {
    expect(() => checkThresholds({ hot: 40, warm: 40 })).toThrow(/warm threshold must be below hot/);
    expect(() => checkThresholds({ hot: 140, warm: 40 })).toThrow(/invalid tier thresholds hot=140/);
  });
});

describe('conversion probability', () => {
  const meta = (params: object, data?: object) => ({
    'account_score.train_params': JSON.stringify(params),
    ...(data ? { 'account_score.metrics': JSON.stringify({ data }) } : {}),
  });
  it('is the sigmoid of the margin for an unweighted model and for models that do not record their training', () => {
    expect(classWeightShift({})).toBe(0);
    expect(classWeightShift(meta({ classWeight: 'none', scalePosWeight: 1 }))).toBe(0);
    expect(conversionProbability(0, 0)).toBe(0.5);
    expect(conversionProbability(Math.log(3), 0)).toBeCloseTo(0.75, 12);
  });
  it('undoes class weights: scalePosWeight w, and balanced weights (neg/pos)', () => {
    expect(classWeightShift(meta({ classWeight: 'none', scalePosWeight: 4 }))).toBeCloseTo(Math.log(4), 12);
    const shift = classWeightShift(meta({ classWeight: 'balanced' }, { accounts: 1000, positives: 50 }));
    expect(shift).toBeCloseTo(Math.log(950 / 50), 12);
    // balanced weights make the base rate (5%) the weighted 50/50 point, margin 0: calibrated, it is 5% again
    expect(conversionProbability(0, shift)).toBeCloseTo(0.05, 12);
    expect(() => classWeightShift(meta({ classWeight: 'balanced' }))).toThrow(/no data.accounts\/positives/);
  });
});
