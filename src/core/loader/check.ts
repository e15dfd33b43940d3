/** checkGradientInFile: compare an objective's gradients (its grad, the exact gradient) with finite differences and each other, in a worker. */
import type { GradientCheckResult } from '../gradients/check';
import type { RunLimits } from '../minimize/config';
import type { GradientChoice } from '../objective';
import { WORKER_PROTOCOL_VERSION, type GradientComparison } from './workerProtocol';
import { askWorker } from './ask';

export type { GradientComparison } from './workerProtocol';

export interface CheckOptions {
  /** Export name; default: the file's only objective. */
  readonly objective?: string;
  /** Where to check; default: the objective's x0 (or its `@x0` tag). */
  readonly x0?: number[];
  /** How the person gave x0, e.g. `--x0`: a wrong length names it (absent: "gradient check point"). */
  readonly pointName?: string;
  /** Relative tolerance per component (default 1e-6, see checkGradient). */
  readonly tolerance?: number;
  readonly source?: string;
  readonly limits?: Partial<RunLimits>;
  readonly workerPath?: string;
}

export type CheckReport = GradientCheckResult & {
  readonly objective: string;
  /** Every comparison made; the report's own fields are those of the first. */
  readonly comparisons: readonly GradientComparison[];
  /** The exact gradient: recorded, or why not. */
  readonly exact: GradientChoice;
};

/**
 * Check an objective of `file` at x (default x0; the whole data set in mini-batch form): its
 * grad against central differences (checkGradient's rule, src/core/gradients/check.ts), the
 * exact gradient LR Lab records against them, and the grad against the exact gradient.
 * Resolves with every comparison (also when one fails: see `ok`); rejects with an LrLabError
 * when the file does not compile or load, the objective is missing, it has neither a grad nor
 * a recordable exact gradient, or f / grad throw.
 */
export function checkGradientInFile(file: string, opts: CheckOptions = {}): Promise<CheckReport> {
  const { objective, x0, tolerance, pointName, ...session } = opts;
  return askWorker(
    { file, ...session, autodiff: 'on' },
    (bundle, gauge) => ({ version: WORKER_PROTOCOL_VERSION, type: 'check', bundle, gauge, objective: objective ?? null, x0: x0 ?? null, tolerance: tolerance ?? null, pointName: pointName ?? null }),
    (m) => (m.type === 'checked' ? { ...m.result, objective: m.objective, comparisons: m.comparisons, exact: m.exact } : undefined),
  );
}
