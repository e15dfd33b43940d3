#!/usr/bin/python3
"""Reference learning rates for LR Lab's schedules, from the real torch.optim.lr_scheduler.

Run with the system Python that has PyTorch (1.13):

    /usr/bin/python3 scripts/golden/schedules.py > test/golden/schedules.json

Each case builds SGD([p], lr=baseLr) on one float64 parameter, wraps it in the scheduler and
records optimizer.param_groups[0]['lr'] before every optimizer.step(), then calls
scheduler.step() (ReduceLROnPlateau: scheduler.step(metrics[i])). So lrs[i] is the lr of
optimizer step i + 1, which is what LR Lab's lrAt(i) / previewSchedule must give.

SequentialLR is also checked here against its documented closed form
(lr(t) = schedule_i(t - milestones[i-1])); the script stops if torch 1.13 disagrees.
"""
import json
import math
import sys
import warnings
from bisect import bisect_right

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S

warnings.filterwarnings("ignore")  # SequentialLR's step(0) uses the deprecated epoch argument
torch.set_default_dtype(torch.float64)

BASE_LR = 0.1


def optimizer(lr=BASE_LR):
    return SGD([torch.zeros(1, requires_grad=True)], lr=lr)


def record(sched, opt, steps, metrics=None):
    lrs = []
    for i in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[i])
    return lrs


CASES = []


def case(name, torch_call, config, steps, make, metrics=None):
    opt = optimizer()
    sched = make(opt)
    CASES.append({
        "name": name,
        "torch": torch_call,
        "config": config,
        "baseLr": BASE_LR,
        "steps": steps,
        **({"metrics": metrics} if metrics is not None else {}),
        "lrs": record(sched, opt, steps, metrics),
    })


# --- step-only schedulers --------------------------------------------------------------
case("StepLR", "StepLR(opt, step_size=7, gamma=0.5)", {"type": "step", "stepSize": 7, "gamma": 0.5}, 50,
     lambda o: S.StepLR(o, step_size=7, gamma=0.5))
case("StepLR default gamma", "StepLR(opt, step_size=10)", {"type": "step", "stepSize": 10}, 45,
     lambda o: S.StepLR(o, step_size=10))
case("MultiStepLR", "MultiStepLR(opt, milestones=[5, 12, 30], gamma=0.3)",
     {"type": "multiStep", "milestones": [5, 12, 30], "gamma": 0.3}, 45,
     lambda o: S.MultiStepLR(o, milestones=[5, 12, 30], gamma=0.3))
case("ExponentialLR", "ExponentialLR(opt, gamma=0.95)", {"type": "exponential", "gamma": 0.95}, 60,
     lambda o: S.ExponentialLR(o, gamma=0.95))
case("LinearLR", "LinearLR(opt, start_factor=0.25, end_factor=0.9, total_iters=20)",
     {"type": "linear", "startFactor": 0.25, "endFactor": 0.9, "totalIters": 20}, 40,
     lambda o: S.LinearLR(o, start_factor=0.25, end_factor=0.9, total_iters=20))
case("LinearLR to zero", "LinearLR(opt, start_factor=0.5, end_factor=0.0, total_iters=25)",
     {"type": "linear", "startFactor": 0.5, "endFactor": 0, "totalIters": 25}, 40,
     lambda o: S.LinearLR(o, start_factor=0.5, end_factor=0.0, total_iters=25))
# PyTorch's total_iters defaults to 5; LR Lab's to the run's length (a horizon): the config says 5.
case("LinearLR defaults", "LinearLR(opt)", {"type": "linear", "totalIters": 5}, 40, lambda o: S.LinearLR(o))
case("PolynomialLR", "PolynomialLR(opt, total_iters=30, power=2.0)",
     {"type": "polynomial", "totalIters": 30, "power": 2}, 45,
     lambda o: S.PolynomialLR(o, total_iters=30, power=2.0))
