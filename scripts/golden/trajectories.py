#!/usr/bin/python3
"""150-step reference trajectories of the optimizers beyond torch.optim's eight classics, on the
three problems of problems.py (Rosenbrock, the ill-conditioned quadratic, Beale), and 10-step
cases on its 5-parameter objective that cover every option branch of the optimizers torch 1.13
does not have.

    /usr/bin/python3 scripts/golden/trajectories.py > test/golden/trajectories.json
    /usr/bin/python3 scripts/golden/trajectories.py --branches > test/golden/reference.json

Sources: torch.optim of Debian's torch 1.13 (float64) for RAdam and Rprop, which it has; the
independent NumPy reimplementations of reference.py for the rest (Adafactor as PyTorch 2.5,
Lion, Prodigy, D-Adaptation Adam) and for RAdam's decoupled weight decay (PyTorch 2.x only).
Before writing anything the script checks reference.py's RAdam against torch 1.13's on every
problem (to 1e-12), the method the other reimplementations rely on.

Per step k (0-based): lr = base lr * (0.75 + 0.25 cos(2 pi k / 50)) (a changing lr, as a
schedule gives); the gradient at the current parameters (torch: autograd; NumPy: the
hand-written gradients of problems.py, checked against central differences first); one
optimizer step; record lr, gradient, parameters after the step. Prodigy and D-Adaptation also
record the step size they used (d * lr), which LR Lab plots as the lr curve.
"""
import json
import math
import sys

import numpy as np

import problems
import reference
from common import to_json

STEPS = 150
BRANCH_STEPS = 10
BRANCH_MULTIPLIERS = [1.0, 0.5, 2.0, 0.25, 1.5, 0.75, 1.25, 0.1, 3.0, 1.0]


def multiplier(k):
    return 0.75 + 0.25 * math.cos(2 * math.pi * k / 50)


# (optimizer, problem, options in LR Lab's camelCase, shape or None, source)
TORCH = "torch"
REFERENCE = "reference"
TRAJECTORIES = [
    # RAdam's first five steps are un-normalised momentum steps of size lr * m_hat: a small lr.
    ("radam", "rosenbrock", {}, None, TORCH),
    ("radam", "illConditioned", {}, None, TORCH),
    ("radam", "beale", {"lr": 0.01}, None, TORCH),
    ("radam", "rosenbrock", {"weightDecay": 0.1, "decoupledWeightDecay": True}, None, REFERENCE),
    ("rprop", "rosenbrock", {}, None, TORCH),
    ("rprop", "illConditioned", {}, None, TORCH),
    ("rprop", "beale", {}, None, TORCH),
    ("lion", "rosenbrock", {"lr": 0.01}, None, REFERENCE),
    ("lion", "illConditioned", {"lr": 0.01}, None, REFERENCE),
    ("lion", "beale", {"lr": 0.01}, None, REFERENCE),
    ("adafactor", "rosenbrock", {"lr": 0.05}, None, REFERENCE),
    ("adafactor", "illConditioned", {}, [[2, 5]], REFERENCE),
    ("adafactor", "beale", {"lr": 0.05}, None, REFERENCE),
    ("prodigy", "rosenbrock", {}, None, REFERENCE),
    ("prodigy", "illConditioned", {}, None, REFERENCE),
    ("prodigy", "beale", {}, None, REFERENCE),
    ("dAdaptAdam", "rosenbrock", {}, None, REFERENCE),
    ("dAdaptAdam", "illConditioned", {}, None, REFERENCE),
    ("dAdaptAdam", "beale", {}, None, REFERENCE),
    # ASGD averages from step t0 on (PyTorch's default 1e6 never does): the averaged iterate is recorded too.
    ("asgd", "rosenbrock", {"lr": 0.001, "t0": 20}, None, TORCH),
    ("asgd", "illConditioned", {"lr": 0.0015, "t0": 20}, None, TORCH),
    ("asgd", "beale", {"lr": 0.01, "t0": 20}, None, TORCH),
    # Schedule-free: the gradient at y (params), the model at x (recorded as evalPoints).
    ("sgdScheduleFree", "rosenbrock", {"lr": 0.001}, None, REFERENCE),
    ("sgdScheduleFree", "illConditioned", {"lr": 0.001}, None, REFERENCE),
    ("sgdScheduleFree", "beale", {"lr": 0.01, "warmupSteps": 10}, None, REFERENCE),
    ("adamwScheduleFree", "rosenbrock", {"lr": 0.05}, None, REFERENCE),
    ("adamwScheduleFree", "illConditioned", {"lr": 0.05, "weightDecay": 0.01}, None, REFERENCE),
    ("adamwScheduleFree", "beale", {"lr": 0.05, "warmupSteps": 20}, None, REFERENCE),
]

