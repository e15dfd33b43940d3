"""Independent NumPy reimplementations of the optimizers Debian's torch 1.13 does not have (or
not in their PyTorch 2.x form), written from each method's published algorithm and its
reference code, not from LR Lab's TypeScript:

  radam       torch.optim.RAdam of PyTorch 2.x (_single_tensor_radam), incl. decoupled_weight_decay
              (added in 2.0; torch 1.13 lacks it). Cross-checked against torch 1.13 where they overlap.
  adafactor   torch.optim.Adafactor of PyTorch 2.5 (_single_tensor_adafactor): factored second
              moments for tensors of 2+ dimensions, torch's two-formula lerp, eps1=None -> finfo.eps.
  lion        Chen et al. 2023, Algorithm 2; google/automl lion/lion_pytorch.py.
  prodigy     Mishchenko & Defazio 2024; konstmish/prodigy prodigyopt/prodigy.py (one param group).
  dAdaptAdam  Defazio & Mishchenko 2023; facebookresearch/dadaptation dadapt_adam.py (one group).
  adamwScheduleFree, sgdScheduleFree
              Defazio et al. 2024, Algorithm 1; facebookresearch/schedule_free *_schedulefree_reference.py:
              explicit y (where the gradient is taken), z (the base sequence) and x (the average,
              the evaluation point).

Every optimizer takes a list of parameter blocks (NumPy float64 arrays, shaped) like a torch
param group, and `step(grads, lr)` updates them in place. Vector arithmetic is NumPy's (its own
summation order for dot products and norms), so agreement with LR Lab is to rounding, not bit
for bit.

    /usr/bin/python3 scripts/golden/reference.py --examples

prints the worked examples of the new optimizers' TSDoc in 60-digit decimal arithmetic.
"""
import math
import sys
from decimal import Decimal, getcontext

import numpy as np

from common import decimals as vec, show

FLOAT64_EPS = float(np.finfo(np.float64).eps)


def torch_lerp(start, end, weight):
    """torch.lerp's formula (ATen Lerp.h): exact at whichever end the weight is closer to."""
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


class RAdam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decoupled_weight_decay=False):
        self.params = params
        self.beta1, self.beta2 = betas
        self.eps, self.weight_decay, self.decoupled = eps, weight_decay, decoupled_weight_decay
        self.step_count = 0
        self.exp_avg = [np.zeros_like(p) for p in params]
        self.exp_avg_sq = [np.zeros_like(p) for p in params]

    def step(self, grads, lr):
        self.step_count += 1
        t = self.step_count
        for p, g, m, v in zip(self.params, grads, self.exp_avg, self.exp_avg_sq):
            if self.weight_decay != 0:
                if self.decoupled:
                    p *= 1 - lr * self.weight_decay
                else:
                    g = g + self.weight_decay * p
            m[...] = self.beta1 * m + (1 - self.beta1) * g
            v[...] = self.beta2 * v + (1 - self.beta2) * g * g
            bc1 = 1 - self.beta1 ** t
            bc2 = 1 - self.beta2 ** t
            m_hat = m / bc1
            rho_inf = 2 / (1 - self.beta2) - 1
            rho_t = rho_inf - 2 * t * self.beta2 ** t / bc2
            if rho_t > 5:
                rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
                adaptive = math.sqrt(bc2) / (np.sqrt(v) + self.eps)
                p -= m_hat * lr * adaptive * rect
            else:
                p -= m_hat * lr

    def state(self):
        return {"expAvg": flat(self.exp_avg), "expAvgSq": flat(self.exp_avg_sq)}, {}


