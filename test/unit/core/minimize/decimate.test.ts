/** A run's records decimated as they stream: ≤ capacity kept, on a doubling stride, first and last always. */
import assert from 'node:assert/strict';
import { RecordDecimator } from '../../../../src/core/minimize/decimate';
import type { RecordBatch } from '../../../../src/core/minimize/records';

/** Records of steps from..to (inclusive): lr = step/1000, loss = 100 − step, gradNorm = 2·step, params (step, −step); metric `late` from step `lateFrom`. */
function batch(from: number, to: number, lateFrom = Infinity): RecordBatch {
  const count = to - from + 1;
  const steps = Array.from({ length: count }, (_, i) => from + i);
  const late = steps.map((s) => (s >= lateFrom ? s * 10 : NaN));
  return {
    firstStep: from,
    count,
    dim: 2,
    lr: Float64Array.from(steps, (s) => s / 1000),
    loss: Float64Array.from(steps, (s) => 100 - s),
    gradNorm: Float64Array.from(steps, (s) => 2 * s),
    params: Float64Array.from(steps.flatMap((s) => [s, -s])),
    metrics: to >= lateFrom ? { late: Float64Array.from(late) } : {},
  };
}

/** Feed steps 1..last in batches of `size`. */
function decimate(capacity: number, last: number, size: number, lateFrom = Infinity): RecordDecimator {
  const d = new RecordDecimator(capacity);
  for (let from = 1; from <= last; from += size) d.add(batch(from, Math.min(last, from + size - 1), lateFrom));
  return d;
}

describe('RecordDecimator', () => {
  it('keeps every record of a run no longer than its capacity', () => {
    const r = decimate(10, 7, 3).result()!;
    assert.deepEqual([...r.steps], [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual([...r.loss], [99, 98, 97, 96, 95, 94, 93]);
    assert.equal(r.count, 7);
  });

  it('keeps the stride points and the last: capacity 5 over 20 steps → 1, 9, 17, 20 (by hand)', () => {
    // Stride 1 fills 1–4; step 5 doubles it (1, 3, 5, 7); step 9 doubles it (1, 5, 9, 13); step 17 (1, 9, 17); 20 is the last.
    for (const size of [1, 3, 7, 20]) {
      const r = decimate(5, 20, size).result()!;
      assert.deepEqual([...r.steps], [1, 9, 17, 20], `batches of ${size}`);
      assert.ok(r.count <= 5);
      assert.deepEqual([...r.lr], [0.001, 0.009, 0.017, 0.02]);
      assert.deepEqual([...r.gradNorm], [2, 18, 34, 40]);
      assert.deepEqual([...r.params!], [1, -1, 9, -9, 17, -17, 20, -20]);
    }
  });

  it('does not repeat a last record that is on the stride', () => {
    assert.deepEqual([...decimate(5, 17, 4).result()!.steps], [1, 9, 17]);
  });

  it('holds at most its capacity over a long run, first and last among them, each value that of its step', () => {
    const r = decimate(100, 123_457, 4096).result()!;
    assert.ok(r.count <= 100 && r.count > 50, `${r.count} records`);
    assert.equal(r.steps[0], 1);
    assert.equal(r.steps[r.count - 1], 123_457);
    for (let i = 0; i < r.count; i++) {
      const step = r.steps[i]!;
      if (i > 0) assert.ok(step > r.steps[i - 1]!);
      assert.deepEqual([r.loss[i], r.params![2 * i], r.params![2 * i + 1]], [100 - step, step, -step]);
    }
  });

  it('gives a metric that appears later NaN before it', () => {
    const r = decimate(50, 30, 4, 10).result()!;
    const late = r.metrics.late!;
    r.steps.forEach((step, i) => (step < 10 ? assert.ok(Number.isNaN(late[i]!)) : assert.equal(late[i], step * 10)));
  });

  it('keeps nothing of a batch: arrays written over after add (lent by the loop) change no kept record', () => {
    const d = new RecordDecimator(5);
    for (let from = 1; from <= 20; from += 3) {
      const b = batch(from, Math.min(20, from + 2));
      d.add(b);
      b.loss.fill(-1);
      b.params!.fill(-1);
    }
    const r = d.result()!;
    assert.deepEqual([...r.loss], [99, 91, 83, 80]);
    assert.deepEqual([...r.params!], [1, -1, 9, -9, 17, -17, 20, -20]);
  });

  it('has nothing before the first record', () => {
    assert.equal(new RecordDecimator(10).result(), null);
  });
});
