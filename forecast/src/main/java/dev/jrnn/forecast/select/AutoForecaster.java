package dev.jrnn.forecast.select;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastMethod;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.train.FitListener;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Chooses how to forecast a series and fits it: {@link ModelSelection} scores the candidates on
 * rolling origins at the end of the series, those that score within {@value ModelSelection#CLOSE}
 * of the best relatively are fitted again on the whole series and combined by their step-by-step
 * median ({@link ModelSelection.Rule#MEDIAN_OF_CLOSE}; the mean of two), and the result is
 * a {@link ForecastModel} (the chosen networks' every seed and snapshot, the classical methods) with
 * the forecast of the series' future.
 *
 * <pre>{@code
 * int origins = ModelSelection.originsFor(series.length(), 18);  // 2 to 4, by the series' length
 * AutoForecaster auto = new AutoForecaster(backend, 3, 5, origins, AutoForecaster.Progress.none());
 * AutoForecaster.Result r = auto.fit(series, Candidates.of(series, 12, 18, origins, b -> b, List.of(), 0.9));
 * r.forecast();              // the next 18 months, with a 90% interval
 * r.model().save(file);      // everything that made it
 * }</pre>
 */
public final class AutoForecaster {
    private final SeedEnsemble ensemble;
    private final int origins;
    private final Progress progress;

    /** Hears of each training run as it starts. */
    @FunctionalInterface
    public interface Progress {
        /** A listener for the run named {@code task} of {@code epochs} epochs, or null. */
        FitListener start(String task, int epochs);

        /** No listener. */
        static Progress none() {
            return (task, epochs) -> null;
        }
    }

    /**
     * @param seeds     networks trained per configuration
     * @param snapshots epochs at the end of each network's training whose weights join the ensemble
     * @param origins   validation origins ({@link ModelSelection#originsFor} gives {@code jrnn forecast}'s)
     * @param progress  told of each training run
     */
    public AutoForecaster(Backend backend, int seeds, int snapshots, int origins, Progress progress) {
        this.ensemble = new SeedEnsemble(backend, seeds, snapshots);
        this.origins = origins;
        this.progress = progress;
    }

    /**
     * The outcome of a fit.
     *
     * @param selection every choice's validation score and the winner
     * @param model     the winner fitted on the whole series
     * @param forecast  the model's forecast of what follows the series
     */
    public record Result(ModelSelection.Result selection, ForecastModel model, Forecast forecast) {
    }

    /** Selects among {@code candidates} on the end of {@code series}, refits the winner on all of it and forecasts. */
    public Result fit(TimeSeries series, List<Candidate> candidates) {
        ModelSelection.Result picked = ModelSelection.select(candidates, series, origins,
                ModelSelection.Rule.MEDIAN_OF_CLOSE, (c, rest) -> validate(c, rest));
        List<ForecastMethod> members = new ArrayList<>();
        for (Candidate c : picked.best().members()) {
            members.add(fit(c, series, "train "));
        }
        ForecastModel model = new ForecastModel(members, picked.best().combination(), describe(picked),
                List.of(series));
        return new Result(picked, model, model.forecast(series));
    }

    /** The candidate fitted on {@code series}: a trained network ensemble, or the classical method as it is. */
    public ForecastMethod fit(Candidate c, TimeSeries series, String task) {
        if (c instanceof Candidate.Statistical s) {
            return s.method();
        }
        Candidate.Network n = (Candidate.Network) c;
        return train(n, series, task).ensemble(n.name());
    }

    /** The point forecast of {@code c} fitted on {@code rest}; a network's is the one its training made. */
    private double[] validate(Candidate c, TimeSeries rest) {
        if (c instanceof Candidate.Statistical s) {
            return s.method().forecast(rest).point();
        }
        return train((Candidate.Network) c, rest, "valid ").forecasts().get(0).point();
    }

    private SeedEnsemble.Global train(Candidate.Network n, TimeSeries series, String task) {
        List<TimeSeries> all = new ArrayList<>();
        all.add(series);
        all.addAll(n.companions());
        FitListener listener = progress.start(task + n.name(), ensemble.size() * n.config().epochs());
        return ensemble.fitGlobal(n.config(), all, List.of(series), listener);
    }

    /** One line: every choice's score and the winner. */
    public static String describe(ModelSelection.Result r) {
        if (r.origins() == 0) {
            return "no validation (one candidate, or a series too short to hold out a horizon); chose "
                    + r.best().name();
        }
        return "validation MASE over " + r.origins() + " rolling origin" + (r.origins() > 1 ? "s" : "") + ": "
                + r.scores().stream().map(s -> s.choice().name() + " " + s.mase().format("%.4f"))
                .collect(Collectors.joining(", "))
                + "; chose " + r.best().name();
    }
}
