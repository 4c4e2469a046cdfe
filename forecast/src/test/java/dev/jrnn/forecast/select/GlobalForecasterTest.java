package dev.jrnn.forecast.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.Accuracy;
import dev.jrnn.forecast.eval.MetricValue;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GlobalForecasterTest {

    @Test
    @DisplayName("the defaults read seven seasons a season per step, fewer when the shortest series is short, three horizons without a season")
    void defaults() {
        List<TimeSeries> hourly = List.of(ForecastFixtures.wave("a", 700, 0), ForecastFixtures.wave("b", 960, 1));
        ForecastConfig h = GlobalForecaster.defaults(24, 48, hourly).build();
        assertEquals(168, h.inputLength());
        assertEquals(24, h.stepSize());
        ForecastConfig shortOnes = GlobalForecaster.defaults(24, 48, List.of(ForecastFixtures.wave("c", 150, 0))).build();
        assertEquals(96, shortOnes.inputLength(), "four days fit in 150 - 48");
        ForecastConfig yearly = GlobalForecaster.defaults(1, 6, List.of(ForecastFixtures.wave("y", 40, 0))).build();
        assertEquals(18, yearly.inputLength());
        assertEquals(1, yearly.stepSize());
        assertThrows(IllegalArgumentException.class, () -> GlobalForecaster.defaults(24, 48, List.of()));
    }

    @Test
    @DisplayName("one short series limiting every series' input window is named, unless the window was chosen or nothing limits it")
    void shortSeriesLimit() {
        List<TimeSeries> series = List.of(ForecastFixtures.wave("a", 700, 0), ForecastFixtures.wave("short", 150, 1),
                ForecastFixtures.wave("b", 960, 2));
        int limited = GlobalForecaster.defaults(24, 48, series).build().inputLength();
        var limit = GlobalForecaster.ShortSeriesLimit.of(24, 48, series, limited, false).orElseThrow();
        assertEquals(new GlobalForecaster.ShortSeriesLimit("short", 150, 96, 168), limit);
        assertEquals("series short (150 observations to train on) limits every series' input window to 96 where the"
                + " median series would allow 168; leave the shortest series out or give --input-length", limit.describe());
        assertTrue(GlobalForecaster.ShortSeriesLimit.of(24, 48, series, limited, true).isEmpty(), "chosen by hand");
        List<TimeSeries> even = List.of(ForecastFixtures.wave("a", 700, 0), ForecastFixtures.wave("b", 960, 2));
        assertTrue(GlobalForecaster.ShortSeriesLimit.of(24, 48, even, 168, false).isEmpty(), "no series limits");
        assertEquals(limit, GlobalForecaster.ShortSeriesLimit.of(24, 48, "short", 150, 700, limited, false).orElseThrow(),
                "from aggregates, as a distributed job has them");
    }

    @Test
    @DisplayName("the defaults' quantile head predicts the median and both bounds of the interval, with levels between them")
    void quantileLevels() {
        for (ForecastConfig c : List.of(GlobalForecaster.defaults(24, 48, List.of(ForecastFixtures.wave("a", 700, 0))).build(),
                GlobalForecaster.defaults(1, 6, List.of(ForecastFixtures.wave("y", 40, 0))).build())) {
            double[] q = c.quantiles();
            assertEquals(dev.jrnn.forecast.OutputKind.QUANTILE, c.output());
            assertEquals(0.5, q[q.length / 2], 1e-12, "the median is the middle level: " + Arrays.toString(q));
            assertEquals((1 - c.intervalLevel()) / 2, q[0], 1e-12, "the lower bound is the first level");
            assertEquals((1 + c.intervalLevel()) / 2, q[q.length - 1], 1e-12, "the upper bound is the last level");
            assertTrue(q.length > 3, "levels between the bounds and the median weigh the centre: " + Arrays.toString(q));
        }
    }

    @Test
    @DisplayName("every second member of the ensemble has the input skip (direct heads only), each with its own seed;"
            + " the saved model keeps each member's kind")
    void mixedMembers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        ForecastConfig c = ForecastFixtures.small().epochs(1).build();
        for (int k = 0; k < 4; k++) {
            ForecastConfig m = GlobalForecaster.MIXED.member(c, k);
            assertEquals(c.seed() + 1000L * k, m.seed());
            assertEquals(k % 2 == 1, m.inputSkip(), "member " + k);
        }
        ForecastConfig recursive = ForecastFixtures.small().strategy(dev.jrnn.forecast.Strategy.RECURSIVE).build();
        assertTrue(!GlobalForecaster.MIXED.member(recursive, 1).inputSkip(), "no skip for a recursive head");

        List<TimeSeries> series = List.of(ForecastFixtures.wave("a", 60, 0), ForecastFixtures.wave("b", 72, 1));
        GlobalForecaster.Result r = new GlobalForecaster(new ReferenceBackend(), 3, 1, AutoForecaster.Progress.none())
                .fit(c, series);
        dev.jrnn.forecast.NetworkEnsemble e = (dev.jrnn.forecast.NetworkEnsemble) r.model().members().get(0);
        assertEquals(List.of(false, true, false), e.networks().stream().map(f -> f.config().inputSkip()).toList());
        savedAndLoadedAlike(r, dir.resolve("mixed.safetensors"));
    }

    @Test
    @DisplayName("mlp members follow the recurrent ones, seeds continuing, without the input skip, at their own size and"
            + " rate; the saved ensemble loads with both kinds and forecasts alike")
    void mlpMembers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        ForecastConfig c = ForecastFixtures.small().epochs(1).build();
        GlobalForecaster.MlpMembers mlp = new GlobalForecaster.MlpMembers(2, 6, 2, 0.002);
        SeedEnsemble.MemberConfigs members = GlobalForecaster.members(2, mlp);
        for (int k = 0; k < 4; k++) {
            ForecastConfig m = members.member(c, k);
            assertEquals(c.seed() + 1000L * k, m.seed(), "member " + k);
            assertEquals(k == 1, m.inputSkip(), "member " + k);
            assertEquals(k >= 2, m.dense(), "member " + k);
            assertEquals(k >= 2 ? 6 : c.hidden(), m.hidden(), "member " + k);
            assertEquals(k >= 2 ? 2 : c.layers(), m.layers(), "member " + k);
            assertEquals(k >= 2 ? 0.002 : c.learningRate(), m.learningRate(), 0, "member " + k);
        }
        ForecastConfig recursive = ForecastFixtures.small().strategy(dev.jrnn.forecast.Strategy.RECURSIVE).build();
        assertTrue(!members.member(recursive, 3).dense(), "no mlp for a recursive head");
        assertThrows(IllegalArgumentException.class, () -> new GlobalForecaster.MlpMembers(-1, 6, 2, 0.002));

        List<TimeSeries> series = List.of(ForecastFixtures.wave("a", 60, 0), ForecastFixtures.wave("b", 72, 1));
        GlobalForecaster.Result r = new GlobalForecaster(new ReferenceBackend(), 2, mlp, 2,
                AutoForecaster.Progress.none()).fit(c, series);
        dev.jrnn.forecast.NetworkEnsemble e = (dev.jrnn.forecast.NetworkEnsemble) r.model().members().get(0);
        assertEquals(List.of("lstm", "lstm", "mlp", "mlp"), e.networks().stream().map(f -> f.config().cell()).toList());
        savedAndLoadedAlike(r, dir.resolve("mixed.safetensors"));
    }

    /** Saves {@code r}'s model to {@code file}, loads it, and checks its members and stored forecasts. */
    private static dev.jrnn.forecast.NetworkEnsemble savedAndLoadedAlike(GlobalForecaster.Result r,
                                                                         java.nio.file.Path file) throws java.io.IOException {
        dev.jrnn.forecast.NetworkEnsemble e = (dev.jrnn.forecast.NetworkEnsemble) r.model().members().get(0);
        r.model().save(file);
        dev.jrnn.forecast.ForecastModel loaded = dev.jrnn.forecast.ForecastModel.load(new ReferenceBackend(), file);
        dev.jrnn.forecast.NetworkEnsemble back = (dev.jrnn.forecast.NetworkEnsemble) loaded.members().get(0);
        assertEquals(e.networks().stream().map(f -> f.config()).toList(),
                back.networks().stream().map(f -> f.config()).toList());
        for (int i = 0; i < r.forecasts().size(); i++) {
            assertArrayEquals(r.forecasts().get(i).point(), loaded.forecastStored().get(i).point(), 1e-9);
        }
        return back;
    }

    @Test
    @DisplayName("mlp members read their lookbacks in turn, clipped to the shortest series; the saved ensemble of"
            + " several input windows loads and forecasts alike, and forecasts a series as long as the longest window")
    void mlpLookbacks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        ForecastConfig c = ForecastFixtures.small().epochs(1).build();
        GlobalForecaster.MlpMembers mlp = new GlobalForecaster.MlpMembers(3, 6, 2, 0.002)
                .withLookbacks(Lookback.parseList("1h,3s,20h"));
        assertEquals(List.of(), new GlobalForecaster.MlpMembers(3, 6, 2, 0.002).lookbacks(), "none: the ensemble's");
        List<TimeSeries> series = List.of(ForecastFixtures.wave("a", 60, 0), ForecastFixtures.wave("b", 72, 1));
        int room = 60 - c.horizon();
        SeedEnsemble.MemberConfigs members = GlobalForecaster.members(1, mlp, room);
        assertEquals(c.inputLength(), members.member(c, 0).inputLength(), "the recurrent member reads the ensemble's");
        assertEquals(List.of(6, 18, room, 6), List.of(members.member(c, 1).inputLength(),
                members.member(c, 2).inputLength(), members.member(c, 3).inputLength(), members.member(c, 4).inputLength()),
                "one horizon, three seasons, twenty horizons clipped to the room, then the first again");
        assertEquals(c.inputLength(), GlobalForecaster.members(1, mlp.withLookbacks(List.of()), room).member(c, 1)
                .inputLength());
        GlobalForecaster.MlpMembers resolved = mlp.resolved(c, 40);
        assertEquals("[6, 18, 40]", resolved.lookbacks().toString(), "in observations, as the shortest series allows");
        assertEquals(40, GlobalForecaster.members(1, resolved, room).member(c, 3).inputLength(),
                "more room later does not lengthen a resolved window");

        GlobalForecaster.Result r = new GlobalForecaster(new ReferenceBackend(), 1, mlp, 2,
                AutoForecaster.Progress.none()).fit(c, series);
        dev.jrnn.forecast.NetworkEnsemble e = (dev.jrnn.forecast.NetworkEnsemble) r.model().members().get(0);
        assertEquals(List.of(c.inputLength(), 6, 18, room),
                e.networks().stream().map(f -> f.config().inputLength()).toList());
        assertEquals(room, e.minimumLength(), "a series to forecast needs the longest window");
        dev.jrnn.forecast.NetworkEnsemble back = savedAndLoadedAlike(r, dir.resolve("lookbacks.safetensors"));
        TimeSeries exact = series.get(0).slice(60 - room, 60);
        assertEquals(r.forecasts().get(0).point().length, back.forecast(exact).point().length,
                "the longest window's length is enough");
    }

    @Test
    @DisplayName("the defaults train GRU members, every second one with the input skip, then the default MLP members")
    void defaultMembers() {
        List<TimeSeries> series = List.of(ForecastFixtures.wave("a", 60, 0), ForecastFixtures.wave("b", 72, 1));
        ForecastConfig c = GlobalForecaster.defaults(6, 6, series).hidden(4).epochs(1).windowsPerSeries(2).build();
        assertEquals("gru", c.cell());
        GlobalForecaster.Result r = new GlobalForecaster(new ReferenceBackend(), GlobalForecaster.MEMBERS,
                GlobalForecaster.MlpMembers.DEFAULT, 1, AutoForecaster.Progress.none()).fit(c, series);
        List<ForecastConfig> members = ((dev.jrnn.forecast.NetworkEnsemble) r.model().members().get(0)).networks()
                .stream().map(f -> f.config()).toList();
        assertEquals(GlobalForecaster.MEMBERS + GlobalForecaster.MLP_MEMBERS, members.size());
        assertTrue(GlobalForecaster.MLP_MEMBERS > 0, "a second model class by default");
        for (int k = 0; k < members.size(); k++) {
            boolean recurrent = k < GlobalForecaster.MEMBERS;
            assertEquals(recurrent ? "gru" : ForecastConfig.MLP, members.get(k).cell(), "member " + k);
            assertEquals(recurrent && k % 2 == 1, members.get(k).inputSkip(), "member " + k);
            assertEquals(c.seed() + 1000L * k, members.get(k).seed(), "member " + k);
            assertEquals(recurrent ? c.hidden() : GlobalForecaster.MLP_WIDTH, members.get(k).hidden(), "member " + k);
            int window = recurrent ? c.inputLength() : GlobalForecaster.MLP_LOOKBACKS.get(
                    (k - GlobalForecaster.MEMBERS) % GlobalForecaster.MLP_LOOKBACKS.size()).observations(c.horizon(),
                    c.season(), c.stepSize(), c.season(), 60 - c.horizon(), c.inputLength());
            assertEquals(window, members.get(k).inputLength(), "member " + k);
        }
        assertTrue(members.stream().mapToInt(ForecastConfig::inputLength).distinct().count() > 1,
                "the mlp members read more than one window");
    }

    @Test
    @DisplayName("the defaults' members and epochs stay within the training budget of jrnn m4's time target,"
            + " and fewer epochs than 60 come with a higher rate than 0.005")
    void trainingBudget() {
        ForecastConfig c = GlobalForecaster.defaults(24, 48, List.of(ForecastFixtures.wave("a", 700, 0))).build();
        // four members of 60 epochs took about 26 s of the 60 s; a quarter more training keeps room for slower machines
        // an MLP member of 128 features costs about what a GRU member of 64 does, up to 1.5x over three times the window
        int members = GlobalForecaster.MEMBERS + GlobalForecaster.MLP_MEMBERS;
        assertTrue(members * c.epochs() <= 4 * 60 * 5 / 4, members + " members x " + c.epochs() + " epochs");
        assertTrue(GlobalForecaster.MLP_LOOKBACKS.stream().allMatch(l -> l.observations(c.horizon(), c.season(),
                c.stepSize(), c.season(), 1000, c.inputLength()) <= 3 * c.inputLength()),
                "an mlp member reading a longer window costs more: " + GlobalForecaster.MLP_LOOKBACKS);
        assertTrue(GlobalForecaster.MLP_WIDTH <= 128 && GlobalForecaster.MLP_LAYERS <= 3,
                "wider or deeper MLP members cost more than a GRU member: " + GlobalForecaster.MLP_LAYERS + " x "
                        + GlobalForecaster.MLP_WIDTH);
        assertEquals(0, members % 2, "an even count keeps two cores busy: " + members);
        assertTrue(c.epochs() >= 60 || c.learningRate() > 0.005,
                "a shorter cosine schedule needs a higher rate: " + c.epochs() + " epochs at " + c.learningRate());
    }

    @Test
    @DisplayName("a global fit forecasts every series and keeps them as the model's histories")
    void fit() {
        List<TimeSeries> series = List.of(ForecastFixtures.wave("a", 60, 0), ForecastFixtures.wave("b", 72, 1));
        GlobalForecaster.Result r = new GlobalForecaster(new ReferenceBackend(), 1, 2, AutoForecaster.Progress.none())
                .fit(ForecastFixtures.small().epochs(2).build(), series);
        assertEquals(List.of("a", "b"), r.forecasts().stream().map(f -> f.series()).toList());
        assertEquals(series, r.model().histories());
        assertArrayEquals(r.forecasts().get(1).point(), r.model().forecastStored().get(1).point(), 0);
        GlobalForecaster.Score score = GlobalForecaster.Score.of(series,
                series.stream().map(s -> s.dropLast(6)).toList(), r.forecasts(), 6, 6);
        assertTrue(score.naive2().mase().isDefined());
        assertEquals(dev.jrnn.forecast.NetworkEnsemble.Combination.MEAN,
                ((dev.jrnn.forecast.NetworkEnsemble) r.model().members().get(0)).combination(), "the global model's mean");
    }

    @Test
    @DisplayName("scores of several origins pool into each method's mean over the origins; no origins is an error")
    void pooledOrigins() {
        GlobalForecaster.Score a = score(1.0, 10, 0.5, 2.0, 12, 1.0);
        GlobalForecaster.Score b = score(3.0, 20, 1.5, 4.0, 16, 2.0);
        GlobalForecaster.Score pooled = GlobalForecaster.Score.pooled(List.of(a, b));
        assertEquals(2.0, pooled.model().mae(), 1e-12);
        assertEquals(15, pooled.model().smape().value(), 1e-12);
        assertEquals(1.0, pooled.model().mase().value(), 1e-12);
        assertEquals(14, pooled.naive2().smape().value(), 1e-12);
        assertEquals(1.5, pooled.naive2().mase().value(), 1e-12);
        assertEquals(0.5 * (15 / 14.0 + 1.0 / 1.5), pooled.model().owa(pooled.naive2()).value(), 1e-12,
                "OWA of the pooled means, not the mean of the origins' OWAs");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GlobalForecaster.Score.pooled(List.of()));
        assertTrue(e.getMessage().contains("no origins"), e.getMessage());
    }

    /** A score whose model has (mae, sMAPE, MASE) and whose seasonal naive and Naive2 have the second triple. */
    private static GlobalForecaster.Score score(double mae, double smape, double mase, double mae2, double smape2,
                                                double mase2) {
        Accuracy model = new Accuracy(mae, mae,
                MetricValue.of(smape), MetricValue.of(mase));
        Accuracy naive = new Accuracy(mae2, mae2,
                MetricValue.of(smape2), MetricValue.of(mase2));
        return new GlobalForecaster.Score(model, naive, naive);
    }
}
