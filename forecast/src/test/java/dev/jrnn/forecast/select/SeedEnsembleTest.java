package dev.jrnn.forecast.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.ForecastModel;
import dev.jrnn.forecast.NetworkEnsemble;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SeedEnsembleTest {

    @Test
    @DisplayName("the ensemble forecast is the step-by-step median of its members' forecasts")
    void median() {
        Forecast a = new Forecast("s", new double[] {1, 9}, new double[] {0, 8}, new double[] {2, 10}, 0.9, null);
        Forecast b = new Forecast("s", new double[] {3, 7}, new double[] {2, 6}, new double[] {4, 8}, 0.9, null);
        Forecast c = new Forecast("s", new double[] {2, 8}, new double[] {1, 7}, new double[] {3, 9}, 0.9, null);
        Forecast m = SeedEnsemble.median(List.of(a, b, c));
        assertArrayEquals(new double[] {2, 8}, m.point());
        assertArrayEquals(new double[] {1, 7}, m.lower());
        assertArrayEquals(new double[] {3, 9}, m.upper());
        assertArrayEquals(new double[] {2, 8}, SeedEnsemble.median(List.of(a, b)).point());
    }

    @Test
    @DisplayName("a one-member, one-snapshot ensemble forecasts as its trained forecaster does")
    void oneMember() {
        TimeSeries s = ForecastFixtures.wave("w", 48, 0);
        ForecastConfig c = ForecastFixtures.small().build();
        SeedEnsemble.Global g = new SeedEnsemble(new ReferenceBackend(), 1, 1).fitGlobal(c, List.of(s), List.of(s), null);
        assertEquals(1, g.snapshots().size());
        assertArrayEquals(g.snapshots().get(0).forecast(s).point(), g.forecasts().get(0).point(), 1e-12);
        assertEquals(c.horizon(), g.forecasts().get(0).horizon());
        assertThrows(IllegalArgumentException.class, () -> new SeedEnsemble(new ReferenceBackend(), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SeedEnsemble(new ReferenceBackend(), 1, 1, 0));
    }

    @Test
    @DisplayName("members trained at the same time give exactly the numbers of members trained one after another")
    void concurrentMembersEqualSequential() {
        TimeSeries s = ForecastFixtures.wave("w", 60, 0);
        TimeSeries other = ForecastFixtures.wave("v", 72, 1);
        ForecastConfig c = ForecastFixtures.small().epochs(3).build();
        List<TimeSeries> all = List.of(s, other);
        SeedEnsemble.Global one = new SeedEnsemble(new ReferenceBackend(), 3, 2, 1).fitGlobal(c, all, all, null);
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        SeedEnsemble.Global three = new SeedEnsemble(new ReferenceBackend(), 3, 2, 3).fitGlobal(c, all, all,
                (epoch, epochs, loss, ms) -> heard.add(epoch + "/" + epochs));
        assertEquals(6, three.snapshots().size(), "3 members x 2 snapshots");
        for (int i = 0; i < all.size(); i++) {
            assertArrayEquals(one.forecasts().get(i).point(), three.forecasts().get(i).point(), 0);
            assertArrayEquals(one.forecasts().get(i).lower(), three.forecasts().get(i).lower(), 0);
        }
        for (int k = 0; k < 6; k++) {
            assertArrayEquals(one.snapshots().get(k).forecast(s).point(), three.snapshots().get(k).forecast(s).point(), 0,
                    "snapshot " + k + " keeps its member's place");
        }
        assertEquals(9, heard.size(), "the progress hears 3 x 3 epochs as one run");
        assertEquals("9/9", heard.get(8));
        SeedEnsemble.Timing t = three.timing();
        assertTrue(t.trainingNanos() > 0 && t.forecastingNanos() > 0, t.toString());
        assertTrue(t.trainingNanos() + t.forecastingNanos() <= 3 * t.wallNanos(),
                "three members' time, summed, is at most three times the wall time: " + t);
    }

    @Test
    @DisplayName("a member that fails fails the fit with its own exception")
    void memberFailure() {
        TimeSeries s = ForecastFixtures.wave("w", 48, 0);
        ForecastConfig c = ForecastFixtures.small().build();
        SeedEnsemble ensemble = new SeedEnsemble(new ReferenceBackend(), 2, 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ensemble.fitGlobal(c, List.of(s, ForecastFixtures.wave("tiny", 10, 0)), List.of(s), null));
        assertTrue(e.getMessage().contains("tiny"), e.getMessage());
    }

    @Test
    @DisplayName("companions join the training set of a global model, and the forecast is still of the own series")
    void companions() {
        TimeSeries s = ForecastFixtures.wave("w", 48, 0);
        TimeSeries other = ForecastFixtures.wave("v", 60, 1);
        ForecastConfig c = ForecastFixtures.small().build();
        SeedEnsemble ensemble = new SeedEnsemble(new ReferenceBackend(), 1, 1);
        SeedEnsemble.Global alone = ensemble.fitGlobal(c, List.of(s), List.of(s), null);
        SeedEnsemble.Global cross = ensemble.fitGlobal(c, List.of(s, other), List.of(s), null);
        assertEquals("w", cross.forecasts().get(0).series());
        assertFalse(java.util.Arrays.equals(alone.forecasts().get(0).point(), cross.forecasts().get(0).point()),
                "the companion's windows change what is learnt");
    }

    @Test
    @DisplayName("a mean ensemble forecasts the mean of its snapshots, and a saved model keeps the mean")
    void meanCombination(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        TimeSeries s = ForecastFixtures.wave("w", 60, 0);
        TimeSeries other = ForecastFixtures.wave("v", 72, 1);
        List<TimeSeries> all = List.of(s, other);
        ForecastConfig c = ForecastFixtures.small().epochs(3).build();
        SeedEnsemble.Global g = new SeedEnsemble(new ReferenceBackend(), 3, 1, 1, NetworkEnsemble.Combination.MEAN)
                .fitGlobal(c, all, all, null);
        assertEquals(NetworkEnsemble.Combination.MEAN, g.combination());
        double[] expected = new double[c.horizon()];
        double[] upper = new double[c.horizon()];
        for (var f : g.snapshots()) {
            Forecast one = f.forecast(other);
            for (int t = 0; t < expected.length; t++) {
                expected[t] += one.point()[t] / 3;
                upper[t] += one.upper()[t] / 3;
            }
        }
        assertArrayEquals(expected, g.forecasts().get(1).point(), 1e-12);
        assertArrayEquals(upper, g.forecasts().get(1).upper(), 1e-12);
        double[] median = SeedEnsemble.median(g.snapshots().stream().map(f -> f.forecast(other)).toList()).point();
        assertFalse(java.util.Arrays.equals(median, g.forecasts().get(1).point()), "three members: mean and median differ");
        ForecastModel model = new ForecastModel(List.of(g.ensemble("global")), "", all);
        java.nio.file.Path file = dir.resolve("mean.safetensors");
        model.save(file);
        ForecastModel loaded = ForecastModel.load(new ReferenceBackend(), file);
        assertEquals(NetworkEnsemble.Combination.MEAN, ((NetworkEnsemble) loaded.members().get(0)).combination());
        assertArrayEquals(g.forecasts().get(1).point(), loaded.forecastStored().get(1).point(), 0);
        assertThrows(IllegalArgumentException.class, () -> new SeedEnsemble(new ReferenceBackend(), 1, 1, 1, null));
    }
}
