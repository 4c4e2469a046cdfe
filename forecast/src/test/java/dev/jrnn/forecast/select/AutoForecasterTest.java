package dev.jrnn.forecast.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AutoForecasterTest {
    private final AutoForecaster auto = new AutoForecaster(new ReferenceBackend(), 1, 2, 2,
            AutoForecaster.Progress.none());

    @Test
    @DisplayName("the winner is refitted on the whole series and the model forecasts what its members forecast")
    void refitsTheWinner() {
        TimeSeries s = ForecastFixtures.wave("w", 72, 0);
        ForecastConfig small = ForecastFixtures.small().epochs(2).build();
        List<Candidate> candidates = List.of(new Candidate.Network("net", small),
                new Candidate.Statistical(new StatisticalMethod(StatisticalMethod.Kind.SEASONAL_NAIVE, 6, 6, 0.9)));
        AutoForecaster.Result r = auto.fit(s, candidates);
        assertEquals(2, r.selection().origins());
        ForecastModel m = r.model();
        assertEquals(r.selection().best().members().size(), m.members().size());
        assertEquals(List.of(s), m.histories());
        assertArrayEquals(m.forecast(s).point(), r.forecast().point(), 0);
        assertTrue(AutoForecaster.describe(r.selection()).contains("; chose " + r.selection().best().name()));
        m.members().stream().filter(x -> x instanceof NetworkEnsemble)
                .forEach(n -> assertEquals(2, ((NetworkEnsemble) n).networks().size(), "1 seed x 2 snapshots"));
    }

    @Test
    @DisplayName("on a series too short for any network, a classical method is chosen and nothing is trained")
    void shortSeries() {
        double[] v = new double[30];
        for (int t = 0; t < v.length; t++) {
            v[t] = 10 + (t % 4) + 0.1 * t;
        }
        TimeSeries s = TimeSeries.of("q", v);
        List<String> trained = new ArrayList<>();
        AutoForecaster watching = new AutoForecaster(new ReferenceBackend(), 1, 1, 2, (task, epochs) -> {
            trained.add(task);
            return null;
        });
        List<Candidate> candidates = Candidates.of(s, 4, 8, 2, b -> b, List.of(), 0.9);
        AutoForecaster.Result r = watching.fit(s, candidates);
        assertEquals(List.of(), trained);
        assertTrue(r.model().members().stream().allMatch(m -> m instanceof StatisticalMethod), r.model().name());
        Forecast f = r.forecast();
        assertEquals(8, f.horizon());
        assertArrayEquals(r.model().forecast(s).point(), f.point(), 1e-12);
        assertTrue(r.selection().scores().stream().allMatch(x -> x.mase().isDefined()), r.selection().toString());
    }
}
