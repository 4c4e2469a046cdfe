package dev.jrnn.forecast.scale;

/**
 * Maps one series' raw values to the network's scale and back:
 * {@code z = log ? ln x : x}, {@code z' = z - profile[p mod m]}, {@code y = (z' - level) / scale},
 * where {@code p} is the position relative to the start of the window the scaler was fitted on.
 *
 * @param level   subtracted after the log and the seasonal profile
 * @param scale   divisor, positive
 * @param log     whether logarithms are taken first
 * @param profile additive seasonal profile of the (log) values, or null
 */
public record Scaler(double level, double scale, boolean log, double[] profile) {

    /** The identity map, or the bare log. */
    public static Scaler identity(boolean log) {
        return new Scaler(0, 1, log, null);
    }

    /** Mean and standard deviation of the (log) training values: {@link ScalingMode#STANDARD}. */
    public static Scaler standard(String series, double[] train, boolean log) {
        double[] z = logOf(series, train, 0, train.length, log);
        double mean = mean(z, 0, z.length);
        double var = 0;
        for (double v : z) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / z.length);
        return new Scaler(mean, std > 1e-12 ? std : 1, log, null);
    }

    /**
     * Fitted on the window {@code x[from, from + length)} ({@link ScalingMode#LAST_WINDOW}): the
     * optional additive seasonal profile is the mean deviation of each season position from its
     * cycle's mean over the window's last whole cycles; the level is the mean of the last season of
     * the adjusted window (of the whole window when the season is 1); the scale is 1 after a log,
     * else the larger of {@code |level|} and the window's mean absolute deviation from the level, so
     * {@code y = x / level - 1} for a series far from zero and a series around zero is not blown up.
     */
    public static Scaler lastWindow(String series, double[] x, int from, int length, boolean log, int season,
                                    boolean deseasonalise) {
        return lastWindowOf(logOf(series, x, from, length, log), log, season, deseasonalise);
    }

    /**
     * {@link #lastWindow} of a window of a series whose logarithms were taken once
     * ({@link SeriesLogs}); the window's values must all be positive when {@code log} is on.
     */
    static Scaler lastWindow(SeriesLogs logs, int from, int length, boolean log, int season, boolean deseasonalise) {
        double[] source = logs.transformed(log);
        double[] z = new double[length];
        System.arraycopy(source, from, z, 0, length);
        return lastWindowOf(z, log, season, deseasonalise);
    }

    /** The LAST_WINDOW scaler of the window's (log) values {@code z}, which it adjusts in place. */
    private static Scaler lastWindowOf(double[] z, boolean log, int season, boolean deseasonalise) {
        int length = z.length;
        double[] profile = null;
        if (deseasonalise && season > 1) {
            profile = new double[season];
            int cycles = length / season;
            int offset = length - cycles * season;
            // season positions are stepped rather than taken modulo: the windows are encoded millions of times
            for (int c = 0; c < cycles; c++) {
                int start = offset + c * season;
                double cycleMean = mean(z, start, start + season);
                int q = offset;
                for (int p = start; p < start + season; p++) {
                    profile[q] += (z[p] - cycleMean) / cycles;
                    q = q + 1 == season ? 0 : q + 1;
                }
            }
            for (int p = 0, q = 0; p < length; p++) {
                z[p] -= profile[q];
                q = q + 1 == season ? 0 : q + 1;
            }
        }
        int tail = season > 1 && season <= length ? season : length;
        double level = mean(z, length - tail, length);
        double spread = 0;
        for (double v : z) {
            spread += Math.abs(v - level) / length;
        }
        double size = Math.max(Math.abs(level), spread);
        double scale = log ? 1 : size > 1e-12 ? size : 1;
        return new Scaler(level, scale, log, profile);
    }

    /** The scaled value of raw {@code x} at window position {@code position}. */
    public double apply(double x, int position) {
        return applyTransformed(log ? Math.log(x) : x, position);
    }

    /**
     * {@link #apply} of a value whose logarithm was already taken when {@link #log()} is on
     * ({@code z = ln x}), else of the raw value.
     */
    public double applyTransformed(double z, int position) {
        if (profile != null) {
            z -= profile[Math.floorMod(position, profile.length)];
        }
        return (z - level) / scale;
    }

    /**
     * {@link #applyTransformed(double, int)} of {@code count} values {@code z[from, from + count)}
     * at the window positions {@code position, position + 1, ...}, written to
     * {@code out[offset, offset + count)}: the same numbers, without a modulo per value.
     */
    public void applyTransformed(double[] z, int from, int count, int position, double[] out, int offset) {
        if (profile == null) {
            for (int i = 0; i < count; i++) {
                out[offset + i] = (z[from + i] - level) / scale;
            }
            return;
        }
        int m = profile.length;
        int q = Math.floorMod(position, m);
        for (int i = 0; i < count; i++) {
            out[offset + i] = (z[from + i] - profile[q] - level) / scale;
            q = q + 1 == m ? 0 : q + 1;
        }
    }

    /** The raw value of scaled {@code y} at window position {@code position}; the inverse of {@link #apply}. */
    public double invert(double y, int position) {
        double z = y * scale + level;
        if (profile != null) {
            z += profile[Math.floorMod(position, profile.length)];
        }
        return log ? Math.exp(z) : z;
    }

    private static double[] logOf(String series, double[] x, int from, int length, boolean log) {
        double[] z = new double[length];
        for (int i = 0; i < length; i++) {
            double v = x[from + i];
            if (log && !(v > 0)) {
                throw new IllegalArgumentException("series " + series + " has the value " + v + " at position "
                        + (from + i + 1) + "; log scaling needs positive values");
            }
            z[i] = log ? Math.log(v) : v;
        }
        return z;
    }

    private static double mean(double[] z, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += z[i];
        }
        return s / (to - from);
    }
}
