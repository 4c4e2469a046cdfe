package dev.jrnn.spark;

import java.io.Serializable;

/**
 * How a batch of forecasts runs.
 *
 * @param batchSize   series per forward pass of the network
 * @param partitions  partitions after the shuffle by series, 0 for the session's default parallelism
 *                    (at least the input's partitions), or, for an input that Spark's plan already
 *                    clusters by series, the input's own partitions with no shuffle
 * @param backend     the executors' backend by name, or null for {@link ExecutorBackends}' choice (the
 *                    pure-Java backend unless configured)
 * @param maxHistory  observations kept of each series at least (0: what the networks read); a model
 *                    with classical members needs it
 * @param shortSeries what happens to a series shorter than the model reads
 * @param anyStep     whether series of another time step than the networks' calendar covariates are
 *                    forecast ({@link dev.jrnn.forecast.Forecaster#acceptingAnyStep}) rather than refused
 */
public record BatchOptions(int batchSize, int partitions, String backend, int maxHistory, ShortSeries shortSeries,
                           boolean anyStep) implements Serializable {

    /** What to do with a series too short for the model. */
    public enum ShortSeries {
        /** Forecast the others; the series gets no rows, is counted and named in the log. */
        SKIP,
        /** Fail the job, naming the series. */
        FAIL
    }

    public BatchOptions {
        if (batchSize < 1 || partitions < 0 || maxHistory < 0 || shortSeries == null) {
            throw new IllegalArgumentException("batch options: batch size must be positive, partitions and max history"
                    + " not negative, got " + batchSize + ", " + partitions + ", " + maxHistory);
        }
    }

    /** 512 series per pass, default partitions, the default backend, short series skipped. */
    public static BatchOptions defaults() {
        return new BatchOptions(512, 0, null, 0, ShortSeries.SKIP, false);
    }

    /** These options with {@code n} series per forward pass. */
    public BatchOptions withBatchSize(int n) {
        return new BatchOptions(n, partitions, backend, maxHistory, shortSeries, anyStep);
    }

    /**
     * These options with {@code n} partitions of the series (0: the default parallelism, at least the
     * input's partitions; an input clustered by series keeps its own, unshuffled). A count asked for
     * is honoured with a shuffle, even of a clustered input.
     */
    public BatchOptions withPartitions(int n) {
        return new BatchOptions(batchSize, n, backend, maxHistory, shortSeries, anyStep);
    }

    /** These options with the executors' backend named (null: the default). */
    public BatchOptions withBackend(String name) {
        return new BatchOptions(batchSize, partitions, name, maxHistory, shortSeries, anyStep);
    }

    /** These options keeping at least {@code n} observations of each series. */
    public BatchOptions withMaxHistory(int n) {
        return new BatchOptions(batchSize, partitions, backend, n, shortSeries, anyStep);
    }

    /** These options with {@code s} for series too short for the model. */
    public BatchOptions withShortSeries(ShortSeries s) {
        return new BatchOptions(batchSize, partitions, backend, maxHistory, s, anyStep);
    }

    /**
     * These options forecasting series of any time step with networks that read calendar covariates
     * (a model trained on series of several steps on purpose, whose calendar is one series').
     */
    public BatchOptions withAnyStep(boolean any) {
        return new BatchOptions(batchSize, partitions, backend, maxHistory, shortSeries, any);
    }
}
