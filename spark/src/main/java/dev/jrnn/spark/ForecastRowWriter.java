package dev.jrnn.spark;

import dev.jrnn.forecast.Forecast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Writes the forecast rows of one series after another into one reused {@code UnsafeRow}: series
 * (the id's UTF-8 bytes, made once per series), time ({@code TIMESTAMP_NTZ} microseconds, or an index
 * continuing the series' spacing), step (1-based), forecast, lower, upper. No Java object per row:
 * Spark's scan of the rows reads the fields straight from the row's bytes. A row is valid until the
 * next call of {@link #row}.
 */
final class ForecastRowWriter {
    static final int FIELDS = 6;

    private final TimeKind kind;
    private final int horizon;
    private final UnsafeRowWriter writer;
    private UTF8String id;
    private Forecast forecast;
    private long last;
    private long spacing;

    ForecastRowWriter(TimeKind kind, int horizon) {
        this.kind = kind;
        this.horizon = horizon;
        this.writer = new UnsafeRowWriter(FIELDS, 64);
    }

    /** Makes {@code cut}'s series, forecast as {@code f}, the one whose rows {@link #row} writes. */
    void series(SeriesCut cut, Forecast f) {
        if (f.point().length < horizon) {
            throw new IllegalStateException("series " + cut.series() + ": the model forecast " + f.point().length
                    + " steps, fewer than the " + horizon + " asked for");
        }
        id = UTF8String.fromString(cut.series());
        forecast = f;
        last = cut.times()[cut.length() - 1];
        spacing = kind.hasTimes() ? 0 : cut.indexStep();
    }

    /** The row of step {@code s + 1} of the current series. */
    InternalRow row(int s) {
        writer.reset();
        writer.zeroOutNullBytes();
        writer.write(0, id);
        writer.write(1, kind.hasTimes() ? TimeKind.micros(forecast.times()[s]) : last + (s + 1) * spacing);
        writer.write(2, s + 1);
        writer.write(3, forecast.point()[s]);
        writer.write(4, forecast.lower()[s]);
        writer.write(5, forecast.upper()[s]);
        return writer.getRow();
    }
}
