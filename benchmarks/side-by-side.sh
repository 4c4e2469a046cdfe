#!/usr/bin/env bash
# Side-by-side: jrnn's workloads W1-W5 (JMH, every backend in benchmarks.jar) against PyTorch 1.13
# (Debian python3-torch), Deeplearning4j 1.0.0-M2.1 and, on the inference workloads W1 and W5, ONNX
# Runtime 1.20.0's Java API (PyTorch's nn.LSTM exported by peers/export_onnx_lstm.py) in one run, in turns: every round runs each
# contestant once per workload, right after each other (the contestants' order rotates from round
# to round), so that a ratio is taken between runs that saw the same machine. Afterwards
# side_by_side_report.py writes the table of ratios (jrnn time / peer time, median over the rounds)
# as markdown and a PNG bar chart.
#
# Every process runs under the peers' fastest settings: OMP_WAIT_POLICY=passive, glibc malloc
# kept from returning big buffers to the OS, and OPENBLAS_CORETYPE=SkylakeX on CPUs with AVX-512
# (Haswell with AVX2), see peers/README.md.
#
# Usage: benchmarks/side-by-side.sh            (about 25 minutes on a 2-core machine with 3 rounds)
# Environment:
#   ROUNDS=3  WORKLOADS=W1,W2,W3,W4,W5  BACKENDS=<every backend in the jar>
#   PEERS=pytorch,dl4j,ort              the peers to run (DL4J's jars come from Maven Central)
#   MIN_ITERS=20  MIN_SECONDS=3         peers' timed iterations (at least this many, and this long)
#   JMH_ARGS="-wi 3 -w 1s -i 3 -r 1s"   jrnn's warm-up and measurement (JMH sample mode, median)
#   QUIET=0.10 QUIET_MAX_WAIT=120       before each workload, wait up to QUIET_MAX_WAIT s for the machine to
#                                       be this idle (busy share of all cores; QUIET=0: no wait)
#   GEMM=1                              also measure the FP32 GEMM ceilings (2048^3) once (0: skip)
#   JAR=benchmarks/target/benchmarks.jar (built with -Pnd4j when missing)
#   OUT=benchmarks/results/latest       replaced by each run (earlier runs stay in git history); another
#                                       folder leaves latest/ alone
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
PY=/usr/bin/python3
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
ROUNDS=${ROUNDS:-3}
WORKLOADS=${WORKLOADS:-W1,W2,W3,W4,W5}
PEERS=${PEERS:-pytorch,dl4j,ort}
MIN_ITERS=${MIN_ITERS:-20}
MIN_SECONDS=${MIN_SECONDS:-3}
JMH_ARGS=${JMH_ARGS:--wi 3 -w 1s -i 3 -r 1s}
QUIET=${QUIET:-0.10}
QUIET_MAX_WAIT=${QUIET_MAX_WAIT:-120}
GEMM=${GEMM:-1}
JAR=${JAR:-$HERE/target/benchmarks.jar}
LATEST=$HERE/results/latest
OUT=${OUT:-$LATEST}
THREADS=$(nproc)

