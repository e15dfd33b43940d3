import { LrLabError } from '../errors';
import type { OptimizerDefinition } from './types';

export interface LbfgsOptions {
  /** γ: the step length tried first (the first iteration of a run tries min(1, 1/‖g‖₁)·γ). */
  readonly lr: number;
  /** Inner iterations (direction + step length) per optimizer step. */
  readonly maxIter: number;
  /** Objective evaluations per optimizer step; null: maxIter·5/4, as PyTorch. */
  readonly maxEval: number | null;
  /** A step ends when every |gradient entry| ≤ this. */
  readonly toleranceGrad: number;
  /** A step ends when the loss or the parameters change by less than this. */
  readonly toleranceChange: number;
  /** m: the curvature pairs (s, y) kept. */
  readonly historySize: number;
  /** 'strongWolfe': a line search for a step length meeting the strong Wolfe conditions; null: the step length γ as is. */
  readonly lineSearchFn: 'strongWolfe' | null;
}

export interface LbfgsState {
  /** Optimizer steps taken (calls of lbfgsStep). */
  step: number;
  /** Objective evaluations so far, the caller's first one of each step included (PyTorch `func_evals`). */
  funcEvals: number;
  /** Inner iterations so far (PyTorch `n_iter`). */
  nIter: number;
  /** d, the last search direction (PyTorch `d`). */
  d: Float64Array;
  /** t, the last step length (PyTorch `t`). */
  t: number;
  /** H₀ = sᵀy / yᵀy of the newest pair: the initial inverse Hessian's scale (PyTorch `H_diag`). */
  hDiag: number;
  /** The gradient differences y of the kept pairs, historySize rows of dim, a ring (PyTorch `old_dirs`). */
  oldDirs: Float64Array;
  /** The steps s of the kept pairs, same layout (PyTorch `old_stps`). */
  oldStps: Float64Array;
  /** 1/(yᵀs) per kept pair (PyTorch `ro`). */
  ro: Float64Array;
  /** The two-loop recursion's α per pair (PyTorch `al`). */
  al: Float64Array;
  /** Row of the oldest kept pair in the ring, and how many pairs are kept. */
  historyStart: number;
  historyCount: number;
  /** The gradient of the previous iteration (PyTorch `prev_flat_grad`). */
  prevFlatGrad: Float64Array;
  /** The loss of the previous iteration (PyTorch `prev_loss`). */
  prevLoss: number;
  /** The gradient at the current point of the step (PyTorch's `flat_grad`). */
  flatGrad: Float64Array;
  /** Line search scratch (empty without it): the point it searches from, and the gradients it keeps. */
  lineSearchX: Float64Array;
  lineSearchGrads: Float64Array;
}

/** Fresh LBFGS state: no history; the line-search scratch only with lineSearchFn 'strongWolfe'. */
export function lbfgsInit(dim: number, options: LbfgsOptions): LbfgsState {
  const m = options.historySize;
  const search = options.lineSearchFn === 'strongWolfe';
  return {
    step: 0,
    funcEvals: 0,
    nIter: 0,
    d: new Float64Array(dim),
    t: 0,
    hDiag: 1,
    oldDirs: new Float64Array(m * dim),
    oldStps: new Float64Array(m * dim),
    ro: new Float64Array(m),
    al: new Float64Array(m),
    historyStart: 0,
    historyCount: 0,
    prevFlatGrad: new Float64Array(dim),
    prevLoss: 0,
    flatGrad: new Float64Array(dim),
    lineSearchX: new Float64Array(search ? dim : 0),
    // Three gradients: the previous trial point's, and the bracket's two ends.
    lineSearchGrads: new Float64Array(search ? 3 * dim : 0),
  };
}

/**
 * The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to
 * [lo, hi]; the middle of [lo, hi] when the cubic has none (torch `_cubic_interpolate`).
 */
export function lbfgsCubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, lo: number, hi: number): number {
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return Math.min(Math.max(minPos, lo), hi);
  }
  return (lo + hi) / 2;
}

