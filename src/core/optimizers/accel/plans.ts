/**
 * How each accelerated optimizer calls its kernel of kernels.wat: the flags (the branches of
 * the scalar kernel, decided by the same conditions) and the per-step scalars, computed with
 * the scalar kernel's own expressions so that the two agree bit for bit. The state keeps the
 * scalar kernel's shape (it is made by the kernel's own init, then moved into shared memory).
 */
import type { AdamOptions, AdamState } from '../adam';
import type { RmspropOptions, RmspropState } from '../rmsprop';
import type { SgdOptions, SgdState } from '../sgd';
import type { OptimizerState } from '../types';
import { KERNEL_IDS, type ParallelRunner } from './parallel';

export interface StepPlan<O = any, S extends OptimizerState = any> {
  /** One step of `params` in place; `state`'s buffers and both arrays live in the runner's memory. */
  step(runner: ParallelRunner, params: Float64Array, grad: Float64Array, state: S, lr: number, options: O): void;
}

/** adamStep (adam.ts). */
const adam: StepPlan<AdamOptions, AdamState> = {
  step(runner, params, grad, state, lr, options) {
    const beta1 = options.betas[0];
    const beta2 = options.betas[1];
    const step = state.step + 1;
    const s = runner.scalars;
    s[0] = beta1;
    s[1] = 1 - beta1;
    s[2] = beta2;
    s[3] = 1 - beta2;
    s[4] = lr / (1 - Math.pow(beta1, step));
    s[5] = Math.sqrt(1 - Math.pow(beta2, step));
    s[6] = options.eps;
    s[7] = options.weightDecay;
    const flags = (options.weightDecay !== 0 ? 1 : 0) | (options.amsgrad ? 2 : 0);
    runner.run(KERNEL_IDS.adam, params.length, flags, params.byteOffset, grad.byteOffset, state.expAvg.byteOffset, state.expAvgSq.byteOffset, state.maxExpAvgSq.byteOffset);
    state.step = step;
  },
};

/** sgdStep (sgd.ts). */
const sgd: StepPlan<SgdOptions, SgdState> = {
  step(runner, params, grad, state, lr, options) {
    const s = runner.scalars;
    s[0] = lr;
    s[1] = options.momentum;
    s[2] = 1 - options.dampening;
    s[3] = options.weightDecay;
    const flags = (options.weightDecay !== 0 ? 1 : 0) | (options.momentum !== 0 ? 2 : 0) | (state.step === 0 ? 4 : 0) | (options.nesterov ? 8 : 0);
    runner.run(KERNEL_IDS.sgd, params.length, flags, params.byteOffset, grad.byteOffset, state.momentumBuffer.byteOffset, 0, 0);
    state.step += 1;
  },
};

/** rmspropStep (rmsprop.ts). */
const rmsprop: StepPlan<RmspropOptions, RmspropState> = {
  step(runner, params, grad, state, lr, options) {
    const s = runner.scalars;
    s[0] = lr;
    s[1] = options.alpha;
    s[2] = 1 - options.alpha;
    s[3] = options.eps;
    s[4] = options.momentum;
    s[5] = options.weightDecay;
    const flags = (options.weightDecay !== 0 ? 1 : 0) | (options.centered ? 2 : 0) | (options.momentum > 0 ? 4 : 0);
    runner.run(KERNEL_IDS.rmsprop, params.length, flags, params.byteOffset, grad.byteOffset, state.squareAvg.byteOffset, state.momentumBuffer.byteOffset, state.gradAvg.byteOffset);
    state.step += 1;
  },
};

/** The optimizers with an accelerated step, by type. */
export const STEP_PLANS: Readonly<Record<string, StepPlan>> = { adam, sgd, rmsprop };
