package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.Arrays;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Holt-Winters with a damped trend, ETS(A,Ad,A) in error-correction form on the logarithm of a
 * positive series (on the values otherwise): with {@code e(t) = z(t) - (l + phi b + s(t-m))},
 * {@code l <- l + phi b + a e}, {@code b <- phi b + b' e}, {@code s(t) <- s(t-m) + g e}; the
 * forecast {@code k} steps ahead is {@code l + (phi + ... + phi^k) b + s}, its variance
 * {@code sigma^2 (1 + sum_(j<k) c_j^2)} with {@code c_j = a + b' phi (1 - phi^j) / (1 - phi) + g [j mod m = 0]}.
 * The smoothing weights and the damping ({@code 0.8 <= phi <= 0.98}) minimise the in-sample sum of
 * squared one-step errors (Nelder-Mead). Without a season (or two whole seasons of data) the
 * seasonal terms are left out.
 */
public final class HoltWinters {
    private final boolean log;
    private final int m;
    private final double[] params;
    private final State end;
    private final double sigma;

    private record State(double level, double trend, double[] season, double sse, int count) {
    }

    private HoltWinters(boolean log, int m, double[] params, State end, double sigma) {
        this.log = log;
        this.m = m;
        this.params = params;
        this.end = end;
        this.sigma = sigma;
    }

    /** Fits {@code x} (at least three values) with season {@code season}. */
    public static HoltWinters fit(double[] x, int season) {
        if (x.length < 3) {
            throw new IllegalArgumentException("Holt-Winters needs three values, got " + x.length);
        }
        boolean log = Arrays.stream(x).allMatch(v -> v > 0);
        double[] z = log ? Arrays.stream(x).map(Math::log).toArray() : x.clone();
        int m = season > 1 && z.length >= 2 * season + 2 ? season : 1;
        SimplexOptimizer optimizer = new SimplexOptimizer(1e-9, 1e-12);
        PointValuePair best = optimizer.optimize(new MaxEval(2000), GoalType.MINIMIZE,
                new ObjectiveFunction(p -> run(z, m, weights(p)).sse()), new InitialGuess(new double[] {0, -2, -2, 1}),
                new NelderMeadSimplex(4, 1.0));
        double[] w = weights(best.getPoint());
        State s = run(z, m, w);
        return new HoltWinters(log, m, w, s, Math.sqrt(s.sse() / Math.max(1, s.count())));
    }

    /** The forecast of the {@code horizon} observations after {@code history}, with a {@code level} interval. */
    public static Forecast forecast(TimeSeries history, int season, int horizon, double level) {
        return fit(history.values(), season).forecast(history, horizon, level);
    }

    Forecast forecast(TimeSeries history, int horizon, double level) {
        double a = params[0];
        double b = params[1];
        double g = params[2];
        double phi = params[3];
        double z = Normal.quantile((1 + level) / 2);
        int n = history.length();
        double[] point = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double damp = 0;
        double variance = 0;
        for (int k = 1; k <= horizon; k++) {
            damp += Math.pow(phi, k);
            double f = end.level() + damp * end.trend() + (m > 1 ? end.season()[(n + k - 1) % m] : 0);
            if (k > 1) {
                int j = k - 1;
                double c = a + b * phi * (1 - Math.pow(phi, j)) / (1 - phi) + (m > 1 && j % m == 0 ? g : 0);
                variance += c * c;
            }
            double width = z * sigma * Math.sqrt(1 + variance);
            point[k - 1] = log ? Math.exp(f) : f;
            lower[k - 1] = log ? Math.exp(f - width) : f - width;
            upper[k - 1] = log ? Math.exp(f + width) : f + width;
        }
        return new Forecast(history.name(), point, lower, upper, level, history.futureTimes(horizon));
    }

    /** Smoothing weights {@code a, b', g, phi} within their bounds from unconstrained values. */
    private static double[] weights(double[] p) {
        double a = 0.01 + 0.98 * sigmoid(p[0]);
        double b = a * sigmoid(p[1]);
        double g = (1 - a) * sigmoid(p[2]);
        double phi = 0.8 + 0.18 * sigmoid(p[3]);
        return new double[] {a, b, g, phi};
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Runs the filter over {@code z} from states fitted on its first two seasons (first two values without one). */
    private static State run(double[] z, int m, double[] w) {
        double a = w[0];
        double b = w[1];
        double g = w[2];
        double phi = w[3];
        double[] s = new double[m];
        double level;
        double trend;
        int start;
        if (m > 1) {
            double first = mean(z, 0, m);
            double second = mean(z, m, 2 * m);
            trend = (second - first) / m;
            for (int i = 0; i < m; i++) {
                s[i] = z[i] - (first + trend * (i - (m - 1) / 2.0));
            }
            level = first + trend * (m - 1) / 2.0;
            start = m;
        } else {
            level = z[0];
            trend = z[1] - z[0];
            start = 1;
        }
        double sse = 0;
        for (int t = start; t < z.length; t++) {
            double seasonal = m > 1 ? s[t % m] : 0;
            double e = z[t] - (level + phi * trend + seasonal);
            sse += e * e;
            level = level + phi * trend + a * e;
            trend = phi * trend + b * e;
            if (m > 1) {
                s[t % m] = seasonal + g * e;
            }
        }
        return new State(level, trend, s, Double.isFinite(sse) ? sse : Double.MAX_VALUE, z.length - start);
    }

    private static double mean(double[] z, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += z[i];
        }
        return sum / (to - from);
    }
}
