/**
 * The two ways the Adam family's libraries update the moment averages, element by element (small
 * functions the step loops call, which V8 inlines). Both are the same in exact arithmetic; they
 * round differently, so each flavour keeps its library's.
 */

/**
 * Keras (Adam, NAdam): its decoupled weight decay first (θ ← θ − θ·γλ, `decay` = γλ), then the
 * moments as Keras writes them: m ← m + (g − m)(1 − β₁), v ← v + (g² − v)(1 − β₂).
 */
export function kerasDecayAndMoments(params: Float64Array, m: Float64Array, v: Float64Array, i: number, g: number, beta1: number, beta2: number, decay: number): void {
  if (decay !== 0) params[i]! -= params[i]! * decay;
  m[i]! += (g - m[i]!) * (1 - beta1);
  v[i]! += (g * g - v[i]!) * (1 - beta2);
}

/** PyTorch, TF.js and Optax: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g². */
export function averageMoments(m: Float64Array, v: Float64Array, i: number, g: number, beta1: number, beta2: number): void {
  m[i] = beta1 * m[i]! + (1 - beta1) * g;
  v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
}
