/**
 * An ill-conditioned quadratic: f(x) = ½ Σ κᵢ xᵢ² in 10 dimensions, with curvatures κᵢ spread
 * log-uniformly from 1 to 1000 (κᵢ = 1000^(i/9)), so the condition number is 1000. Minimum 0 at
 * the origin; exact gradient κᵢ xᵢ. Starts at x0 = (1, …, 1), where f = ½ Σ κᵢ ≈ 932.7.
 *
 * What it shows:
 *   - Plain gradient descent is only stable for lr < 2/κmax = 0.002; at that lr the flattest
 *     direction (κ = 1) shrinks by just (1 − lr) per step. The loss plunges, then stalls on a
 *     plateau made of the flat coordinates. Watch the `flatCoordinate` curve barely move.
 *       lrlab run examples/illConditioned.ts --optimizer sgd --lr 0.0019 --iterations 500
 *       lrlab run examples/illConditioned.ts --optimizer sgd --lr 0.0021  (diverges: 0.0021 > 2/1000)
 *   - Momentum lets the same lr travel ~1/(1 − momentum) times further along the flat
 *     directions (heavy ball: the tuned momentum here is ((√κ − 1)/(√κ + 1))² ≈ 0.88):
 *       lrlab run examples/illConditioned.ts --optimizer sgd --lr 0.0019 --set momentum=0.9 --iterations 500
 *   - Adam and RMSprop divide each coordinate's step by a running RMS of its own gradient,
 *     which undoes a diagonal scaling like this one: every coordinate moves at about lr per
 *     step whatever its κ.
 *       lrlab run examples/illConditioned.ts --optimizer adam --lr 0.05
 *       lrlab run examples/illConditioned.ts --optimizer rmsprop --lr 0.01
 */

const dim = 10;
const maxCurvature = 1000;
const curvatures = Array.from({ length: dim }, (_, i) => maxCurvature ** (i / (dim - 1)));

export const illConditioned = {
  x0: Array.from({ length: dim }, () => 1),
  f(x: readonly number[]): number {
    let sum = 0;
    for (let i = 0; i < dim; i++) sum += curvatures[i] * x[i] * x[i];
    return 0.5 * sum;
  },
  grad(x: readonly number[]): number[] {
    const g = new Array<number>(dim);
    for (let i = 0; i < dim; i++) g[i] = curvatures[i] * x[i];
    return g;
  },
  /** |x| along the flattest (κ = 1) and the steepest (κ = 1000) directions. */
  metrics: (x: readonly number[]) => ({
    flatCoordinate: Math.abs(x[0]),
    steepCoordinate: Math.abs(x[dim - 1]),
  }),
};
