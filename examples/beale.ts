/**
 * Beale's function: f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²,
 * minimum 0 at (3, 0.5), started at (1, 1) where f = 14.203125.
 *
 * It has no `grad`, so LR Lab records its exact gradient from the code of f (reverse-mode
 * automatic differentiation): this is what an objective looks like when you cannot be bothered
 * to work out the gradient. Compare a run with `--gradient numeric` (central finite differences,
 * two evaluations of f per coordinate) to see that the curves hardly change.
 *
 * What it shows: steep walls (the xy³ term grows fast for |y| > 1) next to a flat basin, so a
 * learning rate that is fine in the basin overshoots near the walls. Plain SGD converges with
 * lr 0.03, never settles with lr 0.05 and is thrown out within 4 steps at lr 0.1. Adam's
 * per-coordinate normalisation copes with the changing scale: lr 0.1 is there in 200 steps.
 *   lrlab run examples/beale.ts --optimizer sgd --lr 0.03 --iterations 1000
 *   lrlab run examples/beale.ts --optimizer sgd --lr 0.1                        (diverges)
 *   lrlab run examples/beale.ts --optimizer adam --lr 0.1 --iterations 500
 *
 * The step-size-setting methods part ways here: Rprop (3.6e-11 in 300 steps) and Prodigy (2e-19
 * in 500, nothing tuned) find the basin, while D-Adaptation Adam's estimate of d overshoots off
 * the steep wall and runs away along the flat valley (x ≈ 20, loss 377 after 500 steps).
 *   lrlab run examples/beale.ts --optimizer rprop --iterations 300
 *   lrlab run examples/beale.ts --optimizer prodigy --iterations 500
 *   lrlab run examples/beale.ts --optimizer dAdaptAdam --iterations 500        (runs away)
 */

export const beale = {
  x0: [1, 1],
  f(p: readonly number[]): number {
    const x = p[0];
    const y = p[1];
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y ** 3) ** 2;
  },
};
