package dev.jrnn.forecast.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.Baselines;
import dev.jrnn.forecast.eval.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ModelSelectionTest {

    private static Candidate.Network candidate(String name, int input) {
        return new Candidate.Network(name, ForecastFixtures.small().inputLength(input).build());
    }

    @Test
    @DisplayName("candidates train on the training part without its last horizon and are scored on that horizon only")
    void trainsOnTheRestOnly() {
        TimeSeries train = ForecastFixtures.wave("w", 60, 0);
        List<TimeSeries> seen = new ArrayList<>();
        ModelSelection.select(List.of(candidate("a", 12), candidate("b", 6)), train, (c, rest) -> {
            seen.add(rest);
            return Baselines.seasonalNaive(rest.values(), c.horizon(), c.season());
        });
        assertEquals(2, seen.size());
        for (TimeSeries rest : seen) {
            assertArrayEquals(Arrays.copyOf(train.values(), 54), rest.values());
        }
    }

    @Test
    @DisplayName("the test part never reaches the selector: every value it is given comes from the training part")
    void neverSeesTheTestPart() {
        TimeSeries all = ForecastFixtures.wave("w", 72, 0);
        TimeSeries train = all.dropLast(6);
        double[] test = all.last(6).values();
        ModelSelection.select(List.of(candidate("a", 12), candidate("b", 6)), train, (c, rest) -> {
            assertTrue(rest.length() <= train.length() - c.horizon());
            for (double v : test) {
                assertTrue(Arrays.stream(rest.values()).noneMatch(x -> x == v), "test value " + v + " was passed");
            }
            return new double[c.horizon()];
        });
    }

    @Test
    @DisplayName("the candidate with the lowest validation MASE wins and every score is reported")
    void lowestMaseWins() {
        TimeSeries train = ForecastFixtures.wave("w", 60, 0);
        double[] held = train.last(6).values();
        ModelSelection.Result r = ModelSelection.select(List.of(candidate("off", 12), candidate("exact", 6)), train,
                (c, rest) -> c.name().equals("exact") ? held.clone()
                        : Arrays.stream(held).map(v -> v + 5).toArray());
        assertEquals("exact", r.best().name());
        assertEquals(1, r.origins());
        assertEquals(0, r.scores().get(1).mase().value(), 1e-12);
        assertEquals(5 / Metrics.seasonalNaiveScale(train.dropLast(6).values(), 6), r.scores().get(0).mase().value(), 1e-12);
    }

    @Test
    @DisplayName("a constant series, where no MASE is defined, is decided by the mean absolute error, not by the order")
    void constantSeriesByMae() {
        double[] fives = new double[60];
        Arrays.fill(fives, 5);
        TimeSeries train = TimeSeries.of("flat", fives);
        ModelSelection.Result r = ModelSelection.select(List.of(candidate("drifts", 12), candidate("off", 6),
                        candidate("exact", 6)), train, 2,
                (c, rest) -> {
                    double[] f = new double[c.horizon()];
                    Arrays.fill(f, c.name().equals("exact") ? 5 : c.name().equals("off") ? 5.5 : 5.1);
                    return f;
                });
        assertTrue(r.scores().stream().noneMatch(s -> s.mase().isDefined()), "no scale: every MASE undefined");
        assertEquals("exact", r.best().name());
    }

    @Test
    @DisplayName("a single candidate wins without training, and a candidate too long for the rest is skipped")
    void singleAndTooLong() {
        TimeSeries train = ForecastFixtures.wave("w", 30, 0);
        Candidate.Network only = candidate("only", 12);
        assertEquals(List.of(only), ModelSelection.select(List.of(only), train, (c, rest) -> {
            throw new AssertionError("no training needed");
        }).best().members());
        ModelSelection.Result r = ModelSelection.select(List.of(candidate("long", 24), candidate("short", 6)), train,
                (c, rest) -> Baselines.seasonalNaive(rest.values(), c.horizon(), c.season()));
        assertEquals("short", r.best().name());
        assertTrue(!r.scores().get(0).mase().isDefined());
        assertEquals(2, r.scores().size(), "no combination of a single trainable candidate");
        assertThrows(IllegalArgumentException.class, () -> ModelSelection.select(List.of(), train, null));
    }

    @Test
    @DisplayName("rolling origins: origin k trains on all but the last k horizons and scores the horizon after it")
    void rollingOrigins() {
        TimeSeries train = ForecastFixtures.wave("w", 60, 0);
        List<Integer> lengths = new ArrayList<>();
        ModelSelection.Result r = ModelSelection.select(List.of(candidate("a", 12), candidate("b", 6)), train, 3,
                (c, rest) -> {
                    lengths.add(rest.length());
                    return Baselines.seasonalNaive(rest.values(), c.horizon(), c.season());
                });
        assertEquals(List.of(54, 54, 48, 48, 42, 42), lengths);
        assertEquals(3, r.origins());
        double[] each = new double[3];
        for (int k = 1; k <= 3; k++) {
            TimeSeries rest = train.dropLast(6 * k);
            double[] held = train.slice(60 - 6 * k, 66 - 6 * k).values();
            each[k - 1] = Metrics.mase(held, Baselines.seasonalNaive(rest.values(), 6, 6), rest.values(), 6).value();
        }
        Arrays.sort(each);
        assertEquals(each[1], r.scores().get(0).mase().value(), 1e-12, "the median of the three origins' MASE");
    }

    @Test
    @DisplayName("over three origins the median scores: one origin's unusual horizon does not decide, as it would a mean")
    void oneUnusualOriginDoesNotDecide() {
        TimeSeries train = ForecastFixtures.wave("w", 60, 0);
        // "steady" misses every origin by 1; "fluke" is exact at two origins and misses the deepest by 30:
        // by the mean of the three fluke would lose (10 against 1), by their median it wins (0 against 1)
        ModelSelection.Result r = ModelSelection.select(List.of(candidate("steady", 6), candidate("fluke", 12)), train,
                3, ModelSelection.Rule.LOWEST, (c, rest) -> {
                    double[] next = ForecastFixtures.wave("w", rest.length() + 6, 0).last(6).values();
                    double miss = c.name().equals("steady") ? 1 : rest.length() == 42 ? 30 : 0;
                    return Arrays.stream(next).map(v -> v + miss).toArray();
                });
        double scale = Metrics.seasonalNaiveScale(train.dropLast(6).values(), 6);
        assertEquals(0, r.scores().get(1).mase().value(), 1e-12, "fluke: the median of 0, 0 and 30 / scale");
        assertEquals(1 / scale, r.scores().get(0).mase().value(), 1e-9, "steady (the wave's scale is the same at every origin)");
        assertEquals("fluke", r.best().name());
    }

    @Test
    @DisplayName("origins grow with the series, a quarter of it held out at most, between two and four")
    void originsForLength() {
        assertEquals(2, ModelSelection.originsFor(120, 24), "AirPassengers' training part: five horizons");
        assertEquals(2, ModelSelection.originsFor(0, 1));
        assertEquals(2, ModelSelection.originsFor(95, 8), "11 horizons: three would hold out more than a quarter");
        assertEquals(3, ModelSelection.originsFor(96, 8));
        assertEquals(4, ModelSelection.originsFor(128, 8));
        assertEquals(4, ModelSelection.originsFor(100_000, 8));
        assertThrows(IllegalArgumentException.class, () -> ModelSelection.originsFor(100, 0));
        assertThrows(IllegalArgumentException.class, () -> ModelSelection.originsFor(-1, 4));
    }

    @Test
    @DisplayName("an origin is used only when every candidate can train there, so scores average the same origins")
    void originsAllCandidatesCanTrain() {
        TimeSeries train = ForecastFixtures.wave("w", 36, 0);
        ModelSelection.Result r = ModelSelection.select(List.of(candidate("long", 18), candidate("short", 6)), train,
                4, (c, rest) -> Baselines.seasonalNaive(rest.values(), c.horizon(), c.season()));
        assertEquals(2, r.origins(), "at origin 3 the rest of 18 is shorter than the long candidate's 24");
    }

    @Test
    @DisplayName("the mean of the candidates is scored too and wins when it beats each of them")
    void combinationWins() {
        TimeSeries train = ForecastFixtures.wave("w", 60, 0);
        ModelSelection.Result r = ModelSelection.select(List.of(candidate("high", 12), candidate("low", 6)), train, 2,
                (c, rest) -> {
                    double[] next = ForecastFixtures.wave("w", rest.length() + 6, 0).last(6).values();
                    return Arrays.stream(next).map(v -> v + (c.name().equals("high") ? 3 : -3)).toArray();
                });
        assertEquals(3, r.scores().size());
        assertEquals("mean of high, low", r.best().name());
        assertEquals(2, r.best().members().size());
        assertEquals(0, r.scores().get(2).mase().value(), 1e-9);
        assertTrue(r.scores().get(0).mase().value() > 0 && r.scores().get(1).mase().value() > 0);
    }

    @Test
    @DisplayName("a candidate has no companions unless given, and keeps its own copy of them")
    void companions() {
        assertEquals(List.of(), candidate("a", 12).companions());
        List<TimeSeries> others = new java.util.ArrayList<>(List.of(ForecastFixtures.wave("v", 30, 0)));
        Candidate.Network c = new Candidate.Network("x", ForecastFixtures.small().build(), others);
        others.clear();
        assertEquals(1, c.companions().size());
        assertThrows(UnsupportedOperationException.class, () -> c.companions().clear());
    }

    @Test
    @DisplayName("a classical candidate is scored beside the networks, and the means of the networks and of all are scored")
    void statisticalCandidates() {
        TimeSeries train = ForecastFixtures.wave("w", 60, 0);
        Candidate.Statistical naive = new Candidate.Statistical(
                new StatisticalMethod(StatisticalMethod.Kind.SEASONAL_NAIVE, 6, 6, 0.9));
        ModelSelection.Result r = ModelSelection.select(List.of(candidate("a", 12), candidate("b", 6), naive), train,
                2, (c, rest) -> c instanceof Candidate.Statistical s ? s.method().forecast(rest).point()
                        : new double[c.horizon()]);
        assertEquals(List.of("a", "b", "seasonal naive", "mean of the networks", "mean of the best 3"),
                r.scores().stream().map(s -> s.choice().name()).toList());
        assertEquals("seasonal naive", r.best().name(), "zeros lose to the last season of a positive wave");
    }

    @Test
    @DisplayName("the mean-of-best rule forecasts with the three candidates that score best alone, whatever scores lowest")
    void meanOfBest() {
        TimeSeries train = ForecastFixtures.wave("w", 60, 0);
        double[] held1 = train.last(6).values();
        List<Candidate> cs = List.of(candidate("exact", 12), candidate("off1", 6), candidate("off2", 9),
                candidate("far", 3));
        ModelSelection.Result r = ModelSelection.select(cs, train, 1, ModelSelection.Rule.MEAN_OF_BEST,
                (c, rest) -> {
                    double shift = switch (c.name()) {
                        case "exact" -> 0;
                        case "off1" -> 1;
                        case "off2" -> -2;
                        default -> 9;
                    };
                    return Arrays.stream(held1).map(v -> v + shift).toArray();
                });
        assertEquals(List.of("exact", "off1", "off2"), r.best().members().stream().map(Candidate::name).toList());
        assertTrue(ModelSelection.scoreOf(r, r.best()).isPresent(), "its score is reported");
        ModelSelection.Result lowest = ModelSelection.select(cs, train, 1, ModelSelection.Rule.LOWEST,
                (c, rest) -> Arrays.stream(held1).map(v -> v + (c.name().equals("exact") ? 0 : 5)).toArray());
        assertEquals("exact", lowest.best().name());
    }

    @Test
    @DisplayName("the close-to-best rule averages every candidate within 50% of the lowest score, however many, and no other")
    void meanOfClose() {
        TimeSeries train = ForecastFixtures.wave("w", 60, 0);
        double[] held1 = train.last(6).values();
        double scale = Metrics.seasonalNaiveScale(train.dropLast(6).values(), 6);
        List<Candidate> cs = List.of(candidate("a", 12), candidate("b", 6), candidate("c", 9), candidate("d", 3),
                candidate("e", 4));
        // constant errors of 1, 1.2, 1.4, 1.6 and 3 scales: MASE 1, 1.2, 1.4, 1.6, 3
        java.util.Map<String, Double> error = java.util.Map.of("a", 1.0, "b", 1.2, "c", 1.4, "d", 1.6, "e", 3.0);
        ModelSelection.Result r = ModelSelection.select(cs, train, 1, ModelSelection.Rule.MEAN_OF_CLOSE,
                (c, rest) -> Arrays.stream(held1).map(v -> v + error.get(c.name()) * scale).toArray());
        assertEquals(List.of("a", "b", "c"), r.best().members().stream().map(Candidate::name).toList(),
                "1.6 is above 1.5 times the lowest");
        assertEquals("mean of the 3 within 50% of the best", r.best().name());
        assertEquals(1.2, ModelSelection.scoreOf(r, r.best()).orElseThrow().mase().value(), 1e-9,
                "the mean forecast is off by the mean error");
        ModelSelection.Result alone = ModelSelection.select(cs, train, 1, ModelSelection.Rule.MEAN_OF_CLOSE,
                (c, rest) -> Arrays.stream(held1).map(v -> v + (c.name().equals("a") ? 0.1 : 1) * scale).toArray());
        assertEquals(List.of("a"), alone.best().members().stream().map(Candidate::name).toList(),
                "the others score ten times the lowest");
    }

    @Test
    @DisplayName("the close-to-best median takes the same members, the networks among them as one, and scores it")
    void medianOfClose() {
        TimeSeries train = ForecastFixtures.wave("w", 60, 0);
        double[] held1 = train.last(6).values();
        double scale = Metrics.seasonalNaiveScale(train.dropLast(6).values(), 6);
        Candidate theta = new Candidate.Statistical(new StatisticalMethod(StatisticalMethod.Kind.THETA, 6, 6, 0.9));
        Candidate ets = new Candidate.Statistical(new StatisticalMethod(StatisticalMethod.Kind.ETS, 6, 6, 0.9));
        List<Candidate> cs = List.of(theta, ets, candidate("n1", 12), candidate("n2", 6), candidate("far", 3));
        // errors in scales: theta +1, ets -1.2, the networks +1.4 and +1.2 (as one: +1.3), far +3
        java.util.Map<String, Double> error = java.util.Map.of("theta", 1.0, "ets", -1.2, "n1", 1.4, "n2", 1.2,
                "far", 3.0);
        ModelSelection.Fit fit = (c, rest) -> Arrays.stream(held1).map(v -> v + error.get(c.name()) * scale).toArray();
        ModelSelection.Result r = ModelSelection.select(cs, train, 1, ModelSelection.Rule.MEDIAN_OF_CLOSE, fit);
        assertEquals(List.of("theta", "ets", "n2", "n1"), r.best().members().stream().map(Candidate::name).toList());
        assertEquals(dev.jrnn.forecast.NetworkEnsemble.Combination.MEDIAN, r.best().combination());
        assertEquals("median of the 4 within 50% of the best, the networks as one", r.best().name());
        assertEquals(1.0, ModelSelection.scoreOf(r, r.best()).orElseThrow().mase().value(), 1e-9,
                "the median of +1, -1.2 and the networks' +1.3 (of four members counted alike: 1.1)");
        ModelSelection.Result mean = ModelSelection.select(cs, train, 1, ModelSelection.Rule.MEAN_OF_CLOSE, fit);
        assertEquals((1.0 - 1.2 + 1.4 + 1.2) / 4, ModelSelection.scoreOf(mean, mean.best()).orElseThrow().mase().value(),
                1e-9, "the mean of the same four is off by the mean error");
        ModelSelection.Result pair = ModelSelection.select(List.of(theta, ets), train, 1,
                ModelSelection.Rule.MEDIAN_OF_CLOSE, fit);
        assertEquals(dev.jrnn.forecast.NetworkEnsemble.Combination.MEAN, pair.best().combination(),
                "the median of two is their mean");
        assertEquals(2, pair.best().members().size());
    }
}