class Adafactor:
    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0):
        self.params = params
        self.beta2_decay, self.d, self.weight_decay = beta2_decay, d, weight_decay
        self.eps1 = FLOAT64_EPS if eps[0] is None else eps[0]
        self.eps2 = eps[1]
        self.step_count = 0
        self.row_var, self.col_var, self.variance = [], [], []
        for p in params:
            if p.ndim > 1:
                self.row_var.append(np.zeros(p.shape[:-1] + (1,)))
                self.col_var.append(np.zeros(p.shape[:-2] + (1, p.shape[-1])))
                self.variance.append(None)
            else:
                self.row_var.append(None)
                self.col_var.append(None)
                self.variance.append(np.zeros_like(p))

    def step(self, grads, lr):
        self.step_count += 1
        t = float(self.step_count)
        one_minus_beta2_t = t ** self.beta2_decay
        rho_t = min(lr, 1 / t ** 0.5)
        for p, g, row_var, col_var, variance in zip(self.params, grads, self.row_var, self.col_var, self.variance):
            alpha = max(self.eps2, np.linalg.norm(p.reshape(-1)) / p.size ** 0.5) * rho_t
            if self.weight_decay != 0:
                p *= 1 - lr * self.weight_decay
            if g.ndim > 1:
                row_mean = np.sqrt(np.sum(g * g, axis=-1, keepdims=True)) ** 2 / g.shape[-1]
                row_var[...] = torch_lerp(row_var, row_mean, one_minus_beta2_t)
                col_mean = np.sqrt(np.sum(g * g, axis=-2, keepdims=True)) ** 2 / g.shape[-2]
                col_var[...] = torch_lerp(col_var, col_mean, one_minus_beta2_t)
                var_estimate = row_var @ col_var
                var_estimate = var_estimate / np.maximum(row_var.mean(axis=-2, keepdims=True), self.eps1)
            else:
                variance[...] = torch_lerp(variance, g * g, one_minus_beta2_t)
                var_estimate = variance.copy()
            update = (1 / np.sqrt(np.maximum(var_estimate, self.eps1 * self.eps1))) * g
            denom = max(1.0, np.linalg.norm(update.reshape(-1)) / (update.size ** 0.5 * self.d))
            p += (-alpha / denom) * update

    def state(self):
        rows = [r.reshape(-1) for r in self.row_var if r is not None]
        cols = [c.reshape(-1) for c in self.col_var if c is not None]
        vecs = [v.reshape(-1) for v in self.variance if v is not None]
        return {"rowVar": flat(rows), "colVar": flat(cols), "variance": flat(vecs)}, {}


class Lion:
    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        self.params = params
        self.beta1, self.beta2 = betas
        self.weight_decay = weight_decay
        self.exp_avg = [np.zeros_like(p) for p in params]

    def step(self, grads, lr):
        for p, g, m in zip(self.params, grads, self.exp_avg):
            p *= 1 - lr * self.weight_decay
            update = m * self.beta1 + g * (1 - self.beta1)
            p -= lr * np.sign(update)
            m[...] = m * self.beta2 + (1 - self.beta2) * g

    def state(self):
        return {"expAvg": flat(self.exp_avg)}, {}