case("PolynomialLR defaults", "PolynomialLR(opt)", {"type": "polynomial", "totalIters": 5}, 40, lambda o: S.PolynomialLR(o))
case("CosineAnnealingLR beyond T_max", "CosineAnnealingLR(opt, T_max=20, eta_min=0.001)",
     {"type": "cosine", "tMax": 20, "etaMin": 0.001}, 70,
     lambda o: S.CosineAnnealingLR(o, T_max=20, eta_min=0.001))
case("CosineAnnealingLR", "CosineAnnealingLR(opt, T_max=40)", {"type": "cosine", "tMax": 40}, 60,
     lambda o: S.CosineAnnealingLR(o, T_max=40))
case("CosineAnnealingWarmRestarts T_mult=1", "CosineAnnealingWarmRestarts(opt, T_0=7, eta_min=0.005)",
     {"type": "cosineWarmRestarts", "t0": 7, "etaMin": 0.005}, 50,
     lambda o: S.CosineAnnealingWarmRestarts(o, T_0=7, eta_min=0.005))
case("CosineAnnealingWarmRestarts T_mult=2", "CosineAnnealingWarmRestarts(opt, T_0=3, T_mult=2)",
     {"type": "cosineWarmRestarts", "t0": 3, "tMult": 2}, 60,
     lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2))
case("OneCycleLR cos", "OneCycleLR(opt, max_lr=0.5, total_steps=50, cycle_momentum=False)",
     {"type": "oneCycle", "maxLr": 0.5, "totalSteps": 50}, 50,
     lambda o: S.OneCycleLR(o, max_lr=0.5, total_steps=50, cycle_momentum=False))
case("OneCycleLR linear",
     "OneCycleLR(opt, max_lr=0.2, total_steps=45, pct_start=0.25, anneal_strategy='linear', div_factor=10.0, final_div_factor=100.0, cycle_momentum=False)",
     {"type": "oneCycle", "maxLr": 0.2, "totalSteps": 45, "pctStart": 0.25, "annealStrategy": "linear", "divFactor": 10, "finalDivFactor": 100}, 45,
     lambda o: S.OneCycleLR(o, max_lr=0.2, total_steps=45, pct_start=0.25, anneal_strategy="linear",
                            div_factor=10.0, final_div_factor=100.0, cycle_momentum=False))
case("OneCycleLR three_phase cos", "OneCycleLR(opt, max_lr=1.0, total_steps=60, three_phase=True, cycle_momentum=False)",
     {"type": "oneCycle", "maxLr": 1, "totalSteps": 60, "threePhase": True}, 60,
     lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=60, three_phase=True, cycle_momentum=False))
case("OneCycleLR three_phase linear",
     "OneCycleLR(opt, max_lr=0.3, total_steps=41, pct_start=0.4, anneal_strategy='linear', three_phase=True, cycle_momentum=False)",
     {"type": "oneCycle", "maxLr": 0.3, "totalSteps": 41, "pctStart": 0.4, "annealStrategy": "linear", "threePhase": True}, 41,
     lambda o: S.OneCycleLR(o, max_lr=0.3, total_steps=41, pct_start=0.4, anneal_strategy="linear",
                            three_phase=True, cycle_momentum=False))
case("CyclicLR triangular", "CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=5, step_size_down=8, cycle_momentum=False)",
     {"type": "cyclic", "baseLr": 0.01, "maxLr": 0.1, "stepSizeUp": 5, "stepSizeDown": 8}, 60,
     lambda o: S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=5, step_size_down=8, cycle_momentum=False))
case("CyclicLR triangular2", "CyclicLR(opt, base_lr=0.02, max_lr=0.5, step_size_up=4, mode='triangular2', cycle_momentum=False)",
     {"type": "cyclic", "baseLr": 0.02, "maxLr": 0.5, "stepSizeUp": 4, "mode": "triangular2"}, 60,
     lambda o: S.CyclicLR(o, base_lr=0.02, max_lr=0.5, step_size_up=4, mode="triangular2", cycle_momentum=False))
