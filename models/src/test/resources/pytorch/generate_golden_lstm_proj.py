#!/usr/bin/env python3
"""Writes the golden cases of LSTM layers with projections (torch.nn.LSTM(..., proj_size=P)) and of
LSTMs over a batch of one row.

The cases follow the format of the golden parity kit (its README.md, next to the cases in
conformance-layers/src/main/resources/dev/jrnn/conformance/golden): float64 parameters, input,
initial states, outputs, final states, upstream gradients, the loss
L = sum(output * grad_output) + sum(h_n * grad_h_n) + sum(c_n * grad_c_n) and its gradients with
respect to the input, h0, c0 and every parameter, plus the metadata key proj_size.

It also writes, next to itself, the fixtures of jrnn-models' state_dict test: the state_dict of
FIXTURE (lstm_proj_state_dict.safetensors) and an input with the module's output and final states
(lstm_proj_io.safetensors).

Run from this folder with a Python that has PyTorch (1.13 or newer):

    python3 generate_golden_lstm_proj.py                 # (re)writes the cases and the fixtures
    python3 generate_golden_lstm_proj.py --out FOLDER    # writes the cases into FOLDER instead
    python3 generate_golden_lstm_proj.py --check F       # loads a jrnn-saved state_dict F into FIXTURE
                                                         # (strict=True) and compares its output with
                                                         # lstm_proj_io.safetensors
"""
import argparse
import os

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from generate_fixtures import read_safetensors, write_safetensors

HERE = os.path.dirname(os.path.abspath(__file__))
KIT = os.path.join(HERE, "..", "..", "..", "..", "..", "conformance-layers", "src", "main", "resources",
                   "dev", "jrnn", "conformance", "golden")

# name: (input_size, hidden_size, proj_size, num_layers, bidirectional, bias, seq_len, batch, lengths)
CASES = {
    "lstm_proj_small": (3, 5, 2, 1, False, True, 5, 2, None),
    "lstm_proj_nobias": (3, 4, 3, 1, False, False, 4, 2, None),
    "lstm_proj_bidirectional_2layer": (4, 6, 3, 2, True, True, 6, 2, None),
    # unsorted lengths: PyTorch sorts them inside (enforce_sorted=False) and restores the order
    "lstm_proj_packed_bidirectional_2layer": (3, 5, 3, 2, True, True, 6, 3, [4, 6, 2]),
}


# LSTMs without projections (proj_size 0) over a batch of one row, the shape a model serves one series
# with: the backends run it on kernels of their own (one-row products); seeds of their own, so that the
# cases above keep theirs
BATCH_ONE_CASES = {
    "lstm_batch1_2layer": (3, 20, 0, 2, False, True, 7, 1, None),
    "lstm_batch1_bidirectional_nobias": (4, 16, 0, 1, True, False, 6, 1, None),
}


# the module of the state_dict fixtures: (input_size, hidden_size, proj_size, num_layers, bidirectional, bias)
FIXTURE = (3, 5, 2, 2, True, True)


def module(input_size, hidden_size, proj_size, num_layers, bidirectional, bias):
    return torch.nn.LSTM(input_size, hidden_size, num_layers=num_layers, bias=bias,
                         bidirectional=bidirectional, proj_size=proj_size).double()


def run(lstm, x, h0, c0, lengths):
    """output [T, B, D*P] (zero past each length), h_n [L*D, B, P], c_n [L*D, B, H]."""
    if lengths is None:
        return lstm(x, (h0, c0))
    packed = pack_padded_sequence(x, torch.tensor(lengths), enforce_sorted=False)
    out, (h, c) = lstm(packed, (h0, c0))
    out, _ = pad_packed_sequence(out, total_length=x.shape[0])
    return out, (h, c)


