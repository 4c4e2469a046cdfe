#!/usr/bin/env python3
"""Table and chart of a side-by-side run (side-by-side.sh): jrnn against PyTorch, DL4J and ONNX Runtime.

Reads OUT/roundN/<contestant>_<workload>.json (JMH JSON for jrnn-<backend>, the peer scripts' JSON
for pytorch, dl4j and ort) and OUT/gemm/*.json, and writes
  OUT/side-by-side.md   times (median of the rounds), GFLOP/s, ratios jrnn/peer (median of the
                        per-round ratios, with their range), GEMM ceilings
  OUT/side-by-side.png  the ratios as a bar chart (log scale; below 1 means jrnn is faster)

A round's time of one contestant is the median of that run's iterations (JMH sample mode for jrnn).
FLOPs: forward 2*G*B*T*H*(I+H), G=4 LSTM / 3 GRU; a training step counts 3x forward.

Usage: /usr/bin/python3 side_by_side_report.py OUT [--backends ejml,nd4j]
"""
import argparse
import glob
import json
import os
import re
import statistics
import sys

WORKLOADS = {  # id: (title, G, training, I, H, B, T)
    "W1": ("LSTM inference", 4, False, 32, 128, 32, 100),
    "W2": ("LSTM training", 4, True, 64, 256, 64, 100),
    "W3": ("GRU training", 3, True, 64, 256, 64, 100),
    "W4": ("LSTM training", 4, True, 256, 512, 64, 50),
    "W5": ("LSTM inference B=1", 4, False, 32, 128, 1, 100),
}
PEERS = {"pytorch": "PyTorch 1.13", "dl4j": "DL4J 1.0.0-M2.1", "ort": "ONNX Runtime 1.20.0"}


def flops(w):
    _, g, train, i, h, b, t = WORKLOADS[w]
    fwd = 2.0 * g * b * t * h * (i + h)
    return 3 * fwd if train else fwd


def jmh_times(doc):
    """(median ms, min ms, samples) of the first result of a JMH sample-mode JSON file."""
    pm = doc[0]["primaryMetric"]
    unit = {"ms/op": 1.0, "us/op": 1e-3, "ns/op": 1e-6, "s/op": 1e3}[pm["scoreUnit"]]
    pct = pm.get("scorePercentiles", {})
    n = 0
    for fork in pm.get("rawDataHistogram", []):
        for it in fork:
            n += sum(c for _, c in it)
    return pct["50.0"] * unit, pct["0.0"] * unit, n


def peer_times(doc):
    rows = [r for r in doc.get("results", []) if "error" not in r]
    if not rows:
        raise ValueError("no result")
    r = rows[0]
    return r["median_ms"], r["min_ms"], r["iters"]


def load_rounds(out):
    """{contestant: {workload: {round: (median, min, samples)}}}."""
    data = {}
    for path in sorted(glob.glob(os.path.join(out, "round*", "*.json"))):
        rnd = int(re.search(r"round(\d+)", path).group(1))
        contestant, w = os.path.basename(path)[:-5].rsplit("_", 1)
        try:
            with open(path) as f:
                doc = json.load(f)
            t = jmh_times(doc) if contestant.startswith("jrnn-") else peer_times(doc)
        except (ValueError, KeyError, IndexError, json.JSONDecodeError) as e:
            print(f"skipping {path}: {e}", file=sys.stderr)
            continue
        data.setdefault(contestant, {}).setdefault(w, {})[rnd] = t
    return data


def load_gemm(out):
    rows = []
    for path in sorted(glob.glob(os.path.join(out, "gemm", "*.json"))):
        name = os.path.basename(path)[:-5]
        with open(path) as f:
            doc = json.load(f)
        if name.startswith("jrnn-"):
            med, mn, n = jmh_times(doc)
            size = int(doc[0]["params"]["n"])
            rows.append((f"{name} Backend.matmul", size, med, mn))
        else:
            for r in doc.get("results", []):
                if "workload" in r:
                    continue
                size = 2048
                m = re.search(r"(\d+)", r.get("variant", "")) if name == "dl4j" else None
                if m:
                    size = int(m.group(1))
                label = "ND4J Nd4j.gemm (DL4J's)" if name == "dl4j" else r["name"]
                if name == "pytorch":
                    size = doc.get("info", {}).get("n", 2048)
                rows.append((label, size, r["median_ms"], r["min_ms"]))
    return rows


def load_lines(out):
    """The machine's load during the runs, from run.log (1-minute load average, busy share of all cores)."""
    loads, busy = [], []
    try:
        with open(os.path.join(out, "run.log")) as f:
            for line in f:
                m = re.search(r" load ([0-9.]+), busy ([0-9.]+)", line)
                if m:
                    loads.append(float(m.group(1)))
                    busy.append(float(m.group(2)))
    except OSError:
        return []
    if not loads:
        return []
    return ["", f"Machine load during the {len(loads)} runs: 1-minute load average {min(loads):.1f}-{max(loads):.1f} "
            f"(median {statistics.median(loads):.1f}) on {os.cpu_count()} cores; share of all cores busy "
            f"{min(busy):.2f}-{max(busy):.2f} (median {statistics.median(busy):.2f}, the contestant included)."]


