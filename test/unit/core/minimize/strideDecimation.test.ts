/**
 * The stride rule both a sweep cell's decimated records and a landscape trajectory keep: for
 * random run lengths, capacities and batch sizes, the steps each keeps are those of a plain
 * reference written from the rule, and each kept entry holds its own step's values.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Trajectory } from '../../../../src/core/landscape/trajectory';
import { RecordDecimator } from '../../../../src/core/minimize/decimate';
import type { RecordBatch } from '../../../../src/core/minimize/records';
import { StrideDecimation } from '../../../../src/core/minimize/strideDecimation';

/**
 * The rule, step by step on a plain array: steps first, first + s, … are kept while there are
 * fewer than capacity − 1; one on the stride that finds them full doubles s, drops the kept steps
 * off it, and is kept if it is on the doubled stride.
 */
function onStrideByRule(first: number, last: number, capacity: number): number[] {
  let stride = 1;
  let kept: number[] = [];
  for (let step = first; step <= last; step++) {
    if ((step - first) % stride !== 0) continue;
    if (kept.length === capacity - 1) {
      stride *= 2;
      kept = kept.filter((s) => (s - first) % stride === 0);
      if ((step - first) % stride !== 0) continue;
    }
    kept.push(step);
  }
  return kept;
}

/** Those and the last step, when it is not among them. */
function keptByRule(first: number, last: number, capacity: number): number[] {
  const kept = onStrideByRule(first, last, capacity);
  return kept.at(-1) === last ? kept : [...kept, last];
}

/** Steps from..from+count−1 of a 2-parameter run: lr = step/8, loss = 1000 − step, gradNorm = 3·step, params (step, −step). */
function batch(from: number, count: number): RecordBatch {
  const steps = Array.from({ length: count }, (_, i) => from + i);
  return {
    firstStep: from,
    count,
    dim: 2,
    lr: Float64Array.from(steps, (s) => s / 8),
    loss: Float64Array.from(steps, (s) => 1000 - s),
    gradNorm: Float64Array.from(steps, (s) => 3 * s),
    params: Float64Array.from(steps.flatMap((s) => [s, -s])),
    metrics: {},
  };
}

/** Batches of the given sizes (cycled) covering steps 1..last. */
function batches(last: number, sizes: readonly number[]): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let from = 1, i = 0; from <= last; i++) {
    const count = Math.min(sizes[i % sizes.length]!, last - from + 1);
    out.push(batch(from, count));
    from += count;
  }
  return out;
}

const run = { capacity: fc.integer({ min: 2, max: 48 }), last: fc.integer({ min: 1, max: 1500 }), sizes: fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }) };

