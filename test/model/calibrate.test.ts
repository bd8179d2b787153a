import { describe, it, expect } from '@jest/globals';
import { fitScoreScale, toScore, toScores, percentiles, tierFor } from '../../src/model/calibrate/index.js';

describe('score scale', () => {
  it('maps the 1st percentile margin to 0 and the 99.9th to 100', () => {
    const margins = Array.from({ length: 1001 }, (_, i) => -5 + i / 100); // -5 .. 5
    const scale = fitScoreScale(margins);
    expect(toScore(-5 + 0.01 * 1000 * 0.01, scale)).toBeCloseTo(0, 6);
    expect(toScore(-5 + 0.999 * 10, scale)).toBeCloseTo(100, 6);
    expect(toScore(-100, scale)).toBe(0);
    expect(toScore(100, scale)).toBe(100);
    // Higher margin, higher score; 2 decimals.
    const s = toScores([-1, 0, 1.2345], scale);
    expect(s[0]).toBeLessThan(s[1]);
    expect(s[1]).toBeLessThan(s[2]);
    for (const v of s) expect(Math.round(v * 100) / 100).toBe(v);
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
    const many = percentiles(Array.from({ length: 1000 }, (_, i) => 1000 - i));
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
    expect(() => tierFor(50, { hot: 40, warm: 40 })).toThrow(/warm threshold must be below hot/);
    expect(() => tierFor(50, { hot: 140, warm: 40 })).toThrow(/invalid tier thresholds hot=140/);
  });
});
