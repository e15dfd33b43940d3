/**
 * Rosenbrock's banana function: f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1),
 * started at the classic (−1.2, 1) where f = 24.2. Exact gradient:
 *   ∂f/∂x = −2 (1 − x) − 400 x (y − x²),   ∂f/∂y = 200 (y − x²).
 *
 * What it shows: the minimum sits at the end of a long, narrow, curved valley (at (1, 1) the
 * curvature across it is ~2500× the curvature along it: Hessian eigenvalues 1001.6 and 0.4).
 * Plain gradient descent drops to the valley floor fast, then crawls along it. It can only
 * settle at the minimum if lr < 2/1001.6 ≈ 0.002: lr 0.005 keeps bouncing around the valley
 * and lr 0.008 is thrown out within 5 steps. Momentum builds up speed along the valley.
 * Adam moves each coordinate by about lr per step whatever the gradient's size, so with lr 0.01
 * it needs ~2000 steps to walk the curved valley; lr 0.1 gets to 1e-5 in 1000.
 *   lrlab run examples/rosenbrock.ts --optimizer sgd --lr 0.001 --iterations 2000   (slow crawl)
 *   lrlab run examples/rosenbrock.ts --optimizer sgd --lr 0.008                     (diverges)
 *   lrlab run examples/rosenbrock.ts --optimizer sgd --lr 0.002 --set momentum=0.9 --iterations 1000
 *   lrlab run examples/rosenbrock.ts --optimizer adam --lr 0.1 --iterations 1000
 *
 * The other families:
 *   - Sign-based: Lion moves every coordinate by exactly ±lr. With lr 0.01 it reaches (1, 1)
 *     (loss 1e-27 on the way) but cannot settle: it keeps hopping around the minimum, loss 0.03
 *     after 1000 steps. A schedule that shrinks the lr lets it land (cosine: 1.4e-3).
 *       lrlab run examples/rosenbrock.ts --optimizer lion --lr 0.01 --iterations 1000
 *       lrlab run examples/rosenbrock.ts --optimizer lion --lr 0.01 --schedule cosine --iterations 1000
 *   - Rectified: RAdam's first five steps are plain momentum steps of size lr·m̂, not normalised
 *     by √v like Adam's, so the gradient's size (215 here) comes through: lr 0.01 is thrown out
 *     within 5 steps, where Adam is fine even at lr 0.1.
 *       lrlab run examples/rosenbrock.ts --optimizer radam --lr 0.01   (diverges)
 *   - Second order: L-BFGS with its strong-Wolfe line search walks the valley in a few
 *     quasi-Newton steps: 4e-10 after 20 optimizer steps (each several evaluations).
 *       lrlab run examples/rosenbrock.ts --optimizer lbfgs --set lineSearchFn=strongWolfe --iterations 20
 *   - Learning-rate free: D-Adaptation Adam, with nothing tuned, gets to 1.6e-18 in 1000 steps;
 *     Prodigy to 9e-4. Their lr curve is the step size d·lr they estimated.
 *       lrlab run examples/rosenbrock.ts --optimizer dAdaptAdam --iterations 1000
 */

export const rosenbrock = {
  x0: [-1.2, 1],
  f(p: readonly number[]): number {
    const x = p[0];
    const y = p[1];
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
  },
  grad(p: readonly number[]): number[] {
    const x = p[0];
    const y = p[1];
    return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)];
  },
};
