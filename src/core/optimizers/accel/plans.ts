/**
 * How each accelerated optimizer calls its kernel of kernels.wat: the flags (the branches of
 * the scalar kernel, decided by the same conditions) and the per-step scalars, computed with
 * the scalar kernel's own expressions so that the two agree bit for bit. The state keeps the
 * scalar kernel's shape (it is made by the kernel's own init, then moved into shared memory).
 */
import type { AdamOptions, AdamState } from '../adam';
import type { AdamwScheduleFreeOptions, AdamwScheduleFreeState } from '../adamwScheduleFree';
import type { AsgdOptions, AsgdState } from '../asgd';
import type { LionOptions, LionState } from '../lion';
import type { RadamOptions, RadamState } from '../radam';
import type { RmspropOptions, RmspropState } from '../rmsprop';
import type { RpropOptions, RpropState } from '../rprop';
import type { SgdOptions, SgdState } from '../sgd';
import type { SgdScheduleFreeOptions, SgdScheduleFreeState } from '../sgdScheduleFree';
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

/** radamStep (radam.ts). */
const radam: StepPlan<RadamOptions, RadamState> = {
  step(runner, params, grad, state, lr, options) {
    const beta1 = options.betas[0];
    const beta2 = options.betas[1];
    const weightDecay = options.weightDecay;
    const coupled = weightDecay !== 0 && !options.decoupledWeightDecay;
    const decay = options.decoupledWeightDecay ? 1 - lr * weightDecay : 1;
    const step = state.step + 1;
    const biasCorrection2 = 1 - Math.pow(beta2, step);
    const rhoInf = 2 / (1 - beta2) - 1;
    const rho = rhoInf - (2 * step * Math.pow(beta2, step)) / biasCorrection2;
    const rectified = rho > 5;
    const s = runner.scalars;
    s[0] = beta1;
    s[1] = 1 - beta1;
    s[2] = beta2;
    s[3] = 1 - beta2;
    s[4] = 1 - Math.pow(beta1, step);
    s[5] = lr;
    s[6] = Math.sqrt(biasCorrection2);
    s[7] = rectified ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
    s[8] = options.eps;
    s[9] = weightDecay;
    s[10] = decay;
    const flags = (coupled ? 1 : 0) | (!coupled && decay !== 1 ? 2 : 0) | (rectified ? 4 : 0);
    runner.run(KERNEL_IDS.radam, params.length, flags, params.byteOffset, grad.byteOffset, state.expAvg.byteOffset, state.expAvgSq.byteOffset, 0);
    state.step = step;
  },
};

/** rpropStep (rprop.ts): the first step's step sizes are set here, as the scalar kernel sets them. */
const rprop: StepPlan<RpropOptions, RpropState> = {
  step(runner, params, grad, state, lr, options) {
    if (state.step === 0) state.stepSize.fill(lr);
    const s = runner.scalars;
    s[0] = options.etas[0];
    s[1] = options.etas[1];
    s[2] = options.stepSizes[0];
    s[3] = options.stepSizes[1];
    runner.run(KERNEL_IDS.rprop, params.length, 0, params.byteOffset, grad.byteOffset, state.prev.byteOffset, state.stepSize.byteOffset, 0);
    state.step += 1;
  },
};

/** asgdStep (asgd.ts). */
const asgd: StepPlan<AsgdOptions, AsgdState> = {
  step(runner, params, grad, state, lr, options) {
    const lambd = options.lambd;
    const step = state.step + 1;
    const eta = state.step === 0 ? lr : state.eta;
    const s = runner.scalars;
    s[0] = 1 - lambd * eta;
    s[1] = -eta;
    s[2] = state.mu;
    s[3] = options.weightDecay;
    const flags = (options.weightDecay !== 0 ? 1 : 0) | (state.mu !== 1 ? 2 : 0);
    runner.run(KERNEL_IDS.asgd, params.length, flags, params.byteOffset, grad.byteOffset, state.ax.byteOffset, 0, 0);
    state.eta = lr / Math.pow(1 + lambd * lr * step, options.alpha);
    state.mu = 1 / Math.max(1, step - options.t0);
    state.step = step;
  },
};

