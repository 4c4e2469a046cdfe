package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;

/**
 * What R's {@code stlf} does for a season longer than {@value Ets#MAX_SEASON}, shared by the ETS
 * and ARIMA forecasts: the season (and, for a week of days, the daily cycle: {@link
 * EtsForecast#seasons}) is taken out by {@link Mstl}, a non-seasonal model forecasts the adjusted
 * series, and each season's last cycle is added back to its forecast and interval. A long season
 * the series does not hold twice over gets a non-seasonal model of the series as it is.
 *
 * @param series           what the model is fitted to
 * @param season           the season the model is given (1 once a long season is taken out)
 * @param seasonalForecast added back to each step of the model's forecast
 */
record SeasonalAdjustment(double[] series, int season, double[] seasonalForecast) {

    static SeasonalAdjustment of(double[] x, int season, int horizon) {
        if (season <= Ets.MAX_SEASON) {
            return new SeasonalAdjustment(x, season, new double[horizon]);
        }
        if (x.length <= 2 * season) {
            return new SeasonalAdjustment(x, 1, new double[horizon]);
        }
        Mstl mstl = Mstl.decompose(x, EtsForecast.seasons(season));
        return new SeasonalAdjustment(mstl.adjusted(), 1, mstl.seasonalForecast(horizon));
    }

    /** The forecast of {@code history}: the model's mean and bounds with the seasonal forecast added back. */
    Forecast restore(TimeSeries history, double[] mean, double[] lower, double[] upper, double level) {
        int horizon = seasonalForecast.length;
        double[] point = new double[horizon];
        double[] low = new double[horizon];
        double[] high = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            point[k] = mean[k] + seasonalForecast[k];
            low[k] = lower[k] + seasonalForecast[k];
            high[k] = upper[k] + seasonalForecast[k];
        }
        return new Forecast(history.name(), point, low, high, level, history.futureTimes(horizon));
    }
}