class Prodigy:
    def __init__(self, params, lr=1.0, betas=(0.9, 0.999), beta3=None, eps=1e-8, weight_decay=0.0, decouple=True,
                 use_bias_correction=False, safeguard_warmup=False, d0=1e-6, d_coef=1.0, growth_rate=math.inf, slice_p=1):
        self.params = params
        self.beta1, self.beta2 = betas
        self.beta3 = math.sqrt(self.beta2) if beta3 is None else beta3
        self.eps, self.weight_decay, self.decouple = eps, weight_decay, decouple
        self.use_bias_correction, self.safeguard_warmup = use_bias_correction, safeguard_warmup
        self.d0, self.d_coef, self.growth_rate, self.slice_p = d0, d_coef, growth_rate, slice_p
        self.d = d0
        self.d_max = d0
        self.d_numerator = 0.0
        self.k = 0
        self.started = False
        self.exp_avg = [np.zeros_like(p) for p in params]
        self.exp_avg_sq = [np.zeros_like(p) for p in params]
        self.s = [np.zeros_like(p.reshape(-1)[::slice_p]) for p in params]
        self.p0 = None

    def step(self, grads, lr):
        if not self.started:
            self.p0 = [p.reshape(-1)[::self.slice_p].copy() for p in self.params]
            self.started = True
        bias_correction = (1 - self.beta2 ** (self.k + 1)) ** 0.5 / (1 - self.beta1 ** (self.k + 1)) if self.use_bias_correction else 1
        d = self.d
        dlr = d * lr * bias_correction
        d_numerator = self.d_numerator * self.beta3
        delta_numerator = 0.0
        d_denom = 0.0
        grads = [g + self.weight_decay * p if (self.weight_decay != 0 and not self.decouple) else g for p, g in zip(self.params, grads)]
        if lr > 0:
            for p, g, m, v, s, p0 in zip(self.params, grads, self.exp_avg, self.exp_avg_sq, self.s, self.p0):
                sliced = g.reshape(-1)[::self.slice_p]
                delta_numerator += (d / self.d0) * dlr * float(np.dot(sliced, p0 - p.reshape(-1)[::self.slice_p]))
                if self.beta1 > 0:
                    m[...] = m * self.beta1 + d * (1 - self.beta1) * g
                v[...] = v * self.beta2 + d * d * (1 - self.beta2) * g * g
                weight = (d / self.d0) * d if self.safeguard_warmup else (d / self.d0) * dlr
                s[...] = s * self.beta3 + weight * sliced
                d_denom += float(np.sum(np.abs(s)))
        if d_denom == 0:
            return
        if lr > 0:
            numerator = d_numerator + delta_numerator
            d_hat = self.d_coef * numerator / d_denom
            if d == self.d0:
                d = max(d, d_hat)
            self.d_max = max(self.d_max, d_hat)
            d = min(self.d_max, d * self.growth_rate)
            self.d_numerator = numerator
        self.d = d
        for p, g, m, v in zip(self.params, grads, self.exp_avg, self.exp_avg_sq):
            denom = np.sqrt(v) + d * self.eps
            if self.weight_decay != 0 and self.decouple:
                p += -self.weight_decay * dlr * p
            if self.beta1 > 0:
                p += -dlr * (m / denom)
            else:
                p += -dlr * d * (g / denom)
        self.k += 1

    def lr_used(self, lr):
        """The step size of the next step: d·lr (·bias correction), the reference's dlr."""
        bias_correction = (1 - self.beta2 ** (self.k + 1)) ** 0.5 / (1 - self.beta1 ** (self.k + 1)) if self.use_bias_correction else 1
        return self.d * lr * bias_correction

    def state(self):
        buffers = {"expAvg": flat(self.exp_avg) if self.beta1 > 0 else [], "expAvgSq": flat(self.exp_avg_sq), "s": flat(self.s),
                   "p0": flat(self.p0)}
        return buffers, {"d": self.d, "dMax": self.d_max, "dNumerator": self.d_numerator}


class DAdaptAdam:
    def __init__(self, params, lr=1.0, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, decouple=False,
                 use_bias_correction=False, d0=1e-6, growth_rate=math.inf):
        self.params = params
        self.beta1, self.beta2 = betas
        self.eps, self.weight_decay, self.decouple = eps, weight_decay, decouple
        self.use_bias_correction, self.d0, self.growth_rate = use_bias_correction, d0, growth_rate
        self.d = d0
        self.numerator_weighted = 0.0
        self.k = 0
        self.exp_avg = [np.zeros_like(p) for p in params]
        self.exp_avg_sq = [np.zeros_like(p) for p in params]
        self.s = [np.zeros_like(p) for p in params]

    def step(self, grads, lr):
        bias_correction = (1 - self.beta2 ** (self.k + 1)) ** 0.5 / (1 - self.beta1 ** (self.k + 1)) if self.use_bias_correction else 1
        d = self.d
        dlr = d * lr * bias_correction
        sqrt_beta2 = self.beta2 ** 0.5
        numerator_acum = 0.0
        sk_l1 = 0.0
        if lr > 0:
            for p, g, m, v, s in zip(self.params, grads, self.exp_avg, self.exp_avg_sq, self.s):
                if self.weight_decay != 0 and not self.decouple:
                    g = g + self.weight_decay * p
                denom = np.sqrt(v) + self.eps
                numerator_acum += dlr * float(np.dot(g.reshape(-1), (s / denom).reshape(-1)))
                m[...] = m * self.beta1 + dlr * (1 - self.beta1) * g
                v[...] = v * self.beta2 + (1 - self.beta2) * g * g
                s[...] = s * sqrt_beta2 + dlr * (1 - sqrt_beta2) * g
                sk_l1 += float(np.sum(np.abs(s)))
        if sk_l1 == 0:
            return
        numerator_weighted = sqrt_beta2 * self.numerator_weighted + (1 - sqrt_beta2) * numerator_acum
        if lr > 0:
            d_hat = numerator_weighted / ((1 - sqrt_beta2) * sk_l1)
            d = max(d, min(d_hat, d * self.growth_rate))
        self.numerator_weighted = numerator_weighted
        self.d = d
        for p, m, v in zip(self.params, self.exp_avg, self.exp_avg_sq):
            denom = np.sqrt(v) + self.eps
            if self.weight_decay != 0 and self.decouple:
                p += -self.weight_decay * dlr * p
            p -= m / denom
        self.k += 1

    def lr_used(self, lr):
        bias_correction = (1 - self.beta2 ** (self.k + 1)) ** 0.5 / (1 - self.beta1 ** (self.k + 1)) if self.use_bias_correction else 1
        return self.d * lr * bias_correction

    def state(self):
        return ({"expAvg": flat(self.exp_avg), "expAvgSq": flat(self.exp_avg_sq), "s": flat(self.s)},
                {"d": self.d, "numeratorWeighted": self.numerator_weighted})


