/** checkGradientInFile: compare an objective's own grad with finite differences, in a worker. */
import type { GradientCheckResult } from '../gradients/check';
import type { RunLimits } from '../minimize/config';
import { WORKER_PROTOCOL_VERSION } from './workerProtocol';
import { askWorker } from './ask';

export interface CheckOptions {
  /** Export name; default: the file's only objective. */
  readonly objective?: string;
  /** Where to check; default: the objective's x0 (or its `@x0` tag). */
  readonly x0?: number[];
  /** Relative tolerance per component (default 1e-6, see checkGradient). */
  readonly tolerance?: number;
  readonly source?: string;
  readonly limits?: Partial<RunLimits>;
  readonly workerPath?: string;
}

/**
 * Run checkGradient (src/core/gradients/check.ts) on an objective of `file`. Resolves with
 * the result and the objective's name (also when the check fails: see `ok`); rejects with
 * an LrLabError when the file does not compile or load, the objective is missing or has no
 * grad, or f / grad throw.
 */
export function checkGradientInFile(file: string, opts: CheckOptions = {}): Promise<GradientCheckResult & { objective: string }> {
  const { objective, x0, tolerance, ...session } = opts;
  return askWorker(
    { file, ...session },
    (bundle, gauge) => ({ version: WORKER_PROTOCOL_VERSION, type: 'check', bundle, gauge, objective: objective ?? null, x0: x0 ?? null, tolerance: tolerance ?? null }),
    (m) => (m.type === 'checked' ? { ...m.result, objective: m.objective } : undefined),
  );
}
