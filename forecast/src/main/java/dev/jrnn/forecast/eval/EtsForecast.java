package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;

/**
 * The automatic ETS forecast as R's {@code forecast} package makes it: {@code ets} ({@link Ets#select})
 * for seasons up to {@value Ets#MAX_SEASON}; for longer ones {@code stlf}: an {@link Stl}
 * decomposition (seasonal window {@value #SEASONAL_WINDOW}, no robustness iterations), a
 * non-seasonal ETS model chosen for the seasonally adjusted series, and the last season of the
 * seasonal component repeated and added to its forecast and interval,
 * {@code f(n+k) = f_adjusted(n+k) + S(n + k - m ceil(k / m))}. A long season the series does not hold
 * twice over gets a non-seasonal model.
 */
public final class EtsForecast {
    /** STL's seasonal window, that of R's {@code stlf} (forecast 8.15 and later) for one season. */
    public static final int SEASONAL_WINDOW = 11;

    private EtsForecast() {
    }

    /** The forecast of the {@code horizon} observations after {@code history}, with a {@code level} interval. */
    public static Forecast forecast(TimeSeries history, int season, int horizon, double level) {
        double[] x = history.values();
        int n = x.length;
        double[] seasonal = new double[horizon];
        double[] fitted = x;
        int m = season;
        if (season > Ets.MAX_SEASON) {
            m = 1;
            if (n > 2 * season) {
                Stl stl = Stl.decompose(x, season, SEASONAL_WINDOW);
                fitted = stl.seasonallyAdjusted();
                for (int k = 0; k < horizon; k++) {
                    seasonal[k] = stl.seasonal()[n - season + k % season];
                }
            }
        }
        Ets.Prediction p = Ets.select(fitted, m).forecast(horizon, level);
        double[] point = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            point[k] = p.mean()[k] + seasonal[k];
            lower[k] = p.lower()[k] + seasonal[k];
            upper[k] = p.upper()[k] + seasonal[k];
        }
        return new Forecast(history.name(), point, lower, upper, level, history.futureTimes(horizon));
    }
}
