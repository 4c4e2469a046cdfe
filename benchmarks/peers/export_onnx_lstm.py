#!/usr/bin/env python3
"""Exports the LSTM of workloads W1 and W5 (I=32, H=128, one layer, sequence-first) to ONNX for the
ONNX Runtime peer (dev.jrnn.benchmarks.OrtRnnBench in the benchmarks module).

The model is PyTorch's own nn.LSTM(32, 128), the one torch_rnn_bench.py times, exported with
torch.onnx.export (one ONNX LSTM node); the batch axis is dynamic, so the same file serves W1 (B=32)
and W5 (B=1). Outputs: output [T, B, H], h_n and c_n [1, B, H].

Beside the model it writes <model>.check.txt: an input [T, 1, I] and PyTorch's h_n for it, which
the ORT peer compares with ONNX Runtime's before timing (a wrong export fails the run). Format: a
line "name dim dim ..." then a line of the tensor's values (float repr), for x and then h_n.

Usage: /usr/bin/python3 export_onnx_lstm.py OUT.onnx [--opset 14] [--steps 100]
Needs Debian's python3-torch (1.13); torch.onnx.export checks the graph with python3-onnx when present.
"""
import argparse
import sys

import torch

INPUT, HIDDEN = 32, 128


class Lstm(torch.nn.Module):
    """nn.LSTM returning (output, h_n, c_n) flat, so that the ONNX graph has three named outputs."""

    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(INPUT, HIDDEN, num_layers=1)

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        return out, h, c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--opset", type=int, default=14)
    ap.add_argument("--steps", type=int, default=100)
    args = ap.parse_args()
    torch.manual_seed(0)
    model = Lstm().eval()
    example = torch.randn(args.steps, 1, INPUT)
    with torch.no_grad():
        torch.onnx.export(model, (example,), args.out, opset_version=args.opset, input_names=["x"],
                          output_names=["output", "h_n", "c_n"],
                          dynamic_axes={"x": {0: "steps", 1: "batch"}, "output": {0: "steps", 1: "batch"},
                                        "h_n": {1: "batch"}, "c_n": {1: "batch"}})
        _, h, _ = model(example)
    with open(args.out + ".check.txt", "w") as f:
        for name, t in (("x", example), ("h_n", h)):
            f.write(name + " " + " ".join(str(d) for d in t.shape) + "\n")
            f.write(" ".join(repr(v) for v in t.flatten().tolist()) + "\n")
    print(f"wrote {args.out} (torch {torch.__version__}, opset {args.opset}) and {args.out}.check.txt")


if __name__ == "__main__":
    sys.exit(main())
