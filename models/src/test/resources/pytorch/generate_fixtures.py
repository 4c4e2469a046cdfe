#!/usr/bin/env python3
"""Writes the PyTorch fixtures that jrnn-models' tests compare against.

Run from this folder with a Python that has PyTorch (1.13 or newer):

    python3 generate_fixtures.py            # (re)writes the *.safetensors fixtures here
    python3 generate_fixtures.py --check F  # loads a jrnn-saved LSTM state_dict F into PyTorch

PyTorch 1.13 has no safetensors package, so the format is written and read by hand:
an 8-byte little-endian header length, a JSON header, then raw little-endian data.
"""
import json
import math
import struct
import sys

import torch

DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
          torch.int64: "I64"}
TORCH = {v: k for k, v in DTYPES.items()}


def raw_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.view(torch.int16)  # numpy has no bfloat16: write the bits (little-endian on x86 and arm)
    return t.numpy().tobytes()


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        data = raw_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    metadata = header.pop("__metadata__", {})
    out = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        dtype = TORCH[e["dtype"]]
        bits = torch.int16 if dtype in (torch.float16, torch.bfloat16) else dtype
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=bits).view(dtype)
        out[name] = t.reshape(e["shape"]).clone()
    return out, metadata


LSTM = dict(input_size=3, hidden_size=4, num_layers=2)


def lstm_fixture():
    torch.manual_seed(1234)
    lstm = torch.nn.LSTM(**LSTM).double()
    x = torch.randn(5, 2, 3, dtype=torch.float64)
    with torch.no_grad():
        y, (h, c) = lstm(x)
    write_safetensors("lstm_state_dict.safetensors", lstm.state_dict(),
                      {"format": "pt", "model": "LSTM(3, 4, num_layers=2)"})
    write_safetensors("lstm_io.safetensors", {"input": x, "output": y, "h_n": h, "c_n": c})


def loss_fixture():
    torch.manual_seed(99)
    pred = torch.randn(4, 3, dtype=torch.float64)
    target = torch.randn(4, 3, dtype=torch.float64)
    var = torch.rand(4, 3, dtype=torch.float64) + 0.05
    var[0, 0] = 1e-9  # below eps: clamped in value, not in gradient
    out = {"pred": pred, "target": target, "var": var}
    losses = {"mse": torch.nn.MSELoss(), "mae": torch.nn.L1Loss(), "huber": torch.nn.HuberLoss(delta=0.7)}
    for name, fn in losses.items():
        p = pred.clone().requires_grad_()
        loss = fn(p, target)
        loss.backward()
        out[name] = loss.detach()
        out[name + "_grad"] = p.grad
    p = pred.clone().requires_grad_()
    v = var.clone().requires_grad_()
    loss = torch.nn.GaussianNLLLoss()(p, target, v)
    loss.backward()
    out.update({"gnll": loss.detach(), "gnll_grad": p.grad, "gnll_var_grad": v.grad})
    write_safetensors("losses.safetensors", out)


OPTIMIZERS = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01),
    "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.02),
    "adam": lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.95), eps=1e-7, weight_decay=0.01),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.05, weight_decay=0.1),
}


def objective(w, b, coef, target):
    """sum(coef (w - target)^2) + sum(b^2 w[0]) with w [3, 2], b [2]."""
    return (coef * (w - target) ** 2).sum() + (b * b * w[0]).sum()


def optim_fixture(steps=6):
    torch.manual_seed(7)
    w0 = torch.randn(3, 2, dtype=torch.float64)
    b0 = torch.randn(2, dtype=torch.float64)
    coef = torch.rand(3, 2, dtype=torch.float64) + 0.5
    target = torch.randn(3, 2, dtype=torch.float64)
    out = {"w0": w0, "b0": b0, "coef": coef, "target": target}
    for name, make in OPTIMIZERS.items():
        w = w0.clone().requires_grad_()
        b = b0.clone().requires_grad_()
        opt = make([w, b])
        ws, bs = [], []
        for _ in range(steps):
            opt.zero_grad()
            objective(w, b, coef, target).backward()
            opt.step()
            ws.append(w.detach().clone())
            bs.append(b.detach().clone())
        out[name + "_w"] = torch.stack(ws)
        out[name + "_b"] = torch.stack(bs)
    g1 = torch.randn(3, 2, dtype=torch.float64) * 3
    g2 = torch.randn(4, dtype=torch.float64) * 3
    p1 = torch.zeros(3, 2, dtype=torch.float64, requires_grad=True)
    p2 = torch.zeros(4, dtype=torch.float64, requires_grad=True)
    p1.grad, p2.grad = g1.clone(), g2.clone()
    norm = torch.nn.utils.clip_grad_norm_([p1, p2], max_norm=1.5)
    out.update({"clip_g1": g1, "clip_g2": g2, "clip_norm": norm.detach(),
                "clip_g1_after": p1.grad, "clip_g2_after": p2.grad})
    write_safetensors("optim.safetensors", out, {"steps": str(steps)})


def check(path):
    """Loads a jrnn-saved LSTM state_dict with strict=True and runs the fixture input through it."""
    state, metadata = read_safetensors(path)
    lstm = torch.nn.LSTM(**LSTM).double()
    lstm.load_state_dict(state, strict=True)
    io, _ = read_safetensors("lstm_io.safetensors")
    with torch.no_grad():
        y, _ = lstm(io["input"])
    print("loaded", sorted(state), "metadata", metadata)
    print("max |output - fixture output| =", (y - io["output"]).abs().max().item())


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        lstm_fixture()
        loss_fixture()
        optim_fixture()
