#!/usr/bin/env bash
# spark-submit without a Spark installation: Spark's own SparkSubmit (what the spark-submit script runs)
# from Maven's jars (the module's provided dependencies: spark-sql and what it needs), with the JVM options
# Spark's launcher gives Java 17. Build the job's jar first, then pass spark-submit's arguments:
#   mvn -B -ntp package -pl spark -am -DskipTests
#   spark/submit.sh --master 'local[2]' --class dev.jrnn.spark.SparkForecastJob spark/target/jrnn-spark.jar \
#       --data series.parquet --model global.jrnn --out forecasts.parquet
# JAVA_OPTS replaces the heap option (default -Xmx4g; in local and client mode the driver runs in this JVM).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classpath="$root/spark/target/spark-submit.classpath"
if [ ! -s "$classpath" ]; then
    (cd "$root" && mvn -B -q -o dependency:build-classpath -pl spark -Dmdep.includeScope=provided \
        -Dmdep.outputFile=target/spark-submit.classpath >/dev/null)
fi
opens=$(sed -n '/<spark.java.options>/,/<\/spark.java.options>/p' "$root/spark/pom.xml" | sed -e 's/<[^>]*>//g' | tr '\n' ' ')
exec java ${JAVA_OPTS:--Xmx4g} --add-modules jdk.incubator.vector $opens -cp "$(cat "$classpath")" \
    org.apache.spark.deploy.SparkSubmit "$@"
