#!/usr/bin/env python3
"""Writes the PyTorch fixtures of jrnn-models' interop tests: whole-model state dicts with module
prefixes, and 16-bit float files (F16, BF16).

Run from this folder with a Python that has PyTorch (1.13 or newer):

    python3 generate_interop_fixtures.py           # (re)writes the interop_*.safetensors fixtures
    python3 generate_interop_fixtures.py --check   # loads the jrnn-written fixtures (jrnn_*.safetensors)
                                                   # into the matching torch modules, strict=True

Each torch fixture is a module's state_dict as PyTorch names it (lstm.weight_ih_l0, head.weight,
...) and, in a separate *_io file, its inputs and outputs. The jrnn_* fixtures are written by
jrnn's StateDictInteropTest (see there); --check verifies that torch loads them unchanged and
computes the outputs jrnn computed.
"""
import sys

import torch

from generate_fixtures import read_safetensors, write_safetensors


class Regressor(torch.nn.Module):
    """jrnn's SequenceRegressor: an LSTM (batch first) and a linear head on the last step."""

    def __init__(self, input_size=3, hidden_size=4, num_layers=2, outputs=2):
        super().__init__()
        self.lstm = torch.nn.LSTM(input_size, hidden_size, num_layers=num_layers, batch_first=True)
        self.head = torch.nn.Linear(hidden_size, outputs)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


class Tagger(torch.nn.Module):
    """Another layout of the same model kind: a bidirectional GRU called encoder, a head called fc."""

    def __init__(self, input_size=2, hidden_size=3, outputs=3):
        super().__init__()
        self.encoder = torch.nn.GRU(input_size, hidden_size, bidirectional=True, batch_first=True)
        self.fc = torch.nn.Linear(2 * hidden_size, outputs)

    def forward(self, x):
        out, _ = self.encoder(x)
        return self.fc(out[:, -1])


class Wrapped(torch.nn.Module):
    """The tagger one module deeper, so its keys read model.encoder.*, model.fc.*."""

    def __init__(self):
        super().__init__()
        self.model = Tagger()

    def forward(self, x):
        return self.model(x)


def regressor_fixtures():
    torch.manual_seed(2027)
    model = Regressor().double()
    x = torch.randn(3, 5, 3, dtype=torch.float64)
    with torch.no_grad():
        y = model(x)
    write_safetensors("interop_regressor.safetensors", model.state_dict(), {"format": "pt", "module": "Regressor"})
    write_safetensors("interop_regressor_io.safetensors", {"input": x, "output": y})
    # the same weights shipped in 16 bits, and the outputs of float32 modules holding the rounded weights
    x32 = x.float()
    io = {"input": x32}
    for dtype, name in ((torch.float16, "f16"), (torch.bfloat16, "bf16")):
        state = {k: v.to(dtype) for k, v in model.state_dict().items()}
        write_safetensors("interop_regressor_%s.safetensors" % name, state, {"format": "pt"})
        upcast = Regressor()
        upcast.load_state_dict({k: v.float() for k, v in state.items()})
        with torch.no_grad():
            io["output_" + name] = upcast(x32)
    write_safetensors("interop_regressor_half_io.safetensors", io)


def wrapped_fixtures():
    torch.manual_seed(404)
    model = Wrapped().double()
    x = torch.randn(2, 4, 2, dtype=torch.float64)
    with torch.no_grad():
        y = model(x)
    write_safetensors("interop_wrapped.safetensors", model.state_dict(), {"format": "pt", "module": "Wrapped"})
    write_safetensors("interop_wrapped_io.safetensors", {"input": x, "output": y})


def half_fixtures():
    """Float32 values and torch's F16 and BF16 roundings of them: ties, subnormals, overflow, NaN."""
    f16_tiny = 2.0 ** -24                      # the least F16 subnormal
    edge = [0.0, -0.0, 1.0, -2.5, 65504.0, 65519.99, 65520.0, 70000.0, -1e6,
            1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -11 + 2 ** -20,   # F16 ties to even, and just above a tie
            1 + 2 ** -8, 1 + 3 * 2 ** -8,                             # BF16 ties to even
            f16_tiny, f16_tiny / 2, f16_tiny * 0.5000001, f16_tiny * 1.5, 2.0 ** -14, 2.0 ** -14 - 2.0 ** -25,
            6.1e-5, 1e-8, 3.3e38, 3.3961e38, 3.4e38, 2.0 ** -126, 2.0 ** -133, 2.0 ** -134, 1e-40,
            float("inf"), float("-inf"), float("nan")]
    torch.manual_seed(5)
    x = torch.cat([torch.tensor(edge, dtype=torch.float32), torch.randn(200) * 10.0 ** torch.randint(-6, 5, (200,))])
    write_safetensors("interop_halves.safetensors", {
        "x": x, "x_f16": x.half(), "x_bf16": x.bfloat16(),
        "x_f16_upcast": x.half().float(), "x_bf16_upcast": x.bfloat16().float()})


def check():
    """Loads the jrnn-written state dicts into torch modules (strict=True) and compares outputs."""
    io, _ = read_safetensors("jrnn_regressor_io.safetensors")
    for name, dtype in (("jrnn_regressor.safetensors", torch.float64), ("jrnn_regressor_f16.safetensors", None),
                        ("jrnn_regressor_bf16.safetensors", None)):
        state, metadata = read_safetensors(name)
        model = Regressor().double()  # 16-bit weights upcast exactly, as jrnn's FLOAT64 model holds them
        model.load_state_dict({k: v.double() for k, v in state.items()}, strict=True)
        with torch.no_grad():
            y = model(io["input"])
        key = "output" if dtype else "output_" + name.split("_")[-1].split(".")[0]
        print(name, sorted(state), {k: str(v.dtype) for k, v in list(state.items())[:1]}, metadata)
        print("  max |torch output - jrnn output| =", (y - io[key]).abs().max().item())
    full, _ = read_safetensors("jrnn_regressor.safetensors")
    for bits, dtype in (("f16", torch.float16), ("bf16", torch.bfloat16)):
        half, _ = read_safetensors("jrnn_regressor_%s.safetensors" % bits)
        differ = sum(int((half[k].view(torch.int16) != full[k].float().to(dtype).view(torch.int16)).sum())
                     for k in full)
        print("  %s: elements whose bits differ from torch's rounding of the F64 weights: %d" % (bits, differ))


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--check":
        check()
    else:
        regressor_fixtures()
        wrapped_fixtures()
        half_fixtures()