class AdamWScheduleFree:
    """The explicit y/z/x form: p holds y; state z and x (AdamWScheduleFreeReference)."""

    def __init__(self, params, lr=0.0025, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, warmup_steps=0, r=0.0, weight_lr_power=2.0):
        self.params = params
        self.beta1, self.beta2 = betas
        self.eps, self.weight_decay, self.warmup_steps, self.r, self.weight_lr_power = eps, weight_decay, warmup_steps, r, weight_lr_power
        self.k = 0
        self.weight_sum = 0.0
        self.lr_max = -1.0
        self.z = self.x = None
        self.exp_avg_sq = [np.zeros_like(p) for p in params]

    def step(self, grads, lr):
        if self.z is None:
            self.z = [p.copy() for p in self.params]
            self.x = [p.copy() for p in self.params]
        k = self.k
        sched = (k + 1) / self.warmup_steps if k < self.warmup_steps else 1.0
        bias_correction2 = 1 - self.beta2 ** (k + 1)
        lr = lr * sched
        self.lr_max = max(lr, self.lr_max)
        weight = ((k + 1) ** self.r) * (self.lr_max ** self.weight_lr_power)
        self.weight_sum += weight
        ckp1 = weight / self.weight_sum if self.weight_sum != 0 else 0
        for y, g, z, x, v in zip(self.params, grads, self.z, self.x, self.exp_avg_sq):
            if self.weight_decay != 0:
                z -= lr * self.weight_decay * y
            v[...] = v * self.beta2 + (1 - self.beta2) * g * g
            denom = np.sqrt(v / bias_correction2) + self.eps
            z += -lr * (g / denom)
            x[...] = x * (1 - ckp1) + ckp1 * z
            y[...] = x * self.beta1 + (1 - self.beta1) * z
        self.k += 1

    def eval_point(self):
        return flat(self.x) if self.x is not None else flat(self.params)

    def state(self):
        return {"z": flat(self.z), "x": flat(self.x), "expAvgSq": flat(self.exp_avg_sq)}, {"weightSum": self.weight_sum, "lrMax": self.lr_max}


class SGDScheduleFree:
    """The explicit y/z/x form: p holds y; state z and x (SGDScheduleFreeReference)."""

    def __init__(self, params, lr=1.0, momentum=0.9, weight_decay=0.0, warmup_steps=0, r=0.0, weight_lr_power=2.0):
        self.params = params
        self.momentum, self.weight_decay, self.warmup_steps, self.r, self.weight_lr_power = momentum, weight_decay, warmup_steps, r, weight_lr_power
        self.k = 0
        self.weight_sum = 0.0
        self.lr_max = -1.0
        self.z = self.x = None

    def step(self, grads, lr):
        if self.z is None:
            self.z = [p.copy() for p in self.params]
            self.x = [p.copy() for p in self.params]
        k = self.k
        sched = (k + 1) / self.warmup_steps if k < self.warmup_steps else 1.0
        lr = lr * sched
        self.lr_max = max(lr, self.lr_max)
        weight = ((k + 1) ** self.r) * (self.lr_max ** self.weight_lr_power)
        self.weight_sum += weight
        ckp1 = weight / self.weight_sum if self.weight_sum != 0 else 0
        for y, g, z, x in zip(self.params, grads, self.z, self.x):
            if self.weight_decay != 0:
                g = g + self.weight_decay * y
            z -= lr * g
            x[...] = x * (1 - ckp1) + ckp1 * z
            y[...] = x * self.momentum + (1 - self.momentum) * z
        self.k += 1

    def eval_point(self):
        return flat(self.x) if self.x is not None else flat(self.params)

    def state(self):
        return {"z": flat(self.z), "x": flat(self.x)}, {"weightSum": self.weight_sum, "lrMax": self.lr_max}


