/**
 * mulberry32: a tiny seeded PRNG, uniform in [0, 1). The same seed gives the same stream on every
 * platform, so training samples, retry jitter and test fixtures are reproducible.
 * A leaf module (no imports): features/, model/ and salesforce/ may all use it.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
