#!/usr/bin/python3
"""Reference trajectories for LR Lab's optimizers, from the real torch.optim classes.

Run with the system Python that has PyTorch (1.13):

    /usr/bin/python3 scripts/golden/optimizers.py > test/golden/optimizers.json

Every case builds the torch.optim class on one float64 parameter vector x0 (5 entries),
passing only the options the case names (snake_case; the rest are torch's defaults, which
are recorded as `torchGroup` so the test can compare them with LR Lab's). Then, for
STEPS steps: set param_groups[0]['lr'] = base lr * LR_MULTIPLIERS[k] (a changing lr, as a
schedule would give), compute the gradient of OBJECTIVE by autograd, optimizer.step(), and
record the lr, the gradient and the parameters after the step. The final per-parameter state
(state_dict for that tensor) is recorded under LR Lab's camelCase names.

NAdam: torch 1.13's _single_tensor_nadam computes mu_product_next = mu_product * mu * mu_next,
counting mu twice; PyTorch 2.0 fixed it to mu_product * mu_next, and LR Lab follows 2.x. The
script runs torch 1.13's own function with that one line replaced (it stops if the line is not
found exactly once).

Other differences from PyTorch 2.x, all below the tests' 1e-12 tolerance: 2.x updates first
moments with lerp_ (m + (1 - b1)(g - m)) instead of mul_(b1).add_(g, alpha=1 - b1).

    /usr/bin/python3 scripts/golden/optimizers.py --examples

prints the worked examples of the optimizers' TSDoc, computed in 60-digit decimal arithmetic
from the update rules (no torch, no LR Lab), for the numbers the worked-example test asserts.
"""
import inspect
import math
import sys
from decimal import Decimal, getcontext

import torch
import torch.optim.nadam as nadam_module

from common import decimals as vec, show, to_json

torch.set_default_dtype(torch.float64)

X0 = [-1.2, 1.0, 0.5, -2.0, 0.7]
STEPS = 10
LR_MULTIPLIERS = [1.0, 0.5, 2.0, 0.25, 1.5, 0.75, 1.25, 0.1, 3.0, 1.0]
OBJECTIVE = "f(x) = (1 - x0)^2 + 10 (x1 - x0^2)^2 + 2 (x2 + 0.5)^2 + 0.3 x2 x3 + 0.25 x3^4 + 0.5 sin(3 x4) + 0.2 x4^2"


def objective(x):
    return ((1 - x[0]) ** 2 + 10 * (x[1] - x[0] ** 2) ** 2 + 2 * (x[2] + 0.5) ** 2
            + 0.3 * x[2] * x[3] + 0.25 * x[3] ** 4 + 0.5 * torch.sin(3 * x[4]) + 0.2 * x[4] ** 2)


def patch_nadam():
    source = inspect.getsource(nadam_module._single_tensor_nadam)
    bug = "mu_product_next = mu_product * mu * mu_next"
    fix = "mu_product_next = mu_product * mu_next"
    if source.count(bug) != 1:
        sys.exit("torch's _single_tensor_nadam no longer has the line this script patches; check it against PyTorch 2.x")
    exec(compile(source.replace(bug, fix), "<_single_tensor_nadam, PyTorch 2.x mu_product_next>", "exec"), nadam_module.__dict__)


CLASSES = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "adadelta": torch.optim.Adadelta,
    "adamax": torch.optim.Adamax,
    "nadam": torch.optim.NAdam,
    "radam": torch.optim.RAdam,
    "rprop": torch.optim.Rprop,
    "asgd": torch.optim.ASGD,
}

# LR Lab option name -> torch argument / param_group key.
SNAKE = {
    "lr": "lr", "momentum": "momentum", "dampening": "dampening", "nesterov": "nesterov",
    "weightDecay": "weight_decay", "lrDecay": "lr_decay", "initialAccumulatorValue": "initial_accumulator_value",
    "eps": "eps", "alpha": "alpha", "centered": "centered", "betas": "betas", "amsgrad": "amsgrad",
    "rho": "rho", "momentumDecay": "momentum_decay", "etas": "etas", "stepSizes": "step_sizes",
    "lambd": "lambd", "t0": "t0",
}

