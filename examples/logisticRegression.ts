/**
 * Logistic regression on iris: versicolor (label 0) against virginica (label 1), the 100 rows
 * 50–149 of ./data/iris.ts, from the four measurements standardized to mean 0, variance 1.
 *
 * Why this pair: setosa is linearly separable from the other two species, so "setosa vs rest"
 * has no minimizer (the loss → 0 only as |w| → ∞, and every optimizer just keeps growing the
 * weights). Versicolor and virginica overlap, so the loss is strictly convex with a finite
 * minimum, and a few flowers stay misclassified (accuracy tops out at 98%).
 *
 * Parameters x = (w₁, …, w₄, b); the model says P(virginica) = σ(w·a + b). The loss is the mean
 * binary cross-entropy (PyTorch's BCEWithLogitsLoss), with its exact gradient
 * (1/n) Σ (σ(w·a + b) − y) (a, 1). Metric: `accuracy` on all 100 flowers.
 *
 * The data set is given as `data` without a `batchSize`, so by default every step sees all 100
 * flowers (deterministic full-batch descent); set a batch size in the run config to turn the
 * same objective into mini-batch SGD.
 *
 * What it shows: a smooth convex problem where the accuracy is settled within ~20 steps at a
 * good lr (95%), while the loss keeps falling for thousands more as the weights grow to sharpen
 * the boundary (0.065 after 500 SGD steps at lr 1, 0.0595 at the minimum). Adam at PyTorch's
 * default lr 1e-3 is still at 81% after 200 steps. Mini-batches make the loss curve noisy;
 * a decaying schedule calms it.
 *   lrlab run examples/logisticRegression.ts --optimizer sgd --lr 1 --iterations 500
 *   lrlab run examples/logisticRegression.ts --optimizer adam --lr 0.1 --iterations 500
 *   lrlab run examples/logisticRegression.ts --optimizer sgd --lr 0.5 --batch-size 10 --schedule cosine --iterations 1000
 */
import { iris } from './data/iris';

interface Flower {
  /** Standardized sepal length, sepal width, petal length, petal width. */
  readonly features: readonly number[];
  /** 1 for virginica, 0 for versicolor. */
  readonly label: number;
}

const featureCount = 4;

function standardize(rows: readonly (readonly number[])[]): number[][] {
  const n = rows.length;
  const means: number[] = [];
  const stds: number[] = [];
  for (let j = 0; j < featureCount; j++) {
    let mean = 0;
    for (const row of rows) mean += row[j] / n;
    let variance = 0;
    for (const row of rows) variance += (row[j] - mean) ** 2 / n;
    means.push(mean);
    stds.push(Math.sqrt(variance));
  }
  return rows.map((row) => means.map((mean, j) => (row[j] - mean) / stds[j]));
}

const pair = iris.filter((row) => row[4] !== 0);
const flowers: Flower[] = standardize(pair).map((features, i) => ({ features, label: pair[i][4] === 2 ? 1 : 0 }));

/** w·a + b for parameters x = (w, b). */
function logit(x: readonly number[], features: readonly number[]): number {
  let z = x[featureCount];
  for (let j = 0; j < featureCount; j++) z += x[j] * features[j];
  return z;
}

/** −log σ(z) if the label is 1, −log(1 − σ(z)) if it is 0, without overflow for large |z|. */
function crossEntropy(z: number, label: number): number {
  return Math.max(z, 0) - z * label + Math.log1p(Math.exp(-Math.abs(z)));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export const logisticRegression = {
  x0: [0, 0, 0, 0, 0],
  data: flowers,
  f(x: readonly number[], batch: readonly Flower[]): number {
    let sum = 0;
    for (const { features, label } of batch) sum += crossEntropy(logit(x, features), label);
    return sum / batch.length;
  },
  grad(x: readonly number[], batch: readonly Flower[]): number[] {
    const g = new Array<number>(featureCount + 1).fill(0);
    for (const { features, label } of batch) {
      const r = (sigmoid(logit(x, features)) - label) / batch.length;
      for (let j = 0; j < featureCount; j++) g[j] += r * features[j];
      g[featureCount] += r;
    }
    return g;
  },
  /** Fraction of the 100 flowers on the right side of the boundary (P(virginica) ≥ ½ ⇔ logit ≥ 0). */
  metrics(x: readonly number[]): Record<string, number> {
    let correct = 0;
    for (const { features, label } of flowers) if ((logit(x, features) >= 0 ? 1 : 0) === label) correct++;
    return { accuracy: correct / flowers.length };
  },
};