case("CyclicLR exp_range",
     "CyclicLR(opt, base_lr=0.001, max_lr=0.2, step_size_up=6, step_size_down=3, mode='exp_range', gamma=0.97, cycle_momentum=False)",
     {"type": "cyclic", "baseLr": 0.001, "maxLr": 0.2, "stepSizeUp": 6, "stepSizeDown": 3, "mode": "expRange", "gamma": 0.97}, 60,
     lambda o: S.CyclicLR(o, base_lr=0.001, max_lr=0.2, step_size_up=6, step_size_down=3, mode="exp_range",
                          gamma=0.97, cycle_momentum=False))

# --- ReduceLROnPlateau with fixed metric sequences ------------------------------------------
def falling_then_flat(n):
    """Falls for 12 reports, then hovers just above its minimum (a plateau with small noise)."""
    return [1.0 / (1 + i) if i < 12 else 1.0 / 13 + 0.001 * ((7 * i) % 5) for i in range(n)]


MIN_METRICS = falling_then_flat(60)
MAX_METRICS = [1.0 - m for m in MIN_METRICS]

case("ReduceLROnPlateau min rel cooldown",
     "ReduceLROnPlateau(opt, mode='min', factor=0.5, patience=3, cooldown=2)",
     {"type": "plateau", "mode": "min", "factor": 0.5, "patience": 3, "cooldown": 2}, 60,
     lambda o: S.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=3, cooldown=2), MIN_METRICS)
case("ReduceLROnPlateau max abs",
     "ReduceLROnPlateau(opt, mode='max', factor=0.5, patience=2, threshold=0.02, threshold_mode='abs')",
     {"type": "plateau", "mode": "max", "factor": 0.5, "patience": 2, "threshold": 0.02, "thresholdMode": "abs"}, 60,
     lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.5, patience=2, threshold=0.02, threshold_mode="abs"),
     MAX_METRICS)
case("ReduceLROnPlateau max rel",
     "ReduceLROnPlateau(opt, mode='max', factor=0.2, patience=4)",
     {"type": "plateau", "mode": "max", "factor": 0.2, "patience": 4}, 60,
     lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.2, patience=4), MAX_METRICS)
case("ReduceLROnPlateau min abs minLr",
     "ReduceLROnPlateau(opt, factor=0.3, patience=1, threshold=0.001, threshold_mode='abs', min_lr=0.02)",
     {"type": "plateau", "factor": 0.3, "patience": 1, "threshold": 0.001, "thresholdMode": "abs", "minLr": 0.02}, 60,
     lambda o: S.ReduceLROnPlateau(o, factor=0.3, patience=1, threshold=0.001, threshold_mode="abs", min_lr=0.02),
     MIN_METRICS)
case("ReduceLROnPlateau eps",
     "ReduceLROnPlateau(opt, factor=0.5, patience=1, eps=0.01)",
     {"type": "plateau", "factor": 0.5, "patience": 1, "eps": 0.01}, 60,
     lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=1, eps=0.01), MIN_METRICS)
NOISY_DECLINE = [2.0 - 0.01 * i + 0.03 * ((7 * i) % 5) for i in range(60)]
case("ReduceLROnPlateau noisy decline rel threshold",
     "ReduceLROnPlateau(opt, factor=0.5, patience=2, threshold=0.01)",
     {"type": "plateau", "factor": 0.5, "patience": 2, "threshold": 0.01}, 60,
     lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.01), NOISY_DECLINE)
case("ReduceLROnPlateau defaults", "ReduceLROnPlateau(opt)", {"type": "plateau"}, 60,
     lambda o: S.ReduceLROnPlateau(o), MIN_METRICS)

# --- SequentialLR -------------------------------------------------------------------------
def sequential_case(name, torch_call, config, steps, children, milestones, closed_forms):
    """children: factories for the torch schedulers; closed_forms: t -> lr for each child."""
    opt = optimizer()
    scheds = [make(opt) for make in children]
    seq = S.SequentialLR(opt, schedulers=scheds, milestones=milestones)
    lrs = record(seq, opt, steps)
    for t, lr in enumerate(lrs):
        i = bisect_right(milestones, t)
        start = milestones[i - 1] if i > 0 else 0
        documented = closed_forms[i](t - start)
        if abs(lr - documented) > 1e-12 * abs(documented):
            sys.exit(f"{name}: torch {torch.__version__} gives {lr} at t={t}, the documented form {documented}")
    CASES.append({"name": name, "torch": torch_call, "config": config, "baseLr": BASE_LR, "steps": steps, "lrs": lrs})


