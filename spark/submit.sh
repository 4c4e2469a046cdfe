#!/usr/bin/env bash
# spark-submit without a Spark installation: Spark's own SparkSubmit (what the spark-submit script runs)
# from Maven's jars (the module's provided dependencies: spark-sql and what it needs, listed by the build in
# target/spark-submit.classpath), with the JVM options Spark's launcher gives Java 17. Build the job's jar
# first, then pass spark-submit's arguments:
#   mvn -B -ntp package -pl spark -am -DskipTests
#   spark/submit.sh --master 'local[2]' --class dev.jrnn.spark.SparkForecastJob spark/target/jrnn-spark.jar \
#       --data series.parquet --model global.jrnn --out forecasts.parquet
# JAVA_OPTS replaces the heap option (default -Xmx4g; in local and client mode the driver runs in this JVM).
# The console shows Spark's warnings and errors, not its INFO lines (spark/conf/log4j2.properties); another
# configuration: JAVA_OPTS='-Xmx4g -Dlog4j2.configurationFile=my-log4j2.properties'.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classpath="$root/spark/target/spark-submit.classpath"
if [ ! -s "$classpath" ]; then
    echo "spark/submit.sh: $classpath is missing; build the job first: mvn -B -ntp package -pl spark -am -DskipTests" >&2
    exit 2
fi
opens=$(sed -n '/<spark.java.options>/,/<\/spark.java.options>/p' "$root/spark/pom.xml" | sed -e 's/<[^>]*>//g' | tr '\n' ' ')
exec java -Dlog4j2.configurationFile="$root/spark/conf/log4j2.properties" ${JAVA_OPTS:--Xmx4g} --add-modules jdk.incubator.vector $opens -cp "$(cat "$classpath")" \
    org.apache.spark.deploy.SparkSubmit "$@"