# 10-step cases on the 5-parameter objective, from reference.py: each non-default branch.
BRANCHES = [
    ("radam decoupledWeightDecay", "radam", {"lr": 0.05, "weightDecay": 0.1, "decoupledWeightDecay": True}, None),
    ("adafactor defaults", "adafactor", {}, None),
    ("adafactor lr + weightDecay", "adafactor", {"lr": 0.1, "weightDecay": 0.5}, None),
    ("adafactor eps + d + beta2Decay", "adafactor", {"lr": 0.1, "eps": [1e-3, 0.5], "d": 1.5, "beta2Decay": -0.5}, None),
    ("adafactor matrix block", "adafactor", {"lr": 0.1}, [[2, 2], [1]]),
    ("adafactor batched matrix + scalar", "adafactor", {"lr": 0.1}, [[2, 1, 2], []]),
    ("lion defaults", "lion", {}, None),
    ("lion lr + weightDecay", "lion", {"lr": 0.05, "weightDecay": 0.5}, None),
    ("lion betas", "lion", {"lr": 0.05, "betas": [0.5, 0.8]}, None),
    ("prodigy defaults", "prodigy", {}, None),
    ("prodigy d0 + dCoef", "prodigy", {"d0": 0.01, "dCoef": 0.5}, None),
    ("prodigy coupled weightDecay + beta3", "prodigy", {"d0": 0.01, "weightDecay": 0.1, "decouple": False, "beta3": 0.9}, None),
    ("prodigy decoupled weightDecay + biasCorrection", "prodigy", {"d0": 0.01, "weightDecay": 0.1, "useBiasCorrection": True}, None),
    ("prodigy safeguardWarmup + growthRate", "prodigy", {"d0": 0.01, "safeguardWarmup": True, "growthRate": 1.5}, None),
    ("prodigy no momentum + sliceP + eps", "prodigy", {"d0": 0.01, "betas": [0, 0.99], "sliceP": 2, "eps": 1e-3}, None),
    ("dAdaptAdam defaults", "dAdaptAdam", {}, None),
    ("dAdaptAdam d0 + growthRate", "dAdaptAdam", {"d0": 0.01, "growthRate": 1.5}, None),
    ("dAdaptAdam coupled weightDecay + betas + eps", "dAdaptAdam", {"d0": 0.01, "weightDecay": 0.1, "betas": [0.5, 0.9], "eps": 1e-4}, None),
    ("dAdaptAdam decoupled weightDecay + biasCorrection", "dAdaptAdam", {"d0": 0.01, "weightDecay": 0.1, "decouple": True, "useBiasCorrection": True}, None),
    ("sgdScheduleFree defaults", "sgdScheduleFree", {"lr": 0.01}, None),
    ("sgdScheduleFree momentum + weightDecay", "sgdScheduleFree", {"lr": 0.01, "momentum": 0.5, "weightDecay": 0.1}, None),
    ("sgdScheduleFree warmupSteps + r + weightLrPower", "sgdScheduleFree", {"lr": 0.01, "warmupSteps": 4, "r": 1, "weightLrPower": 1}, None),
    ("adamwScheduleFree defaults", "adamwScheduleFree", {}, None),
    ("adamwScheduleFree betas + eps + weightDecay", "adamwScheduleFree", {"lr": 0.05, "betas": [0.5, 0.9], "eps": 1e-4, "weightDecay": 0.1}, None),
    ("adamwScheduleFree warmupSteps + r + weightLrPower", "adamwScheduleFree", {"lr": 0.05, "warmupSteps": 4, "r": 2, "weightLrPower": 0}, None),
]

