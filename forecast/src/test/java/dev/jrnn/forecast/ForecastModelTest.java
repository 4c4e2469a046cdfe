package dev.jrnn.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.select.AutoForecaster;
import dev.jrnn.forecast.select.Candidate;
import dev.jrnn.forecast.select.SeedEnsemble;
import dev.jrnn.models.io.SafetensorsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastModelTest {
    private final Backend backend = new ReferenceBackend();

    private static TimeSeries dated(TimeSeries s) {
        LocalDateTime[] t = new LocalDateTime[s.length()];
        for (int i = 0; i < t.length; i++) {
            t[i] = LocalDateTime.of(2000, 1, 1, 0, 0).plusMonths(i);
        }
        return new TimeSeries(s.name(), s.values(), t);
    }

    @Test
    @DisplayName("a seed ensemble's snapshots forecast exactly the median the ensemble printed")
    void snapshotsReproduceTheMedian() {
        TimeSeries s = ForecastFixtures.wave("w", 60, 0);
        SeedEnsemble.Global g = new SeedEnsemble(backend, 2, 3).fitGlobal(ForecastFixtures.small().epochs(4).build(),
                List.of(s), List.of(s), null);
        assertEquals(6, g.snapshots().size(), "2 seeds x 3 snapshots");
        Forecast again = g.ensemble("e").forecast(s);
        assertArrayEquals(g.forecasts().get(0).point(), again.point(), 0);
        assertArrayEquals(g.forecasts().get(0).upper(), again.upper(), 0);
    }

    @Test
    @DisplayName("a median model forecasts the step-by-step median of its members and keeps it through save and load")
    void medianModel(@TempDir Path dir) throws IOException {
        TimeSeries s = dated(ForecastFixtures.wave("w", 60, 0));
        List<ForecastMethod> members = List.of(new StatisticalMethod(StatisticalMethod.Kind.SEASONAL_NAIVE, 6, 6, 0.9),
                new StatisticalMethod(StatisticalMethod.Kind.THETA, 6, 6, 0.9),
                new StatisticalMethod(StatisticalMethod.Kind.DAMPED_HOLT_WINTERS, 6, 6, 0.9));
        ForecastModel median = new ForecastModel(members, NetworkEnsemble.Combination.MEDIAN, "", List.of(s));
        Forecast f = median.forecast(s);
        for (int t = 0; t < 6; t++) {
            int step = t;
            double[] each = members.stream().mapToDouble(m -> m.forecast(s).point()[step]).sorted().toArray();
            assertEquals(each[1], f.point()[t], 1e-12, "step " + t);
        }
        assertEquals("median of seasonal naive, theta, damped holt-winters", median.name());
        Path file = dir.resolve("median.safetensors");
        median.save(file);
        ForecastModel loaded = ForecastModel.load(backend, file);
        assertEquals(NetworkEnsemble.Combination.MEDIAN, loaded.combination());
        assertArrayEquals(f.point(), loaded.forecastStored().get(0).point(), 0);
        assertArrayEquals(f.lower(), loaded.forecastStored().get(0).lower(), 0);
    }

    @Test
    @DisplayName("the workload of forecasting with a saved model counts its network's calls and scales its flops by the series")
    void workload(@TempDir Path dir) throws IOException {
        TimeSeries s = dated(ForecastFixtures.wave("w", 60, 0));
        TimeSeries t = dated(ForecastFixtures.wave("t", 60, 1));
        AutoForecaster auto = new AutoForecaster(backend, 1, 1, 1, AutoForecaster.Progress.none());
        ForecastMethod net = auto.fit(new Candidate.Network("a", ForecastFixtures.small().epochs(1).build()), s, "");
        Path file = dir.resolve("net.safetensors");
        new ForecastModel(List.of(net), NetworkEnsemble.Combination.MEAN, "", List.of(s)).save(file);
        var one = ForecastModel.workload(file, null);
        var three = ForecastModel.workload(file, List.of(s, t, s));
        assertTrue(one.ops() > 0 && one.flops() > 0, one.toString());
        assertEquals(one.ops(), three.ops());
        assertEquals(3 * one.flops(), three.flops(), 1e-9 * three.flops());
        assertEquals("forecasting 3 series with " + net.name(), three.description());

        Path statistical = dir.resolve("theta.safetensors");
        new ForecastModel(List.of(new StatisticalMethod(StatisticalMethod.Kind.THETA, 6, 6, 0.9)),
                NetworkEnsemble.Combination.MEAN, "", List.of()).save(statistical);
        assertEquals(0, ForecastModel.workload(statistical, List.of(s)).flops(), "no network, no product");
        assertThrows(IllegalArgumentException.class, () -> ForecastModel.workload(statistical, null));
    }

    @Test
    @DisplayName("a median model counts its network ensembles as one member, their mean")
    void medianCountsNetworksAsOne() {
        TimeSeries s = dated(ForecastFixtures.wave("w", 60, 0));
        AutoForecaster auto = new AutoForecaster(backend, 1, 1, 1, AutoForecaster.Progress.none());
        ForecastMethod a = auto.fit(new Candidate.Network("a", ForecastFixtures.small().epochs(2).seed(1).build()), s, "");
        ForecastMethod b = auto.fit(new Candidate.Network("b", ForecastFixtures.small().epochs(2).seed(2).build()), s, "");
        ForecastMethod theta = new StatisticalMethod(StatisticalMethod.Kind.THETA, 6, 6, 0.9);
        ForecastMethod naive = new StatisticalMethod(StatisticalMethod.Kind.SEASONAL_NAIVE, 6, 6, 0.9);
        Forecast f = new ForecastModel(List.of(a, theta, b, naive), NetworkEnsemble.Combination.MEDIAN, "", List.of(s))
                .forecast(s);
        for (int t = 0; t < 6; t++) {
            double networks = (a.forecast(s).point()[t] + b.forecast(s).point()[t]) / 2;
            double[] votes = {networks, theta.forecast(s).point()[t], naive.forecast(s).point()[t]};
            java.util.Arrays.sort(votes);
            assertEquals(votes[1], f.point()[t], 1e-9, "step " + t);
        }
    }

    @Test
    @DisplayName("a saved model (networks, classical members, history with dates) loads and forecasts the same numbers")
    void saveAndLoad(@TempDir Path dir) throws IOException {
        TimeSeries s = dated(ForecastFixtures.wave("w", 60, 0));
        AutoForecaster auto = new AutoForecaster(backend, 2, 2, 1, AutoForecaster.Progress.none());
        ForecastMethod net = auto.fit(new Candidate.Network("net", ForecastFixtures.small().epochs(3).build()), s, "");
        ForecastMethod theta = new StatisticalMethod(StatisticalMethod.Kind.THETA, 6, 6, 0.9);
        ForecastModel model = new ForecastModel(List.of(net, theta), "chosen by a test", List.of(s));
        Forecast before = model.forecast(s);
        Path file = dir.resolve("m.safetensors");
        model.save(file);
        ForecastModel loaded = ForecastModel.load(backend, file);
        assertEquals("mean of net, theta", loaded.name());
        assertEquals("chosen by a test", loaded.selection());
        assertEquals(s.name(), loaded.histories().get(0).name());
        assertArrayEquals(s.values(), loaded.histories().get(0).values(), 0);
        assertArrayEquals(s.times(), loaded.histories().get(0).times());
        Forecast after = loaded.forecastStored().get(0);
        assertArrayEquals(before.point(), after.point(), 0);
        assertArrayEquals(before.lower(), after.lower(), 0);
        assertArrayEquals(before.times(), after.times());
    }

    @Test
    @DisplayName("ETS and ARIMA members save and load as their kinds and forecast the same numbers; older kinds keep their names")
    void etsMember(@TempDir Path dir) throws IOException {
        double[] v = new double[72];
        java.util.SplittableRandom r = new java.util.SplittableRandom(6);
        for (int t = 0; t < v.length; t++) {
            v[t] = 100 + t / 2.0 + 8 * Math.sin(2 * Math.PI * t / 12) + r.nextGaussian();
        }
        TimeSeries s = dated(TimeSeries.of("noisy", v));
        ForecastModel model = new ForecastModel(List.of(new StatisticalMethod(StatisticalMethod.Kind.ETS, 12, 12, 0.9)),
                "ets alone", List.of(s));
        Forecast before = model.forecast(s);
        Path file = dir.resolve("ets.safetensors");
        model.save(file);
        ForecastModel loaded = ForecastModel.load(backend, file);
        assertEquals(StatisticalMethod.Kind.ETS, ((StatisticalMethod) loaded.members().get(0)).kind());
        assertEquals("ets", loaded.name());
        Forecast after = loaded.forecastStored().get(0);
        assertArrayEquals(before.point(), after.point(), 0);
        assertArrayEquals(before.upper(), after.upper(), 0);
        assertEquals(StatisticalMethod.Kind.ETS, StatisticalMethod.Kind.parse("ETS"));
        assertEquals(StatisticalMethod.Kind.DAMPED_HOLT_WINTERS, StatisticalMethod.Kind.parse("damped holt-winters"));
        assertEquals(List.of("SEASONAL_NAIVE", "THETA", "DAMPED_HOLT_WINTERS", "ETS", "ARIMA", "SEASONAL_MEAN",
                        "DOUBLE_SEASONAL_HOLT_WINTERS"),
                java.util.Arrays.stream(StatisticalMethod.Kind.values()).map(Enum::name).toList(),
                "saved files name kinds by these");
        ForecastModel arima = new ForecastModel(List.of(new StatisticalMethod(StatisticalMethod.Kind.ARIMA, 12, 12, 0.9)),
                "arima alone", List.of(s));
        Path arimaFile = dir.resolve("arima.safetensors");
        arima.save(arimaFile);
        ForecastModel arimaLoaded = ForecastModel.load(backend, arimaFile);
        assertEquals(StatisticalMethod.Kind.ARIMA, ((StatisticalMethod) arimaLoaded.members().get(0)).kind());
        assertArrayEquals(arima.forecast(s).point(), arimaLoaded.forecastStored().get(0).point(), 0);
    }

    @Test
    @DisplayName("a file that is neither a forecast model nor a forecaster is refused naming the file")
    void refusesOtherFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.safetensors");
        dev.jrnn.models.io.Safetensors.write(file, java.util.Map.of("w", backend.fromArray(new double[] {1, 2},
                dev.jrnn.api.Shape.of(2), dev.jrnn.api.DType.FLOAT64)), java.util.Map.of("format", "my-weights"));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> ForecastModel.load(backend, file));
        assertTrue(e.getMessage().contains("weights.safetensors") && e.getMessage().contains("not a jrnn forecast model"),
                e.getMessage());
        Path text = dir.resolve("text.safetensors");
        Files.writeString(text, "hello");
        assertThrows(IOException.class, () -> ForecastModel.load(backend, text));
    }

    @Test
    @DisplayName("a history shorter than the model needs is refused with both lengths")
    void tooShort() {
        ForecastModel model = new ForecastModel(List.of(new StatisticalMethod(StatisticalMethod.Kind.THETA, 6, 6, 0.9)),
                "", List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forecast(TimeSeries.of("x", 1, 2)));
        assertTrue(e.getMessage().contains("series x has 2 observations") && e.getMessage().contains("at least 3"),
                e.getMessage());
        assertThrows(IllegalStateException.class, model::forecastStored);
    }
}
