package dev.jrnn.forecast;

import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.select.ForecastCombination;
import dev.jrnn.forecast.select.SeedEnsemble;
import java.util.ArrayList;
import java.util.List;

/**
 * Networks of one configuration (seeds, and the snapshots of each seed's last epochs) whose
 * forecasts are combined step by step by their median or their mean, point and bounds alike.
 *
 * @param name        what is printed and saved
 * @param networks    the members, at least one, all of one horizon
 * @param combination how the members' forecasts are combined
 */
public record NetworkEnsemble(String name, List<Forecaster> networks, Combination combination)
        implements ForecastMethod {

    /** How an ensemble, or a {@link ForecastModel}, combines its members' forecasts, step by step. */
    public enum Combination {
        /** The median over members: robust to one member gone astray. */
        MEDIAN,
        /** The mean over members, {@code f(t) = (1/M) sum_m f_m(t)}: uses every member's forecast. */
        MEAN;

        /** The combination of {@code all}, forecasts of one series by the members. */
        public Forecast of(List<Forecast> all) {
            return this == MEDIAN ? SeedEnsemble.median(all) : ForecastCombination.mean(all);
        }
    }

    /** An ensemble combined by the median. */
    public NetworkEnsemble(String name, List<Forecaster> networks) {
        this(name, networks, Combination.MEDIAN);
    }

    public NetworkEnsemble {
        if (combination == null) {
            throw new IllegalArgumentException("a network ensemble needs a combination, median or mean");
        }
        networks = List.copyOf(networks);
        if (networks.isEmpty()) {
            throw new IllegalArgumentException("a network ensemble needs at least one network");
        }
        int h = networks.get(0).config().horizon();
        if (networks.stream().anyMatch(n -> n.config().horizon() != h)) {
            throw new IllegalArgumentException("the networks of an ensemble must share one horizon");
        }
    }

    @Override
    public int horizon() {
        return networks.get(0).config().horizon();
    }

    @Override
    public int minimumLength() {
        return networks.stream().mapToInt(n -> n.config().inputLength()).max().orElseThrow();
    }

    /** The configuration of the first network (the others differ in their seed). */
    public ForecastConfig config() {
        return networks.get(0).config();
    }

    @Override
    public Forecast forecast(TimeSeries history) {
        return forecastAll(List.of(history)).get(0);
    }

    @Override
    public List<Forecast> forecastAll(List<TimeSeries> histories) {
        List<List<Forecast>> byNetwork = new ArrayList<>();
        for (Forecaster f : networks) {
            byNetwork.add(f.forecastAll(histories));
        }
        List<Forecast> out = new ArrayList<>();
        for (int i = 0; i < histories.size(); i++) {
            int series = i;
            out.add(combination.of(byNetwork.stream().map(l -> l.get(series)).toList()));
        }
        return out;
    }
}
