/**
 * The plain JavaScript contenders of the optimizer-step benchmark: for each optimizer, the
 * loop a person would write by hand for PyTorch's default options (same arithmetic as LR Lab's
 * kernel, constants hoisted, no options object, no branches). The memory bound they are held
 * against is measured by bench/lib/stream.ts (STREAM in WebAssembly SIMD), not by a JS loop.
 */

/**
 * Adam (β = 0.9, 0.999, ε = 1e-8, no weight decay) at step `step` (1-based). `shortcut`: skip
 * Math.pow once 1 − βᵗ is exactly 1, as LR Lab's kernel does (t·(1 − β) ≥ 39; same numbers).
 */
export function handAdam(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, step: number, shortcut = false): void {
  const stepSize = lr / biasCorrection(0.9, step, shortcut);
  const bc2 = Math.sqrt(biasCorrection(0.999, step, shortcut));
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

/** 1 − βᵗ as PyTorch writes it, or (`shortcut`) 1 without Math.pow from t·(1 − β) ≥ 39 on, where it is exactly 1. */
export function biasCorrection(beta: number, step: number, shortcut: boolean): number {
  return shortcut && step * (1 - beta) >= 39 ? 1 : 1 - Math.pow(beta, step);
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

// --- The newer optimizers (suite familyStep), each at PyTorch's / the reference's defaults. ---

/** RAdam (β = 0.9, 0.999, ε = 1e-8) at step `step` (1-based). */
export function handRadam(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, lr: number, step: number): void {
  const bc1 = 1 - Math.pow(0.9, step);
  const bc2 = 1 - Math.pow(0.999, step);
  const rhoInf = 2 / (1 - 0.999) - 1;
  const rho = rhoInf - (2 * step * Math.pow(0.999, step)) / bc2;
  const n = p.length;
  if (rho > 5) {
    const rect = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
    const bc2Sqrt = Math.sqrt(bc2);
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const mi = 0.9 * m[i]! + (1 - 0.9) * gi;
      const vi = 0.999 * v[i]! + (1 - 0.999) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i]! - (mi / bc1) * lr * (bc2Sqrt / (Math.sqrt(vi) + 1e-8)) * rect;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const mi = 0.9 * m[i]! + (1 - 0.9) * gi;
      m[i] = mi;
      v[i] = 0.999 * v[i]! + (1 - 0.999) * gi * gi;
      p[i] = p[i]! - (mi / bc1) * lr;
    }
  }
}

/** Rprop (η = 0.5, 1.2; step sizes in [1e-6, 50]) after the first step. */
export function handRprop(p: Float64Array, g: Float64Array, prev: Float64Array, size: Float64Array): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    let gi = g[i]!;
    const a = gi * prev[i]!;
    let s = size[i]!;
    if (a > 0) s *= 1.2;
    else if (a < 0) {
      s *= 0.5;
      gi = 0;
    }
    s = Math.min(Math.max(s, 1e-6), 50);
    size[i] = s;
    p[i]! -= Math.sign(gi) * s;
    prev[i] = gi;
  }
}

/** Lion (β = 0.9, 0.99, no weight decay). */
export function handLion(p: Float64Array, g: Float64Array, m: Float64Array, lr: number): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = m[i]!;
    p[i]! -= lr * Math.sign(0.9 * mi + (1 - 0.9) * gi);
    m[i] = 0.99 * mi + (1 - 0.99) * gi;
  }
}

/** Adafactor on one vector (τ = −0.8, ε = 2⁻⁵², 1e-3, d = 1, no decay) at step `step`: three passes. */
export function handAdafactor(p: Float64Array, g: Float64Array, v: Float64Array, lr: number, step: number): void {
  const n = p.length;
  const w = Math.pow(step, -0.8);
  const rho = Math.min(lr, 1 / Math.sqrt(step));
  const eps1Squared = 2.220446049250313e-16 * 2.220446049250313e-16;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += p[i]! * p[i]!;
  const alpha = Math.max(1e-3, Math.sqrt(squares) / Math.sqrt(n)) * rho;
  let updates = 0;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const old = v[i]!;
    const vi = w < 0.5 ? old + w * (gi * gi - old) : gi * gi - (gi * gi - old) * (1 - w);
    v[i] = vi;
    const u = (1 / Math.sqrt(Math.max(vi, eps1Squared))) * gi;
    updates += u * u;
  }
  const scale = -alpha / Math.max(1, Math.sqrt(updates) / Math.sqrt(n));
  for (let i = 0; i < n; i++) p[i] = p[i]! + scale * ((1 / Math.sqrt(Math.max(v[i]!, eps1Squared))) * g[i]!);
}

