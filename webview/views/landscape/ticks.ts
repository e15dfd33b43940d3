/** Axis ticks: multiples of 1, 2 or 5 × 10ᵏ inside [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const raw = (hi - lo) / Math.max(1, count);
  const exponent = Math.floor(Math.log10(raw));
  const base = 10 ** exponent;
  const step = [1, 2, 5, 10].map((m) => m * base).find((s) => s >= raw) ?? 10 * base;
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) ticks.push(exponent < 0 ? Number((k * step).toFixed(-exponent + 1)) : k * step);
  return ticks;
}
