#!/usr/bin/env bash
# Regenerates the PTX resources of jrnn's CUDA backend from the kernels in this folder.
#
# For each NAME.cu this writes ../resources/dev/jrnn/backend/cuda/NAME.ptx: the PTX for virtual
# architecture compute_80 (Ampere; the driver JIT-compiles it for Ampere, Ada and Hopper GPUs),
# prefixed by a comment line "// jrnn-source-sha256: <SHA-256 of NAME.cu>". PtxSourceSyncTest
# compares that line with the source, so a kernel edited without running this script fails the build.
#
# The PTX ISA version that nvcc writes is lowered to PTX_ISA (8.0, CUDA 12.0) so that drivers of the
# CUDA 12 line, which JCuda 12 targets, can load it; the kernels use no newer PTX feature, and ptxas,
# when present, checks every file against that version for sm_80 and sm_90.
#
# Usage: build-ptx.sh            (needs nvcc on the PATH; NVCC=/path/to/nvcc to choose another)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../resources/dev/jrnn/backend/cuda"
nvcc="${NVCC:-nvcc}"
ptxas="$(dirname "$(command -v "$nvcc")")/ptxas"
arch="compute_80"
ptx_isa="8.0"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$out"
for source in "$here"/*.cu; do
    name="$(basename "$source" .cu)"
    "$nvcc" -ptx -arch="$arch" -std=c++17 -o "$tmp/$name.ptx" "$source"
    sed -i -E "s/^\.version [0-9]+\.[0-9]+$/.version $ptx_isa/" "$tmp/$name.ptx"
    grep -q "^\.version $ptx_isa$" "$tmp/$name.ptx"
    if [ -x "$ptxas" ]; then
        for sm in sm_80 sm_90; do
            "$ptxas" -arch="$sm" -o /dev/null "$tmp/$name.ptx"
        done
    fi
    hash="$(sha256sum "$source" | cut -d' ' -f1)"
    { echo "// jrnn-source-sha256: $hash"; cat "$tmp/$name.ptx"; } > "$out/$name.ptx"
    echo "$name.ptx  $(grep -c '^\.visible \.entry' "$out/$name.ptx") kernels  source $hash"
done