# torch state key -> LR Lab state field.
CAMEL_STATE = {
    "momentum_buffer": "momentumBuffer", "sum": "sum", "square_avg": "squareAvg", "grad_avg": "gradAvg",
    "exp_avg": "expAvg", "exp_avg_sq": "expAvgSq", "max_exp_avg_sq": "maxExpAvgSq", "acc_delta": "accDelta",
    "exp_inf": "expInf", "mu_product": "muProduct", "prev": "prev", "step_size": "stepSize",
    "eta": "eta", "mu": "mu", "ax": "ax",
}

OPTION_NAMES = {
    "sgd": ["lr", "momentum", "dampening", "nesterov", "weightDecay"],
    "adagrad": ["lr", "lrDecay", "weightDecay", "initialAccumulatorValue", "eps"],
    "rmsprop": ["lr", "alpha", "eps", "weightDecay", "momentum", "centered"],
    "adam": ["lr", "betas", "eps", "weightDecay", "amsgrad"],
    "adamw": ["lr", "betas", "eps", "weightDecay", "amsgrad"],
    "adadelta": ["lr", "rho", "eps", "weightDecay"],
    "adamax": ["lr", "betas", "eps", "weightDecay"],
    "nadam": ["lr", "betas", "eps", "weightDecay", "momentumDecay"],
    "radam": ["lr", "betas", "eps", "weightDecay"],
    "rprop": ["lr", "etas", "stepSizes"],
    "asgd": ["lr", "lambd", "alpha", "t0", "weightDecay"],
}

# (name, type, options in LR Lab's camelCase). Each non-default branch of every kernel appears.
CASES = [
    ("sgd defaults", "sgd", {}),
    ("sgd momentum", "sgd", {"lr": 0.01, "momentum": 0.9}),
    ("sgd momentum + dampening", "sgd", {"lr": 0.01, "momentum": 0.9, "dampening": 0.5}),
    ("sgd nesterov", "sgd", {"lr": 0.01, "momentum": 0.9, "nesterov": True}),
    ("sgd weightDecay", "sgd", {"lr": 0.01, "weightDecay": 0.1}),
    ("sgd nesterov + weightDecay", "sgd", {"lr": 0.005, "momentum": 0.8, "nesterov": True, "weightDecay": 0.05}),
    ("adagrad defaults", "adagrad", {}),
    ("adagrad lrDecay", "adagrad", {"lr": 0.1, "lrDecay": 0.1}),
    ("adagrad initialAccumulatorValue", "adagrad", {"lr": 0.1, "initialAccumulatorValue": 0.5}),
    ("adagrad weightDecay", "adagrad", {"lr": 0.1, "weightDecay": 0.1}),
    ("adagrad eps", "adagrad", {"lr": 0.1, "eps": 1e-3}),
    ("rmsprop defaults", "rmsprop", {}),
    ("rmsprop centered", "rmsprop", {"centered": True}),
    ("rmsprop momentum", "rmsprop", {"momentum": 0.9}),
    ("rmsprop weightDecay", "rmsprop", {"weightDecay": 0.1}),
    ("rmsprop centered + momentum + alpha", "rmsprop", {"lr": 0.005, "alpha": 0.9, "centered": True, "momentum": 0.5, "eps": 1e-6}),
    ("adam defaults", "adam", {}),
    ("adam amsgrad", "adam", {"lr": 0.05, "betas": [0.9, 0.6], "amsgrad": True}),
    ("adam weightDecay", "adam", {"lr": 0.05, "weightDecay": 0.1}),
    ("adam betas + eps", "adam", {"lr": 0.05, "betas": [0.5, 0.9], "eps": 1e-3}),
    ("adam amsgrad + weightDecay + betas", "adam", {"lr": 0.1, "betas": [0.8, 0.9], "amsgrad": True, "weightDecay": 0.01}),
    ("adamw defaults", "adamw", {}),
    ("adamw amsgrad", "adamw", {"lr": 0.05, "betas": [0.9, 0.6], "amsgrad": True}),
    ("adamw weightDecay", "adamw", {"lr": 0.05, "weightDecay": 0.2}),
    ("adamw no decay", "adamw", {"lr": 0.05, "weightDecay": 0}),
    ("adadelta defaults", "adadelta", {}),
    ("adadelta weightDecay", "adadelta", {"weightDecay": 0.1}),
    ("adadelta lr + rho + eps", "adadelta", {"lr": 0.5, "rho": 0.5, "eps": 1e-3}),
    ("adamax defaults", "adamax", {}),
    ("adamax weightDecay", "adamax", {"lr": 0.05, "weightDecay": 0.1}),
    ("adamax betas + eps", "adamax", {"lr": 0.05, "betas": [0.5, 0.9], "eps": 1e-4}),
    ("nadam defaults", "nadam", {}),
    ("nadam weightDecay", "nadam", {"lr": 0.05, "weightDecay": 0.1}),
    ("nadam momentumDecay", "nadam", {"lr": 0.05, "momentumDecay": 0.1}),
    ("nadam betas + eps", "nadam", {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6}),
    # RAdam rectifies from step 6 on (rho_6 = 5.99 with beta2 = 0.999, 5.39 with 0.9): 5 rectified steps of 10.
    ("radam defaults", "radam", {}),
    ("radam lr", "radam", {"lr": 0.05}),
    ("radam weightDecay", "radam", {"lr": 0.05, "weightDecay": 0.1}),
    ("radam betas + eps", "radam", {"lr": 0.05, "betas": [0.8, 0.9], "eps": 1e-3}),
    ("rprop defaults", "rprop", {}),
    ("rprop lr", "rprop", {"lr": 0.1}),
    ("rprop etas", "rprop", {"lr": 0.05, "etas": [0.3, 1.5]}),
    ("rprop stepSizes", "rprop", {"lr": 0.1, "stepSizes": [0.02, 0.15]}),
    # ASGD averages from step t0 on (mu = 1 / max(1, t - t0)); PyTorch's t0 = 1e6 never does in 10 steps.
    ("asgd defaults", "asgd", {}),
    ("asgd t0 (averaging)", "asgd", {"lr": 0.01, "t0": 3}),
    ("asgd lambd + alpha", "asgd", {"lr": 0.02, "lambd": 0.5, "alpha": 0.5, "t0": 0}),
    ("asgd weightDecay", "asgd", {"lr": 0.01, "weightDecay": 0.1, "t0": 5}),
]