/** θ ← x + t·d, evaluated: the loss, with the gradient in `grad` (torch `_directional_evaluate`, restore included). */
export function lbfgsEvaluateAt(params: Float64Array, x: Float64Array, t: number, d: Float64Array, closure: () => number): number {
  const n = params.length;
  for (let i = 0; i < n; i++) params[i] = x[i]! + t * d[i]!;
  const loss = closure();
  lbfgsCopy(params, 0, x, 0, n);
  return loss;
}

/** Σ a[i]·b[i] over `n` entries from offsets aAt, bAt. */
export function lbfgsDot(a: Float64Array, aAt: number, b: Float64Array, bAt: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[aAt + i]! * b[bAt + i]!;
  return sum;
}

/** target[targetAt …] ← source[sourceAt …], `n` entries. */
export function lbfgsCopy(target: Float64Array, targetAt: number, source: Float64Array, sourceAt: number, n: number): void {
  for (let i = 0; i < n; i++) target[targetAt + i] = source[sourceAt + i]!;
}

/**
 * The strong-Wolfe line search along d from the parameters as they are (torch `_strong_wolfe`:
 * bracketing, then zooming with safeguarded cubic interpolation). f, gtd: the loss and slope
 * gᵀd at t = 0, with state.flatGrad the gradient there; t: the first trial. On return the
 * parameters are unchanged, state.t is the step length found, state.flatGrad its gradient, and
 * state.funcEvals counts the evaluations; returns its loss.
 */
