#!/usr/bin/env python3
"""Writes cross_entropy.safetensors, the PyTorch fixture that jrnn-models' classification tests
compare against: nn.CrossEntropyLoss on logits [N, C] and [N, T, C] (PyTorch takes the class axis
second, [N, C, T], so the logits are permuted for it), with and without class weights, an ignore
index and label smoothing, reductions mean, sum and none, in float64 and float32.

Run from this folder with a Python that has PyTorch (1.13 or newer):

    python3 generate_classification_fixtures.py

Keys: logits_<shape>_<dtype>, targets_<shape> (class indices as float64, -100 or the case's ignore
index where ignored), weight_<dtype>; for every case <case>_<shape>_<dtype>_<reduction> the loss
and <...>_grad, dL/dlogits; <case>_<shape>_<dtype>_terms holds reduction='none'.

It also writes cross_entropy_masked.safetensors, the tagger's case: logits [B, T, C] of sequences
of lengths 5, 2 and 4 padded to T = 5, class weights, with and without label smoothing. Padded
steps are ignore_index in PyTorch, a mask of 0 in jrnn (Loss.weighted); the sample-weighted case
has no PyTorch argument, so its reference is the generalisation of the class-weighted mean
computed from reduction='none': sum(m * l) / sum(m * w[y]). Keys: logits, targets (0 at padded
steps, as SequenceDataset pads), mask, sample_mask (mask times per-sequence weights), weight;
<case>_loss and <case>_grad for case in masked, masked_smoothing, sample_weighted.
"""
import torch

from generate_fixtures import write_safetensors

CLASSES = 5
CASES = {
    # name: (weighted, ignore_index, label_smoothing)
    "plain": (False, -100, 0.0),
    "weighted": (True, -100, 0.0),
    "ignore": (False, -100, 0.0),
    "ignore_class": (False, 2, 0.0),
    "smoothing": (False, -100, 0.15),
    "weighted_smoothing": (True, -100, 0.15),
    "all": (True, 3, 0.2),
}
DTYPES = {"f64": torch.float64, "f32": torch.float32}


def targets_for(shape, case, generator):
    t = torch.randint(0, CLASSES, shape, generator=generator)
    flat = t.view(-1)
    if case == "ignore":
        flat[1] = -100
        flat[-1] = -100
    return t


def main():
    g = torch.Generator().manual_seed(2027)
    out = {}
    weight = torch.rand(CLASSES, generator=g, dtype=torch.float64) * 2 + 0.1
    logits = {"2d": torch.randn(6, CLASSES, generator=g, dtype=torch.float64) * 2,
              "3d": torch.randn(3, 4, CLASSES, generator=g, dtype=torch.float64) * 2}
    for dname, dtype in DTYPES.items():
        out["weight_" + dname] = weight.to(dtype)
        for shape, z in logits.items():
            out["logits_%s_%s" % (shape, dname)] = z.to(dtype)
    for case, (weighted, ignore_index, smoothing) in CASES.items():
        for shape, z in logits.items():
            targets = targets_for(z.shape[:-1], case, g)
            if case in ("ignore_class", "all"):
                targets.view(-1)[0] = ignore_index  # at least one ignored position
            out["targets_%s_%s" % (case, shape)] = targets.to(torch.float64)
            for dname, dtype in DTYPES.items():
                for reduction in ("mean", "sum", "none"):
                    fn = torch.nn.CrossEntropyLoss(weight=weight.to(dtype) if weighted else None,
                                                   ignore_index=ignore_index, reduction=reduction,
                                                   label_smoothing=smoothing)
                    x = z.to(dtype).clone().requires_grad_()
                    pt = x if shape == "2d" else x.permute(0, 2, 1)  # PyTorch: classes on axis 1
                    loss = fn(pt, targets)
                    key = "%s_%s_%s" % (case, shape, dname)
                    if reduction == "none":
                        out[key + "_terms"] = loss.detach()
                        continue
                    loss.backward()
                    out["%s_%s" % (key, reduction)] = loss.detach().reshape(1)
                    out["%s_%s_grad" % (key, reduction)] = x.grad
    write_safetensors("cross_entropy.safetensors", out,
                      {"torch": torch.__version__, "classes": str(CLASSES)})


def masked():
    g = torch.Generator().manual_seed(2028)
    lengths = [5, 2, 4]
    batch, steps = len(lengths), max(lengths)
    weight = torch.rand(CLASSES, generator=g, dtype=torch.float64) * 2 + 0.1
    logits = torch.randn(batch, steps, CLASSES, generator=g, dtype=torch.float64) * 2
    targets = torch.randint(0, CLASSES, (batch, steps), generator=g)
    mask = torch.zeros(batch, steps, dtype=torch.float64)
    for b, n in enumerate(lengths):
        mask[b, :n] = 1
    targets[mask == 0] = 0
    sample = torch.tensor([0.5, 2.0, 1.25], dtype=torch.float64)
    sample_mask = mask * sample[:, None]
    ignored = targets.clone()
    ignored[mask == 0] = -100
    out = {"logits": logits, "targets": targets.to(torch.float64), "mask": mask, "sample_mask": sample_mask,
           "weight": weight}
    for case, smoothing in (("masked", 0.0), ("masked_smoothing", 0.1)):
        x = logits.clone().requires_grad_()
        loss = torch.nn.CrossEntropyLoss(weight=weight, label_smoothing=smoothing)(x.permute(0, 2, 1), ignored)
        loss.backward()
        out[case + "_loss"] = loss.detach().reshape(1)
        out[case + "_grad"] = x.grad
    x = logits.clone().requires_grad_()
    terms = torch.nn.CrossEntropyLoss(weight=weight, reduction="none")(x.permute(0, 2, 1), targets)
    loss = (sample_mask * terms).sum() / (sample_mask * weight[targets]).sum()
    loss.backward()
    out["sample_weighted_loss"] = loss.detach().reshape(1)
    out["sample_weighted_grad"] = x.grad
    write_safetensors("cross_entropy_masked.safetensors", out, {"torch": torch.__version__,
                                                                "classes": str(CLASSES)})


if __name__ == "__main__":
    main()
    masked()
