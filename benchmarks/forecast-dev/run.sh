#!/usr/bin/env bash
# The forecasting development set, end to end: export from R, then jrnn's table.
#   benchmarks/forecast-dev/run.sh OUT_DIR [M4_HOURLY_TRAIN_CSV]
# Needs R with the forecast package, and cli/target/jrnn.jar (mvn -B -o -q package -DskipTests).
# With the M4 file, the week-ahead part (season and horizon 168) gets its own folder and table,
# so that its season-168 group is not mixed with the 48-hour one.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:?usage: run.sh OUT_DIR [M4_HOURLY_TRAIN_CSV]}"
mkdir -p "$out"
Rscript "$here/export_dev_set.R" "$out" classic
if [ $# -ge 2 ]; then
  Rscript "$here/export_dev_set.R" "$out" m4hourly "$2" 40
  Rscript "$here/export_dev_set.R" "$out/week-ahead" m4week "$2" 20
fi
java -cp "$root/cli/target/jrnn.jar" "$here/ForecastDevSet.java" "$out" auto
if [ $# -ge 2 ]; then
  java -cp "$root/cli/target/jrnn.jar" "$here/ForecastDevSet.java" "$out/week-ahead" auto
fi