def torch_kwargs(opt_type, options):
    kwargs = {SNAKE[k]: (tuple(v) if k == "betas" else v) for k, v in options.items()}
    if opt_type == "sgd" and "lr" not in kwargs:
        kwargs["lr"] = 1e-3  # required in torch 1.13; PyTorch 2.x's default
    return kwargs


def plain(value):
    if torch.is_tensor(value):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    return value


def run_case(name, opt_type, options):
    kwargs = torch_kwargs(opt_type, options)
    param = torch.tensor(X0, dtype=torch.float64, requires_grad=True)
    optimizer = CLASSES[opt_type]([param], foreach=False, **kwargs)
    group = optimizer.param_groups[0]
    torch_group = {k: plain(group[SNAKE[k]]) for k in OPTION_NAMES[opt_type]}
    base_lr = group["lr"]
    lrs, grads, params = [], [], []
    for k in range(STEPS):
        lr = base_lr * LR_MULTIPLIERS[k]
        group["lr"] = lr
        optimizer.zero_grad()
        objective(param).backward()
        lrs.append(lr)
        grads.append(param.grad.tolist())
        optimizer.step()
        params.append(param.detach().tolist())
    for row in params:
        if not all(math.isfinite(x) and abs(x) < 100 for x in row):
            sys.exit(f"{name}: the trajectory leaves the box |x| < 100; pick a smaller lr")

    raw = optimizer.state[param]
    buffers, scalars = {}, {}
    for key, value in raw.items():
        if key == "step" or value is None:
            continue
        if key == "mu_product" or (torch.is_tensor(value) and value.dim() == 0):
            scalars[CAMEL_STATE[key]] = float(value)
        else:
            buffers[CAMEL_STATE[key]] = value.tolist()
    # SGD keeps no step count; LR Lab's state counts steps for every optimizer.
    step = int(plain(raw["step"])) if "step" in raw else STEPS
    state = {"step": step, "buffers": buffers, "scalars": scalars}

    if "maxExpAvgSq" in buffers and buffers["maxExpAvgSq"] == buffers["expAvgSq"]:
        sys.exit(f"{name}: the AMSGrad maximum never differs from v; the case does not exercise it")
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    return {
        "name": name,
        "type": opt_type,
        "options": options,
        "torch": f"torch.optim.{CLASSES[opt_type].__name__}([x], {args})" if args else f"torch.optim.{CLASSES[opt_type].__name__}([x])",
        "torchGroup": torch_group,
        "lrs": lrs,
        "grads": grads,
        "params": params,
        "state": state,
    }


