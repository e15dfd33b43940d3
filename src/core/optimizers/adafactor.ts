import type { OptimizerDefinition } from './types';

export interface AdafactorOptions {
  /** γ: the cap of the relative step size ρₜ = min(γ, 1/√t), and the weight decay's rate. */
  readonly lr: number;
  /** τ: β̂₂ₜ = 1 − t^τ, so the second moments average over ~t steps (τ ≤ 0). */
  readonly beta2Decay: number;
  /** [ε₁, ε₂]: ε₁ floors the variance estimate (null: float64's machine epsilon, 2⁻⁵²); ε₂ floors the parameter RMS. */
  readonly eps: readonly [number | null, number];
  /** d: the update is scaled down until its RMS is at most d. */
  readonly d: number;
  /** λ: decoupled weight decay, θ ← θ·(1 − γλ). */
  readonly weightDecay: number;
}

export interface AdafactorState {
  step: number;
  /**
   * The parameter blocks (PyTorch's parameter tensors), four numbers each: [elements, batch,
   * rows, columns]. rows = columns = 0: a vector (unfactored); else `batch` matrices of
   * rows × columns, factored along their last two dimensions.
   */
  blocks: Float64Array;
  /** R, the row factors of the factored blocks' second moments (PyTorch `row_var`), batch × rows per block. */
  rowVar: Float64Array;
  /** C, the column factors (PyTorch `col_var`), batch × columns per block. */
  colVar: Float64Array;
  /** V̂, the unfactored blocks' second moments (PyTorch `variance`), one per element. */
  variance: Float64Array;
}

/**
 * Fresh Adafactor state for `dim` parameters split into blocks of the given `shapes` (their
 * element counts add up to dim; none given: one vector of dim). A block of two or more
 * dimensions gets row and column factors over its last two; a vector or scalar block keeps one
 * second moment per element, as PyTorch does for 1-D tensors.
 */
export function adafactorInit(dim: number, _options: AdafactorOptions, shapes?: readonly (readonly number[])[]): AdafactorState {
  const list = !shapes || shapes.length === 0 ? [[dim]] : shapes;
  const blocks = new Float64Array(4 * list.length);
  let rows = 0;
  let columns = 0;
  let vector = 0;
  for (let b = 0; b < list.length; b++) {
    const shape = list[b]!;
    let elements = 1;
    for (let k = 0; k < shape.length; k++) elements *= shape[k]!;
    blocks[4 * b] = elements;
    if (shape.length >= 2) {
      const r = shape[shape.length - 2]!;
      const c = shape[shape.length - 1]!;
      const batch = r * c === 0 ? 0 : elements / (r * c);
      blocks[4 * b + 1] = batch;
      blocks[4 * b + 2] = r;
      blocks[4 * b + 3] = c;
      rows += batch * r;
      columns += batch * c;
    } else {
      blocks[4 * b + 1] = 1;
      vector += elements;
    }
  }
  return { step: 0, blocks, rowVar: new Float64Array(rows), colVar: new Float64Array(columns), variance: new Float64Array(vector) };
}

/** torch.lerp(start, end, weight): two formulas, each exact at its end of the weight range (ATen Lerp.h). */
export function adafactorLerp(start: number, end: number, weight: number): number {
  return weight < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}

/** U = G/√max(V̂, ε₁²) for one element (torch: clamp_min(ε₁²), rsqrt, times G). */
export function adafactorUpdate(variance: number, g: number, eps1Squared: number): number {
  return (1 / Math.sqrt(Math.max(variance, eps1Squared))) * g;
}

