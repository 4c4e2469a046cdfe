package dev.jrnn.forecast;

import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.AutoArima;
import dev.jrnn.forecast.eval.Baselines;
import dev.jrnn.forecast.eval.DoubleSeasonalHoltWinters;
import dev.jrnn.forecast.eval.EtsForecast;
import dev.jrnn.forecast.eval.HoltWinters;
import dev.jrnn.forecast.eval.SeasonalMean;
import dev.jrnn.forecast.eval.Theta;
import java.util.List;
import java.util.Locale;

/**
 * A classical method as a candidate beside the networks, so that a network that validates worse
 * than these is not chosen: seasonal naive (the last season repeated), the seasonal mean (the shape
 * of the last three seasons averaged, at the last season's level: {@link SeasonalMean}), Theta (M4's benchmark),
 * Holt-Winters with a damped trend, the ETS model chosen by AICc (STL + ETS for seasons longer
 * than 24, see {@link EtsForecast}), the ARIMA model chosen by AICc ({@link AutoArima}), or, for a
 * week of daily cycles, Taylor's double seasonal Holt-Winters ({@link DoubleSeasonalHoltWinters}).
 * Nothing is trained; the forecast depends on the history alone.
 *
 * @param kind    the method
 * @param season  season length
 * @param horizon steps forecast
 * @param level   the interval's nominal coverage
 */
public record StatisticalMethod(Kind kind, int season, int horizon, double level) implements ForecastMethod {

    /** The classical methods. */
    public enum Kind {
        SEASONAL_NAIVE("seasonal naive"),
        THETA("theta"),
        DAMPED_HOLT_WINTERS("damped holt-winters"),
        ETS("ets"),
        ARIMA("arima"),
        SEASONAL_MEAN("seasonal mean"),
        DOUBLE_SEASONAL_HOLT_WINTERS("double seasonal holt-winters");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name printed and saved, for example {@code "seasonal naive"}. */
        public String label() {
            return label;
        }

        /** The kind of {@link #name()} or {@link #label()}, case-insensitive. */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(text) || k.label.equalsIgnoreCase(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown statistical method '" + text + "'; known: "
                    + List.of(values()).stream().map(Kind::label).toList());
        }
    }

    public StatisticalMethod {
        if (season < 1 || horizon < 1 || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("statistical method: season and horizon must be positive and the"
                    + " level in (0, 1), got " + season + ", " + horizon + ", " + level);
        }
    }

    @Override
    public String name() {
        return kind.label();
    }

    @Override
    public int minimumLength() {
        return kind == Kind.SEASONAL_NAIVE || kind == Kind.SEASONAL_MEAN ? 2 : 3;
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.jrnn.models.train.NonFiniteException naming the series and the place when the
     *         history holds a NaN or infinity, or when the forecast overflows
     */
    @Override
    public Forecast forecast(TimeSeries history) {
        history.requireFinite();
        if (history.length() < minimumLength()) {
            throw new IllegalArgumentException("series " + history.name() + " has " + history.length()
                    + " observations; " + name() + " needs " + minimumLength());
        }
        Forecast f = switch (kind) {
            case SEASONAL_NAIVE -> Baselines.seasonalNaive(history, horizon, season, level);
            case SEASONAL_MEAN -> SeasonalMean.forecast(history, season, horizon, level);
            case THETA -> Theta.forecast(history, season, horizon, level);
            case DAMPED_HOLT_WINTERS -> HoltWinters.forecast(history, season, horizon, level);
            case ETS -> EtsForecast.forecast(history, season, horizon, level);
            case ARIMA -> AutoArima.forecast(history, season, horizon, level);
            case DOUBLE_SEASONAL_HOLT_WINTERS -> DoubleSeasonalHoltWinters.forecast(history, season, horizon, level);
        };
        return f.requireFinite();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
