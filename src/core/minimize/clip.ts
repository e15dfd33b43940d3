/**
 * Gradient clipping before the optimizer step, as PyTorch's `torch.nn.utils` does it for a
 * single parameter tensor. Both work in place and allocate nothing.
 */

/**
 * `clip_grad_norm_(max_norm, norm_type=2)`: coef = maxNorm / (norm + 1e-6); when coef < 1,
 * g ← coef · g. `norm` is ‖g‖₂, which the loop has already measured. (PyTorch multiplies by
 * min(coef, 1) always; multiplying by 1 changes nothing.)
 */
export function clipGradNorm(grad: Float64Array, norm: number, maxNorm: number): void {
  const coef = maxNorm / (norm + 1e-6);
  if (coef >= 1) return;
  const n = grad.length;
  for (let i = 0; i < n; i++) grad[i] = grad[i]! * coef;
}

/** `clip_grad_value_(clip_value)`: each component clamped to [−value, value]. */
export function clipGradValue(grad: Float64Array, value: number): void {
  const n = grad.length;
  for (let i = 0; i < n; i++) {
    const g = grad[i]!;
    if (g > value) grad[i] = value;
    else if (g < -value) grad[i] = -value;
  }
}

/**
 * ‖g‖₂ without overflow or underflow: the plain sum of squares when it is a normal finite
 * number (the common case), else rescaled by the largest |gᵢ| (a sum of 0 may be underflow). NaN when a component is NaN,
 * Infinity when one is infinite.
 */
export function l2Norm(grad: Float64Array): number {
  const n = grad.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const g = grad[i]!;
    sum += g * g;
  }
  if (sum < Infinity && sum > 1e-290) return Math.sqrt(sum);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(grad[i]!);
    if (a !== a) return NaN;
    if (a > scale) scale = a;
  }
  if (scale === Infinity || scale === 0) return scale;
  let scaled = 0;
  for (let i = 0; i < n; i++) {
    const r = grad[i]! / scale;
    scaled += r * r;
  }
  return scale * Math.sqrt(scaled);
}
