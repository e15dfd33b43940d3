"""The objectives the optimizer goldens run on, in NumPy (value and hand-written gradient) and,
for the scripts that use torch.optim, in torch (value only; autograd gives the gradient).

  five:            the 5-parameter objective of optimizers.py (10-step cases, every option branch)
  rosenbrock:      examples/rosenbrock.ts, (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1)
  illConditioned:  examples/illConditioned.ts, 1/2 sum k_i x_i^2, k_i = 1000^(i/9), i = 0..9, from (1, ..., 1)
  beale:           examples/beale.ts, from (1, 1)

The NumPy gradients are written out by hand; `check_gradients()` compares them with central
differences (run by trajectories.py before it writes anything).
"""
import math

import numpy as np

FIVE_X0 = [-1.2, 1.0, 0.5, -2.0, 0.7]
FIVE_FORMULA = "f(x) = (1 - x0)^2 + 10 (x1 - x0^2)^2 + 2 (x2 + 0.5)^2 + 0.3 x2 x3 + 0.25 x3^4 + 0.5 sin(3 x4) + 0.2 x4^2"
CURVATURES = [1000.0 ** (i / 9) for i in range(10)]


def five_f(x):
    return ((1 - x[0]) ** 2 + 10 * (x[1] - x[0] ** 2) ** 2 + 2 * (x[2] + 0.5) ** 2
            + 0.3 * x[2] * x[3] + 0.25 * x[3] ** 4 + 0.5 * math.sin(3 * x[4]) + 0.2 * x[4] ** 2)


def five_grad(x):
    return np.array([
        -2 * (1 - x[0]) - 40 * x[0] * (x[1] - x[0] ** 2),
        20 * (x[1] - x[0] ** 2),
        4 * (x[2] + 0.5) + 0.3 * x[3],
        0.3 * x[2] + x[3] ** 3,
        1.5 * math.cos(3 * x[4]) + 0.4 * x[4],
    ])


def rosenbrock_f(p):
    x, y = p
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def rosenbrock_grad(p):
    x, y = p
    return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])


def ill_f(x):
    return 0.5 * sum(k * v * v for k, v in zip(CURVATURES, x))


def ill_grad(x):
    return np.array([k * v for k, v in zip(CURVATURES, x)])


def beale_f(p):
    x, y = p
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y ** 3) ** 2


def beale_grad(p):
    x, y = p
    a = 1.5 - x + x * y
    b = 2.25 - x + x * y * y
    c = 2.625 - x + x * y ** 3
    return np.array([
        2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1),
        2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y,
    ])


PROBLEMS = {
    "five": {"x0": FIVE_X0, "f": five_f, "grad": five_grad, "formula": FIVE_FORMULA},
    "rosenbrock": {"x0": [-1.2, 1.0], "f": rosenbrock_f, "grad": rosenbrock_grad,
                   "formula": "f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 (examples/rosenbrock.ts)"},
    "illConditioned": {"x0": [1.0] * 10, "f": ill_f, "grad": ill_grad,
                       "formula": "f(x) = 1/2 sum_i 1000^(i/9) x_i^2, i = 0..9 (examples/illConditioned.ts)"},
    "beale": {"x0": [1.0, 1.0], "f": beale_f, "grad": beale_grad,
              "formula": "f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2 (examples/beale.ts)"},
}


def torch_objective(name):
    """The same objective on a torch tensor (for autograd)."""
    import torch

    if name == "five":
        return lambda x: ((1 - x[0]) ** 2 + 10 * (x[1] - x[0] ** 2) ** 2 + 2 * (x[2] + 0.5) ** 2
                          + 0.3 * x[2] * x[3] + 0.25 * x[3] ** 4 + 0.5 * torch.sin(3 * x[4]) + 0.2 * x[4] ** 2)
    if name == "rosenbrock":
        return lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] * p[0]) ** 2
    if name == "illConditioned":
        k = torch.tensor(CURVATURES, dtype=torch.float64)
        return lambda x: 0.5 * torch.sum(k * x * x)
    if name == "beale":
        return lambda p: ((1.5 - p[0] + p[0] * p[1]) ** 2 + (2.25 - p[0] + p[0] * p[1] * p[1]) ** 2
                          + (2.625 - p[0] + p[0] * p[1] ** 3) ** 2)
    raise KeyError(name)


def check_gradients():
    """The hand-written gradients against central differences at a few points (relative 1e-6)."""
    rng = np.random.default_rng(7)
    for name, problem in PROBLEMS.items():
        for _ in range(5):
            x = np.array(problem["x0"]) + rng.normal(scale=0.3, size=len(problem["x0"]))
            g = problem["grad"](x)
            for i in range(len(x)):
                h = 1e-6 * max(1.0, abs(x[i]))
                up, down = x.copy(), x.copy()
                up[i] += h
                down[i] -= h
                numeric = (problem["f"](up) - problem["f"](down)) / (2 * h)
                if abs(numeric - g[i]) > 1e-6 * max(1.0, abs(g[i])):
                    raise SystemExit(f"{name}: gradient[{i}] is {g[i]}, central differences give {numeric}")
