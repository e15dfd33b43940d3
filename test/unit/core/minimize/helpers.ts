/** Small helpers shared by the minimize tests. */
import assert from 'node:assert/strict';
import { resolveRunConfig, type RawRunConfig, type RunConfig } from '../../../../src/core/minimize/config';
import { minimize, type MinimizeHooks } from '../../../../src/core/minimize/minimize';
import { toRecords, type RecordBatch, type RunOutcome, type RunRecord } from '../../../../src/core/minimize/records';
import type { Objective } from '../../../../src/core/objective';

export function runConfig(raw: RawRunConfig): RunConfig {
  return resolveRunConfig(raw);
}

export interface Run {
  readonly outcome: RunOutcome;
  readonly batches: RecordBatch[];
  readonly records: RunRecord[];
}

/** minimize() with every batch kept and expanded into records. */
export function run(objective: Objective, raw: RawRunConfig, hooks: MinimizeHooks = {}): Run {
  const batches: RecordBatch[] = [];
  const outcome = minimize(objective, runConfig(raw), {
    ...hooks,
    onBatch: (batch) => {
      batches.push(batch);
      hooks.onBatch?.(batch);
    },
  });
  return { outcome, batches, records: batches.flatMap(toRecords) };
}

/** f(x) = ½ Σ aᵢ xᵢ², ∇f = (aᵢ xᵢ). */
export function quadratic(a: readonly number[], x0: readonly number[], name = 'quadratic'): Objective {
  return {
    name,
    dim: a.length,
    x0: Float64Array.from(x0),
    f: (x) => {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += 0.5 * a[i]! * x[i]! * x[i]!;
      return s;
    },
    grad: (x, out) => {
      for (let i = 0; i < a.length; i++) out[i] = a[i]! * x[i]!;
    },
  };
}

/** |actual − expected| ≤ rel · |expected| + abs, naming `what`. */
export function assertClose(actual: number, expected: number, rel = 1e-13, what = 'value', abs = 0): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected) + abs, `${what}: expected ${expected}, got ${actual}`);
}

export function assertCloseAll(actual: readonly number[], expected: readonly number[], rel = 1e-13, what = 'values', abs = 0): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) assertClose(actual[i]!, expected[i]!, rel, `${what}[${i}]`, abs);
}
