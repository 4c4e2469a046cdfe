package dev.jrnn.spark;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.data.TimeSeries;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Forecasts the series of one partition, {@code batchSize} series per forward pass, with the model
 * its executor JVM loaded from the broadcast bytes; rows come out batch by batch, so a partition
 * never holds more than one batch of series and forecasts. Rows are Spark's internal ones, written
 * by {@link ForecastRowWriter}: series, time ({@code TIMESTAMP_NTZ} microseconds, or an index), step
 * (1-based), forecast, lower, upper.
 */
final class PartitionForecasts implements FlatMapFunction<Iterator<Tuple2<String, SeriesTail>>, InternalRow>, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionForecasts.class);
    /** Skipped series named per partition (in the log and the accumulator), at most. */
    private static final int NAMED = 10;

    private final Broadcast<ModelPayload> model;
    private final BatchOptions options;
    private final TailSpec spec;
    private final TimeKind kind;
    private final int horizon;
    private final BatchCounters counters;

    PartitionForecasts(Broadcast<ModelPayload> model, BatchOptions options, TailSpec spec, TimeKind kind, int horizon,
                       BatchCounters counters) {
        this.model = model;
        this.options = options;
        this.spec = spec;
        this.kind = kind;
        this.horizon = horizon;
        this.counters = counters;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<Tuple2<String, SeriesTail>> tails) {
        ForecastModel loaded = ExecutorModels.get(model.value(), options.backend());
        return new Rows(tails, loaded);
    }

    /**
     * The rows of one partition, made one batch of series at a time and one row at a time from the
     * batch's forecasts, into one reused row (Spark's convention for its own row iterators: the scan
     * over them copies each row into its output before it asks for the next).
     */
    private final class Rows implements Iterator<InternalRow> {
        private final Iterator<Tuple2<String, SeriesTail>> tails;
        private final ForecastModel loaded;
        private final int minimum;
        private final ForecastRowWriter writer;
        private List<SeriesCut> cuts = List.of();
        private List<Forecast> forecasts = List.of();
        /** The series of the batch and its step that the next row is of. */
        private int series;
        private int step;
        private int named;

        Rows(Iterator<Tuple2<String, SeriesTail>> tails, ForecastModel loaded) {
            this.tails = tails;
            this.loaded = loaded;
            this.minimum = loaded.minimumLength();
            this.writer = new ForecastRowWriter(kind, horizon);
        }

        @Override
        public boolean hasNext() {
            while (series == cuts.size() && tails.hasNext()) {
                batch();
            }
            return series < cuts.size();
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            if (step == 0) {
                writer.series(cuts.get(series), forecasts.get(series));
            }
            InternalRow row = writer.row(step);
            if (++step == horizon) {
                step = 0;
                series++;
            }
            return row;
        }

        /** Cuts and forecasts the next batch of series (none, if all of it was too short). */
        private void batch() {
            List<SeriesCut> batch = new ArrayList<>();
            while (batch.size() < options.batchSize() && tails.hasNext()) {
                Tuple2<String, SeriesTail> t = tails.next();
                if (!t._2().timesCompared()) {
                    counters.timesUncompared.add(1);
                }
                SeriesCut cut = t._2().finish(t._1(), kind, spec);
                if (cut.facts().length() < minimum) {
                    tooShort(cut);
                } else {
                    batch.add(cut);
                }
            }
            List<TimeSeries> input = new ArrayList<>(batch.size());
            for (SeriesCut c : batch) {
                input.add(c.toSeries(kind));
            }
            forecasts = batch.isEmpty() ? List.of() : BatchScaling.adapt(loaded, batch, options.anyStep()).forecastAll(input);
            cuts = batch;
            series = 0;
            step = 0;
            counters.forecast.add(batch.size());
        }

        private void tooShort(SeriesCut cut) {
            String what = "series " + cut.series() + " has " + cut.facts().length() + " observations; the model reads "
                    + minimum;
            if (options.shortSeries() == BatchOptions.ShortSeries.FAIL) {
                throw new IllegalArgumentException(what + " (short series are skipped with BatchOptions.ShortSeries.SKIP,"
                        + " the job's default without --fail-short)");
            }
            counters.skipped.add(1);
            if (named++ < NAMED) {
                LOG.warn("{}: not forecast", what);
                counters.skippedNames.add(cut.series());
            }
        }
    }
}