log() { echo "[side-by-side $(date +%H:%M:%S)] $*" | tee -a "$OUT/run.log" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------- the peers' fastest settings
flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
if [ -z "${OPENBLAS_CORETYPE_OVERRIDE:-}" ]; then
  if [[ $flags == *avx512f* && $flags == *avx512bw* && $flags == *avx512dq* && $flags == *avx512vl* ]]; then
    export OPENBLAS_CORETYPE=SkylakeX
  elif [[ $flags == *avx2* && $flags == *fma* ]]; then
    export OPENBLAS_CORETYPE=Haswell
  fi
else
  export OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE_OVERRIDE
fi
export OMP_WAIT_POLICY=passive
export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296

if [ "$OUT" = "$LATEST" ]; then rm -rf "$LATEST"; fi
mkdir -p "$OUT"
log "settings: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OMP_WAIT_POLICY=$OMP_WAIT_POLICY threads=$THREADS rounds=$ROUNDS workloads=$WORKLOADS"

# ---------------------------------------------------------------- peers and jrnn, built or installed
if ! $PY -c 'import torch' 2>/dev/null; then
  log "installing Debian's python3-torch"
  as_root apt-get install -y -q python3-torch
fi
# python3-torch depends on some libblas.so.3 only, and apt may satisfy that with the reference BLAS
# (tens of times slower than OpenBLAS): make Debian's OpenBLAS the one PyTorch loads.
if ! $PY -c 'import ctypes; ctypes.CDLL("libblas.so.3").openblas_get_corename' 2>/dev/null; then
  log "installing Debian's libopenblas0-pthread (libblas.so.3 is not OpenBLAS)"
  as_root apt-get install -y -q libopenblas0-pthread
fi
if ! $PY -c 'import matplotlib' 2>/dev/null; then
  log "installing Debian's python3-matplotlib"
  as_root apt-get install -y -q python3-matplotlib
fi
if ! $PY -c 'import onnx' 2>/dev/null; then
  log "installing Debian's python3-onnx (torch.onnx.export checks the graph with it)"
  as_root apt-get install -y -q python3-onnx
fi
if [ ! -f "$JAR" ]; then
  log "building $JAR (mvn -Pnd4j -pl benchmarks -am package)"
  (cd "$ROOT" && mvn -B -q -Pnd4j -pl benchmarks -am package -DskipTests)
fi
has_peer() { [[ ",$PEERS," == *",$1,"* ]]; }
DL4J=$HERE/peers/dl4j
if has_peer dl4j && { [ ! -f "$DL4J/target/cp.txt" ] || [ "$DL4J/pom.xml" -nt "$DL4J/target/cp.txt" ] \
   || [ -n "$(find "$DL4J/src" -newer "$DL4J/target/cp.txt" -name '*.java')" ]; }; then
  log "building the DL4J peer (Maven Central: deeplearning4j-nn and nd4j-native 1.0.0-M2.1)"
  (cd "$DL4J" && mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
fi
DL4J_CP=""
if has_peer dl4j; then DL4J_CP="$DL4J/target/classes:$(cat "$DL4J/target/cp.txt")"; fi
ONNX=$OUT/onnx/lstm.onnx
mkdir -p "$OUT/onnx"
$PY "$HERE/peers/export_onnx_lstm.py" "$ONNX" >> "$OUT/ort.log" 2>&1
if [ -z "${BACKENDS:-}" ]; then
  BACKENDS=$("$JAVA" -cp "$JAR" dev.jrnn.benchmarks.PresentBackends 2>/dev/null)
fi
log "jrnn backends: $BACKENDS; jar $JAR"
{ "$JAVA" -version 2>&1 | head -1; $PY -c 'import torch; print("torch", torch.__version__)';
  if has_peer dl4j; then tr ':' '\n' < "$DL4J/target/cp.txt" | grep -E 'deeplearning4j-nn|nd4j-native|openblas' | sed 's|.*/||'; fi;
  grep -o -m1 '<onnxruntime.version>[^<]*' "$HERE/pom.xml" | sed 's/<onnxruntime.version>/onnxruntime /'; 
  uptime; } > "$OUT/versions.txt" 2>&1

quiet() { if [ "$QUIET" != 0 ]; then $PY "$HERE/peers/quiet_wait.py" --threshold "$QUIET" --max-wait "$QUIET_MAX_WAIT" 2>&1 | tee -a "$OUT/run.log" >&2; fi; }

# ---------------------------------------------------------------- one contestant, one workload
run_jrnn() {  # backend workload json
  # shellcheck disable=SC2086
  "$JAVA" -jar "$JAR" Recurrent -p backend="$1" -p workload="$2" -bm sample -tu ms -f 1 $JMH_ARGS \
      -rf json -rff "$3" >> "$OUT/jrnn-$1.log" 2>&1
}
run_pytorch() {  # workload json
  $PY "$HERE/peers/torch_rnn_bench.py" --workloads "$1" --threads "$THREADS" --min-iters "$MIN_ITERS" \
      --min-seconds "$MIN_SECONDS" --label side-by-side --json "$2" >> "$OUT/pytorch.log" 2>&1
}
run_dl4j() {  # workload json; DL4J has no GRU layer, so W3 runs SameDiff's native gru op
  local main=peers.Dl4jRnnBench extra=(--heads RnnLossLayer)
  if [ "$1" = W3 ]; then main=peers.SameDiffRnnBench; extra=(); fi
  "$JAVA" -Xmx8g -cp "$DL4J_CP" "$main" --workloads "$1" "${extra[@]}" --min-iters "$MIN_ITERS" \
      --min-seconds "$MIN_SECONDS" --label side-by-side --json "$2" 2>&1 \
    | grep -v -E '^Added differentiated op|Duplicate TF op mapping' >> "$OUT/dl4j.log"
}
run_ort() {  # workload json; the exported LSTM serves the inference workloads only
  "$JAVA" -cp "$JAR" dev.jrnn.benchmarks.OrtRnnBench --model "$ONNX" --workloads "$1" --threads "$THREADS" \
      --min-iters "$MIN_ITERS" --min-seconds "$MIN_SECONDS" --label side-by-side --json "$2" >> "$OUT/ort.log" 2>&1
}
cpu() { head -1 /proc/stat | awk '{t=0; for (i=2; i<=9; i++) t+=$i; print t, t-$5-$6}'; }
run_one() {  # contestant workload dir
  local c=$1 w=$2 json="$3/$1_$2.json" t0=$SECONDS a b
  if [ "$c" = ort ] && [ "$w" != W1 ] && [ "$w" != W5 ]; then return 0; fi
  a=$(cpu)
  case $c in
    jrnn-*) run_jrnn "${c#jrnn-}" "$w" "$json" ;;
    pytorch) run_pytorch "$w" "$json" ;;
    dl4j) run_dl4j "$w" "$json" ;;
    ort) run_ort "$w" "$json" ;;
  esac || log "FAILED: $c $w (see the logs)"
  b=$(cpu)
  # busy: share of all cores busy during the run, the contestant's own threads included
  log "$c $w done in $((SECONDS - t0)) s, load $(cut -d' ' -f1 /proc/loadavg), busy $(echo "$a $b" \
      | awk '{printf "%.2f", ($4-$2)/($3-$1)}')"
}