describe('stride decimation (the rule of decimated records and trajectories)', () => {
  it('a sweep cell’s records: the steps of the rule from step 1, each record its own step’s', () => {
    fc.assert(
      fc.property(run.capacity, run.last, run.sizes, (capacity, last, sizes) => {
        const d = new RecordDecimator(capacity);
        for (const b of batches(last, sizes)) d.add(b);
        const r = d.result()!;
        const steps = Array.from(r.steps);
        assert.deepEqual(steps, keptByRule(1, last, capacity));
        assert.equal(r.count, steps.length);
        assert.deepEqual(Array.from(r.lr), steps.map((s) => s / 8));
        assert.deepEqual(Array.from(r.loss), steps.map((s) => 1000 - s));
        assert.deepEqual(Array.from(r.gradNorm), steps.map((s) => 3 * s));
        assert.deepEqual(Array.from(r.params!), steps.flatMap((s) => [s, -s]));
      }),
      { numRuns: 300 },
    );
  });

  it('a trajectory: the steps of the rule from x₀ (step 0), each point its params, the lr that led there and the loss at it', () => {
    fc.assert(
      fc.property(run.capacity, fc.integer({ min: 0, max: 1500 }), run.sizes, (capacity, last, sizes) => {
        const t = new Trajectory(2, [0.5, 0.25], capacity);
        for (const b of batches(last, sizes)) t.append(b);
        const steps = keptByRule(0, last, capacity);
        assert.deepEqual(t.points().steps, steps);
        assert.equal(t.length, steps.length);
        assert.ok(Number.isNaN(t.points().losses.at(-1)!), 'the latest point has no loss before the run ends');
        t.finish(-1);
        const p = t.points();
        assert.deepEqual(p.steps, steps);
        assert.deepEqual(Array.from(p.params), steps.flatMap((s) => (s === 0 ? [0.5, 0.25] : [s, -s])));
        assert.deepEqual(p.lrs, steps.map((s) => (s === 0 ? NaN : s / 8)));
        // The loss at point k is step k + 1's recorded loss (measured where it started); at the last point, the final loss.
        assert.deepEqual(p.losses, steps.map((s) => (s === last ? -1 : 1000 - (s + 1))));
      }),
      { numRuns: 300 },
    );
  });

  it('tells a holder which of its entries to move, so that they stay beside their steps', () => {
    fc.assert(
      fc.property(run.capacity, fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -5, max: 5 }), (capacity, length, first) => {
        const policy = new StrideDecimation(capacity, first);
        const entries = new Float64Array(policy.slots).fill(NaN);
        const holder = { moveEntry: (from: number, to: number) => void (entries[to] = entries[from]!) };
        for (let step = policy.nextOnStride(first); step < first + length; step = policy.nextOnStride(step + 1)) {
          const slot = policy.take(step, holder);
          if (slot >= 0) entries[slot] = step * 10;
        }
        const kept = Array.from(policy.steps.subarray(0, policy.kept));
        assert.deepEqual(kept, onStrideByRule(first, first + length - 1, capacity));
        assert.deepEqual(Array.from(entries.subarray(0, policy.kept)), kept.map((s) => s * 10));
      }),
      { numRuns: 300 },
    );
  });

  it('a sweep cell’s records hold, bit for bit, the values of their steps: any values, optional columns, metrics that come and go', () => {
    // Reference: every record of the run in plain arrays, then the rule's steps picked out (a metric a batch lacks is NaN at its steps).
    const value = fc.oneof(fc.double(), fc.constantFrom(NaN, -0, Infinity, -Infinity));
    const column = (count: number, width: number) => fc.array(value, { minLength: count * width, maxLength: count * width }).map((v) => Float64Array.from(v));
    const runs = fc
      .record({ capacity: run.capacity, dim: fc.integer({ min: 1, max: 4 }), sizes: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }), params: fc.boolean(), extras: fc.boolean() })
      .chain(({ capacity, dim, sizes, params, extras }) =>
        fc.tuple(
          fc.constant({ capacity, dim }),
          fc.tuple(
            ...sizes.map((count) =>
              fc.record({
                count: fc.constant(count),
                lr: column(count, 1),
                loss: column(count, 1),
                gradNorm: column(count, 1),
                params: params ? column(count, dim) : fc.constant(null),
                extras: extras ? fc.tuple(column(count, 1), column(count, 1), column(count, dim)) : fc.constant(null),
                metrics: fc.dictionary(fc.constantFrom('acc', 'f1', 'm'), column(count, 1), { maxKeys: 3 }),
              }),
            ),
          ),
        ),
      );
    fc.assert(
      fc.property(runs, ([{ capacity, dim }, parts]) => {
        const d = new RecordDecimator(capacity);
        const all = { lr: [] as number[], loss: [] as number[], gradNorm: [] as number[], params: [] as number[][], fullLoss: [] as number[], evaluations: [] as number[], averagedParams: [] as number[][] };
        const metricRows: Array<Record<string, number>> = [];
        let from = 1;
        for (const part of parts) {
          const [fullLoss, evaluations, averagedParams] = part.extras ?? [];
          d.add({ firstStep: from, count: part.count, dim, lr: part.lr, loss: part.loss, gradNorm: part.gradNorm, params: part.params, metrics: part.metrics, ...(part.extras ? { fullLoss, evaluations, averagedParams } : {}) });
          for (let i = 0; i < part.count; i++) {
            all.lr.push(part.lr[i]!);
            all.loss.push(part.loss[i]!);
            all.gradNorm.push(part.gradNorm[i]!);
            if (part.params) all.params.push(Array.from(part.params.subarray(i * dim, (i + 1) * dim)));
            if (part.extras) {
              all.fullLoss.push(fullLoss![i]!);
              all.evaluations.push(evaluations![i]!);
              all.averagedParams.push(Array.from(averagedParams!.subarray(i * dim, (i + 1) * dim)));
            }
            metricRows.push(Object.fromEntries(Object.entries(part.metrics).map(([name, values]) => [name, values[i]!])));
          }
          part.lr.fill(7); // lent arrays written over after add change nothing kept
          from += part.count;
        }
        const r = d.result()!;
        const steps = keptByRule(1, from - 1, capacity);
        const at = (values: readonly number[]) => steps.map((s) => values[s - 1]!);
        const rows = (values: readonly number[][]) => steps.flatMap((s) => values[s - 1]!);
        assert.deepEqual(Array.from(r.steps), steps);
        assert.equal(r.dim, dim);
        assert.deepEqual(Array.from(r.lr), at(all.lr));
        assert.deepEqual(Array.from(r.loss), at(all.loss));
        assert.deepEqual(Array.from(r.gradNorm), at(all.gradNorm));
        assert.deepEqual(r.params && Array.from(r.params), parts[0]!.params ? rows(all.params) : null);
        assert.deepEqual(r.fullLoss && Array.from(r.fullLoss), parts[0]!.extras ? at(all.fullLoss) : undefined);
        assert.deepEqual(r.evaluations && Array.from(r.evaluations), parts[0]!.extras ? at(all.evaluations) : undefined);
        assert.deepEqual(r.averagedParams && Array.from(r.averagedParams), parts[0]!.extras ? rows(all.averagedParams) : undefined);
        const names = [...new Set(metricRows.flatMap((m) => Object.keys(m)))];
        assert.deepEqual(Object.keys(r.metrics).sort(), names.sort());
        for (const name of names) assert.deepEqual(Array.from(r.metrics[name]!), steps.map((s) => metricRows[s - 1]![name] ?? NaN), name);
      }),
      { numRuns: 300 },
    );
  });
});
