/** gradientAt: an objective's value and gradient at a point, in a worker (`lrlab gradient`). */
import type { GradientSource, RunLimits } from '../minimize/config';
import type { GradientChoice } from '../objective';
import { WORKER_PROTOCOL_VERSION } from './workerProtocol';
import { askWorker } from './ask';
import { autodiffModeFor } from './session';

export interface GradientOptions {
  /** Export name; default: the file's only objective. */
  readonly objective?: string;
  /** Where; default: the objective's x0 (or its `@x0` tag). */
  readonly at?: number[];
  /** How the person gave `at`, e.g. `--at`: a wrong length names it (absent: "the point"). */
  readonly pointName?: string;
  /** Which gradient (default auto: the objective's grad, else exact, else central differences). */
  readonly gradient?: GradientSource;
  readonly source?: string;
  readonly limits?: Partial<RunLimits>;
  readonly workerPath?: string;
  /** What the user's code prints; default: this process's stderr. */
  readonly onOutput?: (text: string, stream: 'stdout' | 'stderr') => void;
}

export interface GradientAt {
  readonly objective: string;
  readonly at: number[];
  /** f at the point (on the whole data set in mini-batch form). */
  readonly value: number;
  readonly gradient: number[];
  /** Where the gradient came from, and why not the exact one when it fell back. */
  readonly choice: GradientChoice;
}

/**
 * f and its gradient at a point of an objective of `file`. `gradient: exact` rejects with
 * LrLabError('exactGradient') and the reason when the exact gradient cannot be recorded;
 * `auto` falls back to central differences and says why in `choice.reason`.
 */
export function gradientAt(file: string, opts: GradientOptions = {}): Promise<GradientAt> {
  const { objective, at, gradient, pointName, ...session } = opts;
  const mode = gradient ?? 'auto';
  return askWorker(
    { file, ...session, autodiff: autodiffModeFor(mode, file, opts.source) },
    (bundle, gauge, exactOnRequest) => ({ version: WORKER_PROTOCOL_VERSION, type: 'gradient', bundle, gauge, objective: objective ?? null, at: at ?? null, mode, exactOnRequest, pointName: pointName ?? null }),
    (m) => (m.type === 'gradientAt' ? { objective: m.objective, at: m.at, value: m.value, gradient: m.gradient, choice: m.choice } : undefined),
  );
}