def golden():
    patch_nadam()
    cases = [run_case(*c) for c in CASES]
    header = {
        "description": "torch.optim trajectories for LR Lab's optimizer tests; see scripts/golden/optimizers.py",
        "command": "/usr/bin/python3 scripts/golden/optimizers.py > test/golden/optimizers.json",
        "torch": torch.__version__,
        "dtype": "float64 (torch.set_default_dtype(torch.float64); parameters, gradients and state in float64)",
        "call": "opt = torch.optim.<Class>([x], foreach=False, **options); per step k: opt.param_groups[0]['lr'] = lr * lrMultipliers[k]; opt.zero_grad(); f(x).backward(); opt.step()",
        "objective": OBJECTIVE,
        "x0": X0,
        "steps": STEPS,
        "lrMultipliers": LR_MULTIPLIERS,
        "records": "lrs[k], grads[k]: the lr and gradient of step k + 1; params[k]: x after step k + 1; state: opt.state[x] after the last step, camelCase",
        "nadam": "torch 1.13's _single_tensor_nadam with its one line mu_product_next = mu_product * mu * mu_next replaced by PyTorch 2.x's mu_product * mu_next",
        "sgd": "torch 1.13 requires SGD's lr; cases without one pass lr=1e-3 (PyTorch 2.x's default). SGD keeps no step count; state.step is the number of steps taken",
    }
    sys.stdout.write(to_json({"header": header, "cases": cases}) + "\n")


# --- Worked examples of the TSDoc, in decimal arithmetic -------------------------------------

