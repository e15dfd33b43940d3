/** Deterministic test data for the step benchmarks. */

/** Fill `array` with values in [−0.5, 0.5) from an xorshift generator seeded by `seed`. */
export function fill(array: Float64Array, seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < array.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    array[i] = (s >>> 0) / 2 ** 32 - 0.5;
  }
}
