package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;

/**
 * The automatic ETS forecast as R's {@code forecast} package makes it: {@code ets} ({@link Ets#select})
 * for seasons up to {@value Ets#MAX_SEASON}; for longer ones {@code stlf} on {@code mstl}: an
 * {@link Mstl} decomposition (STL, no robustness iterations, for the season and, when the season is
 * a week of seven shorter cycles, for the daily cycle too: see {@link #seasons}), a non-seasonal ETS
 * model chosen for the seasonally adjusted series, and the last cycle of each seasonal component
 * repeated and added to its forecast and interval,
 * {@code f(n+k) = f_adjusted(n+k) + sum_j S_j(n + k - m_j ceil(k / m_j))}. A long season the series
 * does not hold twice over gets a non-seasonal model.
 */
public final class EtsForecast {
    private EtsForecast() {
    }

    /**
     * The seasons a long season {@code m} is decomposed into: a season of seven shorter cycles is
     * taken for a week of days (336 half-hours, 168 hours), whose daily cycle {@code m / 7} is a
     * season of its own; otherwise {@code m} alone.
     */
    static int[] seasons(int m) {
        return m % 7 == 0 && m / 7 > 1 ? new int[] {m / 7, m} : new int[] {m};
    }

    /** The forecast of the {@code horizon} observations after {@code history}, with a {@code level} interval. */
    public static Forecast forecast(TimeSeries history, int season, int horizon, double level) {
        SeasonalAdjustment adjusted = SeasonalAdjustment.of(history.values(), season, horizon);
        Ets.Prediction p = Ets.select(adjusted.series(), adjusted.season()).forecast(horizon, level);
        return adjusted.restore(history, p.mean(), p.lower(), p.upper(), level);
    }
}
