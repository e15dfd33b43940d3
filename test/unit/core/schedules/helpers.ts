/** Small helpers shared by the schedule tests. */
import assert from 'node:assert/strict';
import { previewSchedule, resolveScheduleConfig } from '../../../../src/core/schedules';
import type { Observation, ScheduleConfig } from '../../../../src/core/schedules/types';

/** Resolve `raw` for a run of `totalSteps` steps from `baseLr`. */
export function resolve(raw: object, baseLr = 1, totalSteps = 100): ScheduleConfig {
  return resolveScheduleConfig(raw, { baseLr, totalSteps });
}

/** lrs[i] = lrAt(i) for the first `steps` steps of `raw` (resolved for `totalSteps`, default `steps`). */
export function lrsOf(raw: object, baseLr: number, steps: number, totalSteps = steps, metrics?: readonly number[], observations?: readonly Observation[]): number[] {
  return previewSchedule(resolve(raw, baseLr, totalSteps), baseLr, steps, metrics, observations);
}

/**
 * |actual − expected| ≤ rel·|expected| + abs (exact when expected is 0 and abs is 0), with the
 * index in the message.
 */
export function assertCloseAll(actual: readonly number[], expected: readonly number[], rel = 1e-14, abs = 0): void {
  assert.equal(actual.length, expected.length, 'length');
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    assert.ok(Math.abs(a - e) <= rel * Math.abs(e) + abs, `lrs[${i}]: expected ${e}, got ${a} (relative tolerance ${rel})`);
  }
}

export function assertClose(actual: number, expected: number, rel = 1e-14, what = 'value'): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: expected ${expected}, got ${actual}`);
}