export function lbfgsStrongWolfe(params: Float64Array, grad: Float64Array, state: LbfgsState, closure: () => number, f: number, t: number, gtd: number, toleranceChange: number): number {
  const c1 = 1e-4;
  const c2 = 0.9;
  const maxLs = 25;
  const n = params.length;
  const d = state.d;
  const x = state.lineSearchX;
  const rows = state.lineSearchGrads;
  lbfgsCopy(x, 0, params, 0, n);
  let dNorm = 0;
  for (let i = 0; i < n; i++) dNorm = Math.max(dNorm, Math.abs(d[i]!));
  // Gradients are kept as row numbers: 0…2 are rows of lineSearchGrads, START is state.flatGrad
  // (the gradient at t = 0, untouched until the end), NEWEST is `grad` (the latest evaluation's,
  // which a row must copy before the next evaluation overwrites it).
  const START = -1;
  const NEWEST = -2;
  let fNew = lbfgsEvaluateAt(params, x, t, d, closure);
  let evaluations = 1;
  let gtdNew = lbfgsDot(grad, 0, d, 0, n);
  let tPrev = 0;
  let fPrev = f;
  let gPrev = START;
  let gtdPrev = gtd;
  let done = false;
  let lsIter = 0;
  // The bracket's two ends (lo = index 0, hi = index 1 as in torch's lists): step, loss, slope, gradient row.
  let t0 = 0;
  let t1 = 0;
  let f0 = 0;
  let f1 = 0;
  let gtd0 = 0;
  let gtd1 = 0;
  let g0 = START;
  let g1 = START;
  let single = false;
  while (lsIter < maxLs) {
    if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
      t0 = tPrev;
      f0 = fPrev;
      gtd0 = gtdPrev;
      g0 = gPrev;
      t1 = t;
      f1 = fNew;
      gtd1 = gtdNew;
      break;
    }
    if (Math.abs(gtdNew) <= -c2 * gtd) {
      t0 = t;
      f0 = fNew;
      g0 = NEWEST;
      single = true;
      done = true;
      break;
    }
    if (gtdNew >= 0) {
      t0 = tPrev;
      f0 = fPrev;
      gtd0 = gtdPrev;
      g0 = gPrev;
      t1 = t;
      f1 = fNew;
      gtd1 = gtdNew;
      break;
    }
    // Extrapolate: a cubic step between 1.01·t and 10·t further.
    const minStep = t + 0.01 * (t - tPrev);
    const maxStep = t * 10;
    const tmp = t;
    t = lbfgsCubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
    tPrev = tmp;
    fPrev = fNew;
    lbfgsCopy(rows, 0, grad, 0, n);
    gPrev = 0;
    gtdPrev = gtdNew;
    fNew = lbfgsEvaluateAt(params, x, t, d, closure);
    evaluations++;
    gtdNew = lbfgsDot(grad, 0, d, 0, n);
    lsIter++;
  }
  if (lsIter === maxLs) {
    // No bracket in max_ls trials: [0, t], with the start's gradient and the last one's.
    t0 = 0;
    t1 = t;
    f0 = f;
    f1 = fNew;
    g0 = START;
    g1 = NEWEST;
  } else if (!single) {
    // The newest gradient into a row the other end does not hold.
    lbfgsCopy(rows, (g0 === 1 ? 2 : 1) * n, grad, 0, n);
    g1 = g0 === 1 ? 2 : 1;
  }
  // Zoom: shrink the bracket until a point meets the strong Wolfe conditions.
  let insufficientProgress = false;
  let lowIs0 = single || f0 <= f1;
  while (!done && lsIter < maxLs) {
    if (Math.abs(t1 - t0) * dNorm < toleranceChange) break;
    const hi = Math.max(t0, t1);
    const lo = Math.min(t0, t1);
    t = lbfgsCubicInterpolate(t0, f0, gtd0, t1, f1, gtd1, lo, hi);
    const eps = 0.1 * (hi - lo);
    if (Math.min(hi - t, t - lo) < eps) {
      // Too close to an end: move 0.1 of the bracket inside, unless the last trial progressed.
      if (insufficientProgress || t >= hi || t <= lo) {
        t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
        insufficientProgress = false;
      } else {
        insufficientProgress = true;
      }
    } else {
      insufficientProgress = false;
    }
    fNew = lbfgsEvaluateAt(params, x, t, d, closure);
    evaluations++;
    gtdNew = lbfgsDot(grad, 0, d, 0, n);
    lsIter++;
    // The trial's gradient goes into a row neither end holds.
    const free = g0 !== 0 && g1 !== 0 ? 0 : g0 !== 1 && g1 !== 1 ? 1 : 2;
    lbfgsCopy(rows, free * n, grad, 0, n);
    if (fNew > f + c1 * t * gtd || fNew >= (lowIs0 ? f0 : f1)) {
      // Not enough decrease: the trial becomes the high end.
      if (lowIs0) {
        t1 = t;
        f1 = fNew;
        gtd1 = gtdNew;
        g1 = free;
      } else {
        t0 = t;
        f0 = fNew;
        gtd0 = gtdNew;
        g0 = free;
      }
      lowIs0 = f0 <= f1;
    } else {
      if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
      else if (gtdNew * (lowIs0 ? t1 - t0 : t0 - t1) >= 0) {
        // The old low end becomes the high end.
        if (lowIs0) {
          t1 = t0;
          f1 = f0;
          gtd1 = gtd0;
          g1 = g0;
        } else {
          t0 = t1;
          f0 = f1;
          gtd0 = gtd1;
          g0 = g1;
        }
      }
      // The trial becomes the low end.
      if (lowIs0) {
        t0 = t;
        f0 = fNew;
        gtd0 = gtdNew;
        g0 = free;
      } else {
        t1 = t;
        f1 = fNew;
        gtd1 = gtdNew;
        g1 = free;
      }
    }
  }
  // The low end: its step length, loss and gradient.
  const low = lowIs0 ? g0 : g1;
  state.t = lowIs0 ? t0 : t1;
  if (low === NEWEST) lbfgsCopy(state.flatGrad, 0, grad, 0, n);
  else if (low !== START) lbfgsCopy(state.flatGrad, 0, rows, low * n, n);
  state.funcEvals += evaluations;
  return lowIs0 ? f0 : f1;
}

