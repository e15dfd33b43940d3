import type { Objective } from '../objective';
import { createOptimizer } from '../optimizers';
import { createSchedule } from '../schedules';
import type { RunConfig } from './config';
import { minimizeWith, type MinimizeHooks } from './loop';
import type { RunOutcome } from './records';

export type { MinimizeHooks } from './loop';

/**
 * Run the optimizer and schedule of `config` on `objective`, synchronously, and say how it
 * ended. Step k = 1, 2, … (t = k − 1 is the schedule's index):
 *
 *  1. mini-batch form (objective.data): draw the next batch of config.batchSize (else the
 *     objective's batchSize, else all) items: epoch-wise shuffling without replacement
 *     (DataLoader shuffle=True, drop_last=False), seeded by config.seed;
 *  2. loss = f(x, batch); a non-finite loss at step 1 is an 'error' (nonFiniteLoss), later
 *     'diverged'; either way the step is not recorded;
 *  3. g = the gradient recorded with the loss when the objective has valueAndGrad (LR Lab's
 *     exact gradient), else grad(x, batch) when it has one, else central differences of f on
 *     the same batch — central differences always when config.gradient is 'numeric'; loss
 *     and g then come from one evaluation of valueAndGrad in step 2; a non-finite g is an 'error'
 *     (nonFiniteGradient) at step 1, later 'diverged';
 *  4. gradNorm = ‖g‖₂ before clipping; ≤ tolerance.gradNorm (when > 0) stops as
 *     'converged' without taking the step;
 *  5. metrics(x) when the objective has them;
 *  6. clipping: {maxNorm} as clip_grad_norm_ (g ·= maxNorm / (gradNorm + 1e-6) when that is
 *     < 1), {value} as clip_grad_value_ (clamp to [−value, value]);
 *  7. lr = schedule.lrAt(t, state, {loss, gradNorm}); optimizer.step(x, g, state, lr);
 *  8. record {step k, lr (for optimizers that set their own step size, Prodigy and
 *     D-Adaptation, the one they use: d·lr), loss and gradNorm at the parameters the step started from,
 *     parameters after the step (when config.recordParams), metrics};
 *  9. the schedule is told the step's loss (report(state, t, loss): ReduceLROnPlateau's
 *     scheduler.step(loss));
 * 10. non-finite parameters stop as 'diverged'; |loss − previous loss| ≤
 *     tolerance.lossChange (when > 0) as 'converged'; loss > divergenceFactor ·
 *     max(1, |loss at step 1|) as 'diverged'.
 *
 * After config.iterations steps the run ends as 'maxIterations'. It also stops as
 * 'cancelled' when hooks.shouldStop() says so and as 'timeout' at hooks.deadline. An
 * exception from f, grad or metrics ends it as 'error' with hooks.describeError's account
 * of it. Then f is evaluated once more at the final parameters (on the whole data set in
 * mini-batch form): finalLoss (NaN when the parameters are not finite or f fails there);
 * bestLoss is the least of the recorded losses and finalLoss.
 *
 * Records reach hooks.onBatch in columnar batches (see MinimizeHooks), the last one before
 * minimize returns; their concatenation is every step taken.
 *
 * Optimizers that need more from the loop (OptimizerDefinition: evaluates, averagedParams,
 * evalPoint, effectiveLr):
 *  - LBFGS evaluates the objective itself: step 7 passes it the loss and a closure (f and
 *    the gradient at x on the step's batch, with the run's gradient source and clipping); a
 *    step runs up to maxIter iterations, and each record's `evaluations` is its count so far
 *    (the outcome's the total), so steps and evaluations are told apart;
 *  - ASGD's averaged iterate is recorded after each step as `averagedParams` (with params)
 *    and reported at the end as finalAveragedParams;
 *  - schedule-free optimizers take gradients at y (their parameters) but the model is x
 *    (their evaluation point): loss, full-data loss and metrics are evaluated at x, records
 *    hold x as params, and the final loss and parameters are x's;
 *  - Prodigy and D-Adaptation record the step size they use (d·lr) as the lr.
 *
 * f, grad and metrics receive the loop's own Float64Array of parameters: they must not keep
 * or change it (the loader's adapter copies it for user code). Throws LrLabError for an
 * unusable config or objective (x0 of the wrong length, bad batch size, empty data set)
 * before any step.
 */
export function minimize(objective: Objective, config: RunConfig, hooks?: MinimizeHooks): RunOutcome {
  const optimizer = createOptimizer(config.optimizer);
  const schedule = createSchedule(config.schedule, config.optimizer.lr);
  return minimizeWith(objective, config, optimizer, schedule, hooks);
}
