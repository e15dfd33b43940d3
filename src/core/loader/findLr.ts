/**
 * startFinder: the lr finder's range test on an objective of a user's file, in a worker (the
 * same worker, limits and cancel as a run). Resolves with the finder's result — curve, stop
 * reason and fastai's suggestions — also when it ends early (error, timeout, cancel): the steps
 * taken so far still make a curve.
 */
import { finderResult, finderRunConfig, rampOf, type FinderConfig, type FinderResult } from '../finder';
import { optimizerDefinitions, type OptimizerType } from '../optimizers';
import type { RunLimits } from '../minimize/config';
import type { RecordBatch } from '../minimize/records';
import type { BundledCode } from './workerProtocol';
import { startRun, type RunHeader } from './run';

export interface StartFinderOptions {
  readonly file: string;
  readonly objective?: string;
  readonly config: FinderConfig;
  readonly limits?: Partial<RunLimits>;
  readonly source?: string;
  readonly workerPath?: string;
  readonly bundle?: Promise<BundledCode>;
  /** How the person gave config.x0, e.g. `--x0`: a wrong length names it (absent: "the run config x0"). */
  readonly pointName?: string;
}

export interface FinderListener {
  onHeader?(header: RunHeader): void;
  /** Steps as they are taken (lr, raw loss). */
  onBatch?(batch: RecordBatch): void;
  onOutput?(text: string, stream: 'stdout' | 'stderr'): void;
}

export interface FinderHandle {
  /** The result, with the header when the objective loaded (never rejects for the user's code). */
  readonly done: Promise<{ result: FinderResult; header: RunHeader | null; errors?: readonly unknown[] }>;
  cancel(): void;
}

export function startFinder(opts: StartFinderOptions, listener: FinderListener = {}): FinderHandle {
  const losses: number[] = [];
  // L-BFGS: the objective's evaluations so far after each step (null for one evaluation a step).
  let evaluations: number[] | null = null;
  // Prodigy, D-Adaptation: the lr each step used (d·lr), beside the ramped multiplier.
  const lrsUsed: number[] | null = optimizerDefinitions[opts.config.optimizer.type as OptimizerType]?.effectiveLr !== undefined ? [] : null;
  let header: RunHeader | null = null;
  const { config, ...rest } = opts;
  const handle = startRun(
    { ...rest, config: finderRunConfig(config), rangeTest: rampOf(config), flushIntervalMs: 50 },
    {
      onHeader: (h) => {
        header = h;
        listener.onHeader?.(h);
      },
      onBatch: (batch) => {
        for (let i = 0; i < batch.count; i++) losses.push(batch.loss[i]!);
        if (batch.evaluations) for (let i = 0; i < batch.count; i++) (evaluations ??= []).push(batch.evaluations[i]!);
        if (lrsUsed !== null) for (let i = 0; i < batch.count; i++) lrsUsed.push(batch.lr[i]!);
        listener.onBatch?.(batch);
      },
      ...(listener.onOutput ? { onOutput: listener.onOutput.bind(listener) } : {}),
    },
  );
  return {
    done: handle.done.then((outcome) => ({ result: finderResult(config, losses, outcome, evaluations, lrsUsed), header, ...(outcome.errors ? { errors: outcome.errors } : {}) })),
    cancel: () => handle.cancel(),
  };
}