def fmt(x, nd=2):
    return "-" if x is None else f"{x:.{nd}f}"


def median_time(data, c, w):
    runs = data.get(c, {}).get(w, {})
    return statistics.median(v[0] for v in runs.values()) if runs else None


def ratios(data, a, b, w):
    """Per-round ratios a/b over the rounds where both ran."""
    ra, rb = data.get(a, {}).get(w, {}), data.get(b, {}).get(w, {})
    return [ra[r][0] / rb[r][0] for r in sorted(set(ra) & set(rb))]


def write_markdown(out, data, backends, gemm):
    jrnn = [f"jrnn-{b}" for b in backends]
    contestants = jrnn + list(PEERS)
    names = {**{c: c for c in jrnn}, **PEERS}
    rounds = sorted({r for c in data.values() for w in c.values() for r in w})
    lines = [f"Rounds: {len(rounds)}. Time: median over the rounds of each run's median ms per operation; "
             "GFLOP/s from the gate-GEMM FLOPs at that time.", ""]
    head = "| workload (GFLOP) | " + " | ".join(f"{names[c]} ms | GFLOP/s" for c in contestants) + " |"
    lines += [head, "|---|" + "---:|---:|" * len(contestants)]
    for w in WORKLOADS:
        if not any(w in data.get(c, {}) for c in contestants):
            continue
        cells = []
        for c in contestants:
            t = median_time(data, c, w)
            cells.append(f"{fmt(t)} | {fmt(flops(w) / (t * 1e-3) / 1e9 if t else None, 1)}")
        lines.append(f"| {w} {WORKLOADS[w][0]} ({flops(w) / 1e9:.3g}) | " + " | ".join(cells) + " |")
    lines += ["", "DL4J: MultiLayerNetwork LSTM + RnnLossLayer; W3 is SameDiff's native gru op (DL4J 1.0.0-M2.1 "
              "has no GRU layer). ONNX Runtime: its Java API on PyTorch's nn.LSTM exported to ONNX "
              "(the inference workloads W1 and W5 only).", "",
              "Ratio = jrnn time / peer time, median of the per-round ratios (range over the rounds in "
              "brackets); below 1 jrnn is faster.", ""]
    pairs = [(j, p) for j in jrnn for p in PEERS]
    lines += ["| workload | " + " | ".join(f"{j} / {names[p]}" for j, p in pairs) + " |",
              "|---|" + "---:|" * len(pairs)]
    for w in WORKLOADS:
        cells = []
        for j, p in pairs:
            rs = ratios(data, j, p, w)
            cells.append(f"{statistics.median(rs):.2f} ({min(rs):.2f}-{max(rs):.2f})" if rs else "-")
        if any(c != "-" for c in cells):
            lines.append(f"| {w} | " + " | ".join(cells) + " |")
    if gemm:
        lines += ["", "| FP32 GEMM ceiling | n | median ms | min ms | GFLOP/s (median) | GFLOP/s (best) |",
                  "|---|---:|---:|---:|---:|---:|"]
        for label, n, med, mn in gemm:
            fl = 2.0 * n ** 3
            lines.append(f"| {label} | {n} | {fmt(med)} | {fmt(mn)} | {fl / (med * 1e-3) / 1e9:.1f} | "
                         f"{fl / (mn * 1e-3) / 1e9:.1f} |")
    lines += load_lines(out)
    path = os.path.join(out, "side-by-side.md")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return pairs, names


def write_chart(out, data, pairs, names):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ws = [w for w in WORKLOADS if any(ratios(data, j, p, w) for j, p in pairs)]
    if not ws:
        return
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.8 / len(pairs)
    for k, (j, p) in enumerate(pairs):
        xs, ys = [], []
        for i, w in enumerate(ws):
            rs = ratios(data, j, p, w)
            if rs:
                xs.append(i + (k - (len(pairs) - 1) / 2) * width)
                ys.append(statistics.median(rs))
        bars = ax.bar(xs, ys, width, label=f"{j} / {names[p]}")
        for x, y in zip(xs, ys):
            ax.annotate(f"{y:.2g}", (x, y), ha="center", va="bottom", fontsize=7)
        del bars
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xticks(range(len(ws)))
    ax.set_xticklabels([f"{w}\n{WORKLOADS[w][0]}" for w in ws])
    ax.set_ylabel("jrnn time / peer time (log; < 1: jrnn faster)")
    ax.set_title("jrnn vs PyTorch, DL4J and ONNX Runtime, median of paired runs")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "side-by-side.png"), dpi=110)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--backends", default=None, help="jrnn backends, comma-separated (default: those found)")
    args = ap.parse_args()
    data = load_rounds(args.out)
    backends = (args.backends.split(",") if args.backends
                else sorted(c[5:] for c in data if c.startswith("jrnn-")))
    pairs, names = write_markdown(args.out, data, backends, load_gemm(args.out))
    write_chart(args.out, data, pairs, names)


if __name__ == "__main__":
    sys.exit(main())