def flat(arrays):
    return [float(x) for a in arrays for x in np.asarray(a).reshape(-1)]


# LR Lab option name -> keyword of the classes above.
KEYWORDS = {
    "lr": "lr", "betas": "betas", "eps": "eps", "weightDecay": "weight_decay", "decoupledWeightDecay": "decoupled_weight_decay",
    "beta2Decay": "beta2_decay", "d": "d", "beta3": "beta3", "decouple": "decouple", "useBiasCorrection": "use_bias_correction",
    "safeguardWarmup": "safeguard_warmup", "d0": "d0", "dCoef": "d_coef", "growthRate": "growth_rate", "sliceP": "slice_p",
    "momentum": "momentum", "warmupSteps": "warmup_steps", "r": "r", "weightLrPower": "weight_lr_power",
}

CLASSES = {"radam": RAdam, "adafactor": Adafactor, "lion": Lion, "prodigy": Prodigy, "dAdaptAdam": DAdaptAdam,
           "adamwScheduleFree": AdamWScheduleFree, "sgdScheduleFree": SGDScheduleFree}


def make(opt_type, blocks, options):
    kwargs = {}
    for key, value in options.items():
        if key == "growthRate" and value is None:
            value = math.inf
        if key in ("betas", "eps") and isinstance(value, list):
            value = tuple(value)
        kwargs[KEYWORDS[key]] = value
    return CLASSES[opt_type](blocks, **kwargs)


# --- Worked examples of the TSDoc, in decimal arithmetic -------------------------------------