/**
 * One LBFGS step on `params` in place (torch.optim.LBFGS.step): up to maxIter iterations of
 * direction (two-loop recursion over the kept pairs) and step length (γ, or the strong-Wolfe
 * search), evaluating the objective through `closure` (PyTorch's closure: it evaluates at the
 * parameters as they are, writes `grad`, returns the loss). `loss` and `grad` hold the first
 * evaluation at `params`, which PyTorch's step makes with its first closure() call.
 */
export function lbfgsStep(params: Float64Array, grad: Float64Array, state: LbfgsState, lr: number, options: LbfgsOptions, loss?: number, closure?: () => number): void {
  const maxIter = options.maxIter;
  const maxEval = options.maxEval === null ? Math.floor((maxIter * 5) / 4) : options.maxEval;
  const toleranceGrad = options.toleranceGrad;
  const toleranceChange = options.toleranceChange;
  const m = options.historySize;
  const n = params.length;
  const d = state.d;
  const flatGrad = state.flatGrad;
  const prevFlatGrad = state.prevFlatGrad;
  const oldDirs = state.oldDirs;
  const oldStps = state.oldStps;
  const ro = state.ro;
  const al = state.al;
  let f = loss!;
  const evalsAtStart = state.funcEvals;
  state.funcEvals += 1;
  state.step += 1;
  lbfgsCopy(flatGrad, 0, grad, 0, n);
  let gMax = 0;
  for (let i = 0; i < n; i++) gMax = Math.max(gMax, Math.abs(flatGrad[i]!));
  // Already optimal: nothing to do (and no history to update).
  if (gMax <= toleranceGrad) return;
  let t = state.t;
  let iterations = 0;
  while (iterations < maxIter) {
    iterations++;
    state.nIter += 1;
    if (state.nIter === 1) {
      for (let i = 0; i < n; i++) d[i] = -flatGrad[i]!;
      state.historyStart = 0;
      state.historyCount = 0;
      state.hDiag = 1;
    } else {
      // The newest curvature pair: y = g − g_prev, s = t·d.
      let ys = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) ys += (flatGrad[i]! - prevFlatGrad[i]!) * (d[i]! * t);
      if (ys > 1e-10) {
        // The ring's next row (the oldest one when it is full).
        const row = (state.historyStart + state.historyCount) % m;
        if (state.historyCount === m) state.historyStart = (state.historyStart + 1) % m;
        else state.historyCount += 1;
        for (let i = 0; i < n; i++) {
          const y = flatGrad[i]! - prevFlatGrad[i]!;
          oldDirs[row * n + i] = y;
          oldStps[row * n + i] = d[i]! * t;
          yy += y * y;
        }
        ro[row] = 1 / ys;
        state.hDiag = ys / yy;
      }
      // Two-loop recursion: d = −H·g with H from the kept pairs, newest first, then oldest first.
      const count = state.historyCount;
      const start = state.historyStart;
      for (let i = 0; i < n; i++) d[i] = -flatGrad[i]!;
      for (let k = count - 1; k >= 0; k--) {
        const row = (start + k) % m;
        const a = lbfgsDot(oldStps, row * n, d, 0, n) * ro[row]!;
        al[row] = a;
        for (let i = 0; i < n; i++) d[i] = d[i]! + -a * oldDirs[row * n + i]!;
      }
      const hDiag = state.hDiag;
      for (let i = 0; i < n; i++) d[i] = d[i]! * hDiag;
      for (let k = 0; k < count; k++) {
        const row = (start + k) % m;
        const b = lbfgsDot(oldDirs, row * n, d, 0, n) * ro[row]!;
        const c = al[row]! - b;
        for (let i = 0; i < n; i++) d[i] = d[i]! + c * oldStps[row * n + i]!;
      }
    }
    lbfgsCopy(prevFlatGrad, 0, flatGrad, 0, n);
    state.prevLoss = f;
    // The first iteration of a run scales the first step by 1/‖g‖₁ (at most 1).
    if (state.nIter === 1) {
      let g1 = 0;
      for (let i = 0; i < n; i++) g1 += Math.abs(flatGrad[i]!);
      t = Math.min(1, 1 / g1) * lr;
    } else {
      t = lr;
    }
    state.t = t;
    const gtd = lbfgsDot(flatGrad, 0, d, 0, n);
    // Not a descent direction (any more): stop.
    if (gtd > -toleranceChange) break;
    let optimal = false;
    if (options.lineSearchFn === 'strongWolfe') {
      f = lbfgsStrongWolfe(params, grad, state, closure!, f, t, gtd, toleranceChange);
      t = state.t;
      for (let i = 0; i < n; i++) params[i] = params[i]! + t * d[i]!;
      let max = 0;
      for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(flatGrad[i]!));
      optimal = max <= toleranceGrad;
    } else {
      for (let i = 0; i < n; i++) params[i] = params[i]! + t * d[i]!;
      // No evaluation after the last iteration: the next step starts with one anyway.
      if (iterations !== maxIter) {
        f = closure!();
        lbfgsCopy(flatGrad, 0, grad, 0, n);
        let max = 0;
        for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(flatGrad[i]!));
        optimal = max <= toleranceGrad;
        state.funcEvals += 1;
      }
    }
    if (iterations === maxIter) break;
    if (state.funcEvals - evalsAtStart >= maxEval) break;
    if (optimal) break;
    // Lack of progress: the step or the loss change is below toleranceChange.
    let stepMax = 0;
    for (let i = 0; i < n; i++) stepMax = Math.max(stepMax, Math.abs(d[i]! * t));
    if (stepMax <= toleranceChange) break;
    if (Math.abs(f - state.prevLoss) < toleranceChange) break;
  }
}

