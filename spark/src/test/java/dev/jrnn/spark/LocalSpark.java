package dev.jrnn.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The tests' one Spark session: local mode on two threads, the UI off, every address on loopback,
 * times in UTC, tables under {@code target/}. Shared by every test class of the JVM (starting Spark takes seconds).
 */
final class LocalSpark {
    private static SparkSession spark;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("jrnn-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.warehouse.dir", "target/spark-warehouse")
                    .getOrCreate();
        }
        return spark;
    }
}