def golden_case(seed, input_size, hidden_size, proj_size, num_layers, bidirectional, bias, seq_len, batch,
                lengths):
    torch.manual_seed(seed)
    lstm = module(input_size, hidden_size, proj_size, num_layers, bidirectional, bias)
    stack = num_layers * (2 if bidirectional else 1)
    x = torch.randn(seq_len, batch, input_size, dtype=torch.float64, requires_grad=True)
    h0 = (0.5 * torch.randn(stack, batch, proj_size or hidden_size, dtype=torch.float64)).requires_grad_()
    c0 = (0.5 * torch.randn(stack, batch, hidden_size, dtype=torch.float64)).requires_grad_()
    out, (h, c) = run(lstm, x, h0, c0, lengths)
    grad_out = torch.randn_like(out)
    grad_h = torch.randn_like(h)
    grad_c = torch.randn_like(c)
    loss = (out * grad_out).sum() + (h * grad_h).sum() + (c * grad_c).sum()
    loss.backward()

    tensors = {name: p.detach() for name, p in lstm.named_parameters()}
    tensors.update({"input": x.detach(), "h0": h0.detach(), "c0": c0.detach()})
    if lengths is not None:
        tensors["lengths"] = torch.tensor(lengths, dtype=torch.int64)
    tensors.update({"output": out.detach(), "h_n": h.detach(), "c_n": c.detach(), "grad_output": grad_out,
                    "grad_h_n": grad_h, "grad_c_n": grad_c, "loss": loss.detach().reshape(1),
                    "grad.input": x.grad, "grad.h0": h0.grad, "grad.c0": c0.grad})
    for name, p in lstm.named_parameters():
        tensors["grad." + name] = p.grad
    metadata = {"format": "rnn-golden/1", "mode": "LSTM", "input_size": str(input_size),
                "hidden_size": str(hidden_size), "proj_size": str(proj_size), "num_layers": str(num_layers),
                "bidirectional": str(bidirectional).lower(), "bias": str(bias).lower(), "seq_len": str(seq_len),
                "batch": str(batch), "dtype": "F64", "torch_version": torch.__version__,
                "loss": "sum(output*grad_output)+sum(h_n*grad_h_n)+sum(c_n*grad_c_n)"}
    if lengths is not None:
        metadata["packed"] = "true"
    return tensors, metadata


def write_all(folder):
    numbered = list(enumerate(sorted(CASES.items()), start=2027))
    numbered += list(enumerate(sorted(BATCH_ONE_CASES.items()), start=2041))
    for seed, (name, spec) in numbered:
        tensors, metadata = golden_case(seed, *spec)
        path = os.path.join(folder, name + ".safetensors")
        write_safetensors(path, tensors, metadata)
        print("wrote", os.path.normpath(path))


def write_fixtures(folder):
    torch.manual_seed(2031)
    lstm = module(*FIXTURE)
    x = torch.randn(4, 2, FIXTURE[0], dtype=torch.float64)
    with torch.no_grad():
        y, (h, c) = lstm(x)
    write_safetensors(os.path.join(folder, "lstm_proj_state_dict.safetensors"), lstm.state_dict(),
                      {"format": "pt", "model": "LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2)"})
    write_safetensors(os.path.join(folder, "lstm_proj_io.safetensors"), {"input": x, "output": y, "h_n": h, "c_n": c})
    print("wrote the state_dict fixtures of", lstm)


def check(state_file):
    """Loads a jrnn-saved state_dict into FIXTURE with strict=True and runs the fixture input through it."""
    state, metadata = read_safetensors(state_file)
    lstm = module(*FIXTURE)
    lstm.load_state_dict(state, strict=True)
    io, _ = read_safetensors(os.path.join(HERE, "lstm_proj_io.safetensors"))
    with torch.no_grad():
        y, (h, c) = lstm(io["input"])
    print("loaded", list(state), "metadata", metadata, "strictly into", lstm)
    for name, value in (("output", y), ("h_n", h), ("c_n", c)):
        print("max |%s - fixture %s| = %.3g" % (name, name, (value - io[name]).abs().max().item()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=KIT, help="folder to write the cases into")
    parser.add_argument("--check", metavar="STATE_DICT")
    args = parser.parse_args()
    if args.check:
        check(args.check)
    else:
        write_all(args.out)
        write_fixtures(HERE)
