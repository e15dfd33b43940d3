/**
 * The heat map's colours: viridis (perceptually uniform, readable with the common colour-vision
 * deficiencies and in greyscale), reversed so a low loss — the good end — is the bright one.
 * Stops from matplotlib's viridis at 0, 1/8, …, 1, interpolated linearly in sRGB.
 */
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

const STOPS = VIRIDIS.map(rgb);

/** The colour of t ∈ [0, 1] (0: the best value, bright yellow; 1: the worst, dark violet). */
export function rampColor(t: number): string {
  const u = 1 - Math.min(1, Math.max(0, Number.isFinite(t) ? t : 1));
  const x = u * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * f));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Text on a cell of colour t: dark on the bright end, light on the dark end. */
export function textOn(t: number): string {
  return t < 0.45 ? '#1f1f1f' : '#f0f0f0';
}

/** Where `value` sits between lo and hi: on a log scale when both are positive. */
export function rampPosition(value: number, lo: number, hi: number, log: boolean): number {
  if (!(hi > lo)) return 0;
  return log ? (Math.log(value) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (value - lo) / (hi - lo);
}