/**
 * `lbfgs` — limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) with an optional
 * strong-Wolfe line search, exactly as `torch.optim.LBFGS` (itself after minFunc): a
 * quasi-Newton method that builds an inverse-Hessian estimate from the last m steps and
 * gradient changes. One optimizer step runs up to maxIter inner iterations and maxEval
 * evaluations of the objective; LR Lab's records count both (the `evaluations` column).
 *
 * ```text
 * input: θ (params), γ (lr), maxIter, maxEval, ε_g (toleranceGrad), ε_c (toleranceChange),
 *        m (historySize), lineSearchFn
 * each optimizer step, from f, g = f(θ), ∇f(θ):
 *   if max|g| ≤ ε_g: return
 *   repeat up to maxIter times:
 *     if first iteration ever:  d ← −g;  H₀ ← 1
 *     else:  y ← g − g_prev;  s ← t·d
 *            if yᵀs > 1e-10: keep (s, y) (the newest m);  H₀ ← yᵀs / yᵀy
 *            d ← −H·g   (two-loop recursion: H is H₀·I updated by the kept pairs)
 *     g_prev ← g;  f_prev ← f
 *     t ← min(1, 1/‖g‖₁)·γ on the first iteration ever, else γ
 *     if gᵀd > −ε_c: stop
 *     strongWolfe: t, f, g ← line search along d (c₁ = 1e-4, c₂ = 0.9, ≤ 25 evaluations);  θ ← θ + t·d
 *     none:        θ ← θ + t·d;  f, g ← f(θ), ∇f(θ) (not after the last iteration)
 *     stop if: maxIter iterations, maxEval evaluations, max|g| ≤ ε_g, max|t·d| ≤ ε_c, |f − f_prev| < ε_c
 * ```
 *
 * Symbols → options: γ `lr` (1), `maxIter` (20), `maxEval` (null → maxIter·5/4 = 25), ε_g
 * `toleranceGrad` (1e-7), ε_c `toleranceChange` (1e-9), m `historySize` (100), `lineSearchFn`
 * (null; 'strongWolfe' is PyTorch's 'strong_wolfe'). γ is the step's lr from the schedule: it
 * is the step length tried (without a line search, the one taken). The history, d and t carry
 * over from step to step. Memory: 2·m + 3 vectors of the parameters' size (+4 with the line
 * search); PyTorch's default m = 100 is a lot for large models.
 *
 * Reference: `torch.optim.LBFGS` (`step`, `_strong_wolfe`, `_cubic_interpolate`; the same in
 * torch 1.13 and 2.x). The kernel takes the first evaluation from its caller (PyTorch's step
 * makes it with its first closure() call) and counts it in funcEvals as PyTorch does.
 *
 * Differs from: SciPy's L-BFGS-B (bounds, a Moré–Thuente line search, different stopping
 * tests); Optax's `lbfgs` uses a zoom line search with other constants and scales by the
 * newest pair from the second iteration on. Without a line search a too-large γ diverges like
 * gradient descent would; with one, γ = 1 is the natural first trial (the Newton step).
 *
 * Worked example (lr 1, maxIter 2, maxEval 3, no line search; f(θ) = ½(θ₁² + 10θ₂²) from θ₀ = [1, 1];
 * with maxEval at its default, maxIter·5/4 = 2, the step would end after iteration 1):
 * ```text
 * one step; iteration 1: g = [1, 10] (the caller's evaluation),  d = −g,  t = min(1, 1/11)·1 = 1/11
 *                        θ = [10/11, 1/11];  evaluation 2: g = [10/11, 10/11]
 *   iteration 2: y = [−1/11, −100/11],  s = t·d = [−1/11, −10/11],  yᵀs = 1001/121,  H₀ = 1001/10001
 *                d = −H·g (two-loop),  t = 1,  θ = [0.8083007883027881, −0.008083007883027881]
 *                (the last iteration: no evaluation after it; funcEvals = 2)
 * ```
 */
