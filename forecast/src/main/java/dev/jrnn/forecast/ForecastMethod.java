package dev.jrnn.forecast;

import dev.jrnn.forecast.data.TimeSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * A fitted way to forecast the {@link #horizon()} observations after a history: a network
 * ensemble or a classical method. A {@link ForecastModel} averages one or more of them.
 */
public sealed interface ForecastMethod permits NetworkEnsemble, StatisticalMethod {

    /** What is printed and saved, for example {@code "input 36 (3 seasons)"} or {@code "theta"}. */
    String name();

    /** Steps forecast. */
    int horizon();

    /** Observations a history needs at least. */
    int minimumLength();

    /** The forecast of the {@link #horizon()} observations after {@code history}. */
    Forecast forecast(TimeSeries history);

    /** {@link #forecast} of each history (a network runs them as one batch). */
    default List<Forecast> forecastAll(List<TimeSeries> histories) {
        List<Forecast> out = new ArrayList<>();
        for (TimeSeries s : histories) {
            out.add(forecast(s));
        }
        return out;
    }
}