/** One Adafactor step on `params` in place (torch.optim.Adafactor, `_single_tensor_adafactor` of PyTorch 2.5+). */
export function adafactorStep(params: Float64Array, grad: Float64Array, state: AdafactorState, lr: number, options: AdafactorOptions): void {
  const step = state.step + 1;
  const beta2Decay = options.beta2Decay;
  // PyTorch's eps1 = None is torch.finfo(float64).eps = 2⁻⁵².
  const eps1 = options.eps[0] === null ? 2.220446049250313e-16 : options.eps[0];
  const eps1Squared = eps1 * eps1;
  const eps2 = options.eps[1];
  const clipThreshold = options.d;
  const decay = 1 - lr * options.weightDecay;
  const decays = options.weightDecay !== 0;
  // 1 − β̂₂ₜ = t^τ, the weight of the new squared gradient (torch's lerp_ weight).
  const w = Math.pow(step, beta2Decay);
  const rho = Math.min(lr, 1 / Math.pow(step, 0.5));
  const blocks = state.blocks;
  const rowVar = state.rowVar;
  const colVar = state.colVar;
  const variance = state.variance;
  let offset = 0;
  let rowAt = 0;
  let columnAt = 0;
  let vectorAt = 0;
  for (let b = 0; b < blocks.length; b += 4) {
    const elements = blocks[b]!;
    const batch = blocks[b + 1]!;
    const rows = blocks[b + 2]!;
    const columns = blocks[b + 3]!;
    const end = offset + elements;
    // α: the step relative to the block's RMS (before the decay), at least ε₂·ρ.
    let paramSquares = 0;
    for (let i = offset; i < end; i++) paramSquares += params[i]! * params[i]!;
    const alpha = Math.max(eps2, Math.sqrt(paramSquares) / Math.sqrt(elements)) * rho;
    if (decays) for (let i = offset; i < end; i++) params[i] = params[i]! * decay;
    // The second moments, then Σ U² for the RMS of the update U = g/√max(V̂, ε₁²).
    let updateSquares = 0;
    // The variance of parameter i of a vector block is variance[i − shift].
    const shift = offset - vectorAt;
    if (rows === 0) {
      for (let i = offset; i < end; i++) {
        const g = grad[i]!;
        const v = adafactorLerp(variance[i - shift]!, g * g, w);
        variance[i - shift] = v;
        const u = adafactorUpdate(v, g, eps1Squared);
        updateSquares += u * u;
      }
    } else {
      for (let k = 0; k < batch; k++) {
        const base = offset + k * rows * columns;
        const rowBase = rowAt + k * rows;
        const columnBase = columnAt + k * columns;
        let rowSum = 0;
        for (let r = 0; r < rows; r++) {
          let squares = 0;
          for (let c = 0; c < columns; c++) squares += grad[base + r * columns + c]! * grad[base + r * columns + c]!;
          // Mean of g² along the row, as torch computes it: ‖g‖₂², then ÷ columns.
          const norm = Math.sqrt(squares);
          const v = adafactorLerp(rowVar[rowBase + r]!, (norm * norm) / columns, w);
          rowVar[rowBase + r] = v;
          rowSum += v;
        }
        for (let c = 0; c < columns; c++) {
          let squares = 0;
          for (let r = 0; r < rows; r++) squares += grad[base + r * columns + c]! * grad[base + r * columns + c]!;
          const norm = Math.sqrt(squares);
          colVar[columnBase + c] = adafactorLerp(colVar[columnBase + c]!, (norm * norm) / rows, w);
        }
        // V̂ = R·Cᵀ / max(mean(R), ε₁): the rank-1 estimate of the squared gradient's EMA.
        const rowMean = Math.max(rowSum / rows, eps1);
        for (let r = 0; r < rows; r++) {
          const factor = rowVar[rowBase + r]!;
          for (let c = 0; c < columns; c++) {
            const v = (factor * colVar[columnBase + c]!) / rowMean;
            const u = adafactorUpdate(v, grad[base + r * columns + c]!, eps1Squared);
            updateSquares += u * u;
          }
        }
      }
    }
    // Update clipping: scale U down so that its RMS is at most d.
    const denom = Math.max(1, Math.sqrt(updateSquares) / (Math.sqrt(elements) * clipThreshold));
    const scale = -alpha / denom;
    if (rows === 0) {
      for (let i = offset; i < end; i++) {
        const v = variance[i - shift]!;
        params[i] = params[i]! + scale * adafactorUpdate(v, grad[i]!, eps1Squared);
      }
      vectorAt += elements;
    } else {
      for (let k = 0; k < batch; k++) {
        const base = offset + k * rows * columns;
        const rowBase = rowAt + k * rows;
        const columnBase = columnAt + k * columns;
        let rowSum = 0;
        for (let r = 0; r < rows; r++) rowSum += rowVar[rowBase + r]!;
        const rowMean = Math.max(rowSum / rows, eps1);
        for (let r = 0; r < rows; r++) {
          const factor = rowVar[rowBase + r]!;
          for (let c = 0; c < columns; c++) {
            const i = base + r * columns + c;
            const v = (factor * colVar[columnBase + c]!) / rowMean;
            params[i] = params[i]! + scale * adafactorUpdate(v, grad[i]!, eps1Squared);
          }
        }
      }
      rowAt += batch * rows;
      columnAt += batch * columns;
    }
    offset = end;
  }
  state.step = step;
}

