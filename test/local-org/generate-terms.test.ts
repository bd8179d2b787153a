import { describe, it, expect } from '@jest/globals';
import { generateOrg, logitTerms } from '../../src/local-org/generate/index.js';
import { baseLogit } from '../../src/local-org/generate/propensity.js';

describe('logitTerms (diagnostics)', () => {
  it('splits baseLogit into named terms that add up to it', () => {
    for (const g of generateOrg({ seed: 5, accounts: 2000, calibrationSample: 1000, withLatent: true })) {
      const { profile, contacts } = g.latent!;
      const sum = Object.values(logitTerms(profile, contacts)).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(baseLogit(profile, contacts), 9);
    }
  });
});
