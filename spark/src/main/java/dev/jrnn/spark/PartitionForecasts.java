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
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Forecasts the series of one partition, {@code batchSize} series per forward pass, with the model
 * its executor JVM loaded from the broadcast bytes; rows come out batch by batch, so a partition
 * never holds more than one batch of series and forecasts. Rows are Spark's internal ones (no
 * conversion of Java objects per row; the id's bytes made once per series): series, time
 * ({@code TIMESTAMP_NTZ} microseconds, or an index), step (1-based), forecast, lower, upper.
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

    /** The rows of one partition, made one batch at a time. */
    private final class Rows implements Iterator<InternalRow> {
        private final Iterator<Tuple2<String, SeriesTail>> tails;
        private final ForecastModel loaded;
        private final int minimum;
        private List<InternalRow> pending = List.of();
        private int next;
        private int named;

        Rows(Iterator<Tuple2<String, SeriesTail>> tails, ForecastModel loaded) {
            this.tails = tails;
            this.loaded = loaded;
            this.minimum = loaded.minimumLength();
        }

        @Override
        public boolean hasNext() {
            while (next == pending.size() && tails.hasNext()) {
                pending = batch();
                next = 0;
            }
            return next < pending.size();
        }

        @Override
        public InternalRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return pending.get(next++);
        }

        private List<InternalRow> batch() {
            List<SeriesCut> cuts = new ArrayList<>();
            while (cuts.size() < options.batchSize() && tails.hasNext()) {
                Tuple2<String, SeriesTail> t = tails.next();
                if (!t._2().timesCompared()) {
                    counters.timesUncompared.add(1);
                }
                SeriesCut cut = t._2().finish(t._1(), kind, spec);
                if (cut.facts().length() < minimum) {
                    tooShort(cut);
                } else {
                    cuts.add(cut);
                }
            }
            if (cuts.isEmpty()) {
                return List.of();
            }
            List<TimeSeries> series = new ArrayList<>(cuts.size());
            for (SeriesCut c : cuts) {
                series.add(c.toSeries(kind));
            }
            List<Forecast> forecasts = BatchScaling.adapt(loaded, cuts).forecastAll(series);
            List<InternalRow> rows = new ArrayList<>(cuts.size() * horizon);
            for (int i = 0; i < cuts.size(); i++) {
                addRows(cuts.get(i), forecasts.get(i), rows);
            }
            counters.forecast.add(cuts.size());
            return rows;
        }

        private void addRows(SeriesCut cut, Forecast f, List<InternalRow> rows) {
            UTF8String series = UTF8String.fromString(cut.series());
            long last = cut.times()[cut.length() - 1];
            long step = kind.hasTimes() ? 0 : cut.indexStep();
            for (int s = 0; s < horizon; s++) {
                long time = kind.hasTimes() ? TimeKind.micros(f.times()[s]) : last + (s + 1) * step;
                rows.add(new GenericInternalRow(new Object[] {series, time, s + 1, f.point()[s], f.lower()[s],
                        f.upper()[s]}));
            }
        }

        private void tooShort(SeriesCut cut) {
            String what = "series " + cut.series() + " has " + cut.facts().length() + " observations; the model reads "
                    + minimum;
            if (options.shortSeries() == BatchOptions.ShortSeries.FAIL) {
                throw new IllegalArgumentException(what + " (short series are skipped with BatchOptions.ShortSeries.SKIP,"
                        + " --skip-short)");
            }
            counters.skipped.add(1);
            if (named++ < NAMED) {
                LOG.warn("{}: not forecast", what);
                counters.skippedNames.add(cut.series());
            }
        }
    }
}
