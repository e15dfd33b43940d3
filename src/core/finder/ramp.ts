/**
 * The range test's learning rates: fastai's `SchedExp(start, end)` at `pos = i / numIt`, i.e.
 * step i + 1 (0-based i) runs at startLr·(endLr/startLr)^(i/numIt). The last of numIt steps
 * runs just below endLr (at endLr^((numIt−1)/numIt)·startLr^(1/numIt)), as in fastai.
 */
import type { Schedule } from '../schedules/types';

export interface Ramp {
  readonly startLr: number;
  readonly endLr: number;
  readonly numIt: number;
}

/** The lr of the step with 0-based index i. */
export function rampLr(ramp: Ramp, i: number): number {
  return ramp.startLr * (ramp.endLr / ramp.startLr) ** (i / ramp.numIt);
}

/** The ramp as a schedule for the minimize loop (it owns the lr; the optimizer's own lr is not used). */
export function rampSchedule(ramp: Ramp): Schedule<null> {
  const { startLr, endLr, numIt } = ramp;
  const ratio = endLr / startLr;
  return {
    type: 'lrRangeTest',
    config: { type: 'lrRangeTest', startLr, endLr, numIt },
    dependsOn: 'step',
    initialState: () => null,
    lrAt: (t) => startLr * ratio ** (t / numIt),
    report: (state) => state,
  };
}
