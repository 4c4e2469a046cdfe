#!/usr/bin/env bash
# Runs the Spark benchmark (SparkBenchmark) in local mode with Spark's Java 17 options:
#   spark/bench.sh forecast 10000 100000
#   spark/bench.sh train 10000
# JAVA_OPTS replaces the heap options (default -Xms4g -Xmx4g -XX:+AlwaysPreTouch: a fixed heap, which the
# System.gc() before each phase does not shrink, its pages touched when the JVM starts, so that neither the loop's
# first pass nor Spark's pays for the first touch of the heap); BENCH_OPTS adds -D options, e.g.
# -Djrnn.bench.networks=1 (one network only; default 1,15), -Djrnn.bench.parquet=false (no Parquet pass),
# -Djrnn.bench.localSteps=8 (training with 8 local steps only; default 1,8),
# -Djrnn.bench.layout=spread (every series' rows dealt over all files; default clustered: whole series per file, sorted),
# -Djrnn.bench.layout=bucketed (a table bucketed by series, read with its buckets: forecast without a shuffle),
# -Djrnn.bench.partitions=8 (the series' partitions after the shuffle; default: the job's own choice).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -pl spark -am -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/spark-bench.classpath >/dev/null
mkdir -p spark/target
cp="spark/target/test-classes:spark/target/classes:$(cat spark/target/spark-bench.classpath)"
opens=$(sed -n '/<spark.java.options>/,/<\/spark.java.options>/p' spark/pom.xml | sed -e 's/<[^>]*>//g' | tr '\n' ' ')
exec java ${JAVA_OPTS:--Xms4g -Xmx4g -XX:+AlwaysPreTouch} ${BENCH_OPTS:-} --add-modules jdk.incubator.vector $opens -Djrnn.bench.dir=spark/target/spark-bench \
    -cp "$cp" dev.jrnn.spark.SparkBenchmark "$@"