def worked_examples():
    getcontext().prec = 60
    D = Decimal

    def sign(x):
        return D(1) if x > 0 else D(-1) if x < 0 else D(0)

    def radam(theta, grads, lr, b1, b2):
        th, m, v, rows = vec(theta), [D(0)] * len(theta), [D(0)] * len(theta), []
        rho_inf = 2 / (1 - b2) - 1
        for t, g in enumerate(grads, 1):
            g = vec(g)
            m = [b1 * a + (1 - b1) * gg for a, gg in zip(m, g)]
            v = [b2 * a + (1 - b2) * gg * gg for a, gg in zip(v, g)]
            rho = rho_inf - 2 * t * b2 ** t / (1 - b2 ** t)
            assert rho <= 5
            th = [x - lr * mm / (1 - b1 ** t) for x, mm in zip(th, m)]
            rows += [(f"rho{t}", [rho]), (f"theta{t}", th)]
        return rows

    def rprop(theta, grads, lr, etas, sizes):
        th, prev, delta, rows = vec(theta), [D(0)] * len(theta), [lr] * len(theta), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            for i in range(len(th)):
                agreement = g[i] * prev[i]
                if agreement > 0:
                    delta[i] = min(delta[i] * etas[1], sizes[1])
                elif agreement < 0:
                    delta[i] = max(delta[i] * etas[0], sizes[0])
                    g[i] = D(0)
                th[i] -= sign(g[i]) * delta[i]
            prev = g
            rows += [(f"stepSize{t}", list(delta)), (f"theta{t}", list(th))]
        return rows

    def lion(theta, grads, lr, b1, b2):
        th, m, rows = vec(theta), [D(0)] * len(theta), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            c = [b1 * mm + (1 - b1) * gg for mm, gg in zip(m, g)]
            th = [x - lr * sign(cc) for x, cc in zip(th, c)]
            m = [b2 * mm + (1 - b2) * gg for mm, gg in zip(m, g)]
            rows += [(f"theta{t}", th), (f"expAvg{t}", m)]
        return rows

    def adafactor(theta, grads, lr, tau, eps1, eps2, d):
        th, v, rows = vec(theta), [D(0)] * len(theta), []
        n = D(len(theta))
        for t, g in enumerate(grads, 1):
            g = vec(g)
            w = D(t) ** tau
            rho = min(lr, 1 / D(t).sqrt())
            alpha = max(eps2, (sum(x * x for x in th) / n).sqrt()) * rho
            v = [a + w * (gg * gg - a) for a, gg in zip(v, g)]
            u = [gg / max(vv, eps1 * eps1).sqrt() for gg, vv in zip(g, v)]
            denom = max(D(1), (sum(x * x for x in u) / n).sqrt() / d)
            th = [x - alpha / denom * uu for x, uu in zip(th, u)]
            rows += [(f"variance{t}", v), (f"theta{t}", th)]
        return rows

    def prodigy(theta, grads, lr, b1, b2, eps, d0):
        b3 = b2.sqrt()
        th0 = vec(theta)
        th, m, v, s = list(th0), [D(0)] * len(theta), [D(0)] * len(theta), [D(0)] * len(theta)
        d, d_max, r, rows = d0, d0, D(0), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            dlr = d * lr
            r = b3 * r + (d / d0) * dlr * sum(gg * (a - x) for gg, a, x in zip(g, th0, th))
            m = [b1 * mm + d * (1 - b1) * gg for mm, gg in zip(m, g)]
            v = [b2 * vv + d * d * (1 - b2) * gg * gg for vv, gg in zip(v, g)]
            s = [b3 * ss + (d / d0) * dlr * gg for ss, gg in zip(s, g)]
            d_hat = r / sum(abs(ss) for ss in s)
            if d == d0:
                d = max(d, d_hat)
            d_max = max(d_max, d_hat)
            d = d_max
            th = [x - dlr * mm / (vv.sqrt() + d * eps) for x, mm, vv in zip(th, m, v)]
            rows += [(f"lrUsed{t}, d{t}", [dlr, d]), (f"theta{t}", th)]
        return rows

    def dadapt(theta, grads, lr, b1, b2, eps, d0):
        sb2 = b2.sqrt()
        th, m, v, s = vec(theta), [D(0)] * len(theta), [D(0)] * len(theta), [D(0)] * len(theta)
        d, r, rows = d0, D(0), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            dlr = d * lr
            acc = dlr * sum(gg * ss / (vv.sqrt() + eps) for gg, ss, vv in zip(g, s, v))
            m = [b1 * mm + dlr * (1 - b1) * gg for mm, gg in zip(m, g)]
            v = [b2 * vv + (1 - b2) * gg * gg for vv, gg in zip(v, g)]
            s = [sb2 * ss + dlr * (1 - sb2) * gg for ss, gg in zip(s, g)]
            r = sb2 * r + (1 - sb2) * acc
            d_hat = r / ((1 - sb2) * sum(abs(ss) for ss in s))
            d = max(d, d_hat)
            th = [x - mm / (vv.sqrt() + eps) for x, mm, vv in zip(th, m, v)]
            rows += [(f"lrUsed{t}, dHat{t}, d{t}", [dlr, d_hat, d]), (f"theta{t}", th)]
        return rows

    def asgd(theta, grads, lr, lambd, alpha, t0):
        th, ax, eta, mu, rows = vec(theta), [D(0)] * len(theta), lr, D(1), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            th = [x * (1 - lambd * eta) - eta * gg for x, gg in zip(th, g)]
            ax = [a + mu * (x - a) for a, x in zip(ax, th)] if mu != 1 else list(th)
            eta = lr / (1 + lambd * lr * t) ** alpha
            mu = 1 / max(D(1), t - t0)
            rows += [(f"theta{t}", th), (f"ax{t}", ax), (f"eta{t + 1}, mu{t + 1}", [eta, mu])]
        return rows

    def lbfgs_fixed(theta, curvatures, lr, max_iter):
        """One step of LBFGS without a line search on f = 1/2 sum k_i x_i^2 (gradient k_i x_i)."""
        th = vec(theta)
        k = vec(curvatures)
        grad = lambda x: [a * b for a, b in zip(k, x)]
        g = grad(th)
        dirs, stps, ro, rows, evals = [], [], [], [], 1
        d, t, h, g_prev = None, None, D(1), None
        for it in range(1, max_iter + 1):
            if it == 1:
                d = [-x for x in g]
            else:
                y = [a - b for a, b in zip(g, g_prev)]
                s_ = [t * x for x in d]
                ys = sum(a * b for a, b in zip(y, s_))
                dirs.append(y)
                stps.append(s_)
                ro.append(1 / ys)
                h = ys / sum(a * a for a in y)
                q = [-x for x in g]
                al = [None] * len(dirs)
                for i in range(len(dirs) - 1, -1, -1):
                    al[i] = sum(a * b for a, b in zip(stps[i], q)) * ro[i]
                    q = [a - al[i] * b for a, b in zip(q, dirs[i])]
                r = [h * x for x in q]
                for i in range(len(dirs)):
                    be = sum(a * b for a, b in zip(dirs[i], r)) * ro[i]
                    r = [a + (al[i] - be) * b for a, b in zip(r, stps[i])]
                d = r
            g_prev = list(g)
            t = min(D(1), 1 / sum(abs(x) for x in g)) * lr if it == 1 else lr
            th = [a + t * b for a, b in zip(th, d)]
            rows.append((f"iteration {it}: t, theta", [t] + th))
            if it != max_iter:
                g = grad(th)
                evals += 1
        rows.append(("evaluations", [D(evals)]))
        return rows

    def schedule_free(theta, grads, lr, beta, adam):
        th = vec(theta)
        z, x, v, rows, wsum = list(th), list(th), [D(0)] * len(theta), [], D(0)
        b2 = D("0.999")
        for t, g in enumerate(grads, 1):
            g = vec(g)
            w = lr * lr
            wsum += w
            c = w / wsum
            if adam:
                v = [b2 * a + (1 - b2) * gg * gg for a, gg in zip(v, g)]
                z = [a - lr * gg / ((vv / (1 - b2 ** t)).sqrt() + D("1e-8")) for a, gg, vv in zip(z, g, v)]
            else:
                z = [a - lr * gg for a, gg in zip(z, g)]
            x = [(1 - c) * a + c * b for a, b in zip(x, z)]
            y = [beta * a + (1 - beta) * b for a, b in zip(x, z)]
            rows += [(f"z{t}", z), (f"x{t} (the model)", x), (f"y{t} (params)", y)]
        return rows

    b1, b2 = D("0.9"), D("0.999")
    show("asgd (lr 0.1, t0 0)", asgd([1, -2], [[1, -2], [0.5, 1], [1, 1]], D("0.1"), D("1e-4"), D("0.75"), D(0)))
    show("lbfgs (lr 1, maxIter 2, maxEval 3, no line search) on 1/2 (x^2 + 10 y^2)", lbfgs_fixed([1, 1], [1, 10], D(1), 2))
    show("sgdScheduleFree (lr 0.1)", schedule_free([1, -2], [[1, -2], [0.5, 1]], D("0.1"), D("0.9"), False))
    show("adamwScheduleFree (lr 0.1)", schedule_free([1, -2], [[1, -2], [0.5, 1]], D("0.1"), D("0.9"), True))
    show("radam (lr 0.1)", radam([1, 2], [[1, 1], [1, -1]], D("0.1"), b1, b2))
    show("rprop (lr 0.1)", rprop([1, -2], [[2, -4], [1, 3], [0.5, 1]], D("0.1"), (D("0.5"), D("1.2")), (D("1e-6"), D(50))))
    show("lion (lr 0.1)", lion([1, -2], [[3, -0.5], [-1, -1]], D("0.1"), D("0.9"), D("0.99")))
    show("adafactor (lr 0.01)", adafactor([1, -2], [[1, 1], [2, -1]], D("0.01"), D("-0.8"), D(2) ** -52, D("1e-3"), D(1)))
    show("prodigy (d0 0.01)", prodigy([1, -2], [[1, -2], [1, -2], [1, -2]], D(1), b1, b2, D("1e-8"), D("0.01")))
    show("dAdaptAdam (defaults)", dadapt([1, -2], [[1, -2], [1, -2], [1, -2]], D(1), b1, b2, D("1e-8"), D("1e-6")))


if __name__ == "__main__":
    if sys.argv[1:] == ["--examples"]:
        worked_examples()
    else:
        sys.exit("usage: reference.py --examples   (the classes are used by trajectories.py)")
