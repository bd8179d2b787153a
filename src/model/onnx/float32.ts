const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Next float32 strictly above a float32 value (x must be finite). */
export function nextUpFloat32(x: number): number {
  f32[0] = x;
  if (f32[0] === 0) {
    u32[0] = 1; // smallest positive subnormal (also for -0)
    return f32[0];
  }
  if (f32[0] > 0) u32[0] += 1;
  else u32[0] -= 1;
  return f32[0];
}

/**
 * Smallest float32 >= x. For any float32 input v, `v < x` <=> `v < ceilFloat32(x)`, so
 * thresholds written as float keep the exact routing of the double-precision split.
 */
export function ceilFloat32(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.fround(x);
  return r >= x ? r : nextUpFloat32(r);
}
