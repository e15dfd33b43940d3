import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createSchedule, previewSchedule, resolveScheduleConfig, type Observation, type ScheduleConfig } from '../../../../src/core/schedules';
import * as arb from './arbitraries';

const STEPS = fc.integer({ min: 1, max: 300 });
/** Room for rounding in comparisons of values computed along different paths. */
const ULPS = 1e-12;

function resolve(raw: object, baseLr: number, totalSteps: number): ScheduleConfig {
  return resolveScheduleConfig(raw, { baseLr, totalSteps });
}

function preview(raw: object, baseLr: number, steps: number, metrics?: readonly number[], observations?: readonly Observation[]): number[] {
  return previewSchedule(resolve(raw, baseLr, steps), baseLr, steps, metrics, observations);
}

/** The lr of a schedule built on its own, at its own step t (an independent path). */
function alone(config: ScheduleConfig, baseLr: number, t: number): number {
  const s = createSchedule(config, baseLr);
  return s.lrAt(t, s.initialState(), { loss: NaN, gradNorm: NaN });
}

const withInputs = <T>(config: fc.Arbitrary<T>) =>
  fc.tuple(config, arb.baseLr, STEPS).chain(([c, b, n]) => fc.tuple(fc.constant(c), fc.constant(b), fc.constant(n), arb.metricsOf(n), arb.observationsOf(n)));