DEFAULT_LR = {"radam": 1e-3, "rprop": 1e-2, "lion": 1e-4, "adafactor": 1e-2, "prodigy": 1.0, "dAdaptAdam": 1.0, "asgd": 1e-2,
              "sgdScheduleFree": 1.0, "adamwScheduleFree": 0.0025}


def blocks_of(x, shape):
    """Views of the flat x as the blocks of `shape` (one vector when None)."""
    if shape is None:
        return [x]
    out, offset = [], 0
    for s in shape:
        n = int(np.prod(s)) if len(s) else 1
        out.append(x[offset:offset + n].reshape(s))
        offset += n
    assert offset == len(x)
    return out


def run_reference(opt_type, problem, options, shape, lrs):
    p = problems.PROBLEMS[problem]
    x = np.array(p["x0"], dtype=np.float64)
    blocks = blocks_of(x, shape)
    optimizer = reference.make(opt_type, blocks, options)
    grads, params, used, evals = [], [], [], []
    for lr in lrs:
        g = p["grad"](x)
        grads.append(g.tolist())
        if hasattr(optimizer, "lr_used"):
            used.append(optimizer.lr_used(lr))
        optimizer.step(blocks_of(g, shape), lr)
        params.append(x.tolist())
        if hasattr(optimizer, "eval_point"):
            evals.append(optimizer.eval_point())
    return grads, params, used, optimizer, evals


def run_torch(opt_type, problem, options, lrs):
    import torch

    torch.set_default_dtype(torch.float64)
    f = problems.torch_objective(problem)
    x = torch.tensor(problems.PROBLEMS[problem]["x0"], requires_grad=True)
    kwargs = {"lr": options.get("lr", DEFAULT_LR[opt_type])}
    for key, value in options.items():
        if key != "lr":
            kwargs[{"weightDecay": "weight_decay", "betas": "betas", "eps": "eps", "etas": "etas", "stepSizes": "step_sizes",
                    "lambd": "lambd", "alpha": "alpha", "t0": "t0"}[key]] = tuple(value) if isinstance(value, list) else value
    cls = {"radam": torch.optim.RAdam, "rprop": torch.optim.Rprop, "asgd": torch.optim.ASGD}[opt_type]
    optimizer = cls([x], foreach=False, **kwargs)
    grads, params, averaged = [], [], []
    for lr in lrs:
        optimizer.param_groups[0]["lr"] = lr
        optimizer.zero_grad()
        f(x).backward()
        grads.append(x.grad.tolist())
        optimizer.step()
        params.append(x.detach().tolist())
        if opt_type == "asgd":
            averaged.append(optimizer.state[x]["ax"].tolist())
    return grads, params, averaged, f"torch {torch.__version__} torch.optim.{cls.__name__}([x], foreach=False, {', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"


def check_reference_radam():
    for opt_type, problem, options, shape, source in TRAJECTORIES:
        if opt_type != "radam" or source != TORCH:
            continue
        lrs = [options.get("lr", DEFAULT_LR[opt_type]) * multiplier(k) for k in range(STEPS)]
        _, torch_params, _, _ = run_torch("radam", problem, options, lrs)
        _, ref_params, _, _, _ = run_reference("radam", problem, options, None, lrs)
        for k, (a, b) in enumerate(zip(torch_params, ref_params)):
            for u, v in zip(a, b):
                if abs(u - v) > 1e-12 * max(1.0, abs(u)):
                    sys.exit(f"reference.py's RAdam differs from torch's on {problem} at step {k + 1}: {u} vs {v}")


def finite(rows, name):
    for row in rows:
        if not all(math.isfinite(v) and abs(v) < 1e6 for v in row):
            sys.exit(f"{name}: the trajectory leaves |x| < 1e6; pick a smaller lr")


