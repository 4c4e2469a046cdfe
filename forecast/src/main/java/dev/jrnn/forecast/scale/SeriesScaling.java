package dev.jrnn.forecast.scale;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-series part of a forecaster's scaling. With {@link ForecastConfig#log()} on, a series is
 * log-transformed only when every one of its values is positive: the decision is made once per
 * series, on the whole series (never per window, which would scale a series one way in training and
 * another when forecasting), recorded for the training series and kept for them, so a saved and
 * loaded forecaster scales them as training did. A series it was not trained on is decided on the
 * history it forecasts from. For {@link ScalingMode#STANDARD} it also holds each training series'
 * statistics.
 *
 * <p>A training series recorded as logged whose input window now holds a value that is not positive
 * is read without the log under {@link ScalingMode#LAST_WINDOW} (relative to the window's level,
 * {@code x / level - 1}, close to the log's {@code ln(x / level)}); under STANDARD scaling, whose
 * statistics are of the logs, it is an error.
 */
public final class SeriesScaling {
    private final ForecastConfig config;
    private final Map<String, Boolean> logs;
    private final Map<String, Scaler> standard;
    /** Decisions of series not trained on, taken on their whole histories elsewhere; never saved. */
    private final Map<String, Boolean> historyLogs;
    private final Map<String, Scaler> historyStandard;

    /**
     * @param logs     the log decision of each training series (empty: every series decided on its history)
     * @param standard the STANDARD scaler of each training series (empty unless STANDARD scaling)
     */
    public SeriesScaling(ForecastConfig config, Map<String, Boolean> logs, Map<String, Scaler> standard) {
        this(config, Map.copyOf(logs), Map.copyOf(standard), Map.of(), Map.of());
    }

    private SeriesScaling(ForecastConfig config, Map<String, Boolean> logs, Map<String, Scaler> standard,
                          Map<String, Boolean> historyLogs, Map<String, Scaler> historyStandard) {
        this.config = config;
        this.logs = logs;
        this.standard = standard;
        this.historyLogs = historyLogs;
        this.historyStandard = historyStandard;
    }

    /**
     * This scaling, told what the whole histories of series it was not trained on decide: their log
     * decisions and (STANDARD scaling) their scalers, for forecasting from the last observations of
     * each series alone, where those would decide otherwise. A training series keeps its recorded
     * decision and scaler; a series named in neither is decided on the history it forecasts from.
     * The decisions given are not {@link #logs()} or {@link #standardScalers()}, so never saved.
     */
    public SeriesScaling withHistories(Map<String, Boolean> historyLogs, Map<String, Scaler> historyStandard) {
        return new SeriesScaling(config, logs, standard, Map.copyOf(historyLogs), Map.copyOf(historyStandard));
    }

    /** Decides the log of every training series and fits their STANDARD scalers. */
    public static SeriesScaling fit(ForecastConfig config, List<TimeSeries> training) {
        Map<String, Boolean> logs = new HashMap<>();
        if (config.log()) {
            for (TimeSeries s : training) {
                logs.merge(s.name(), positive(s.values(), 0, s.length()), Boolean::logicalAnd);
            }
        }
        Map<String, Scaler> standard = new HashMap<>();
        if (config.scaling() == ScalingMode.STANDARD) {
            for (TimeSeries s : training) {
                standard.put(s.name(), Scaler.standard(s.name(), s.values(), logs.getOrDefault(s.name(), false)));
            }
        }
        return new SeriesScaling(config, logs, standard);
    }

    /** The recorded log decision of every training series (empty when the log option is off). */
    public Map<String, Boolean> logs() {
        return logs;
    }

    /** The STANDARD scaler of every training series. */
    public Map<String, Scaler> standardScalers() {
        return standard;
    }

    /** Whether {@code s} is log-transformed: its recorded decision, else whether all its values are positive. */
    public boolean log(TimeSeries s) {
        if (!config.log()) {
            return false;
        }
        Boolean known = logs.get(s.name());
        if (known == null) {
            known = historyLogs.get(s.name());
        }
        return known != null ? known : positive(s.values(), 0, s.length());
    }

    /** The scaler of the window {@code [start, start + inputLength)} of {@code s}, as {@code config.scaling()} says. */
    public Scaler scaler(TimeSeries s, int start) {
        if (config.scaling() == ScalingMode.STANDARD) {
            return standard(s);
        }
        boolean log = log(s) && positive(s.values(), start, Math.min(s.length(), start + config.inputLength()));
        return config.scaling() == ScalingMode.NONE ? Scaler.identity(log)
                : Scaler.lastWindow(s.name(), s.values(), start, config.inputLength(), log, config.season(),
                        config.deseasonalise());
    }

    /**
     * {@link #scaler(TimeSeries, int)} of the series whose logarithms {@code logs} holds: the same
     * scaler, from logarithms taken once.
     */
    public Scaler scaler(SeriesLogs logs, int start) {
        TimeSeries s = logs.series();
        if (config.scaling() == ScalingMode.STANDARD) {
            return standard(s);
        }
        boolean log = log(s) && logs.positive(start, Math.min(s.length(), start + config.inputLength()));
        return config.scaling() == ScalingMode.NONE ? Scaler.identity(log)
                : Scaler.lastWindow(logs, start, config.inputLength(), log, config.season(), config.deseasonalise());
    }

    /** The stored STANDARD scaler of a training series, or one fitted on {@code s} itself. */
    private Scaler standard(TimeSeries s) {
        Scaler known = standard.get(s.name());
        if (known == null) {
            Scaler given = historyStandard.get(s.name());
            return given != null ? given : Scaler.standard(s.name(), s.values(), log(s));
        }
        if (known.log() && !positive(s.values(), 0, s.length())) {
            throw new IllegalArgumentException("series " + s.name() + " was trained log-scaled (all its values were"
                    + " positive) but now holds a value that is not positive; retrain, or turn the log option off");
        }
        return known;
    }

    /** Whether {@code x[from, to)} is all positive (and not NaN). */
    static boolean positive(double[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!(x[i] > 0)) {
                return false;
            }
        }
        return true;
    }
}
