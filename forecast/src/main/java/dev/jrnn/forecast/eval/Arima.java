package dev.jrnn.forecast.eval;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * A seasonal ARIMA model ({@link ArimaSpec}) fitted by conditional sum of squares, as R's
 * {@code arima(method = "CSS")}: with {@code w} the series differenced {@code D} times at lag
 * {@code m} and {@code d} times at lag 1, and the expanded polynomials
 * {@code phi(B) Phi(B^m) = 1 - sum_i a_i B^i}, {@code theta(B) Theta(B^m) = 1 + sum_j b_j B^j},
 * the residuals are {@code e_t = (w_t - mu) - sum_i a_i (w_(t-i) - mu) - sum_j b_j e_(t-j)} for
 * {@code t} from {@code p + P m} on (earlier residuals are 0), and the coefficients minimise
 * {@code sigma^2 = (1/N) sum e_t^2} over them. The log-likelihood ({@link #logLikelihood}) is the
 * conditional Gaussian one over all {@code n'} values of {@code w}, and
 * {@code AICc = -2 l + 2k + 2k(k+1)/(n' - k - 1)}, {@code k} the coefficients plus one for
 * {@code sigma^2}. The AR and MA polynomials are kept stationary and invertible by estimating
 * their partial autocorrelations {@code tanh(u)} (Jones 1980; Durbin-Levinson turns them into
 * coefficients), so forecasts cannot explode.
 *
 * <p>{@link Estimation#CSS_ML} goes on from the conditional estimate to the exact maximum
 * likelihood, as R's default {@code arima(method = "CSS-ML")}: the coefficients and {@code mu} maximise
 * the Gaussian likelihood of {@code w - mu} computed by the Kalman filter ({@link ArmaLikelihood}),
 * {@code sigma^2} and the log-likelihood are the exact ones, and the forecast runs from the filtered
 * state after the last observation.
 */
public final class Arima {
    private static final double TOL = 1e-8;
    private static final int EVALUATIONS_PER_PARAMETER = 400;

    private final ArimaSpec spec;
    private final double[] x;
    private final double[] ar;
    private final double[] ma;
    private final double mean;
    private final double[] residuals;
    private final double sigma2;
    private final double logLikelihood;
    /** The Kalman filter's state after the last observation (exact likelihood), or null (conditional sum of squares). */
    private final double[] state;

    private Arima(ArimaSpec spec, double[] x, double[] ar, double[] ma, double mean, double[] residuals,
                  double sigma2, double logLikelihood, double[] state) {
        this.spec = spec;
        this.x = x;
        this.ar = ar;
        this.ma = ma;
        this.mean = mean;
        this.residuals = residuals;
        this.sigma2 = sigma2;
        this.logLikelihood = logLikelihood;
        this.state = state;
    }

    /** How the coefficients are estimated. */
    public enum Estimation {
        /** Conditional sum of squares, R's {@code method = "CSS"}. */
        CSS,
        /** Conditional sum of squares for a start, then exact maximum likelihood: R's default {@code "CSS-ML"}. */
        CSS_ML
    }

    /** The point forecast and the interval bounds, one value per step ahead. */
    public record Prediction(double[] mean, double[] lower, double[] upper) {
    }

    /** {@link #fit(double[], ArimaSpec, Estimation)} by conditional sum of squares. */
    public static Arima fit(double[] x, ArimaSpec spec) {
        return fit(x, spec, Estimation.CSS);
    }

    /**
     * Fits {@code spec} to {@code x}.
     *
     * @throws IllegalArgumentException when the differenced series is too short for the coefficients
     */
    public static Arima fit(double[] x, ArimaSpec spec, Estimation estimation) {
        double[] w = difference(x, spec);
        int cond = spec.p() + spec.seasonP() * spec.season();
        if (w.length - cond < spec.parameters() + 2) {
            throw new IllegalArgumentException(spec + " needs more than " + (cond + spec.parameters() + 1 + spec.d()
                    + spec.seasonD() * spec.season()) + " observations, got " + x.length);
        }
        int k = spec.p() + spec.q() + spec.seasonP() + spec.seasonQ();
        double[] start = new double[spec.parameters()];
        double[] steps = new double[start.length];
        Arrays.fill(steps, 0.1);
        double scale = Math.sqrt(variance(w));
        if (spec.constant()) {
            start[k] = average(w);
            steps[k] = 0.1 * (scale > 0 ? scale : Math.max(1, Math.abs(start[k])));
        }
        ToDoubleFunction<double[]> css = u -> {
            double s2 = sumOfSquares(w, spec, u, null, false);
            return s2 > 0 ? 0.5 * Math.log(s2) : Double.NEGATIVE_INFINITY;
        };
        int evaluations = EVALUATIONS_PER_PARAMETER * (start.length + 1);
        double[] u = minimiseWithRestart(css, start, steps, 0.5, evaluations);
        double[] e = new double[w.length];
        if (estimation == Estimation.CSS_ML) {
            ToDoubleFunction<double[]> exact = v -> likelihood(w, spec, v).objective();
            double[] v = minimiseWithRestart(exact, u, steps, 0.1, evaluations);
            ArmaLikelihood.Value l = likelihood(w, spec, v);
            sumOfSquares(w, spec, v, e, true);
            return new Arima(spec, x.clone(), expandedAr(spec, v), expandedMa(spec, v), spec.constant() ? v[k] : 0, e,
                    l.sigma2(), l.logLikelihood(), l.state());
        }
        double sigma2 = sumOfSquares(w, spec, u, null, false);
        double whole = sumOfSquares(w, spec, u, e, true);
        return new Arima(spec, x.clone(), expandedAr(spec, u), expandedMa(spec, u),
                spec.constant() ? u[k] : 0, e, sigma2, -0.5 * w.length * (Math.log(2 * Math.PI * whole) + 1), null);
    }

    /** The exact likelihood of the differenced series {@code w} under the parameters {@code u}. */
    private static ArmaLikelihood.Value likelihood(double[] w, ArimaSpec spec, double[] u) {
        double mu = spec.constant() ? u[u.length - 1] : 0;
        double[] centred = new double[w.length];
        for (int t = 0; t < w.length; t++) {
            centred[t] = w[t] - mu;
        }
        return ArmaLikelihood.of(centred, expandedAr(spec, u), expandedMa(spec, u));
    }

    /** How the coefficients were estimated. */
    public Estimation estimation() {
        return state == null ? Estimation.CSS : Estimation.CSS_ML;
    }

    public ArimaSpec spec() {
        return spec;
    }

    /** The residual variance {@code sigma^2}. */
    public double sigma2() {
        return sigma2;
    }

    /** The expanded autoregressive coefficients {@code a_1..a_(p+Pm)} of the differenced series. */
    public double[] ar() {
        return ar.clone();
    }

    /** The expanded moving-average coefficients {@code b_1..b_(q+Qm)}. */
    public double[] ma() {
        return ma.clone();
    }

    /** The differenced series' mean {@code mu} (0 without a constant). */
    public double mean() {
        return mean;
    }

    /**
     * The exact log-likelihood ({@link ArmaLikelihood}) for {@link Estimation#CSS_ML}; for
     * {@link Estimation#CSS}, {@code l = -(n'/2) (log(2 pi s^2) + 1)} with {@code s^2} the mean square of
     * all {@code n'} residuals of the differenced series, the first {@code p + P m} of them computed
     * with the values before the series at the mean. R's CSS leaves those out, so that a model with
     * a long seasonal AR part is judged on fewer observations than one without, which made AICc
     * pick over-long models for short series; here every model is judged on the same ones.
     */
    public double logLikelihood() {
        return logLikelihood;
    }

    /** {@code AICc}; infinite when the differenced series is too short for the correction. */
    public double aicc() {
        int k = spec.parameters() + 1;
        int used = residuals.length;
        return used - k - 1 <= 0 ? Double.POSITIVE_INFINITY
                : -2 * logLikelihood() + 2 * k + 2.0 * k * (k + 1) / (used - k - 1);
    }

    /**
     * The forecast of {@code horizon} steps: the differenced series' forecast by the recursion with
     * future residuals 0 (by the Kalman filter's state for {@link Estimation#CSS_ML}), summed back
     * through the differences, and the interval
     * {@code +- z sigma sqrt(sum_(j<k) psi_j^2)}, {@code psi} the weights of the model with its
     * differences, {@code z} the normal quantile of {@code (1 + level) / 2}.
     */
    public Prediction forecast(int horizon, double level) {
        int[] lags = lags(spec);
        double[][] stages = new double[lags.length + 1][];
        stages[0] = x;
        for (int s = 0; s < lags.length; s++) {
            stages[s + 1] = diff(stages[s], lags[s]);
        }
        double[] w = stages[lags.length];
        int n = w.length;
        double[] wf = Arrays.copyOf(w, n + horizon);
        double[] e = Arrays.copyOf(residuals, n + horizon);
        for (int t = n; t < n + horizon; t++) {
            double v = mean;
            for (int i = 1; i <= ar.length; i++) {
                v += ar[i - 1] * (t - i >= 0 ? wf[t - i] - mean : 0);
            }
            for (int j = 1; j <= ma.length; j++) {
                v += t - j >= 0 ? ma[j - 1] * e[t - j] : 0;
            }
            wf[t] = v;
        }
        double[] f = Arrays.copyOfRange(wf, n, n + horizon);
        if (state != null) {
            f = ArmaLikelihood.forecast(state, ar, horizon);
            for (int k = 0; k < horizon; k++) {
                f[k] += mean;
            }
        }
        for (int s = lags.length - 1; s >= 0; s--) {
            double[] y = stages[s];
            double[] yf = Arrays.copyOf(y, y.length + horizon);
            for (int k = 0; k < horizon; k++) {
                yf[y.length + k] = f[k] + yf[y.length + k - lags[s]];
            }
            f = Arrays.copyOfRange(yf, y.length, y.length + horizon);
        }
        double[] psi = psi(horizon, lags);
        double z = Normal.quantile((1 + level) / 2);
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        double sum = 0;
        for (int k = 0; k < horizon; k++) {
            sum += psi[k] * psi[k];
            double width = z * Math.sqrt(sigma2 * sum);
            lower[k] = f[k] - width;
            upper[k] = f[k] + width;
        }
        return new Prediction(f, lower, upper);
    }

    /** {@code psi_0..psi_(h-1)} of {@code (1 - sum a_i B^i) prod_s (1 - B^(lag_s)) psi(B) = 1 + sum b_j B^j}. */
    private double[] psi(int horizon, int[] lags) {
        double[] poly = new double[ar.length + 1];
        poly[0] = 1;
        for (int i = 0; i < ar.length; i++) {
            poly[i + 1] = -ar[i];
        }
        for (int lag : lags) {
            double[] d = new double[lag + 1];
            d[0] = 1;
            d[lag] = -1;
            poly = multiply(poly, d);
        }
        double[] psi = new double[horizon];
        for (int j = 0; j < horizon; j++) {
            double v = j == 0 ? 1 : j <= ma.length ? ma[j - 1] : 0;
            for (int i = 1; i <= Math.min(j, poly.length - 1); i++) {
                v -= poly[i] * psi[j - i];
            }
            psi[j] = v;
        }
        return psi;
    }

    /** The series differenced {@code D} times at lag {@code m}, then {@code d} times at lag 1. */
    static double[] difference(double[] x, ArimaSpec spec) {
        double[] w = x;
        for (int lag : lags(spec)) {
            w = diff(w, lag);
        }
        return w;
    }

    private static int[] lags(ArimaSpec spec) {
        int[] lags = new int[spec.seasonD() + spec.d()];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = i < spec.seasonD() ? spec.season() : 1;
        }
        return lags;
    }

    /**
     * The minimum of {@code f} by Nelder-Mead from {@code start}, then once more from that point with
     * the steps scaled by {@code restartScale}: a restart rebuilds a collapsed simplex (R's optim uses
     * BFGS here). Without parameters, the one evaluation of the first search.
     */
    private static double[] minimiseWithRestart(ToDoubleFunction<double[]> f, double[] start, double[] steps,
                                                double restartScale, int evaluations) {
        NelderMead.Result r = NelderMead.minimise(f, start, steps, TOL, evaluations);
        if (start.length == 0) {
            return r.point();
        }
        double[] small = steps.clone();
        for (int i = 0; i < small.length; i++) {
            small[i] *= restartScale;
        }
        return NelderMead.minimise(f, r.point(), small, TOL, evaluations).point();
    }

    /** The lag-{@code lag} differences {@code x[t + lag] - x[t]}. */
    static double[] diff(double[] x, int lag) {
        double[] out = new double[Math.max(0, x.length - lag)];
        for (int t = 0; t < out.length; t++) {
            out[t] = x[t + lag] - x[t];
        }
        return out;
    }

    /**
     * {@code (1/N) sum e_t^2} of the parameters {@code u}, from {@code t = p + P m} (R's CSS) or, when
     * {@code whole}, from the first difference on with the values before it at the mean; the residuals
     * into {@code e} when given.
     */
    private static double sumOfSquares(double[] w, ArimaSpec spec, double[] u, double[] e, boolean whole) {
        double[] a = expandedAr(spec, u);
        double[] b = expandedMa(spec, u);
        double mu = spec.constant() ? u[u.length - 1] : 0;
        double[] res = e != null ? e : new double[w.length];
        int[] arLags = nonZero(a);
        int[] maLags = nonZero(b);
        int cond = whole ? 0 : a.length;
        double ss = 0;
        for (int t = cond; t < w.length; t++) {
            double v = w[t] - mu;
            for (int i : arLags) {
                if (i > t) {
                    break;
                }
                v -= a[i - 1] * (w[t - i] - mu);
            }
            for (int j : maLags) {
                if (j > t) {
                    break;
                }
                v -= b[j - 1] * res[t - j];
            }
            res[t] = v;
            ss += v * v;
        }
        return ss / (w.length - cond);
    }

    /** The lags {@code i} (from 1, ascending) of the non-zero {@code c[i - 1]}: a seasonal polynomial is mostly zeros. */
    private static int[] nonZero(double[] c) {
        return IntStream.rangeClosed(1, c.length).filter(i -> c[i - 1] != 0).toArray();
    }

    /** {@code a} of {@code phi(B) Phi(B^m) = 1 - sum a_i B^i}. */
    private static double[] expandedAr(ArimaSpec spec, double[] u) {
        double[] phi = pacfToAr(u, 0, spec.p());
        double[] sphi = pacfToAr(u, spec.p() + spec.q(), spec.seasonP());
        double[] poly = multiply(lagPolynomial(phi, 1, -1), lagPolynomial(sphi, spec.season(), -1));
        double[] a = new double[poly.length - 1];
        for (int i = 0; i < a.length; i++) {
            a[i] = -poly[i + 1];
        }
        return a;
    }

    /** {@code b} of {@code theta(B) Theta(B^m) = 1 + sum b_j B^j}. */
    private static double[] expandedMa(ArimaSpec spec, double[] u) {
        double[] theta = negate(pacfToAr(u, spec.p(), spec.q()));
        double[] stheta = negate(pacfToAr(u, spec.p() + spec.q() + spec.seasonP(), spec.seasonQ()));
        double[] poly = multiply(lagPolynomial(theta, 1, 1), lagPolynomial(stheta, spec.season(), 1));
        return Arrays.copyOfRange(poly, 1, poly.length);
    }

    /**
     * Durbin-Levinson from the partial autocorrelations {@code tanh(u[from..from+order))} to the
     * coefficients of a stationary {@code 1 - sum c_i B^i}.
     */
    static double[] pacfToAr(double[] u, int from, int order) {
        double[] c = new double[order];
        double[] prev = new double[order];
        for (int k = 0; k < order; k++) {
            double r = Math.tanh(u[from + k]);
            System.arraycopy(c, 0, prev, 0, k);
            c[k] = r;
            for (int j = 0; j < k; j++) {
                c[j] = prev[j] - r * prev[k - 1 - j];
            }
        }
        return c;
    }

    private static double[] negate(double[] c) {
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            out[i] = -c[i];
        }
        return out;
    }

    /** {@code 1 + sign sum_i c_i B^(i lag)}. */
    private static double[] lagPolynomial(double[] c, int lag, int sign) {
        double[] poly = new double[c.length * lag + 1];
        poly[0] = 1;
        for (int i = 0; i < c.length; i++) {
            poly[(i + 1) * lag] = sign * c[i];
        }
        return poly;
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] out = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0) {
                for (int j = 0; j < b.length; j++) {
                    out[i + j] += a[i] * b[j];
                }
            }
        }
        return out;
    }

    private static double average(double[] w) {
        double s = 0;
        for (double v : w) {
            s += v;
        }
        return w.length == 0 ? 0 : s / w.length;
    }

    private static double variance(double[] w) {
        double m = average(w);
        double s = 0;
        for (double v : w) {
            s += (v - m) * (v - m);
        }
        return w.length < 2 ? 0 : s / (w.length - 1);
    }
}
