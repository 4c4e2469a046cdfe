#!/usr/bin/env python3
"""Writes the PyTorch fixtures of training on variable-length sequences (masked and weighted losses).

Run from this folder with a Python that has PyTorch (1.13 or newer):

    python3 generate_varlen_fixtures.py     # (re)writes varlen_*.safetensors here

Padded steps are filled with large values (1e3): through pack_padded_sequence and the mask they
must change nothing, so the jrnn tests feed the same padded tensors.
"""
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from generate_fixtures import write_safetensors

GARBAGE = 1e3


def padded(batch, steps, width, lengths, generator):
    x = torch.randn(batch, steps, width, dtype=torch.float64, generator=generator)
    for b, n in enumerate(lengths):
        x[b, n:] = GARBAGE
    return x


def weighted_mean(terms, weights):
    """sum(w l) / sum(w), w repeated over the trailing axes of the terms."""
    w = weights.reshape(weights.shape + (1,) * (terms.dim() - weights.dim())).expand_as(terms)
    return (w * terms).sum() / w.sum()


def grads(out, loss, named, x):
    loss.backward()
    out["loss"] = loss.detach().reshape(1)
    out["grad.input"] = x.grad
    for name, p in named:
        out["grad." + name] = p.grad


def many_to_one():
    """LSTM(3, 5, 2 layers) + Linear(5, 2) on h_n[-1], MSE weighted per sample: a jrnn SequenceRegressor."""
    g = torch.Generator().manual_seed(2024)
    torch.manual_seed(2024)
    lstm = torch.nn.LSTM(3, 5, num_layers=2, batch_first=True).double()
    head = torch.nn.Linear(5, 2).double()
    lengths = torch.tensor([6, 3, 1, 4])
    x = padded(4, 6, 3, lengths, g).requires_grad_()
    y = torch.randn(4, 2, dtype=torch.float64, generator=g)
    w = torch.tensor([1.0, 0.5, 2.0, 1.5], dtype=torch.float64)
    _, (h, _) = lstm(pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False))
    pred = head(h[-1])
    loss = weighted_mean((pred - y) ** 2, w)
    named = [(n, p) for n, p in lstm.named_parameters()] + [("head." + n, p) for n, p in head.named_parameters()]
    write_safetensors("varlen_many_to_one_model.safetensors", {n: p.detach() for n, p in named})
    out = {"input": x.detach(), "lengths": lengths.to(torch.int64), "target": y, "weights": w,
           "prediction": pred.detach()}
    grads(out, loss, named, x)
    write_safetensors("varlen_many_to_one.safetensors", out)


def many_to_many():
    """Bidirectional GRU(3, 4) + per-step Linear(8, 2), MSE masked at padded steps and weighted per sample."""
    g = torch.Generator().manual_seed(77)
    torch.manual_seed(77)
    gru = torch.nn.GRU(3, 4, bidirectional=True, batch_first=True).double()
    head = torch.nn.Linear(8, 2).double()
    lengths = torch.tensor([2, 5, 4])
    x = padded(3, 5, 3, lengths, g).requires_grad_()
    y = padded(3, 5, 2, lengths, g)
    sample = torch.tensor([0.5, 1.0, 2.0], dtype=torch.float64)
    mask = (torch.arange(5)[None, :] < lengths[:, None]).to(torch.float64)
    out_packed, _ = gru(pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False))
    h, _ = pad_packed_sequence(out_packed, batch_first=True, total_length=5)
    pred = head(h)
    loss = weighted_mean((pred - y) ** 2, mask * sample[:, None])
    named = [(n, p) for n, p in gru.named_parameters()] + [("head." + n, p) for n, p in head.named_parameters()]
    write_safetensors("varlen_many_to_many_model.safetensors", {n: p.detach() for n, p in named})
    out = {"input": x.detach(), "lengths": lengths.to(torch.int64), "target": y, "sample_weights": sample,
           "mask": mask, "prediction": pred.detach()}
    grads(out, loss, named, x)
    write_safetensors("varlen_many_to_many.safetensors", out)


def weighted_losses():
    """MSE, L1 and Huber(0.7) terms (reduction='none') weighted per step: weighted mean and sum, with gradients."""
    g = torch.Generator().manual_seed(5)
    pred = torch.randn(3, 4, 2, dtype=torch.float64, generator=g)
    target = torch.randn(3, 4, 2, dtype=torch.float64, generator=g)
    weights = torch.rand(3, 4, dtype=torch.float64, generator=g)
    weights[0, 3] = 0.0
    weights[2, 2:] = 0.0
    target[0, 3] = GARBAGE
    target[2, 2:] = GARBAGE
    out = {"pred": pred, "target": target, "weights": weights}
    losses = {"mse": torch.nn.MSELoss(reduction="none"), "mae": torch.nn.L1Loss(reduction="none"),
              "huber": torch.nn.HuberLoss(reduction="none", delta=0.7)}
    for name, fn in losses.items():
        for reduction in ("mean", "sum"):
            p = pred.clone().requires_grad_()
            terms = fn(p, target)
            w = weights[:, :, None].expand_as(terms)
            loss = weighted_mean(terms, weights) if reduction == "mean" else (w * terms).sum()
            loss.backward()
            out[name + "_" + reduction] = loss.detach().reshape(1)
            out[name + "_" + reduction + "_grad"] = p.grad
    write_safetensors("varlen_weighted_losses.safetensors", out)


if __name__ == "__main__":
    many_to_one()
    many_to_many()
    weighted_losses()
