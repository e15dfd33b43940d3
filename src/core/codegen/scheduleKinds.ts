/**
 * The schedules LR Lab offers to insert (code actions, completions, snippets): a menu title,
 * a snippet prefix and the raw config whose defaults are filled in for the user's run.
 * Titles name the PyTorch class a user would search for.
 */
import type { RawTypedConfig } from '../../shared/protocol';

export type { RawTypedConfig };

export interface ScheduleSnippetKind {
  /** Stable id, e.g. 'cosine' or 'warmupCosine'. */
  readonly id: string;
  /** Menu title, e.g. 'Cosine annealing (CosineAnnealingLR)'. */
  readonly title: string;
  /** Snippet prefix, e.g. 'lr-cosine'. */
  readonly prefix: string;
  /** Raw config: resolve it for the run (resolveScheduleConfig) before generating code. */
  readonly config: RawTypedConfig;
}

/** The 13 kinds of schedule code actions, in menu order. */
export const SCHEDULE_SNIPPET_KINDS: readonly ScheduleSnippetKind[] = [
  { id: 'step', title: 'Step decay (StepLR)', prefix: 'lr-step', config: { type: 'step' } },
  { id: 'multiStep', title: 'Multi-step decay (MultiStepLR)', prefix: 'lr-multistep', config: { type: 'multiStep' } },
  { id: 'exponential', title: 'Exponential decay (ExponentialLR)', prefix: 'lr-exponential', config: { type: 'exponential' } },
  { id: 'inverseTime', title: 'Inverse time decay lr₀ / (1 + k·t) (Keras InverseTimeDecay)', prefix: 'lr-inversetime', config: { type: 'inverseTime' } },
  // A decay, as the title says: LinearLR's own defaults (1/3 → 1) are a warmup.
  { id: 'linear', title: 'Linear decay to 0 (LinearLR)', prefix: 'lr-linear', config: { type: 'linear', startFactor: 1, endFactor: 0 } },
  { id: 'polynomial', title: 'Polynomial decay (PolynomialLR)', prefix: 'lr-polynomial', config: { type: 'polynomial' } },
  { id: 'cosine', title: 'Cosine annealing (CosineAnnealingLR)', prefix: 'lr-cosine', config: { type: 'cosine' } },
  { id: 'cosineWarmRestarts', title: 'Cosine with warm restarts (CosineAnnealingWarmRestarts)', prefix: 'lr-warmrestarts', config: { type: 'cosineWarmRestarts' } },
  { id: 'oneCycle', title: 'One cycle (OneCycleLR)', prefix: 'lr-onecycle', config: { type: 'oneCycle' } },
  { id: 'cyclic', title: 'Cyclic (CyclicLR)', prefix: 'lr-cyclic', config: { type: 'cyclic' } },
  { id: 'warmupCosine', title: 'Linear warmup + cosine annealing', prefix: 'lr-warmup-cosine', config: { type: 'warmup', schedule: { type: 'cosine' } } },
  { id: 'lossBased', title: 'Loss-based: lr / √(1 + β·loss)', prefix: 'lr-lossbased', config: { type: 'lossBased' } },
  { id: 'gradientBased', title: 'Gradient-based: lr / (1 + β·‖∇f‖²)', prefix: 'lr-gradientbased', config: { type: 'gradientBased' } },
];

/** Schedules offered as snippets only: a stateful one (a factory of `{ lr, report }`) and a composite. */
export const EXTRA_SCHEDULE_SNIPPET_KINDS: readonly ScheduleSnippetKind[] = [
  { id: 'plateau', title: 'Reduce on plateau (ReduceLROnPlateau)', prefix: 'lr-plateau', config: { type: 'plateau' } },
  {
    id: 'sequential',
    title: 'Sequential: linear, then cosine annealing (SequentialLR)',
    prefix: 'lr-sequential',
    config: { type: 'sequential', schedules: [{ type: 'linear' }, { type: 'cosine' }] },
  },
];
