package dev.jrnn.forecast.eval;

/**
 * Simple exponential smoothing, {@code l(t) = a x(t) + (1 - a) l(t-1)} with {@code l(0) = x(0)},
 * its smoothing weight {@code a} in [0.01, 0.99] chosen by minimising the in-sample sum of squared
 * one-step errors {@code sum_t (x(t) - l(t-1))^2} (golden-section search).
 *
 * @param alpha the smoothing weight
 * @param level the last level, the flat forecast of every step ahead
 * @param sigma the standard deviation of the one-step errors
 */
public record ExponentialSmoothing(double alpha, double level, double sigma) {
    private static final double LOW = 0.01;
    private static final double HIGH = 0.99;
    private static final double PHI = (Math.sqrt(5) - 1) / 2;

    /** Fits {@code x} (at least two values). */
    public static ExponentialSmoothing fit(double[] x) {
        if (x.length < 2) {
            throw new IllegalArgumentException("exponential smoothing needs two values, got " + x.length);
        }
        double a = LOW;
        double b = HIGH;
        double c = b - PHI * (b - a);
        double d = a + PHI * (b - a);
        for (int i = 0; i < 40; i++) {
            if (sse(x, c) < sse(x, d)) {
                b = d;
            } else {
                a = c;
            }
            c = b - PHI * (b - a);
            d = a + PHI * (b - a);
        }
        double alpha = (a + b) / 2;
        double level = x[0];
        for (int t = 1; t < x.length; t++) {
            level = alpha * x[t] + (1 - alpha) * level;
        }
        return new ExponentialSmoothing(alpha, level, Math.sqrt(sse(x, alpha) / (x.length - 1)));
    }

    private static double sse(double[] x, double alpha) {
        double level = x[0];
        double s = 0;
        for (int t = 1; t < x.length; t++) {
            double e = x[t] - level;
            s += e * e;
            level += alpha * e;
        }
        return s;
    }
}
