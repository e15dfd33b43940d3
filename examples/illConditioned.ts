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
 *   - Sign-based methods ignore the gradient's size altogether. Rprop grows each coordinate's own
 *     step while its gradient keeps its sign and halves it on a flip: 2e-11 in 200 steps. Lion
 *     moves every coordinate by exactly lr, in the direction its momentum says: from all ones it
 *     reaches the origin at step 100 (lr 0.01), then overshoots far past it (loss 243 near step
 *     160: the β₂ = 0.99 momentum keeps the old sign for ~60 steps) and from step ~280 on hops
 *     between 0 and ±0.01 (loss 0 or 0.09).
 *       lrlab run examples/illConditioned.ts --optimizer rprop --iterations 200
 *       lrlab run examples/illConditioned.ts --optimizer lion --lr 0.01 --iterations 500
 *   - Learning-rate free: Prodigy and D-Adaptation Adam get to ~1e-20 in 500 steps with their
 *     defaults (lr 1 is a multiplier of the step size they estimate).
 *       lrlab run examples/illConditioned.ts --optimizer prodigy --iterations 500
 *   - Second order: L-BFGS builds the inverse Hessian from its last steps and gradient changes,
 *     so the curvatures stop mattering: 4e-10 after 2 optimizer steps, which took 38
 *     evaluations of the objective (the records' evaluations column; each step runs up to
 *     maxIter inner iterations). SGD at its stable lr would need ~10⁴ steps.
 *       lrlab run examples/illConditioned.ts --optimizer lbfgs --set lineSearchFn=strongWolfe --iterations 5
 *   - Adafactor steps are relative to the parameters' RMS (1% of it at lr 0.01), so the steps
 *     shrink with the parameters: 2.1 after 500 steps at lr 0.01, 6e-4 at lr 0.1.
 *       lrlab run examples/illConditioned.ts --optimizer adafactor --lr 0.1 --iterations 500
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