/**
 * `adafactor` — Adafactor (Shazeer & Stern 2018) as PyTorch 2.5 formulates it
 * (`torch.optim.Adafactor`): Adam-like steps without a first moment, whose second moment of a
 * matrix-shaped block is stored as one row factor and one column factor (rows + columns numbers
 * instead of rows × columns), a step size relative to the block's RMS, and update clipping.
 *
 * ```text
 * input: θ₀ (params, in blocks), γ (lr), τ (beta2Decay), ε₁, ε₂ (eps), d, λ (weightDecay)
 * init:  R ← 0, C ← 0 (matrix blocks), V̂ ← 0 (vector blocks)
 * for t = 1, 2, …, for each block θ (n elements, gradient G):
 *   β̂₂ₜ ← 1 − t^τ
 *   ρₜ ← min(γ, 1/√t)
 *   αₜ ← max(ε₂, RMS(θₜ₋₁))·ρₜ
 *   θ ← θₜ₋₁·(1 − γλ)
 *   if θ is a matrix (rows × columns):
 *     R ← β̂₂ₜ·R + (1 − β̂₂ₜ)·mean of G² along each row
 *     C ← β̂₂ₜ·C + (1 − β̂₂ₜ)·mean of G² along each column
 *     V̂ ← R·Cᵀ / max(mean(R), ε₁)
 *   else:
 *     V̂ ← β̂₂ₜ·V̂ + (1 − β̂₂ₜ)·G²
 *   U ← G / √max(V̂, ε₁²)
 *   Û ← U / max(1, RMS(U)/d)
 *   θₜ ← θ − αₜ·Û
 * ```
 *
 * Symbols → options: γ `lr` (1e-2), τ `beta2Decay` (−0.8), [ε₁, ε₂] `eps` ([null, 1e-3];
 * null is PyTorch's None, the dtype's machine epsilon: 2⁻⁵² in float64), d `d` (1), λ
 * `weightDecay` (0). γ is the step's lr from the schedule; it caps ρₜ, so with γ = 1e-2 each
 * step moves a block by 1% of its RMS until step 10⁴, and by 1/√t of it after. Blocks: an objective may
 * declare `shape` (e.g. `[[8, 4], [8], [3, 8], [3]]` for a small network); without it the
 * parameters are one vector and nothing is factored. A block of more than two dimensions is
 * factored along its last two (the others are a batch).
 *
 * Reference: `torch.optim.Adafactor` (`_single_tensor_adafactor`, PyTorch 2.5+; torch 1.13 has
 * no Adafactor, so the numbers are checked against a reimplementation of 2.5's source,
 * scripts/golden/reference.py). As there, the second moments update with torch's `lerp`
 * (two formulas, switching at weight ½) and the row and column means are ‖g‖₂² / n.
 *
 * Differs from: the paper and Hugging Face / Optax / Keras implementations add ε₁ (1e-30) to G²
 * inside the factors and use ε₁ nowhere else; PyTorch floors V̂ at ε₁² instead. The paper caps
 * ρₜ at 0.01, PyTorch at lr (default 0.01, so the same by default). No first moment (β₁) here;
 * Optax and Hugging Face offer one. PyTorch's default eps (None, 1e-3) follows the paper's ε₂.
 *
 * Worked example (lr 0.01, defaults otherwise; one vector block θ₀ = [1, −2], g₁ = [1, 1], g₂ = [2, −1]):
 * ```text
 * step 1: t^τ = 1,  ρ = 0.01,  α = RMS(θ₀)·ρ = √2.5·0.01,  V̂ = g₁² = [1, 1],  U = [1, 1] (RMS 1 = d)
 *         θ₁ = θ₀ − α·U = [0.9841886116991581, −2.015811388300842]
 * step 2: t^τ = 2^−0.8 ≈ 0.574 (≥ ½: lerp's second formula),  ρ = min(0.01, 1/√2) = 0.01,  α = RMS(θ₁)·ρ
 *         V̂ = V̂ + 2^−0.8·(g₂² − V̂) = [2.7230475324955523, 1],  U = g₂/√V̂ (RMS < 1, not clipped)
 *         θ₂ = θ₁ − α·U = [0.966885567420452, −2.0015349413917085]
 * ```
 */
export const adafactor: OptimizerDefinition<AdafactorOptions, AdafactorState> = {
  type: 'adafactor',
  title: 'Adafactor',
  summary: 'Memory-light Adam without momentum (PyTorch 2.5): factored row/column second moments for matrix blocks, steps relative to the parameters’ RMS, update clipping.',
  reference: 'torch.optim.Adafactor',
  formula: 'ρ = min(γ, 1/√t);  α = max(ε₂, RMS(θ))ρ;  θ ← θ(1 − γλ);  V̂ ← R·Cᵀ/mean(R) (matrices) or EMA of g² (vectors), weight t^τ;  U = g/√V̂;  θ ← θ − α·U/max(1, RMS(U)/d)',
  options: {
    lr: { kind: 'number', min: 0, default: 1e-2, doc: 'γ: cap of the relative step size ρ = min(γ, 1/√t) and rate of the weight decay (default: 1e-2)' },
    beta2Decay: { kind: 'number', max: 0, default: -0.8, doc: 'τ ≤ 0: the second moments average with weight t^τ on the new g² (default: -0.8)' },
    eps: { kind: 'pair', min: 0, nullable: true, default: [null, 1e-3], doc: '[ε₁, ε₂]: ε₁ floors the variance estimate (null: machine epsilon 2⁻⁵²), ε₂ floors the parameters’ RMS (default: [null, 1e-3])' },
    d: { kind: 'number', min: 1, default: 1, doc: 'Clipping threshold d ≥ 1: the update’s RMS is scaled down to at most d (default: 1)' },
    weightDecay: { kind: 'number', min: 0, default: 0, doc: 'Decoupled decay λ: θ ← θ·(1 − lr·λ) every step (default: 0)' },
  },
  init: adafactorInit,
  step: adafactorStep,
};
