package dev.jrnn.forecast;

import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.select.SeedEnsemble;
import java.util.ArrayList;
import java.util.List;

/**
 * Networks of one configuration (seeds, and the snapshots of each seed's last epochs) whose
 * forecasts are combined step by step by their median, point and bounds alike.
 *
 * @param name     what is printed and saved
 * @param networks the members, at least one, all of one horizon
 */
public record NetworkEnsemble(String name, List<Forecaster> networks) implements ForecastMethod {

    public NetworkEnsemble {
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
            out.add(SeedEnsemble.median(byNetwork.stream().map(l -> l.get(series)).toList()));
        }
        return out;
    }
}
