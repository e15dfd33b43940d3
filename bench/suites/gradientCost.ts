/**
 * 6. Gradient cost on the iris MLP (examples/mlpIris.ts, 67 parameters): central finite
 * differences (LR Lab's gradient when an objective has no `grad`: 2 × 67 evaluations of f)
 * against the example's own backpropagation `grad`, per gradient, on a mini-batch of 16 (as
 * its runs use) and on all 150 flowers; and how far apart the two gradients are.
 *
 * Both are called as the worker's adapter calls a user's functions: the parameters copied into
 * a plain number[] reused across calls, the user's number[] gradient copied back into the
 * loop's Float64Array.
 */
import { centralDifferenceGradient } from '../../src/core/gradients';
import { figure, ratios, type Check, type Suite, type SuiteOptions, type SuiteResult } from '../lib/result';
import { callsFor, msPerCall } from '../lib/timing';
import { mlpIris } from '../../examples/mlpIris';

type Flower = (typeof mlpIris.data)[number];

function gradients(batch: readonly Flower[]) {
  const dim = mlpIris.x0.length;
  const userX: number[] = new Array<number>(dim).fill(0);
  const copyIn = (x: Float64Array): number[] => {
    for (let i = 0; i < dim; i++) userX[i] = x[i]!;
    return userX;
  };
  const f = (x: Float64Array): number => mlpIris.f(copyIn(x), batch);
  return {
    numeric(x: Float64Array, out: Float64Array): void {
      centralDifferenceGradient(f, x, out);
    },
    user(x: Float64Array, out: Float64Array): void {
      const g = mlpIris.grad(copyIn(x), batch);
      for (let i = 0; i < dim; i++) out[i] = g[i]!;
    },
  };
}

/** ‖a − b‖ / ‖b‖ and the largest |aᵢ − bᵢ| / max(|bᵢ|, 1e-8 · ‖b‖∞). */
function difference(a: Float64Array, b: Float64Array): { relative: number; worst: number } {
  let num = 0;
  let den = 0;
  let largest = 0;
  for (let i = 0; i < b.length; i++) largest = Math.max(largest, Math.abs(b[i]!));
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    const d = a[i]! - b[i]!;
    num += d * d;
    den += b[i]! * b[i]!;
    worst = Math.max(worst, Math.abs(d) / Math.max(Math.abs(b[i]!), 1e-8 * largest));
  }
  return { relative: Math.sqrt(num / den), worst };
}

export const gradientCost: Suite = {
  id: 'gradientCost',
  title: 'Gradient cost: finite differences vs the user gradient (iris MLP, 67 parameters)',
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const reps = options.quick ? 2 : 9;
    const budgetMs = options.quick ? 5 : 100;
    const dim = mlpIris.x0.length;
    const x = Float64Array.from(mlpIris.x0);
    const figures = [];
    const checks: Check[] = [];
    const notes: string[] = [];
    for (const [label, batch] of [
      ['batch of 16', mlpIris.data.slice(0, mlpIris.batchSize)],
      ['all 150 flowers', mlpIris.data],
    ] as const) {
      const key = label === 'batch of 16' ? 'batch16' : 'full150';
      const g = gradients(batch);
      const numericOut = new Float64Array(dim);
      const userOut = new Float64Array(dim);
      const numericMs: number[] = [];
      const userMs: number[] = [];
      const numericCall = (): void => g.numeric(x, numericOut);
      const userCall = (): void => g.user(x, userOut);
      const numericCalls = callsFor(numericCall, budgetMs);
      const userCalls = callsFor(userCall, budgetMs);
      for (let rep = 0; rep < reps; rep++) {
        numericMs.push(msPerCall(numericCall, numericCalls));
        userMs.push(msPerCall(userCall, userCalls));
      }
      const diff = difference(numericOut, userOut);
      checks.push({ what: `${label}: finite differences agree with the user gradient to < 1e-6 relative (‖Δ‖/‖g‖)`, ok: diff.relative < 1e-6, detail: `‖Δ‖/‖g‖ = ${diff.relative.toExponential(2)}, worst component ${diff.worst.toExponential(2)}` });
      figures.push(
        figure(`${key}.numeric.ms`, `${label}: central finite differences (2 × ${dim} evaluations of f)`, 'ms/gradient', numericMs),
        figure(`${key}.user.ms`, `${label}: the example's grad (backpropagation)`, 'ms/gradient', userMs),
        figure(`${key}.ratio`, `${label}: finite differences time ÷ user grad time`, '×', ratios(numericMs, userMs)),
        figure(`${key}.relativeError`, `${label}: ‖g_fd − g_user‖ / ‖g_user‖ at x0`, '', [diff.relative]),
        figure(`${key}.worstComponent`, `${label}: worst component |Δᵢ| / |gᵢ| at x0`, '', [diff.worst]),
      );
      notes.push(`${label}: the finite-difference gradient differs from backpropagation by ${diff.relative.toExponential(1)} relative (worst component ${diff.worst.toExponential(1)}): the ∛ε step aims at ~1e-10 relative error on well-scaled components (src/core/gradients/finiteDifference.ts); components much smaller than the largest fare worse, relative to themselves.`);
    }
    notes.push('Times are per gradient at x0, in one process, both contenders timed in turn in each repetition; the errors are one measurement each (they are deterministic).');
    return { id: this.id, title: this.title, figures, checks, notes };
  },
};
