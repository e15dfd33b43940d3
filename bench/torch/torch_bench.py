"""PyTorch side of LR Lab's benchmarks (bench/lib/torch.ts drives it).

Reads one JSON command per line on stdin and answers one JSON line on stdout, so the suite can
interleave PyTorch's runs with its own (ratios measured side by side). Commands:
  {"cmd": "info"}                                    -> {"torch": version, "threads": n}
  {"cmd": "optimizer", "optimizer": "adam"|"sgd"|"rmsprop"|"radam"|"rprop"|"asgd", "dim": n, "threads": t, "steps": k}
        -> {"ms": milliseconds per optimizer.step()} (torch.optim, foreach=True, float64; the
           gradient is fixed, so only the step is timed, as for LR Lab)
  {"cmd": "rosenbrock", "mode": "analytic"|"autograd", "steps": k, "threads": t}
        -> {"stepsPerSecond": s} (Adam lr 1e-3 on the 2-parameter Rosenbrock from (-1.2, 1):
           loss, gradient (written out, or by autograd), optimizer.step(), loss kept per step)
  {"cmd": "mlp", "x0": [...67], "features": [[4 numbers], ...], "species": [...], "threads": t, "calls": k}
        -> {"ms": milliseconds per gradient, "loss": f, "gradient": [...67]} (the iris MLP of
           examples/mlpIris.ts — 4 → 8 tanh → 3, mean cross-entropy — in float64, its parameters
           laid out as LR Lab's x: W1 row-major, b1, W2, b2; one gradient = zero the grads,
           forward, loss.backward())
  {"cmd": "quit"}
"""
import json
import sys
import time

import torch

OPTIMIZERS = {
    "adam": lambda p: torch.optim.Adam(p, lr=1e-3, foreach=True),
    "sgd": lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.9, foreach=True),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=1e-2, foreach=True),
    "radam": lambda p: torch.optim.RAdam(p, lr=1e-3, foreach=True),
    "rprop": lambda p: torch.optim.Rprop(p, lr=1e-2, foreach=True),
    "asgd": lambda p: torch.optim.ASGD(p, lr=1e-2, foreach=True),
}

_setups = {}


def optimizer_setup(name, dim):
    key = (name, dim)
    if key not in _setups:
        gen = torch.Generator().manual_seed(0)
        param = torch.nn.Parameter(torch.rand(dim, dtype=torch.float64, generator=gen) - 0.5)
        param.grad = torch.rand(dim, dtype=torch.float64, generator=gen) - 0.5
        opt = OPTIMIZERS[name]([param])
        for _ in range(3):
            opt.step()
        _setups.clear()  # one setup at a time: 10^6 float64 parameters and state are 32+ MB
        _setups[key] = opt
    return _setups[key]


def time_optimizer(cmd):
    torch.set_num_threads(int(cmd["threads"]))
    opt = optimizer_setup(cmd["optimizer"], int(cmd["dim"]))
    steps = int(cmd["steps"])
    opt.step()
    start = time.perf_counter()
    for _ in range(steps):
        opt.step()
    return {"ms": (time.perf_counter() - start) * 1000 / steps}


def time_rosenbrock(cmd):
    torch.set_num_threads(int(cmd["threads"]))
    steps = int(cmd["steps"])
    x = torch.tensor([-1.2, 1.0], dtype=torch.float64, requires_grad=cmd["mode"] == "autograd")
    opt = torch.optim.Adam([x], lr=1e-3)
    losses = []
    start = time.perf_counter()
    if cmd["mode"] == "autograd":
        for _ in range(steps):
            opt.zero_grad()
            loss = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
            loss.backward()
            opt.step()
            losses.append(loss.item())
    else:
        x.grad = torch.zeros(2, dtype=torch.float64)
        with torch.no_grad():
            for _ in range(steps):
                a, b = x[0].item(), x[1].item()
                losses.append((1 - a) ** 2 + 100 * (b - a * a) ** 2)
                x.grad[0] = -2 * (1 - a) - 400 * a * (b - a * a)
                x.grad[1] = 200 * (b - a * a)
                opt.step()
    elapsed = time.perf_counter() - start
    return {"stepsPerSecond": steps / elapsed, "finalLoss": losses[-1]}


_mlps = {}


def mlp_setup(cmd):
    key = (tuple(cmd["x0"]), len(cmd["species"]))
    if key not in _mlps:
        x0 = torch.tensor(cmd["x0"], dtype=torch.float64)
        inputs, hidden, classes = 4, 8, 3
        b1 = hidden * inputs
        w2 = b1 + hidden
        b2 = w2 + classes * hidden
        params = [
            x0[0:b1].reshape(hidden, inputs).clone().requires_grad_(True),
            x0[b1:w2].clone().requires_grad_(True),
            x0[w2:b2].reshape(classes, hidden).clone().requires_grad_(True),
            x0[b2:].clone().requires_grad_(True),
        ]
        features = torch.tensor(cmd["features"], dtype=torch.float64)
        species = torch.tensor(cmd["species"], dtype=torch.long)
        _mlps.clear()
        _mlps[key] = (params, features, species)
    return _mlps[key]


def time_mlp(cmd):
    torch.set_num_threads(int(cmd["threads"]))
    params, features, species = mlp_setup(cmd)
    w1, b1, w2, b2 = params
    functional = torch.nn.functional

    def gradient():
        for p in params:
            p.grad = None
        hidden = torch.tanh(functional.linear(features, w1, b1))
        loss = functional.cross_entropy(functional.linear(hidden, w2, b2), species)
        loss.backward()
        return loss

    for _ in range(5):
        gradient()
    calls = int(cmd["calls"])
    start = time.perf_counter()
    for _ in range(calls):
        loss = gradient()
    elapsed = time.perf_counter() - start
    flat = torch.cat([p.grad.reshape(-1) for p in params])
    return {"ms": elapsed * 1000 / calls, "loss": loss.item(), "gradient": flat.tolist()}


def main():
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["cmd"] == "quit":
            break
        try:
            if cmd["cmd"] == "info":
                answer = {"torch": torch.__version__, "threads": torch.get_num_threads()}
            elif cmd["cmd"] == "optimizer":
                answer = time_optimizer(cmd)
            elif cmd["cmd"] == "rosenbrock":
                answer = time_rosenbrock(cmd)
            elif cmd["cmd"] == "mlp":
                answer = time_mlp(cmd)
            else:
                answer = {"error": "unknown command " + cmd["cmd"]}
        except Exception as e:  # report, do not die: the suite records the error
            answer = {"error": repr(e)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
