/** Small seeded PRNG (mulberry32): deterministic sampling across platforms. */
export { mulberry32 as makeRng } from '../../util/prng.js';

/** In-place Fisher-Yates shuffle driven by rng. */
export function shuffleInPlace(a: Int32Array | number[], rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
