package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.eval.EtsSpec.ErrorType;
import dev.jrnn.forecast.eval.EtsSpec.SeasonType;
import dev.jrnn.forecast.eval.EtsSpec.TrendType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * An exponential smoothing state space model (ETS, Hyndman, Koehler, Ord and Snyder 2008) fitted by
 * maximum likelihood, and the automatic choice among them by AICc, as R's {@code forecast::ets}
 * with its defaults.
 * <p>
 * The recursions are those of {@link EtsFilter}; the smoothing parameters and the initial states
 * (level, slope, {@code m - 1} seasonal indices) minimise {@code -2 log L =
 * n log(2 pi sum e^2 / n) + n + 2 sum log|f|} (the last sum for multiplicative errors, {@code e}
 * the innovations, {@code f} the one-step forecasts) within R's bounds ({@link EtsBounds}), by
 * Nelder-Mead ({@link NelderMead}, 2000 evaluations a run, as R) from R's starting values
 * ({@link EtsStart}), restarted from its result (three runs at most) while that improves; after each
 * run the initial states of a model without a multiplicative season are set to their
 * least-squares best for the smoothing parameters reached ({@link EtsLeastSquares}) where that
 * raises the likelihood. Like R's, the search is local: it can settle in a worse basin. With
 * {@code k} the estimated parameters plus the variance, {@code AIC = -2 log L + 2k} and {@code AICc = AIC + 2k(k + 1) / (n - k - 1)}; a model with as
 * many parameters as {@code n - 1} has no AICc (infinite). The innovation variance is
 * {@code sigma^2 = sum e^2 / (n - k + 1)}.
 * <p>
 * {@link #select} tries, as R does by default, additive and multiplicative errors, no, additive
 * and damped trends, no, additive and multiplicative seasons, leaving out multiplicative seasons
 * with additive errors and multiplicative components for series that are not positive; seasons
 * only when {@code 1 < m <= 24} and the series is longer than one season.
 */
public final class Ets {
    /** The longest season an ETS model takes: R's {@code ets} ignores longer ones. */
    public static final int MAX_SEASON = 24;
    /** A criterion for parameters outside the admissible region. */
    private static final double OUTSIDE = 1e35;
    /** The criterion's floor: a perfect fit would be minus infinity. */
    private static final double PERFECT = -1e10;
    /** Evaluations of one Nelder-Mead run, as R's {@code maxit}. */
    private static final int EVALUATIONS = 2000;
    /** Nelder-Mead runs at most, each from the best point of the last. */
    private static final int RESTARTS = 3;
    /** The relative spread of the simplex's values that ends a run, about R's {@code reltol}. */
    private static final double TOLERANCE = 1e-8;

    private final EtsSpec spec;
    private final int m;
    private final int n;
    private final EtsFilter.Params params;
    private final EtsFilter.State initial;
    private final EtsFilter.State end;
    private final int parameters;
    private final double sigma2;
    private final double minusTwoLogLikelihood;

    /**
     * One-step-ahead and multi-step forecasts with their prediction interval.
     *
     * @param mean  the forecast mean of each step
     * @param lower the lower end of the interval
     * @param upper the upper end
     */
    public record Prediction(double[] mean, double[] lower, double[] upper) {
    }

    private Ets(EtsSpec spec, int m, int n, EtsFilter.Params params, EtsFilter.State initial, EtsFilter.State end,
                int parameters, double sigma2, double minusTwoLogLikelihood) {
        this.spec = spec;
        this.m = m;
        this.n = n;
        this.params = params;
        this.initial = initial;
        this.end = end;
        this.parameters = parameters;
        this.sigma2 = sigma2;
        this.minusTwoLogLikelihood = minusTwoLogLikelihood;
    }

    /**
     * Fits {@code spec} to {@code y} with season {@code season} (ignored by a non-seasonal model).
     *
     * @throws IllegalArgumentException when the model does not suit the data: a multiplicative
     *         component with a value that is not positive, a season not in {@code 2..24} or not
     *         shorter than the series, fewer observations than parameters plus one
     */
    public static Ets fit(double[] y, EtsSpec spec, int season) {
        check(y);
        if (spec.seasonal() && (season < 2 || season > MAX_SEASON || y.length <= season)) {
            throw new IllegalArgumentException("a seasonal ETS model needs a season in 2.." + MAX_SEASON
                    + " shorter than the series, got season " + season + " for " + y.length + " observations");
        }
        if ((spec.error() == ErrorType.MULTIPLICATIVE || spec.season() == SeasonType.MULTIPLICATIVE) && !positive(y)) {
            throw new IllegalArgumentException(spec + " needs positive values; the series has " + min(y));
        }
        int m = spec.seasonal() ? season : 1;
        EtsCoding coding = new EtsCoding(spec, m, scale(y));
        if (coding.size() >= y.length) {
            throw new IllegalArgumentException(spec + " has " + coding.size() + " parameters to estimate, too many for "
                    + y.length + " observations");
        }
        double[] start = coding.encode(EtsStart.params(spec, m), EtsStart.state(y, spec, m));
        double[] best = minimise(y, spec, m, coding, start);
        EtsFilter.Params p = coding.params(best);
        EtsFilter.State s = coding.state(best);
        EtsFilter.Run run = EtsFilter.run(y, spec, p, s, false);
        int k = coding.size();
        double m2ll = Math.max(run.criterion(y.length, spec.error()), PERFECT)
                + y.length * (Math.log(2 * Math.PI / y.length) + 1);
        return new Ets(spec, m, y.length, p, s, run.end(), k, run.sse() / (y.length - k), m2ll);
    }

    /**
     * The model of the lowest AICc among {@link #searchSpace} that can be estimated (fitted in
     * parallel; ties go to the first in that order). A constant series gets simple exponential
     * smoothing that repeats it ({@code alpha = 0.99999}, no error); one too short for the AICc of
     * any model (three values), simple exponential smoothing anyway.
     */
    public static Ets select(double[] y, int season) {
        check(y);
        if (constant(y)) {
            EtsSpec ann = EtsSpec.parse("ANN");
            EtsFilter.State s = new EtsFilter.State(y[0], 0, new double[] {0});
            return new Ets(ann, 1, y.length, new EtsFilter.Params(0.99999, 0, 0, 1), s, EtsFilter.run(y, ann,
                    new EtsFilter.Params(0.99999, 0, 0, 1), s, false).end(), 2, 0, Double.NaN);
        }
        List<EtsSpec> able = searchSpace(y, season).stream()
                .filter(spec -> new EtsCoding(spec, spec.seasonal() ? season : 1, 1).size() < y.length - 1)
                .toList();
        // independent fits, compared in list order: the choice does not depend on the threads
        List<Ets> fits = able.parallelStream().map(spec -> fit(y, spec, season)).toList();
        Ets best = null;
        for (Ets fit : fits) {
            if (best == null || fit.aicc() < best.aicc()) {
                best = fit;
            }
        }
        return best != null ? best : fit(y, EtsSpec.parse("ANN"), 1);
    }

    /**
     * The models {@link #select} tries for {@code y} with season {@code season}, in R's order (by
     * error A, M; then trend N, A; then season N, A, M; damped before undamped): seasons only for
     * {@code 1 < m <= 24} and a series longer than {@code m}, no A errors with an M season, no M
     * components when a value is not positive.
     */
    public static List<EtsSpec> searchSpace(double[] y, int season) {
        boolean positive = positive(y);
        boolean seasonal = season > 1 && season <= MAX_SEASON && y.length > season;
        List<EtsSpec> out = new ArrayList<>();
        for (ErrorType e : ErrorType.values()) {
            if (e == ErrorType.MULTIPLICATIVE && !positive) {
                continue;
            }
            for (TrendType t : List.of(TrendType.NONE, TrendType.DAMPED, TrendType.ADDITIVE)) {
                for (SeasonType s : SeasonType.values()) {
                    EtsSpec spec = new EtsSpec(e, t, s);
                    if (s != SeasonType.NONE && !seasonal || spec.restricted()
                            || s == SeasonType.MULTIPLICATIVE && !positive) {
                        continue;
                    }
                    out.add(spec);
                }
            }
        }
        out.sort((a, b) -> Integer.compare(order(a), order(b)));
        return out;
    }

    /** R's loop order: error, then trend (N, A), then season, then damped before undamped. */
    private static int order(EtsSpec s) {
        int trend = s.trended() ? 1 : 0;
        int damped = s.trend() == TrendType.ADDITIVE ? 1 : 0;
        return ((s.error().ordinal() * 2 + trend) * 3 + s.season().ordinal()) * 2 + damped;
    }

    /**
     * The forecast of the next {@code horizon} observations: the mean and variance of
     * {@link EtsVariance}, the interval {@code mean +- z sqrt(variance)} with {@code z} the normal
     * quantile of {@code (1 + level) / 2}.
     */
    public Prediction forecast(int horizon, double level) {
        if (horizon < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("an ETS forecast needs a positive horizon and a level in (0, 1), got "
                    + horizon + ", " + level);
        }
        double[][] mv = EtsVariance.meanAndVariance(spec, params, end, sigma2, horizon);
        double z = Normal.quantile((1 + level) / 2);
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            double width = z * Math.sqrt(Math.max(mv[1][h], 0));
            lower[h] = mv[0][h] - width;
            upper[h] = mv[0][h] + width;
        }
        return new Prediction(mv[0], lower, upper);
    }

    /** The model's components. */
    public EtsSpec spec() {
        return spec;
    }

    /** Season length of the model, 1 without a season. */
    public int season() {
        return m;
    }

    /** Level smoothing. */
    public double alpha() {
        return params.alpha();
    }

    /** Slope smoothing, 0 without a trend. */
    public double beta() {
        return params.beta();
    }

    /** Seasonal smoothing, 0 without a season. */
    public double gamma() {
        return params.gamma();
    }

    /** Damping, 1 without. */
    public double phi() {
        return params.phi();
    }

    /** The initial level, slope and seasonal indices (phase {@code j} for observation {@code j}). */
    public double[] initialStates() {
        double[] out = new double[2 + initial.season().length];
        out[0] = initial.level();
        out[1] = initial.slope();
        System.arraycopy(initial.season(), 0, out, 2, initial.season().length);
        return out;
    }

    /** The innovation variance {@code sigma^2} (of relative errors for multiplicative errors). */
    public double sigma2() {
        return sigma2;
    }

    /** {@code log L}; NaN for a constant series. */
    public double logLikelihood() {
        return -minusTwoLogLikelihood / 2;
    }

    /** Parameters estimated, the variance included. */
    public int parameters() {
        return parameters + 1;
    }

    /** {@code AIC = -2 log L + 2k}. */
    public double aic() {
        return minusTwoLogLikelihood + 2 * parameters();
    }

    /** {@code AICc = AIC + 2k(k + 1) / (n - k - 1)}, infinite when {@code n - k - 1 <= 0}. */
    public double aicc() {
        int k = parameters();
        return n - k - 1 <= 0 ? Double.POSITIVE_INFINITY : aic() + 2.0 * k * (k + 1) / (n - k - 1);
    }

    @Override
    public String toString() {
        return spec + String.format(" alpha=%.4f beta=%.4f gamma=%.4f phi=%.4f sigma2=%.4g AICc=%.2f",
                alpha(), beta(), gamma(), phi(), sigma2, aicc());
    }

    private static double criterion(double[] y, EtsSpec spec, int m, EtsCoding coding, double[] v) {
        EtsFilter.Params p = coding.params(v);
        EtsFilter.State s = coding.state(v);
        if (spec.season() == SeasonType.MULTIPLICATIVE) {
            for (double index : s.season()) {
                if (index < 0) {
                    return OUTSIDE;
                }
            }
        }
        if (spec.seasonal() && !EtsBounds.admissibleSeasonal(p.alpha(), p.beta(), p.gamma(), p.phi(), m)) {
            return OUTSIDE;
        }
        double c = EtsFilter.run(y, spec, p, s, false).criterion(y.length, spec.error());
        return Double.isFinite(c) || c < 0 ? Math.max(c, PERFECT) : OUTSIDE;
    }

    /**
     * Nelder-Mead from {@code start}, restarted from its best point while that improves; where the
     * model allows ({@link EtsLeastSquares}), the initial states are also set to their best for the
     * smoothing parameters each run reached.
     */
    private static double[] minimise(double[] y, EtsSpec spec, int m, EtsCoding coding, double[] start) {
        ToDoubleFunction<double[]> f = v -> criterion(y, spec, m, coding, v);
        NelderMead.Result best = new NelderMead.Result(start, f.applyAsDouble(start), 1);
        for (int round = 0; round < RESTARTS; round++) {
            NelderMead.Result run = leastSquares(y, spec, m, coding,
                    NelderMead.minimise(f, best.point(), coding.steps(), TOLERANCE, EVALUATIONS));
            boolean improved = run.value() < best.value() - TOLERANCE * (1 + Math.abs(best.value()));
            if (run.value() < best.value()) {
                best = run;
            }
            if (!improved) {
                break;
            }
        }
        return best.point();
    }

    /** {@code at} with the least-squares initial states where that lowers the criterion. */
    private static NelderMead.Result leastSquares(double[] y, EtsSpec spec, int m, EtsCoding coding,
                                                  NelderMead.Result at) {
        if (!EtsLeastSquares.applies(spec)) {
            return at;
        }
        EtsFilter.Params p = coding.params(at.point());
        EtsFilter.State s = EtsLeastSquares.state(y, spec, p, m, coding.state(at.point()));
        if (s == null) {
            return at;
        }
        double[] v = coding.encode(p, s);
        double value = criterion(y, spec, m, coding, v);
        return value < at.value() ? new NelderMead.Result(v, value, at.evaluations()) : at;
    }

    /** The unit of additive states in the optimiser: the mean absolute change between observations. */
    private static double scale(double[] y) {
        double s = 0;
        double size = 0;
        for (int t = 1; t < y.length; t++) {
            s += Math.abs(y[t] - y[t - 1]);
        }
        for (double v : y) {
            size = Math.max(size, Math.abs(v));
        }
        s /= Math.max(1, y.length - 1);
        return s > 1e-8 * size && s > 0 ? s : Math.max(size, 1) * 1e-3;
    }

    private static void check(double[] y) {
        if (y.length < 3) {
            throw new IllegalArgumentException("an ETS model needs at least 3 observations, got " + y.length);
        }
        for (int t = 0; t < y.length; t++) {
            if (!Double.isFinite(y[t])) {
                throw new IllegalArgumentException("an ETS model needs finite values; observation " + t + " is " + y[t]);
            }
        }
    }

    private static boolean positive(double[] y) {
        return min(y) > 0;
    }

    private static double min(double[] y) {
        return Arrays.stream(y).min().orElse(Double.NaN);
    }

    /** Whether {@code y} is constant up to R's {@code all.equal} tolerance. */
    private static boolean constant(double[] y) {
        double diff = 0;
        double size = 0;
        for (double v : y) {
            diff += Math.abs(v - y[0]);
            size += Math.abs(y[0]);
        }
        return size == 0 ? diff == 0 : diff / size < 1.5e-8;
    }
}
