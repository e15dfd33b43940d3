/**
 * A sweep's grid: learning rates (log-spaced `a:b:n`, or a list) × optimizers × schedules ×
 * seeds, each cell a full run config. Cells are ordered optimizer, schedule, lr, seed (a heat
 * map's row is an optimizer × schedule, its columns the lrs), and each is resolved exactly as
 * `lrlab run` resolves the same flags, so a cell's result is that run's.
 */
import { LrLabError } from '../errors';
import { resolveRunConfig, type RawRunConfig, type RunConfig } from '../minimize/config';

/** Raw `{type, ...options}` of an optimizer or schedule. */
export type RawTyped = { readonly type: string } & Readonly<Record<string, unknown>>;

export interface SweepSpec {
  /** Learning rates, in the order of the heat map's columns. */
  readonly lrs: readonly number[];
  readonly optimizers: readonly RawTyped[];
  readonly schedules: readonly RawTyped[];
  readonly seeds: readonly number[];
  /** Everything else of the run config (iterations, x0, batchSize, tolerance, clip, gradient …). */
  readonly base: Omit<RawRunConfig, 'optimizer' | 'schedule' | 'seed'>;
}

export interface SweepCell {
  /** Position in the sweep (cells are numbered in order). */
  readonly index: number;
  readonly row: number;
  readonly column: number;
  readonly lr: number;
  readonly seed: number;
  readonly config: RunConfig;
}

/** The most cells a sweep may have. */
export const MAX_SWEEP_CELLS = 10_000;

/**
 * `a:b:n`: n log-spaced values from a to b inclusive (a, b > 0; n ≥ 1), each rounded to 12
 * significant digits so they read as typed (1e-4:1:5 → 0.0001 0.001 0.01 0.1 1); or a
 * comma-separated list of values > 0; or one value.
 */
export function parseLrGrid(text: string): number[] {
  const trimmed = text.trim();
  const range = /^([^:]+):([^:]+):([^:]+)$/.exec(trimmed);
  if (range) {
    const [a, b, n] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) throw LrLabError.worded('invalidConfig', { id: 'lrGridEnds', args: [JSON.stringify(text)] });
    if (!Number.isInteger(n) || n < 1) throw LrLabError.worded('invalidConfig', { id: 'lrGridCount', args: [JSON.stringify(text)] });
    if (n > MAX_SWEEP_CELLS) throw LrLabError.worded('invalidConfig', { id: 'lrGridTooMany', args: [JSON.stringify(text), MAX_SWEEP_CELLS] });
    return logSpaced(a, b, n);
  }
  const parts = trimmed.split(',').map((s) => s.trim());
  return parts.map((part) => {
    const v = part === '' ? NaN : Number(part);
    if (!(v > 0) || !Number.isFinite(v)) throw LrLabError.worded('invalidConfig', { id: 'lrGridEntry', args: [JSON.stringify(text), JSON.stringify(part)] });
    return v;
  });
}

/** n values from a to b, evenly spaced in log10, to 12 significant digits (a and b exactly). */
export function logSpaced(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  const la = Math.log10(a);
  const lb = Math.log10(b);
  return Array.from({ length: n }, (_, i) => (i === 0 ? a : i === n - 1 ? b : Number((10 ** (la + ((lb - la) * i) / (n - 1))).toPrecision(12))));
}

/** Every cell of the grid, resolved; LrLabError('invalidConfig') naming the cell whose config is wrong. */
export function sweepCells(spec: SweepSpec): SweepCell[] {
  const { lrs, optimizers, schedules, seeds } = spec;
  if (lrs.length === 0 || optimizers.length === 0 || schedules.length === 0 || seeds.length === 0) {
    throw LrLabError.worded('invalidConfig', { id: 'sweepNeedsOneOfEach', args: [] });
  }
  const count = lrs.length * optimizers.length * schedules.length * seeds.length;
  if (count > MAX_SWEEP_CELLS) throw LrLabError.worded('invalidConfig', { id: 'sweepTooManyCells', args: [count, MAX_SWEEP_CELLS] });
  const cells: SweepCell[] = [];
  optimizers.forEach((optimizer, o) => {
    schedules.forEach((schedule, s) => {
      const row = o * schedules.length + s;
      lrs.forEach((lr, column) => {
        for (const seed of seeds) {
          let config: RunConfig;
          try {
            config = resolveRunConfig({ ...spec.base, optimizer: { ...optimizer, lr }, schedule, seed });
          } catch (e) {
            if (e instanceof LrLabError) throw new LrLabError(e.code, `sweep cell ${optimizer.type} · ${schedule.type} · lr ${lr}: ${e.message}`, e.location);
            throw e;
          }
          cells.push({ index: cells.length, row, column, lr, seed, config });
        }
      });
    });
  });
  return cells;
}
