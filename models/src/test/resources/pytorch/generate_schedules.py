#!/usr/bin/env python3
"""Writes schedules.safetensors: PyTorch's learning rates of OneCycleLR and ReduceLROnPlateau.

Run from this folder with a Python that has PyTorch (1.13 or newer):

    python3 generate_schedules.py

OneCycleLR runs with cycle_momentum=False (jrnn's one-cycle schedule sets the learning rate only);
"onecycle_<case>" holds the rate of every step, as the optimizer saw it during that step.
ReduceLROnPlateau is stepped with "plateau_metrics" once per epoch; "plateau_<case>" holds the rate
after each step(metric), i.e. the rate of the next epoch. The cases' settings are in the metadata.
"""
import json

import torch

from generate_fixtures import write_safetensors

ONE_CYCLE = {
    "defaults": dict(max_lr=0.1, total_steps=100),
    "custom": dict(max_lr=0.01, total_steps=37, pct_start=0.25, div_factor=10.0, final_div_factor=100.0),
    "short": dict(max_lr=2.0, total_steps=7, pct_start=0.5),
}

PLATEAU = {
    "rel": dict(mode="min", factor=0.5, patience=2, threshold=1e-4, threshold_mode="rel", cooldown=0, min_lr=0.0),
    "abs_cooldown": dict(mode="min", factor=0.3, patience=1, threshold=0.05, threshold_mode="abs", cooldown=2,
                         min_lr=0.002),
    "max": dict(mode="max", factor=0.1, patience=3, threshold=0.01, threshold_mode="rel", cooldown=1, min_lr=1e-5),
}


def one_cycle(settings):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=1.0)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, cycle_momentum=False, **settings)
    rates = []
    for _ in range(settings["total_steps"]):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return torch.tensor(rates, dtype=torch.float64)


def plateau(settings, metrics, initial_lr=0.1):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=initial_lr)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **settings)
    rates = []
    for m in metrics.tolist():
        opt.step()
        sched.step(m)
        rates.append(opt.param_groups[0]["lr"])
    return torch.tensor(rates, dtype=torch.float64)


def main():
    out, meta = {}, {}
    for name, settings in ONE_CYCLE.items():
        out["onecycle_" + name] = one_cycle(settings)
        meta["onecycle_" + name] = json.dumps(settings)
    torch.manual_seed(11)
    k = torch.arange(60, dtype=torch.float64)
    # a loss that falls, then stalls in noisy plateaus, as a validation loss does
    metrics = 1.0 / (1.0 + 0.2 * torch.clamp(k, max=25)) + 0.02 * torch.randn(60, dtype=torch.float64)
    metrics[30:40] = metrics[29]
    out["plateau_metrics"] = metrics
    for name, settings in PLATEAU.items():
        out["plateau_" + name] = plateau(settings, metrics)
        meta["plateau_" + name] = json.dumps(settings)
    meta["plateau_initial_lr"] = "0.1"
    write_safetensors("schedules.safetensors", out, meta)


if __name__ == "__main__":
    main()