/** lionStep (lion.ts). */
const lion: StepPlan<LionOptions, LionState> = {
  step(runner, params, grad, state, lr, options) {
    const s = runner.scalars;
    s[0] = options.betas[0];
    s[1] = 1 - options.betas[0];
    s[2] = options.betas[1];
    s[3] = 1 - options.betas[1];
    s[4] = 1 - lr * options.weightDecay;
    s[5] = lr;
    runner.run(KERNEL_IDS.lion, params.length, 0, params.byteOffset, grad.byteOffset, state.expAvg.byteOffset, 0, 0);
    state.step += 1;
  },
};

/** The schedule-free steps' scalars: this step's lr and the average's weight c (sgdScheduleFreeStep, adamwScheduleFreeStep). */
function scheduleFreeWeights(state: { step: number; weightSum: number; lrMax: number }, lr: number, options: { warmupSteps: number; r: number; weightLrPower: number }): { scheduled: number; c: number } {
  const k = state.step;
  const scheduled = lr * (k < options.warmupSteps ? (k + 1) / options.warmupSteps : 1);
  const lrMax = Math.max(scheduled, state.lrMax);
  const weight = Math.pow(k + 1, options.r) * Math.pow(lrMax, options.weightLrPower);
  const weightSum = state.weightSum + weight;
  state.lrMax = lrMax;
  state.weightSum = weightSum;
  return { scheduled, c: weightSum === 0 ? 0 : weight / weightSum };
}

/** sgdScheduleFreeStep (sgdScheduleFree.ts): the first step's copies z = x = y are made here. */
const sgdScheduleFree: StepPlan<SgdScheduleFreeOptions, SgdScheduleFreeState> = {
  step(runner, params, grad, state, lr, options) {
    if (state.step === 0) {
      state.z.set(params);
      state.x.set(params);
    }
    const { scheduled, c } = scheduleFreeWeights(state, lr, options);
    const s = runner.scalars;
    s[0] = scheduled;
    s[1] = options.weightDecay;
    s[2] = c;
    s[3] = 1 - c;
    s[4] = options.momentum;
    s[5] = 1 - options.momentum;
    runner.run(KERNEL_IDS.sgdScheduleFree, params.length, options.weightDecay !== 0 ? 1 : 0, params.byteOffset, grad.byteOffset, state.z.byteOffset, state.x.byteOffset, 0);
    state.step += 1;
  },
};

/** adamwScheduleFreeStep (adamwScheduleFree.ts): the first step's copies z = x = y are made here. */
const adamwScheduleFree: StepPlan<AdamwScheduleFreeOptions, AdamwScheduleFreeState> = {
  step(runner, params, grad, state, lr, options) {
    const k = state.step;
    if (k === 0) {
      state.z.set(params);
      state.x.set(params);
    }
    const beta1 = options.betas[0];
    const beta2 = options.betas[1];
    const { scheduled, c } = scheduleFreeWeights(state, lr, options);
    const s = runner.scalars;
    s[0] = beta1;
    s[1] = 1 - beta1;
    s[2] = beta2;
    s[3] = 1 - beta2;
    s[4] = 1 - Math.pow(beta2, k + 1);
    s[5] = options.eps;
    s[6] = -scheduled;
    s[7] = scheduled * options.weightDecay;
    s[8] = c;
    s[9] = 1 - c;
    runner.run(KERNEL_IDS.adamwScheduleFree, params.length, options.weightDecay !== 0 ? 1 : 0, params.byteOffset, grad.byteOffset, state.z.byteOffset, state.x.byteOffset, state.expAvgSq.byteOffset);
    state.step = k + 1;
  },
};

/** The optimizers with an accelerated step, by type. */
export const STEP_PLANS: Readonly<Record<string, StepPlan>> = { adam, sgd, rmsprop, radam, rprop, asgd, lion, sgdScheduleFree, adamwScheduleFree };
