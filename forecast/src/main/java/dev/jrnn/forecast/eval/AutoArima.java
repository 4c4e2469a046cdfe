package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The automatic ARIMA model of R's {@code auto.arima} (Hyndman and Khandakar 2008) with its
 * defaults, each candidate fitted by {@link Arima} (conditional sum of squares, R's approximation
 * for long series) and, as R does under its approximation (more than {@value #APPROXIMATE_OVER}
 * observations or a season over {@value #APPROXIMATE_SEASON_OVER}), the model chosen fitted again by
 * exact maximum likelihood ({@link Arima.Estimation#CSS_ML}). Shorter series keep the conditional
 * fit throughout: exact likelihood in the search, R's choice for them, forecast worse on the
 * development set (benchmarks/forecast-dev), and the refit helped the long series only.
 * <ol>
 * <li>seasonal differences {@code D}: one when the STL seasonal strength
 *     {@code max(0, 1 - var(R) / var(S + R))} exceeds {@value #SEASONAL_STRENGTH} (R's
 *     {@code nsdiffs}), for a season the series holds more than twice;</li>
 * <li>differences {@code d}: while {@code d < 2} and the KPSS statistic of the (seasonally)
 *     differenced series exceeds its 5% critical value {@value #KPSS_CRITICAL} (R's {@code ndiffs});</li>
 * <li>a stepwise search over {@code p, q <= 5}, {@code P, Q <= 2} and the
 *     constant (allowed while {@code d + D <= 1}; no bound on {@code p + q + P + Q}, as R's stepwise search): from the best of four starting models, move to a
 *     neighbour (an order one up or down, {@code p} and {@code q} or {@code P} and {@code Q} together,
 *     the constant toggled) whenever it has a lower AICc, until none has, or
 *     {@value #MAX_MODELS} models were fitted.</li>
 * </ol>
 */
public final class AutoArima {
    /** R's {@code nsdiffs} threshold on the seasonal strength. */
    public static final double SEASONAL_STRENGTH = 0.64;
    /** The KPSS level-stationarity statistic's 5% critical value (Kwiatkowski et al. 1992). */
    public static final double KPSS_CRITICAL = 0.463;
    private static final int MAX_MODELS = 94;
    private static final int MAX_P = 5;
    private static final int MAX_SP = 2;
    /** R's {@code auto.arima} approximates (and refits exactly) above this length or this season. */
    private static final int APPROXIMATE_OVER = 150;
    private static final int APPROXIMATE_SEASON_OVER = 12;

    private AutoArima() {
    }

    /**
     * The forecast of the {@code horizon} observations after {@code history} by the selected model,
     * with a {@code level} interval. Seasons longer than {@value Ets#MAX_SEASON} are taken out first
     * as R's {@code stlf(method = "arima")} does (here by {@link Mstl}, with
     * {@link EtsForecast#seasons}): a non-seasonal model forecasts the adjusted series, and each
     * season's last cycle is added back.
     */
    public static Forecast forecast(TimeSeries history, int season, int horizon, double level) {
        SeasonalAdjustment adjusted = SeasonalAdjustment.of(history.values(), season, horizon);
        Arima.Prediction p = select(adjusted.series(), adjusted.season()).forecast(horizon, level);
        return adjusted.restore(history, p.mean(), p.lower(), p.upper(), level);
    }

    /** The model of lowest AICc found for {@code x} with season {@code m} (1: non-seasonal). */
    public static Arima select(double[] x, int m) {
        int D = m > 1 && seasonallyDifferenced(x, m) ? 1 : 0;
        double[] y = D == 1 ? Arima.diff(x, m) : x;
        int d = differences(y);
        boolean seasonal = m > 1 && x.length > 2 * m;
        int season = seasonal ? m : 1;
        boolean constantAllowed = d + D <= 1;
        Map<ArimaSpec, Double> fitted = new HashMap<>();
        Map<ArimaSpec, Arima> models = new HashMap<>();
        List<ArimaSpec> starts = new ArrayList<>();
        starts.add(spec(2, d, 2, seasonal ? 1 : 0, D, seasonal ? 1 : 0, season, constantAllowed));
        starts.add(spec(0, d, 0, 0, D, 0, season, constantAllowed));
        starts.add(spec(1, d, 0, seasonal ? 1 : 0, D, 0, season, constantAllowed));
        starts.add(spec(0, d, 1, 0, D, seasonal ? 1 : 0, season, constantAllowed));
        if (constantAllowed) {
            starts.add(spec(0, d, 0, 0, D, 0, season, false));
        }
        ArimaSpec best = null;
        for (ArimaSpec s : starts) {
            if (better(s, best, x, fitted, models)) {
                best = s;
            }
        }
        boolean moved = true;
        while (moved && fitted.size() < MAX_MODELS && best != null) {
            moved = false;
            for (ArimaSpec s : neighbours(best, constantAllowed)) {
                if (fitted.size() >= MAX_MODELS) {
                    break;
                }
                if (!fitted.containsKey(s) && better(s, best, x, fitted, models)) {
                    best = s;
                    moved = true;
                    break;
                }
            }
        }
        if (best == null) {
            return Arima.fit(x, spec(0, Math.min(d, 1), 0, 0, 0, 0, 1, false));
        }
        boolean approximated = x.length > APPROXIMATE_OVER || m > APPROXIMATE_SEASON_OVER;
        return approximated ? Arima.fit(x, best, Arima.Estimation.CSS_ML) : models.get(best);
    }

    /** Fits {@code s} (once) and says whether its AICc is below {@code best}'s. */
    private static boolean better(ArimaSpec s, ArimaSpec best, double[] x, Map<ArimaSpec, Double> fitted,
                                  Map<ArimaSpec, Arima> models) {
        if (s == null) {
            return false;
        }
        double aicc = fitted.computeIfAbsent(s, k -> {
            try {
                Arima a = Arima.fit(x, k);
                models.put(k, a);
                return a.aicc();
            } catch (IllegalArgumentException tooShort) {
                return Double.POSITIVE_INFINITY;
            }
        });
        return Double.isFinite(aicc) && (best == null || aicc < fitted.get(best));
    }

    private static List<ArimaSpec> neighbours(ArimaSpec b, boolean constantAllowed) {
        List<ArimaSpec> out = new ArrayList<>();
        int m = b.season();
        int[][] moves = {{0, 0, -1, 0}, {0, 0, 1, 0}, {0, 0, 0, -1}, {0, 0, 0, 1}, {0, 0, -1, -1}, {0, 0, 1, 1},
            {-1, 0, 0, 0}, {1, 0, 0, 0}, {0, -1, 0, 0}, {0, 1, 0, 0}, {-1, -1, 0, 0}, {1, 1, 0, 0}};
        for (int[] mv : moves) {
            int p = b.p() + mv[0];
            int q = b.q() + mv[1];
            int sp = b.seasonP() + mv[2];
            int sq = b.seasonQ() + mv[3];
            if ((mv[2] != 0 || mv[3] != 0) && m == 1) {
                continue;
            }
            out.add(spec(p, b.d(), q, sp, b.seasonD(), sq, m, b.constant()));
        }
        if (constantAllowed) {
            out.add(spec(b.p(), b.d(), b.q(), b.seasonP(), b.seasonD(), b.seasonQ(), m, !b.constant()));
        }
        out.removeIf(Objects::isNull);
        return out;
    }

    /** The spec, or null outside the search's bounds. */
    private static ArimaSpec spec(int p, int d, int q, int sp, int sd, int sq, int m, boolean constant) {
        if (p < 0 || q < 0 || sp < 0 || sq < 0 || p > MAX_P || q > MAX_P || sp > MAX_SP || sq > MAX_SP) {
            return null;
        }
        return new ArimaSpec(p, d, q, sp, sd, sq, m, constant);
    }

    /** Whether the STL seasonal strength of {@code x} calls for a seasonal difference. */
    static boolean seasonallyDifferenced(double[] x, int m) {
        if (x.length <= 2 * m || isConstant(x)) {
            return false;
        }
        Stl stl = Stl.decompose(x, m, 11);
        double[] sr = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            sr[t] = stl.seasonal()[t] + stl.remainder()[t];
        }
        double vsr = variance(sr);
        return vsr > 0 && Math.max(0, 1 - variance(stl.remainder()) / vsr) > SEASONAL_STRENGTH;
    }

    /** Differences until the KPSS test no longer rejects level stationarity at 5%, at most two. */
    static int differences(double[] x) {
        int d = 0;
        double[] y = x;
        while (d < 2 && y.length > 2 && !isConstant(y) && kpss(y) > KPSS_CRITICAL) {
            y = Arima.diff(y, 1);
            d++;
        }
        return d;
    }

    /**
     * The KPSS level-stationarity statistic {@code sum_t S_t^2 / (n^2 s^2)}: {@code S_t} the partial
     * sums of {@code e = x - mean(x)}, {@code s^2} the long-run variance with Bartlett weights
     * {@code 1 - j/(l+1)} up to lag {@code l = floor(3 sqrt(n) / 13)} (R's {@code ndiffs}).
     */
    static double kpss(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v / n;
        }
        double[] e = new double[n];
        for (int t = 0; t < n; t++) {
            e[t] = x[t] - mean;
        }
        double partial = 0;
        double eta = 0;
        double s2 = 0;
        for (int t = 0; t < n; t++) {
            partial += e[t];
            eta += partial * partial;
            s2 += e[t] * e[t];
        }
        int lags = (int) Math.floor(3 * Math.sqrt(n) / 13);
        for (int j = 1; j <= lags; j++) {
            double c = 0;
            for (int t = j; t < n; t++) {
                c += e[t] * e[t - j];
            }
            s2 += 2 * (1 - j / (lags + 1.0)) * c;
        }
        s2 /= n;
        return eta / ((double) n * n * s2);
    }

    private static boolean isConstant(double[] x) {
        for (double v : x) {
            if (v != x[0]) {
                return false;
            }
        }
        return true;
    }

    private static double variance(double[] x) {
        double m = 0;
        for (double v : x) {
            m += v / x.length;
        }
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / Math.max(1, x.length - 1);
    }
}
