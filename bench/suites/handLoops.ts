/**
 * The plain JavaScript contenders of the optimizer-step benchmark: for each optimizer, the
 * loop a person would write by hand for PyTorch's default options (same arithmetic as LR Lab's
 * kernel, constants hoisted, no options object, no branches), and the memory-bound floor: a
 * loop that reads and writes the same arrays with one addition per element.
 */

/** Adam (β = 0.9, 0.999, ε = 1e-8, no weight decay) at step `step` (1-based). */
export function handAdam(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, step: number): void {
  const stepSize = lr / (1 - Math.pow(0.9, step));
  const bc2 = Math.sqrt(1 - Math.pow(0.999, step));
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = 0.9 * m[i]! + (1 - 0.9) * gi;
    const vi = 0.999 * v[i]! + (1 - 0.999) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i]! -= (stepSize * mi) / (Math.sqrt(vi) / bc2 + 1e-8);
  }
}

/** SGD with momentum 0.9 (dampening 0, no Nesterov) after the first step. */
export function handSgd(p: Float64Array, g: Float64Array, b: Float64Array, lr: number, first: boolean): void {
  const n = p.length;
  if (first) {
    for (let i = 0; i < n; i++) {
      const d = g[i]!;
      b[i] = d;
      p[i]! -= lr * d;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const d = 0.9 * b[i]! + 1 * g[i]!;
    b[i] = d;
    p[i]! -= lr * d;
  }
}

/** RMSprop (α = 0.99, ε = 1e-8, no momentum, not centered). */
export function handRmsprop(p: Float64Array, g: Float64Array, s: Float64Array, lr: number): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const v = 0.99 * s[i]! + (1 - 0.99) * gi * gi;
    s[i] = v;
    p[i]! -= (lr * gi) / (Math.sqrt(v) + 1e-8);
  }
}

/** Adam's memory traffic (read p, g, m, v; write p, m, v), one addition per element. */
export function floorAdam(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    m[i] = m[i]! + gi;
    v[i] = v[i]! + gi;
    p[i] = p[i]! + gi;
  }
}

/** SGD-with-momentum's and RMSprop's traffic (read p, g, s; write p, s). */
export function floorTwoState(p: Float64Array, g: Float64Array, s: Float64Array): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    s[i] = s[i]! + gi;
    p[i] = p[i]! + gi;
  }
}