CONTESTANTS=()
for b in ${BACKENDS//,/ }; do CONTESTANTS+=("jrnn-$b"); done
for p in ${PEERS//,/ }; do CONTESTANTS+=("$p"); done

# ---------------------------------------------------------------- GEMM ceilings, once
if [ "$GEMM" != 0 ]; then
mkdir -p "$OUT/gemm"
quiet
for b in ${BACKENDS//,/ }; do
  # shellcheck disable=SC2086
  "$JAVA" -jar "$JAR" Gemm -p backend="$b" -bm sample -tu ms -f 1 $JMH_ARGS -rf json -rff "$OUT/gemm/jrnn-$b.json" \
      >> "$OUT/jrnn-$b.log" 2>&1 || log "FAILED: GEMM on jrnn-$b"
done
if has_peer pytorch; then
  $PY "$HERE/peers/gemm_ceiling.py" --no-rnn-shapes --threads "$THREADS" --json "$OUT/gemm/pytorch.json" \
      >> "$OUT/pytorch.log" 2>&1 || log "FAILED: GEMM on PyTorch"
fi
if has_peer dl4j; then
  "$JAVA" -Xmx8g -cp "$DL4J_CP" peers.Nd4jGemmBench --workloads none --square 2048 --json "$OUT/gemm/dl4j.json" \
      >> "$OUT/dl4j.log" 2>&1 || log "FAILED: GEMM on ND4J"
fi
log "GEMM ceilings done"
fi

# ---------------------------------------------------------------- rounds of interleaved runs
n=${#CONTESTANTS[@]}
for ((r = 1; r <= ROUNDS; r++)); do
  dir="$OUT/round$r"
  mkdir -p "$dir"
  for w in ${WORKLOADS//,/ }; do
    quiet
    for ((k = 0; k < n; k++)); do
      run_one "${CONTESTANTS[$(((k + r - 1) % n))]}" "$w" "$dir"
    done
  done
  log "round $r of $ROUNDS done"
done
uptime >> "$OUT/versions.txt"

# ---------------------------------------------------------------- table and chart
$PY "$HERE/side_by_side_report.py" "$OUT" --backends "$BACKENDS"
log "table: $OUT/side-by-side.md, chart: $OUT/side-by-side.png"
