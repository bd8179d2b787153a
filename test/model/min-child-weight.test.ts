import { describe, expect, it } from '@jest/globals';
import { defaultMinChildWeight } from '../../src/model/pipeline/train-from-inputs.js';

const labels = (n: number, positives: number) => Uint8Array.from({ length: n }, (_, i) => (i < positives ? 1 : 0));

describe('minimum leaf weight for the org size', () => {
  it('keeps the tuned 20 for orgs of ~100k accounts and more (the shipped model is unchanged)', () => {
    expect(defaultMinChildWeight(labels(300_000, 9_234))).toBe(20);
    expect(defaultMinChildWeight(labels(100_000, 3_153))).toBe(20);
  });

  it('lets small orgs split: a leaf needs ~1/150 of the total hessian, at least 1', () => {
    expect(defaultMinChildWeight(labels(20_000, 600))).toBe(4);
    expect(defaultMinChildWeight(labels(5_000, 155))).toBe(1);
    expect(defaultMinChildWeight(labels(900, 86))).toBe(1);
    expect(defaultMinChildWeight(labels(0, 0))).toBe(20);
  });
});