/** State of the hand-written Prodigy and D-Adaptation loops: d and the running numerator. */
export interface HandDState {
  d: number;
  numerator: number;
  dMax: number;
  step: number;
}

/** Prodigy (β = 0.9, 0.999, β₃ = √β₂, ε = 1e-8, d₀ = 1e-6, lr 1): two passes. */
export function handProdigy(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, s: Float64Array, p0: Float64Array, state: HandDState, lr: number): void {
  const n = p.length;
  const beta3 = Math.sqrt(0.999);
  let d = state.d;
  const dlr = d * lr;
  const mScale = d * (1 - 0.9);
  const vScale = d * d * (1 - 0.999);
  const sScale = (d / 1e-6) * dlr;
  let dot = 0;
  let denom = 0;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    const gi = g[i]!;
    if (state.step === 0) p0[i] = pi;
    dot += gi * (p0[i]! - pi);
    m[i] = m[i]! * 0.9 + mScale * gi;
    v[i] = v[i]! * 0.999 + vScale * gi * gi;
    const si = s[i]! * beta3 + sScale * gi;
    s[i] = si;
    denom += Math.abs(si);
  }
  if (denom === 0) return;
  const numerator = state.numerator * beta3 + (d / 1e-6) * dlr * dot;
  const dHat = numerator / denom;
  if (d === 1e-6) d = Math.max(d, dHat);
  state.dMax = Math.max(state.dMax, dHat);
  d = state.dMax;
  state.numerator = numerator;
  state.d = d;
  const eps = d * 1e-8;
  for (let i = 0; i < n; i++) p[i] = p[i]! + -dlr * (m[i]! / (Math.sqrt(v[i]!) + eps));
  state.step++;
}

/** D-Adaptation Adam (β = 0.9, 0.999, ε = 1e-8, d₀ = 1e-6, lr 1): two passes. */
export function handDAdaptAdam(p: Float64Array, g: Float64Array, m: Float64Array, v: Float64Array, s: Float64Array, state: HandDState, lr: number): void {
  const n = p.length;
  const sqrtBeta2 = Math.sqrt(0.999);
  const dlr = state.d * lr;
  const mScale = dlr * (1 - 0.9);
  const sScale = dlr * (1 - sqrtBeta2);
  let dot = 0;
  let l1 = 0;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const vi = v[i]!;
    dot += gi * (s[i]! / (Math.sqrt(vi) + 1e-8));
    m[i] = m[i]! * 0.9 + mScale * gi;
    v[i] = vi * 0.999 + (1 - 0.999) * gi * gi;
    const si = s[i]! * sqrtBeta2 + sScale * gi;
    s[i] = si;
    l1 += Math.abs(si);
  }
  if (l1 === 0) return;
  const numerator = sqrtBeta2 * state.numerator + (1 - sqrtBeta2) * (dlr * dot);
  state.numerator = numerator;
  state.d = Math.max(state.d, numerator / ((1 - sqrtBeta2) * l1));
  for (let i = 0; i < n; i++) p[i] = p[i]! - m[i]! / (Math.sqrt(v[i]!) + 1e-8);
}

/** ASGD (λ = 1e-4, α = 0.75, no weight decay) with its η and μ for this step; returns the next η. */
export function handAsgd(p: Float64Array, g: Float64Array, ax: Float64Array, eta: number, mu: number): void {
  const n = p.length;
  const decay = 1 - 1e-4 * eta;
  for (let i = 0; i < n; i++) {
    const pi = p[i]! * decay + -eta * g[i]!;
    p[i] = pi;
    ax[i] = mu !== 1 ? ax[i]! + (pi - ax[i]!) * mu : pi;
  }
}

/** Schedule-free SGD (momentum 0.9, r = 0, weightLrPower 2, no warm-up) after the first step, with c = weight/Σweights. */
export function handSgdScheduleFree(y: Float64Array, g: Float64Array, z: Float64Array, x: Float64Array, lr: number, c: number): void {
  const n = y.length;
  for (let i = 0; i < n; i++) {
    const zi = z[i]! - lr * g[i]!;
    z[i] = zi;
    const xi = x[i]! * (1 - c) + zi * c;
    x[i] = xi;
    y[i] = xi * 0.9 + zi * (1 - 0.9);
  }
}