export const lbfgs: OptimizerDefinition<LbfgsOptions, LbfgsState> = {
  type: 'lbfgs',
  title: 'L-BFGS',
  summary: 'Limited-memory BFGS: quasi-Newton directions from the last m steps, optional strong-Wolfe line search; several evaluations per step.',
  reference: 'torch.optim.LBFGS',
  formula: 'd ← −H·g (two-loop recursion over the last m pairs s = t·d, y = Δg; H₀ = sᵀy/yᵀy);  θ ← θ + t·d, t = γ or a strong-Wolfe line search;  up to maxIter iterations per step',
  options: {
    lr: { kind: 'number', min: 0, default: 1, doc: 'Step length γ tried first (taken as is without a line search) (default: 1)' },
    maxIter: { kind: 'number', min: 1, integer: true, default: 20, doc: 'Inner iterations per optimizer step (default: 20)' },
    maxEval: { kind: 'number', min: 1, integer: true, nullable: true, default: null, doc: 'Objective evaluations per optimizer step; null: maxIter·5/4 (default: null)' },
    toleranceGrad: { kind: 'number', min: 0, default: 1e-7, doc: 'A step ends when every |gradient entry| ≤ this (default: 1e-7)' },
    toleranceChange: { kind: 'number', min: 0, default: 1e-9, doc: 'A step ends when the loss or the parameters change by less than this (default: 1e-9)' },
    historySize: { kind: 'number', min: 1, integer: true, default: 100, doc: 'Curvature pairs m kept: memory is 2m vectors of the parameters’ size (default: 100)' },
    lineSearchFn: { kind: 'enum', values: ['strongWolfe'], nullable: true, default: null, doc: 'strongWolfe: a line search meeting the strong Wolfe conditions; null: the step length lr as is (default: null)' },
  },
  check(options, owner) {
    if (options.maxEval !== null && options.maxEval < 1) throw LrLabError.worded('invalidConfig', { id: 'lbfgsMaxEval', args: [owner] });
  },
  evaluates: 'closure',
  init: lbfgsInit,
  step: lbfgsStep,
};
