package dev.jrnn.forecast.select;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.List;

/** A way to forecast that {@link ModelSelection} scores: a network configuration or a classical method. */
public sealed interface Candidate permits Candidate.Network, Candidate.Statistical {

    /** Shown when it is scored and picked, for example {@code "input 36 (3 seasons)"}. */
    String name();

    int horizon();

    int season();

    /** Observations a series needs for this candidate to be fitted on it. */
    int trainingLength();

    /**
     * A network configuration, trained as a seed ensemble.
     *
     * @param name       what is printed
     * @param config     the configuration
     * @param companions other series trained on alongside the one forecast (cross-learning: one global
     *                   model over all of them), the same at every origin; empty for a model of the series alone
     */
    record Network(String name, ForecastConfig config, List<TimeSeries> companions) implements Candidate {
        public Network {
            companions = List.copyOf(companions);
        }

        /** A network trained on the forecast series alone. */
        public Network(String name, ForecastConfig config) {
            this(name, config, List.of());
        }

        @Override
        public int horizon() {
            return config.horizon();
        }

        @Override
        public int season() {
            return config.season();
        }

        @Override
        public int trainingLength() {
            return config.trainingLength();
        }
    }

    /** A classical method: nothing is trained. */
    record Statistical(StatisticalMethod method) implements Candidate {
        @Override
        public String name() {
            return method.name();
        }

        @Override
        public int horizon() {
            return method.horizon();
        }

        @Override
        public int season() {
            return method.season();
        }

        @Override
        public int trainingLength() {
            return method.minimumLength();
        }
    }
}
