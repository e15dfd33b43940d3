/**
 * Random directions, filter-normalised (Li et al. 2018, "Visualizing the Loss Landscape of
 * Neural Nets", §4): two Gaussian directions, each rescaled filter by filter to the norm of the
 * parameters' filter at the centre, dᵢ ← dᵢ·‖θᵢ‖/‖dᵢ‖, so the picture does not depend on how
 * each filter's weights are scaled. A filter is a row of a parameter matrix when the objective
 * declares its parameter blocks; without blocks the whole vector is one filter. A filter whose
 * parameters are all 0 at the centre (Li et al. would draw nothing along it) takes
 * `fallbackScale` as its norm instead (the caller passes the paths' reach).
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { seededGenerator } from '../minimize/sampler';
import type { Plane } from './plane';

/** A rows × cols block of the parameter vector starting at `offset`; each row is a filter. */
export interface ParameterBlock {
  readonly offset: number;
  readonly rows: number;
  readonly cols: number;
}

export function randomPlane(centre: Float64Array, seed: number, fallbackScale: number, blocks: readonly ParameterBlock[] = []): Plane {
  const dim = centre.length;
  const rng = seededGenerator(seed);
  const filters = filtersOf(dim, blocks);
  const u = filterNormalized(gaussian(rng, dim), centre, filters, fallbackScale);
  const v = filterNormalized(gaussian(rng, dim), centre, filters, fallbackScale);
  return { kind: 'random', dim, origin: Float64Array.from(centre), u, v, explained: null };
}

/** [start, end) of each filter: rows of the blocks, then every parameter outside them as one filter each. */
function filtersOf(dim: number, blocks: readonly ParameterBlock[]): Array<[number, number]> {
  if (blocks.length === 0) return [[0, dim]];
  const covered = new Uint8Array(dim);
  const filters: Array<[number, number]> = [];
  for (const b of blocks) {
    for (let r = 0; r < b.rows; r++) {
      const start = b.offset + r * b.cols;
      const end = Math.min(dim, start + b.cols);
      if (start >= end) continue;
      filters.push([start, end]);
      covered.fill(1, start, end);
    }
  }
  for (let i = 0; i < dim; i++) if (!covered[i]) filters.push([i, i + 1]);
  return filters;
}

/** Standard normal values (Box–Muller). */
function gaussian(rng: RandomGenerator, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - uniformFloat64(rng); // (0, 1]: log is finite
    const u2 = uniformFloat64(rng);
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

function filterNormalized(d: Float64Array, centre: Float64Array, filters: ReadonlyArray<[number, number]>, fallbackScale: number): Float64Array {
  for (const [start, end] of filters) {
    let dd = 0;
    let tt = 0;
    for (let i = start; i < end; i++) {
      dd += d[i]! * d[i]!;
      tt += centre[i]! * centre[i]!;
    }
    const target = tt > 0 ? Math.sqrt(tt) : fallbackScale;
    const factor = dd > 0 ? target / Math.sqrt(dd) : 0;
    for (let i = start; i < end; i++) d[i] = d[i]! * factor;
  }
  return d;
}