sequential_case(
    "SequentialLR LinearLR -> ExponentialLR",
    "SequentialLR(opt, [LinearLR(opt, start_factor=0.1, total_iters=10), ExponentialLR(opt, gamma=0.9)], milestones=[10])",
    {"type": "sequential", "schedules": [{"type": "linear", "startFactor": 0.1, "totalIters": 10}, {"type": "exponential", "gamma": 0.9}],
     "milestones": [10]},
    40,
    [lambda o: S.LinearLR(o, start_factor=0.1, total_iters=10), lambda o: S.ExponentialLR(o, gamma=0.9)],
    [10],
    [lambda t: BASE_LR * (0.1 + 0.9 * min(10, t) / 10), lambda t: BASE_LR * 0.9 ** t],
)
sequential_case(
    "SequentialLR LinearLR -> CosineAnnealingLR",
    "SequentialLR(opt, [LinearLR(opt, start_factor=0.5, total_iters=5), CosineAnnealingLR(opt, T_max=30, eta_min=0.01)], milestones=[5])",
    {"type": "sequential", "schedules": [{"type": "linear", "startFactor": 0.5, "totalIters": 5}, {"type": "cosine", "tMax": 30, "etaMin": 0.01}],
     "milestones": [5]},
    45,
    [lambda o: S.LinearLR(o, start_factor=0.5, total_iters=5), lambda o: S.CosineAnnealingLR(o, T_max=30, eta_min=0.01)],
    [5],
    [lambda t: BASE_LR * (0.5 + 0.5 * min(5, t) / 5), lambda t: 0.01 + (BASE_LR - 0.01) * (1 + math.cos(math.pi * t / 30)) / 2],
)
sequential_case(
    "SequentialLR LinearLR -> StepLR -> ExponentialLR",
    "SequentialLR(opt, [LinearLR(opt, start_factor=0.2, total_iters=6), StepLR(opt, step_size=4, gamma=0.5), ExponentialLR(opt, gamma=0.95)], milestones=[6, 20])",
    {"type": "sequential",
     "schedules": [{"type": "linear", "startFactor": 0.2, "totalIters": 6}, {"type": "step", "stepSize": 4, "gamma": 0.5},
                   {"type": "exponential", "gamma": 0.95}],
     "milestones": [6, 20]},
    45,
    [lambda o: S.LinearLR(o, start_factor=0.2, total_iters=6), lambda o: S.StepLR(o, step_size=4, gamma=0.5),
     lambda o: S.ExponentialLR(o, gamma=0.95)],
    [6, 20],
    [lambda t: BASE_LR * (0.2 + 0.8 * min(6, t) / 6), lambda t: BASE_LR * 0.5 ** (t // 4), lambda t: BASE_LR * 0.95 ** t],
)


def dump():
    out = sys.stdout
    out.write("{\n")
    out.write(f'  "generatedBy": "scripts/golden/schedules.py (/usr/bin/python3 scripts/golden/schedules.py > test/golden/schedules.json)",\n')
    out.write(f'  "torch": "{torch.__version__}",\n')
    out.write('  "how": "SGD([p], lr=baseLr) on one float64 parameter; lrs[i] = optimizer.param_groups[0][\'lr\'] read before the '
              '(i+1)-th optimizer.step(), then scheduler.step() (ReduceLROnPlateau: scheduler.step(metrics[i])). Python floats (float64). '
              'config is the LR Lab schedule config meant to match the torch call.",\n')
    out.write('  "cases": [\n')
    for k, c in enumerate(CASES):
        fields = [f'      {json.dumps(key)}: {json.dumps(value)}' for key, value in c.items()]
        out.write("    {\n" + ",\n".join(fields) + "\n    }" + ("," if k < len(CASES) - 1 else "") + "\n")
    out.write("  ]\n}\n")


dump()