def trajectories():
    problems.check_gradients()
    check_reference_radam()
    cases = []
    for opt_type, problem, options, shape, source in TRAJECTORIES:
        base = options.get("lr", DEFAULT_LR[opt_type])
        lrs = [base * multiplier(k) for k in range(STEPS)]
        name = f"{opt_type} on {problem}" + (f" {json.dumps(options)}" if options else "") + (f" shape {shape}" if shape else "")
        case = {"name": name, "type": opt_type, "problem": problem, "options": options}
        if shape is not None:
            case["shape"] = shape
        if source == TORCH:
            grads, params, averaged, how = run_torch(opt_type, problem, options, lrs)
            case["source"] = how
            if averaged:
                case["averagedParams"] = averaged
        else:
            grads, params, used, _, evals = run_reference(opt_type, problem, options, shape, lrs)
            case["source"] = f"scripts/golden/reference.py {reference.CLASSES[opt_type].__name__} (NumPy {np.__version__}, float64)"
            if used:
                case["lrUsed"] = used
            if evals:
                case["evalPoints"] = evals
        finite(params, name)
        case.update({"lrs": lrs, "grads": grads, "params": params})
        cases.append(case)
    header = {
        "description": "150-step trajectories of LR Lab's newer optimizers on three problems; see scripts/golden/trajectories.py",
        "command": "/usr/bin/python3 scripts/golden/trajectories.py > test/golden/trajectories.json",
        "steps": STEPS,
        "lr": "lrs[k] = base lr * (0.75 + 0.25 cos(2 pi k / 50))",
        "problems": {name: {"x0": p["x0"], "formula": p["formula"]} for name, p in problems.PROBLEMS.items() if name != "five"},
        "records": ("lrs[k], grads[k]: the lr and gradient of step k + 1; params[k]: x after step k + 1; lrUsed[k] (Prodigy, "
                    "D-Adaptation): d * lr of step k + 1; averagedParams[k] (ASGD): the averaged iterate ax after step k + 1; "
                    "evalPoints[k] (schedule-free): the evaluation point x after step k + 1 (params hold y, where the gradient is taken)"),
        "dtype": "float64 throughout",
    }
    return {"header": header, "cases": cases}


def branches():
    problems.check_gradients()
    cases = []
    for name, opt_type, options, shape in BRANCHES:
        base = options.get("lr", DEFAULT_LR[opt_type])
        lrs = [base * m for m in BRANCH_MULTIPLIERS]
        grads, params, used, optimizer, evals = run_reference(opt_type, "five", options, shape, lrs)
        finite(params, name)
        buffers, scalars = optimizer.state()
        case = {"name": name, "type": opt_type, "options": options}
        if shape is not None:
            case["shape"] = shape
        case.update({"lrs": lrs, "grads": grads, "params": params, "state": {"step": BRANCH_STEPS, "buffers": buffers, "scalars": scalars}})
        if used:
            case["lrUsed"] = used
        if evals:
            case["evalPoints"] = evals
        cases.append(case)
    header = {
        "description": "10-step cases of the optimizers torch 1.13 lacks, from scripts/golden/reference.py; see scripts/golden/trajectories.py",
        "command": "/usr/bin/python3 scripts/golden/trajectories.py --branches > test/golden/reference.json",
        "numpy": np.__version__,
        "objective": problems.FIVE_FORMULA,
        "x0": problems.FIVE_X0,
        "steps": BRANCH_STEPS,
        "lrMultipliers": BRANCH_MULTIPLIERS,
        "records": "as test/golden/optimizers.json; state: after the last step, LR Lab's names",
        "dtype": "float64 throughout",
    }
    return {"header": header, "cases": cases}


if __name__ == "__main__":
    if sys.argv[1:] == ["--branches"]:
        sys.stdout.write(to_json(branches(), matrix_rows=True) + "\n")
    elif sys.argv[1:]:
        sys.exit("usage: trajectories.py [--branches]")
    else:
        sys.stdout.write(to_json(trajectories(), matrix_rows=True) + "\n")
