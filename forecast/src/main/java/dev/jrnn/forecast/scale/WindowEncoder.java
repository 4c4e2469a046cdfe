package dev.jrnn.forecast.scale;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.data.TimeStep;
import java.time.LocalDateTime;

/**
 * Turns windows of a series into the network's inputs and targets. Recurrent step {@code k} of a
 * window starting at {@code start} reads the scaled observations
 * {@code [start + kS, start + (k+1)S)} followed by the covariates of the point right after them,
 * {@code start + (k+1)S}: the time the next output is about. Inputs are laid out [T, B, I].
 */
public final class WindowEncoder {
    private final ForecastConfig config;
    private final CalendarEncoder calendar;
    /** Asked of every window in training; the calendar's answer never changes. */
    private final boolean needsTimes;

    public WindowEncoder(ForecastConfig config, CalendarEncoder calendar) {
        this.config = config;
        this.calendar = calendar;
        this.needsTimes = calendar.needsTimes();
    }

    public CalendarEncoder calendar() {
        return calendar;
    }

    /** Features of one recurrent step: {@code stepSize} values and the covariates. */
    public int inputSize() {
        return config.stepSize() + calendar.dimension();
    }

    /**
     * Writes {@code steps} recurrent steps of series {@code s} starting at observation {@code start}
     * as batch row {@code b} of {@code x} ([steps, batch, I]).
     *
     * @throws IllegalArgumentException if the calendar covariates read timestamps that {@code s} lacks
     */
    public void inputs(TimeSeries s, int start, int steps, Scaler scaler, double[] x, int b, int batch) {
        if (!s.hasTimes() && needsTimes) {
            throw new IllegalArgumentException("series " + s.name() + " has no timestamps, but the calendar covariates "
                    + calendar.fieldsText() + " read them");
        }
        int size = config.stepSize();
        double[] chunk = new double[size];
        for (int k = 0; k < steps; k++) {
            for (int j = 0; j < size; j++) {
                int p = start + k * size + j;
                chunk[j] = scaler.apply(s.values()[p], p - start);
            }
            long next = start + (long) (k + 1) * size;
            step(chunk, timeAt(s, next), next, x, k * batch + b);
        }
    }

    /**
     * {@link #inputs(TimeSeries, int, int, Scaler, double[], int, int)} of the series whose
     * logarithms {@code logs} holds: the same features, from logarithms taken once.
     */
    public void inputs(SeriesLogs logs, int start, int steps, Scaler scaler, double[] x, int b, int batch) {
        TimeSeries s = logs.series();
        if (!s.hasTimes() && needsTimes) {
            throw new IllegalArgumentException("series " + s.name() + " has no timestamps, but the calendar covariates "
                    + calendar.fieldsText() + " read them");
        }
        double[] z = logs.transformed(scaler.log());
        int size = config.stepSize();
        int in = inputSize();
        for (int k = 0; k < steps; k++) {
            int row = (k * batch + b) * in;
            scaler.applyTransformed(z, start + k * size, size, k * size, x, row);
            long next = start + (long) (k + 1) * size;
            calendar.encode(timeAt(s, next), next, x, row + size);
        }
    }

    /** Writes one step's features, scaled {@code chunk} then the covariates of the next point, as row {@code row} of {@code x}. */
    public void step(double[] chunk, LocalDateTime nextTime, long nextIndex, double[] x, int row) {
        int in = inputSize();
        System.arraycopy(chunk, 0, x, row * in, chunk.length);
        calendar.encode(nextTime, nextIndex, x, row * in + chunk.length);
    }

    /** Scaled observations {@code [from, from + count)} of {@code s}, positions relative to {@code start}. */
    public static void targets(TimeSeries s, int start, int from, int count, Scaler scaler, double[] out, int offset) {
        for (int i = 0; i < count; i++) {
            out[offset + i] = scaler.apply(s.values()[from + i], from + i - start);
        }
    }

    /** {@link #targets(TimeSeries, int, int, int, Scaler, double[], int)} from logarithms taken once. */
    public static void targets(SeriesLogs logs, int start, int from, int count, Scaler scaler, double[] out,
                               int offset) {
        scaler.applyTransformed(logs.transformed(scaler.log()), from, count, from - start, out, offset);
    }

    /** The timestamp of observation {@code index} of {@code s}, extrapolated past its end; null without timestamps. */
    public static LocalDateTime timeAt(TimeSeries s, long index) {
        if (!s.hasTimes()) {
            return null;
        }
        int n = s.length();
        if (index < n) {
            return s.times()[(int) index];
        }
        LocalDateTime[] future = TimeStep.infer(s.name(), s.times()).next(s.times()[n - 1], (int) (index - n + 1));
        return future[future.length - 1];
    }
}
