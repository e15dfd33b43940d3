/**
 * Quadratic bowls: the easiest objectives, for seeing what the learning rate alone does.
 *
 * `quadratic` — f(x) = ½ (x − c)ᵀ A (x − c) with A = [[3, 1], [1, 2]] and c = (1, −2), in
 * object form with its exact gradient A (x − c). Minimum 0 at c. The curvatures (eigenvalues
 * of A) are (5 ± √5)/2 ≈ 3.618 and 1.382, so the problem is well conditioned (κ ≈ 2.6) and plain
 * gradient descent behaves exactly as the textbook says:
 *   - lr < 2/3.618 ≈ 0.553 converges, fastest near 2/(λmax + λmin) = 0.4;
 *   - lr just above 0.553 oscillates with growing amplitude and diverges;
 *   - PyTorch's default SGD lr 1e-3 is far too timid here: 200 steps only halve the loss.
 *   lrlab run examples/quadratic.ts --objective quadratic --optimizer sgd --lr 0.4
 *   lrlab run examples/quadratic.ts --objective quadratic --optimizer sgd --lr 0.6    (diverges)
 *   lrlab run examples/quadratic.ts --objective quadratic --optimizer adam --lr 0.1   (≈ 1e-8 after 200 steps)
 *
 * `sphere` — Σ xᵢ², the plain-function form: no gradient (LR Lab uses central finite
 * differences) and the starting point comes from the `@x0` tag. Its gradient is 2x, so SGD
 * with lr 0.5 lands on the minimum in one step, lr 1 bounces between x0 and −x0 forever, and
 * anything above 1 diverges.
 *   lrlab run examples/quadratic.ts --objective sphere --optimizer sgd --lr 0.5
 */

const A = [
  [3, 1],
  [1, 2],
] as const;
const center = [1, -2] as const;

/** A (x − c): the gradient of ½ (x − c)ᵀ A (x − c). */
function curvatureTimesOffset(x: readonly number[]): number[] {
  const d0 = x[0] - center[0];
  const d1 = x[1] - center[1];
  return [A[0][0] * d0 + A[0][1] * d1, A[1][0] * d0 + A[1][1] * d1];
}

export const quadratic = {
  x0: [-2, 1],
  f(x: readonly number[]): number {
    const g = curvatureTimesOffset(x);
    return 0.5 * ((x[0] - center[0]) * g[0] + (x[1] - center[1]) * g[1]);
  },
  grad: (x: readonly number[]): number[] => curvatureTimesOffset(x),
};

/**
 * Sum of squares Σ xᵢ², minimum 0 at the origin.
 * @x0 [1, -2, 3]
 */
export function sphere(x: number[]): number {
  let sum = 0;
  for (const xi of x) sum += xi * xi;
  return sum;
}
