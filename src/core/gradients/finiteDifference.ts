/**
 * Central finite differences: the gradient LR Lab uses when an objective has no `grad`
 * (or the run asks for `gradient: 'numeric'`), and the reference `checkGradient` compares
 * a user's `grad` against.
 */
import { LrLabError } from '../errors';

/** ∛ε of float64 (≈ 6.06e-6): the step size that balances the two error terms below. */
const CBRT_EPSILON = Math.cbrt(Number.EPSILON);

/**
 * Writes the central-difference gradient of `f` at `x` into `out` (both of length n):
 *
 *   out[i] = (f(x + h·eᵢ) − f(x − h·eᵢ)) / (x⁺ᵢ − x⁻ᵢ),   h = ∛ε · max(1, |xᵢ|)
 *
 * Representable step: h is replaced by (xᵢ + h) − xᵢ, the step float64 can actually take
 * from xᵢ (computed exactly), and the denominator is the distance x⁺ᵢ − x⁻ᵢ between the two
 * points f really saw (2h unless xᵢ − h rounds), so rounding of xᵢ ± h adds no error of
 * order ε·|xᵢ|/h.
 *
 * Error: the Taylor truncation is h²·|f‴|/6 = O(h²), and rounding f to ε·|f| contributes
 * O(ε·|f|/h). With h ∝ ε^(1/3) both are O(ε^(2/3)) ≈ 4e-11 times the scale of f and its
 * derivatives, so a well-scaled gradient comes out with a relative error of about 1e-10
 * (only rounding remains for quadratics, whose f‴ = 0). The step grows with |xᵢ| so that it
 * stays far above the spacing of float64 numbers near xᵢ.
 *
 * Costs 2n evaluations of f and allocates nothing. f must not keep or change the array it is
 * given. Without `scratch`, f is evaluated on `x` itself, changed one component at a time and
 * restored bit for bit before returning (also when f throws). With `scratch` (length n), x is
 * copied into it once and f is evaluated on scratch, so x is never written (for an x that others
 * may read meanwhile); the result is the same to the bit.
 */
export function centralDifferenceGradient(f: (x: Float64Array) => number, x: Float64Array, out: Float64Array, scratch?: Float64Array): void {
  const n = x.length;
  let point = x;
  if (scratch !== undefined) {
    if (scratch.length !== n) throw new LrLabError('invalidConfig', `centralDifferenceGradient: scratch has ${scratch.length} entries but x has ${n}`);
    scratch.set(x);
    point = scratch;
  }
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const step = xi + CBRT_EPSILON * Math.max(1, Math.abs(xi)) - xi;
    const xPlus = xi + step;
    const xMinus = xi - step;
    try {
      point[i] = xPlus;
      const fPlus = f(point);
      point[i] = xMinus;
      const fMinus = f(point);
      out[i] = (fPlus - fMinus) / (xPlus - xMinus);
    } finally {
      point[i] = xi;
    }
  }
}