/** Schedule-free AdamW (β = 0.9, 0.999, ε = 1e-8, no decay) at step `step` (1-based), with c = weight/Σweights. */
export function handAdamwScheduleFree(y: Float64Array, g: Float64Array, z: Float64Array, x: Float64Array, v: Float64Array, lr: number, c: number, step: number): void {
  const n = y.length;
  const bc2 = 1 - Math.pow(0.999, step);
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const vi = 0.999 * v[i]! + (1 - 0.999) * gi * gi;
    v[i] = vi;
    const zi = z[i]! + -lr * (gi / (Math.sqrt(vi / bc2) + 1e-8));
    z[i] = zi;
    const xi = x[i]! * (1 - c) + zi * c;
    x[i] = xi;
    y[i] = xi * 0.9 + zi * (1 - 0.9);
  }
}

/** The hand-written L-BFGS loop's memory: m pairs in rings, the last direction and gradient. */
export interface HandLbfgs {
  readonly m: number;
  readonly d: Float64Array;
  readonly g: Float64Array;
  readonly prevG: Float64Array;
  readonly dirs: Float64Array;
  readonly stps: Float64Array;
  readonly ro: Float64Array;
  readonly al: Float64Array;
  start: number;
  count: number;
  t: number;
  hDiag: number;
  iterations: number;
}

export function handLbfgsMemory(n: number, m: number): HandLbfgs {
  const z = (k: number) => new Float64Array(k);
  return { m, d: z(n), g: z(n), prevG: z(n), dirs: z(m * n), stps: z(m * n), ro: z(m), al: z(m), start: 0, count: 0, t: 0, hDiag: 1, iterations: 0 };
}

/**
 * One L-BFGS iteration without a line search (tolerances 1e-7, 1e-9), as one torch.optim.LBFGS
 * step with max_iter 1 makes it: the newest pair, the two-loop recursion, θ ← θ + t·d.
 */
export function handLbfgsIteration(p: Float64Array, grad: Float64Array, s: HandLbfgs, lr: number): void {
  const n = p.length;
  const { m, d, g, prevG, dirs, stps, ro, al } = s;
  let gMax = 0;
  for (let i = 0; i < n; i++) {
    const v = grad[i]!;
    g[i] = v;
    gMax = Math.max(gMax, Math.abs(v));
  }
  if (gMax <= 1e-7) return;
  s.iterations++;
  if (s.iterations === 1) {
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
  } else {
    const t = s.t;
    let ys = 0;
    for (let i = 0; i < n; i++) ys += (g[i]! - prevG[i]!) * (d[i]! * t);
    if (ys > 1e-10) {
      const row = (s.start + s.count) % m;
      if (s.count === m) s.start = (s.start + 1) % m;
      else s.count++;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        const y = g[i]! - prevG[i]!;
        dirs[row * n + i] = y;
        stps[row * n + i] = d[i]! * t;
        yy += y * y;
      }
      ro[row] = 1 / ys;
      s.hDiag = ys / yy;
    }
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = s.count - 1; k >= 0; k--) {
      const row = (s.start + k) % m;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += stps[row * n + i]! * d[i]!;
      const a = dot * ro[row]!;
      al[row] = a;
      for (let i = 0; i < n; i++) d[i] = d[i]! + -a * dirs[row * n + i]!;
    }
    for (let i = 0; i < n; i++) d[i] = d[i]! * s.hDiag;
    for (let k = 0; k < s.count; k++) {
      const row = (s.start + k) % m;
      let dot = 0;
      for (let i = 0; i < n; i++) dot += dirs[row * n + i]! * d[i]!;
      const c = al[row]! - dot * ro[row]!;
      for (let i = 0; i < n; i++) d[i] = d[i]! + c * stps[row * n + i]!;
    }
  }
  for (let i = 0; i < n; i++) prevG[i] = g[i]!;
  let t = lr;
  if (s.iterations === 1) {
    let g1 = 0;
    for (let i = 0; i < n; i++) g1 += Math.abs(g[i]!);
    t = Math.min(1, 1 / g1) * lr;
  }
  s.t = t;
  let gtd = 0;
  for (let i = 0; i < n; i++) gtd += g[i]! * d[i]!;
  if (gtd > -1e-9) return;
  for (let i = 0; i < n; i++) p[i] = p[i]! + t * d[i]!;
}
