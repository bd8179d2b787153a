import { describe, expect, it } from '@jest/globals';
import { drawLatent } from '../../src/local-org/generate/latent.js';
import { writeNotes } from '../../src/local-org/generate/notes.js';
import { Rng } from '../../src/local-org/generate/prng.js';

// Account 463134 of seed 42 (the 1M-account benchmark org): a Singapore company hiring in 5
// locations whose city pool held fewer than 5 distinct cities; writeNotes used to loop forever.
describe('writeNotes hiring cities', () => {
  it('finishes when the city pool has fewer distinct cities than hiring locations', () => {
    const l = drawLatent(Rng.forKey(42, 463134, 1));
    expect(l.hiringLocations).toBe(5);
    expect(new Set(l.country.cities).size).toBeLessThan(5);
    const notes = writeNotes(Rng.forKey(42, 463134, 3), l, { companyName: 'Acme', asOf: new Date('2026-01-01T00:00:00Z') });
    expect(notes === null || typeof notes === 'string').toBe(true);
  });
});