describe('schedule properties (fast-check)', () => {
  it('every valid config gives finite lrs ≥ 0 at every step', () => {
    fc.assert(
      fc.property(withInputs(arb.anyConfig), ([raw, base, n, metrics, observations]) => {
        for (const lr of preview(raw, base, n, metrics, observations)) assert.ok(Number.isFinite(lr) && lr >= 0, `lr ${lr}`);
      }),
    );
  });

  it('step, multiStep, exponential, polynomial, inverseTime never increase', () => {
    fc.assert(
      fc.property(fc.oneof(...Object.values(arb.decaying)), arb.baseLr, STEPS, (raw, base, n) => {
        const lrs = preview(raw, base, n);
        for (let t = 1; t < n; t++) assert.ok(lrs[t]! <= lrs[t - 1]! * (1 + ULPS), `t=${t}: ${lrs[t - 1]} → ${lrs[t]}`);
      }),
    );
  });

  it('cosine never increases up to tMax and stays within [etaMin, base] at every t', () => {
    fc.assert(
      fc.property(arb.baseLr.chain((b) => fc.tuple(fc.constant(b), arb.cosine(b))), STEPS, ([base, raw], n) => {
        const lrs = preview(raw, base, n);
        for (let t = 0; t < n; t++) {
          assert.ok(lrs[t]! >= raw.etaMin * (1 - ULPS) && lrs[t]! <= base * (1 + ULPS), `t=${t}: ${lrs[t]}`);
          if (t >= 1 && t <= raw.tMax) assert.ok(lrs[t]! <= lrs[t - 1]! * (1 + ULPS), `t=${t}: ${lrs[t - 1]} → ${lrs[t]}`);
        }
      }),
    );
  });

  it('cyclic stays within [baseLr, maxLr] and the optimizer lr does not matter', () => {
    fc.assert(
      fc.property(arb.cyclic, arb.baseLr, STEPS, (raw, base, n) => {
        const lrs = preview(raw, base, n);
        for (const lr of lrs) assert.ok(lr >= raw.baseLr * (1 - ULPS) && lr <= raw.maxLr * (1 + ULPS), `lr ${lr}`);
        assert.deepEqual(preview(raw, base * 2, n), lrs);
      }),
    );
  });

  it('oneCycle stays within [min, maxLr], peaks where phase 1 ends, and holds after totalSteps', () => {
    fc.assert(
      fc.property(arb.oneCycle, fc.integer({ min: 0, max: 20 }), (raw, extra) => {
        const T = raw.totalSteps;
        const lrs = preview(raw, 1, T + extra);
        const min = raw.maxLr / raw.divFactor / raw.finalDivFactor;
        // PyTorch's linear anneal (end − start)·p + start reaches a tiny end value only up to
        // rounding of maxLr, so the lower bound has room relative to maxLr.
        for (const lr of lrs) assert.ok(lr >= min - ULPS * raw.maxLr && lr <= raw.maxLr * (1 + ULPS), `lr ${lr}`);
        const end1 = raw.pctStart * T - 1;
        const last = Math.min(T - 1, Math.max(0, Math.floor(end1)));
        const next = Math.min(T - 1, Math.floor(end1) + 1);
        assert.equal(Math.max(...lrs), Math.max(lrs[last]!, lrs[next]!));
        if (Number.isInteger(end1) && end1 >= 0) assert.ok(Math.abs(lrs[end1]! - raw.maxLr) <= ULPS * raw.maxLr, `peak ${lrs[end1]}`);
        for (let t = T; t < T + extra; t++) assert.equal(lrs[t], lrs[T - 1]);
      }),
    );
  });

  it('warmup rises monotonically to inner(0) at t = warmupSteps, then is inner(t − warmupSteps)', () => {
    fc.assert(
      fc.property(arb.warmupOf(arb.pureConfig), arb.baseLr, STEPS, (raw, base, n) => {
        const config = resolve(raw, base, n);
        const lrs = previewSchedule(config, base, n);
        const W = raw.warmupSteps;
        const inner = config.schedule as ScheduleConfig;
        const inner0 = alone(inner, base, 0);
        for (let t = 0; t < Math.min(W, n); t++) {
          assert.ok(lrs[t]! <= inner0 * (1 + ULPS), `t=${t}: ${lrs[t]} > inner(0) ${inner0}`);
          if (t > 0) assert.ok(lrs[t]! >= lrs[t - 1]!, `t=${t}: ${lrs[t - 1]} → ${lrs[t]}`);
        }
        if (W < n) assert.equal(lrs[W], inner0);
        for (let t = W; t < n; t += 7) assert.equal(lrs[t], alone(inner, base, t - W));
      }),
    );
  });

  it('sequential equals the active schedule on its own clock, starting at its step 0 at each milestone', () => {
    fc.assert(
      fc.property(arb.sequentialOf(arb.pureConfig), arb.baseLr, STEPS, (raw, base, n) => {
        const config = resolve(raw, base, n);
        const lrs = previewSchedule(config, base, n);
        const children = config.schedules as ScheduleConfig[];
        const starts = [0, ...raw.milestones];
        starts.forEach((start, i) => {
          if (start < n) assert.equal(lrs[start], alone(children[i]!, base, 0), `milestone ${start}`);
        });
        for (let t = 0; t < n; t++) {
          const i = raw.milestones.filter((m) => m <= t).length;
          assert.equal(lrs[t], alone(children[i]!, base, t - starts[i]!));
        }
      }),
    );
  });

  it('plateau only decreases and never goes below minLr (when base ≥ minLr)', () => {
    fc.assert(
      fc.property(withInputs(arb.plateau), ([raw, base, n, metrics]) => {
        const lrs = preview(raw, base, n, metrics);
        assert.equal(lrs[0], base);
        for (let t = 1; t < n; t++) {
          assert.ok(lrs[t]! <= lrs[t - 1]!, `t=${t}: ${lrs[t - 1]} → ${lrs[t]}`);
          assert.ok(lrs[t]! >= Math.min(base, raw.minLr), `t=${t}: ${lrs[t]} < minLr ${raw.minLr}`);
        }
      }),
    );
  });

  it('plateau with a strictly improving metric never cuts', () => {
    fc.assert(
      fc.property(arb.plateau, arb.baseLr, STEPS, (raw, base, n) => {
        // Doubling in size beats any rel threshold < 1 and any abs threshold < 1.
        const metrics = Array.from({ length: n }, (_, i) => (raw.mode === 'min' ? -(2 ** i) : 2 ** i));
        assert.ok(preview(raw, base, n, metrics).every((lr) => lr === base));
      }),
    );
  });

  it('previewSchedule equals stepping lrAt and report by hand', () => {
    fc.assert(
      fc.property(withInputs(arb.anyConfig), ([raw, base, n, metrics, observations]) => {
        const config = resolve(raw, base, n);
        const s = createSchedule(config, base);
        let state = s.initialState();
        const byHand: number[] = [];
        for (let t = 0; t < n; t++) {
          byHand.push(s.lrAt(t, state, observations[t]!));
          state = s.report(state, t, metrics[t]!);
        }
        assert.deepEqual(previewSchedule(config, base, n, metrics, observations), byHand);
      }),
    );
  });

  it('resolving a resolved config changes nothing', () => {
    fc.assert(
      fc.property(arb.anyConfig, arb.baseLr, STEPS, (raw, base, n) => {
        const config = resolve(raw, base, n);
        assert.deepEqual(resolve(config, base, n), config);
      }),
    );
  });
});
