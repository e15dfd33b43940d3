/**
 * Linear regression trained by mini-batch SGD: 256 generated points y = w·a + b + noise, with
 * three features a ~ Uniform(−1, 1)³, true weights w = (2, −3, 0.5), bias b = 1 and Gaussian
 * noise of standard deviation 0.5. The data come from a small seeded generator written below,
 * so every run sees the same points.
 *
 * Parameters x = (w₁, w₂, w₃, b). Each step LR Lab samples `batchSize` = 32 points and calls
 * f(x, batch) = mean over the batch of (w·a + b − y)² (PyTorch's MSELoss) and its exact
 * gradient (2/n) Σ (w·a + b − y) (a, 1). LR Lab also evaluates the MSE on all 256 points once
 * an epoch (8 steps; `--eval-every` changes it): the "loss (all data)" curve beside the batch
 * loss (the noise alone gives 0.272 on these points), and what the best loss is taken from.
 * Metric: `weightError` = |x − (2, −3, 0.5, 1)|.
 *
 * What it shows: with a constant learning rate, mini-batch noise keeps the iterate jittering
 * around the least-squares solution, so the batch loss stays noisy and the floor of the
 * full-data loss rises with lr: after 200 SGD steps it is ≈ 0.271 (the least-squares minimum) at lr 0.1, but
 * anywhere from 0.28 to 0.5 at lr 0.8, depending on the batches drawn. A decaying schedule lets
 * it settle (lr 0.5 with cosine ends at ≈ 0.271); a bigger batch smooths the curve.
 * The largest curvature of the MSE is ≈ 2 (the bias direction; the features give ≈ 2/3), so
 * SGD is stable only for lr < 2/2 = 1: lr 1.2 diverges. PyTorch's default 1e-3 needs thousands
 * of steps.
 *   lrlab run examples/linearRegression.ts --optimizer sgd --lr 0.1
 *   lrlab run examples/linearRegression.ts --optimizer sgd --lr 0.5 --schedule cosine
 *   lrlab run examples/linearRegression.ts --optimizer adam --lr 0.05 --iterations 500
 *
 * Averaging instead of a schedule, at the noisy lr 0.8 for 500 steps: SGD's full-data loss still
 * jumps between 0.273 and 0.46; schedule-free SGD, whose loss is taken at its running average
 * x, sits at the least-squares minimum 0.271. ASGD's iterate jitters like SGD's, but its
 * averaged iterate (the second parameter series, averaging from step t0) is 0.06 from the true
 * weights where the iterate is 0.2 away.
 *   lrlab run examples/linearRegression.ts --optimizer sgd --lr 0.8 --iterations 500
 *   lrlab run examples/linearRegression.ts --optimizer sgdScheduleFree --lr 0.8 --iterations 500
 *   lrlab run examples/linearRegression.ts --optimizer asgd --lr 0.8 --set t0=50 --iterations 500
 */

interface Point {
  readonly features: readonly number[];
  readonly target: number;
}

const trueWeights = [2, -3, 0.5];
const trueBias = 1;
const noiseStd = 0.5;
const pointCount = 256;

/** mulberry32: a tiny seeded generator of uniform numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generatePoints(seed: number): Point[] {
  const uniform = mulberry32(seed);
  // Box–Muller: two uniforms give one standard normal (1 − u keeps the log finite).
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const points: Point[] = [];
  for (let k = 0; k < pointCount; k++) {
    const features = trueWeights.map(() => 2 * uniform() - 1);
    const target = predict(trueWeights, trueBias, features) + noiseStd * normal();
    points.push({ features, target });
  }
  return points;
}

function predict(weights: readonly number[], bias: number, features: readonly number[]): number {
  let y = bias;
  for (let j = 0; j < features.length; j++) y += weights[j] * features[j];
  return y;
}

const points = generatePoints(42);
const featureCount = trueWeights.length;

function meanSquaredError(x: readonly number[], batch: readonly Point[]): number {
  let sum = 0;
  for (const { features, target } of batch) {
    const residual = predict(x, x[featureCount], features) - target;
    sum += residual * residual;
  }
  return sum / batch.length;
}

export const linearRegression = {
  x0: [0, 0, 0, 0],
  data: points,
  batchSize: 32,
  f: meanSquaredError,
  grad(x: readonly number[], batch: readonly Point[]): number[] {
    const g = new Array<number>(featureCount + 1).fill(0);
    const scale = 2 / batch.length;
    for (const { features, target } of batch) {
      const r = scale * (predict(x, x[featureCount], features) - target);
      for (let j = 0; j < featureCount; j++) g[j] += r * features[j];
      g[featureCount] += r;
    }
    return g;
  },
  metrics(x: readonly number[]): Record<string, number> {
    let squaredDistance = (x[featureCount] - trueBias) ** 2;
    for (let j = 0; j < featureCount; j++) squaredDistance += (x[j] - trueWeights[j]) ** 2;
    return { weightError: Math.sqrt(squaredDistance) };
  },
};
