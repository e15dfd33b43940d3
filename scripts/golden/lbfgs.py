#!/usr/bin/python3
"""Reference runs of torch.optim.LBFGS (Debian's torch 1.13, float64) for LR Lab's lbfgs:

    /usr/bin/python3 scripts/golden/lbfgs.py > test/golden/lbfgs.json

LBFGS evaluates the objective several times per step (its closure), so a run cannot be
replayed from one gradient per step: every closure call is recorded — the point it was called
at, the loss and the gradient it returned. A step's first call is its first evaluation (LR
Lab's loop makes that one and passes it in); the test gives LR Lab's kernel the recorded losses
and gradients in the same order and checks that it asks for them at the same points, then
compares the parameters after each step and the evaluation and iteration counts
(state['func_evals'], state['n_iter']).

Cases: 150 steps on Rosenbrock, the ill-conditioned quadratic and Beale (problems.py), with the
strong-Wolfe line search and without (fixed step lr), and 10-step cases on the 5-parameter
objective of optimizers.py for the other options (historySize, maxIter, maxEval, tolerances).
The lr changes every step as in trajectories.py (base * (0.75 + 0.25 cos(2 pi k / 50))).

torch 1.13's LBFGS is the same algorithm as PyTorch 2.x's (the 2.x source differs only in
complex-number handling); see src/core/optimizers/lbfgs.ts.
"""
import math
import sys

import torch

import problems
from common import to_json

torch.set_default_dtype(torch.float64)

# (name, problem, steps, options in LR Lab's camelCase)
CASES = [
    ("lbfgs strongWolfe on rosenbrock", "rosenbrock", 150, {"lineSearchFn": "strongWolfe"}),
    ("lbfgs strongWolfe on illConditioned", "illConditioned", 150, {"lineSearchFn": "strongWolfe"}),
    ("lbfgs strongWolfe on beale", "beale", 150, {"lineSearchFn": "strongWolfe"}),
    ("lbfgs fixed step on rosenbrock", "rosenbrock", 150, {"lr": 0.001, "maxIter": 5}),
    ("lbfgs fixed step on illConditioned", "illConditioned", 150, {"lr": 0.05, "maxIter": 5}),
    ("lbfgs fixed step on beale", "beale", 150, {"lr": 0.1, "maxIter": 5}),
    ("lbfgs defaults (five)", "five", 10, {}),
    ("lbfgs historySize + strongWolfe (five)", "five", 10, {"historySize": 3, "lineSearchFn": "strongWolfe"}),
    ("lbfgs maxIter + maxEval (five)", "five", 10, {"lr": 0.05, "maxIter": 7, "maxEval": 5}),
    ("lbfgs tolerances + strongWolfe (five)", "five", 10, {"toleranceGrad": 1e-3, "toleranceChange": 1e-4, "lineSearchFn": "strongWolfe", "lr": 0.5}),
]

SNAKE = {"lr": "lr", "maxIter": "max_iter", "maxEval": "max_eval", "toleranceGrad": "tolerance_grad",
         "toleranceChange": "tolerance_change", "historySize": "history_size", "lineSearchFn": "line_search_fn"}


def multiplier(k):
    return 0.75 + 0.25 * math.cos(2 * math.pi * k / 50)


def run(name, problem, steps, options):
    f = problems.torch_objective(problem)
    x = torch.tensor(problems.PROBLEMS[problem]["x0"], requires_grad=True)
    kwargs = {SNAKE[k]: ("strong_wolfe" if v == "strongWolfe" else v) for k, v in options.items()}
    optimizer = torch.optim.LBFGS([x], **kwargs)
    group = optimizer.param_groups[0]
    torch_group = {k: group[SNAKE[k]] for k in SNAKE}
    torch_group["lineSearchFn"] = "strongWolfe" if torch_group["lineSearchFn"] == "strong_wolfe" else None
    base = group["lr"]
    calls = []

    def closure():
        optimizer.zero_grad()
        loss = f(x)
        loss.backward()
        calls.append({"x": x.detach().tolist(), "loss": loss.item(), "grad": x.grad.tolist()})
        return loss

    lrs, records = [], []
    for k in range(steps):
        lr = base * multiplier(k)
        group["lr"] = lr
        calls.clear()
        optimizer.step(closure)
        state = optimizer.state[x]
        lrs.append(lr)
        records.append({
            "evaluations": list(calls),
            "params": x.detach().tolist(),
            "funcEvals": state["func_evals"],
            "nIter": state["n_iter"],
        })
        if not all(math.isfinite(v) for v in x.detach().tolist()):
            sys.exit(f"{name}: the parameters are not finite at step {k + 1}")
    return {"name": name, "problem": problem, "options": options, "torchGroup": torch_group, "lrs": lrs, "steps": records}


def main():
    cases = [run(*c) for c in CASES]
    header = {
        "description": "torch.optim.LBFGS runs with every closure call recorded; see scripts/golden/lbfgs.py",
        "command": "/usr/bin/python3 scripts/golden/lbfgs.py > test/golden/lbfgs.json",
        "torch": torch.__version__,
        "dtype": "float64",
        "problems": {name: {"x0": p["x0"], "formula": p["formula"]} for name, p in problems.PROBLEMS.items()},
        "records": ("steps[k].evaluations: every closure call of step k + 1 in order ({x: where, loss, grad}; the first is at the "
                    "parameters the step started from); steps[k].params: after the step; funcEvals, nIter: state['func_evals'], "
                    "state['n_iter'] after it; lrs[k]: the lr of step k + 1"),
    }
    sys.stdout.write(to_json({"header": header, "cases": cases}) + "\n")


if __name__ == "__main__":
    main()