def worked_examples():
    getcontext().prec = 60
    D = Decimal

    def sgd(theta, grads, lr, mu, nesterov):
        th, b, rows = vec(theta), None, []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            b = g if t == 1 else [mu * bb + gg for bb, gg in zip(b, g)]
            d = [gg + mu * bb for gg, bb in zip(g, b)] if nesterov else b
            th = [x - lr * dd for x, dd in zip(th, d)]
            rows.append((f"theta{t}", th))
        return rows

    def adagrad(theta, grads, lr, lr_decay, eps):
        th, s, rows = vec(theta), [D(0)] * len(theta), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            clr = lr / (1 + (t - 1) * lr_decay)
            s = [a + b * b for a, b in zip(s, g)]
            th = [x - clr * gg / (ss.sqrt() + eps) for x, gg, ss in zip(th, g, s)]
            rows.append((f"theta{t}", th))
        return rows

    def rmsprop(theta, grads, lr, alpha, mu, eps):
        th, v, b, rows = vec(theta), [D(0)] * len(theta), [D(0)] * len(theta), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            v = [alpha * a + (1 - alpha) * gg * gg for a, gg in zip(v, g)]
            b = [mu * bb + gg / (vv.sqrt() + eps) for bb, gg, vv in zip(b, g, v)]
            th = [x - lr * bb for x, bb in zip(th, b)]
            rows.append((f"theta{t}", th))
        return rows

    def adam(theta, grads, lr, b1, b2, eps, decoupled_wd):
        th, m, v, rows = vec(theta), [D(0)] * len(theta), [D(0)] * len(theta), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            th = [x * (1 - lr * decoupled_wd) for x in th]
            m = [b1 * a + (1 - b1) * gg for a, gg in zip(m, g)]
            v = [b2 * a + (1 - b2) * gg * gg for a, gg in zip(v, g)]
            th = [x - lr * (mm / (1 - b1 ** t)) / ((vv / (1 - b2 ** t)).sqrt() + eps) for x, mm, vv in zip(th, m, v)]
            rows.append((f"theta{t}", th))
        return rows

    def adadelta(theta, grads, lr, rho, eps):
        th, v, u, rows = vec(theta), [D(0)] * len(theta), [D(0)] * len(theta), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            v = [rho * a + (1 - rho) * gg * gg for a, gg in zip(v, g)]
            delta = [(uu + eps).sqrt() / (vv + eps).sqrt() * gg for uu, vv, gg in zip(u, v, g)]
            u = [rho * uu + (1 - rho) * d * d for uu, d in zip(u, delta)]
            th = [x - lr * d for x, d in zip(th, delta)]
            rows += [(f"delta{t}", delta), (f"accDelta{t}", u), (f"theta{t}", th)]
        return rows

    def adamax(theta, grads, lr, b1, b2, eps):
        th, m, u, rows = vec(theta), [D(0)] * len(theta), [D(0)] * len(theta), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            m = [b1 * a + (1 - b1) * gg for a, gg in zip(m, g)]
            u = [max(b2 * a, abs(gg) + eps) for a, gg in zip(u, g)]
            th = [x - lr / (1 - b1 ** t) * mm / uu for x, mm, uu in zip(th, m, u)]
            rows += [(f"expInf{t}", u), (f"theta{t}", th)]
        return rows

    def nadam(theta, grads, lr, b1, b2, eps, psi):
        th, m, v, prod, rows = vec(theta), [D(0)] * len(theta), [D(0)] * len(theta), D(1), []
        for t, g in enumerate(grads, 1):
            g = vec(g)
            mu = b1 * (1 - D("0.5") * D("0.96") ** (t * psi))
            mu_next = b1 * (1 - D("0.5") * D("0.96") ** ((t + 1) * psi))
            prod *= mu
            m = [b1 * a + (1 - b1) * gg for a, gg in zip(m, g)]
            v = [b2 * a + (1 - b2) * gg * gg for a, gg in zip(v, g)]
            d = [(vv / (1 - b2 ** t)).sqrt() + eps for vv in v]
            th = [x - lr * (1 - mu) / (1 - prod) * gg / dd - lr * mu_next / (1 - prod * mu_next) * mm / dd
                  for x, gg, mm, dd in zip(th, g, m, d)]
            rows += [(f"mu{t}, mu{t + 1}, muProduct", [mu, mu_next, prod]), (f"theta{t}", th)]
        return rows

    b1, b2 = D("0.9"), D("0.999")
    show("sgd (lr 0.1, momentum 0.9)", sgd([1, -2], [[0.5, -1], [0.25, 1]], D("0.1"), D("0.9"), False))
    show("sgd (lr 0.1, momentum 0.9, nesterov)", sgd([1, -2], [[0.5, -1], [0.25, 1]], D("0.1"), D("0.9"), True))
    show("adagrad (lr 0.1, lrDecay 1, eps 0)", adagrad([1, -2], [[3, -4], [4, 3]], D("0.1"), D(1), D(0)))
    show("rmsprop (lr 0.01, alpha 0.99, momentum 0.9, eps 0)", rmsprop([1, -2], [[3, -4], [0.3, -0.4]], D("0.01"), D("0.99"), D("0.9"), D(0)))
    show("adam (lr 0.1)", adam([1, 2], [[1, 1], [1, -1]], D("0.1"), b1, b2, D("1e-8"), D(0)))
    show("adamw (lr 0.1, weightDecay 0.01)", adam([1, 2], [[1, 1], [1, -1]], D("0.1"), b1, b2, D("1e-8"), D("0.01")))
    show("adadelta (lr 1)", adadelta([1, -2], [[1, -2], [0.5, 1]], D(1), D("0.9"), D("1e-6")))
    show("adamax (lr 0.1)", adamax([1, -2], [[2, -4], [-1, -8]], D("0.1"), b1, b2, D("1e-8")))
    show("nadam (lr 0.1)", nadam([1, -2], [[1, -2], [0.5, 1]], D("0.1"), b1, b2, D("1e-8"), D("0.004")))


if __name__ == "__main__":
    if sys.argv[1:] == ["--examples"]:
        worked_examples()
    elif sys.argv[1:]:
        sys.exit("usage: optimizers.py [--examples]")
    else:
        golden()
