package dev.jrnn.forecast.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.ForecastFixtures;
import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CandidatesTest {

    private static TimeSeries monthly(String name, int n, double noise) {
        double[] v = new double[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(n);
        for (int t = 0; t < n; t++) {
            v[t] = 100 + t + 10 * Math.sin(2 * Math.PI * t / 12) + noise * r.nextGaussian();
        }
        return TimeSeries.of(name, v);
    }

    private static List<String> networks(List<Candidate> cs) {
        return cs.stream().filter(c -> c instanceof Candidate.Network).map(Candidate::name).toList();
    }

    @Test
    @DisplayName("windows are one and three seasons and three horizons for seasonal data, one, two and four horizons otherwise")
    void windows() {
        assertEquals(List.of(12, 36, 54), Candidates.windows(12, 18));
        assertEquals(List.of(13, 26, 52), Candidates.windows(1, 13));
        assertEquals(List.of(4, 12, 24), Candidates.windows(4, 8));
        assertEquals(List.of(12, 36), Candidates.windows(12, 12), "3 horizons = 3 seasons once");
    }

    @Test
    @DisplayName("a window is kept only when the series, cut at the deepest origin, still gives enough training windows")
    void windowsFitTheSeries() {
        List<Candidate> cs = Candidates.of(monthly("s", 100, 0), 12, 18, 2, UnaryOperator.identity(), List.of(), 0.9);
        assertEquals(List.of("lstm input 12 (1 season)", "lstm input 36 (3 seasons)"), networks(cs),
                "54 + 18 leaves no training window in the 64 points before the second origin");
        List<Candidate> tiny = Candidates.of(monthly("t", 40, 0), 12, 18, 2, UnaryOperator.identity(), List.of(), 0.9);
        assertEquals(List.of(), networks(tiny), "too short for any network: the classical methods remain");
        assertEquals(List.of("seasonal naive", "theta", "damped holt-winters", "ets", "arima"),
                tiny.stream().map(Candidate::name).toList());
    }

    @Test
    @DisplayName("a series too short for any network is told why: the observations the shortest window needs")
    void whyNoNetwork() {
        TimeSeries shortOne = monthly("t", 60, 0);
        List<Candidate> cs = Candidates.of(shortOne, 12, 18, 2, UnaryOperator.identity(), List.of(), 0.9);
        assertEquals(List.of(), networks(cs));
        assertEquals("no network among the candidates of series t: its 60 observations are too few for the shortest"
                + " input window, 12, which needs 71 (6 training windows of 30, and 2 horizons of 18 held out for"
                + " validation); the candidates are the classical methods",
                Candidates.whyNoNetwork(cs, shortOne, 12, 18, 2, UnaryOperator.identity()).orElseThrow());
        assertTrue(Candidates.of(monthly("u", 71, 0), 12, 18, 2, UnaryOperator.identity(), List.of(), 0.9).stream()
                .anyMatch(c -> c instanceof Candidate.Network), "71 observations are enough");
        TimeSeries longer = monthly("s", 100, 0);
        assertTrue(Candidates.whyNoNetwork(Candidates.of(longer, 12, 18, 2, UnaryOperator.identity(), List.of(), 0.9),
                longer, 12, 18, 2, UnaryOperator.identity()).isEmpty());
    }

    @Test
    @DisplayName("seasonal naive, Theta, damped Holt-Winters, ETS and ARIMA are always candidates, with the given interval level")
    void classicalAlways() {
        List<Candidate> cs = Candidates.of(monthly("s", 200, 0), 12, 12, 2, UnaryOperator.identity(), List.of(), 0.8);
        List<StatisticalMethod> classical = cs.stream().filter(c -> c instanceof Candidate.Statistical)
                .map(c -> ((Candidate.Statistical) c).method()).toList();
        assertEquals(List.of(StatisticalMethod.Kind.SEASONAL_NAIVE, StatisticalMethod.Kind.THETA,
                StatisticalMethod.Kind.DAMPED_HOLT_WINTERS, StatisticalMethod.Kind.ETS, StatisticalMethod.Kind.ARIMA),
                classical.stream().map(StatisticalMethod::kind).toList());
        assertTrue(classical.stream().allMatch(m -> m.level() == 0.8));
    }

    @Test
    @DisplayName("the seasonal mean and double seasonal Holt-Winters join the classical candidates for seasons longer than 24 only")
    void seasonalMeanForLongSeasons() {
        TimeSeries hourly = ForecastFixtures.wave("h", 168 * 6, 0);
        List<String> weekly = Candidates.of(hourly, 168, 48, 2, b -> b.epochs(1), List.of(), 0.9).stream()
                .filter(c -> c instanceof Candidate.Statistical).map(Candidate::name).toList();
        assertEquals(List.of("seasonal naive", "theta", "damped holt-winters", "ets", "arima", "seasonal mean",
                "double seasonal holt-winters"), weekly);
        List<String> daily = Candidates.of(hourly, 24, 48, 2, b -> b.epochs(1), List.of(), 0.9).stream()
                .filter(c -> c instanceof Candidate.Statistical).map(Candidate::name).toList();
        assertEquals(List.of("seasonal naive", "theta", "damped holt-winters", "ets", "arima"), daily);
        assertEquals(Candidates.statisticalKinds(24).size(), daily.size());
    }

    @Test
    @DisplayName("the log is taken of positive series only, and the window deseasonalised only when the series tests seasonal")
    void logAndSeasonFollowTheData() {
        Candidate.Network pos = (Candidate.Network) Candidates.of(monthly("s", 200, 0), 12, 12, 2,
                UnaryOperator.identity(), List.of(), 0.9).get(1);
        assertTrue(pos.config().log());
        assertTrue(pos.config().deseasonalise());
        double[] v = monthly("n", 200, 0).values().clone();
        v[5] = -1;
        Candidate.Network neg = (Candidate.Network) Candidates.of(TimeSeries.of("n", v), 12, 12, 2,
                UnaryOperator.identity(), List.of(), 0.9).get(1);
        assertFalse(neg.config().log());
        double[] noise = new double[200];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int t = 0; t < noise.length; t++) {
            noise[t] = 50 + r.nextGaussian();
        }
        Candidate.Network flat = (Candidate.Network) Candidates.of(TimeSeries.of("w", noise), 12, 12, 2,
                UnaryOperator.identity(), List.of(), 0.9).get(1);
        assertFalse(flat.config().deseasonalise(), "white noise has no season to remove");
    }

    @Test
    @DisplayName("each own window gets a cross-learned twin over the companions long enough for it")
    void crossLearnedTwins() {
        TimeSeries train = monthly("s", 100, 0);
        List<TimeSeries> others = List.of(monthly("long", 200, 0), monthly("short", 40, 0), monthly("s", 100, 0));
        List<Candidate> cs = Candidates.of(train, 12, 12, 2, UnaryOperator.identity(), others, 0.9);
        List<Candidate.Network> nets = cs.stream().filter(c -> c instanceof Candidate.Network)
                .map(c -> (Candidate.Network) c).toList();
        assertEquals(4, nets.size(), nets.toString());
        for (int i = 0; i < 2; i++) {
            Candidate.Network own = nets.get(i);
            Candidate.Network cross = nets.get(i + 2);
            assertTrue(own.companions().isEmpty());
            assertEquals(own.config().inputLength(), cross.config().inputLength());
            assertTrue(cross.name().startsWith(own.name()) && cross.name().endsWith("cross-learned with "
                    + cross.companions().size() + " series"), cross.name());
            assertFalse(cross.companions().stream().anyMatch(c -> c.name().equals("s")), "never the series itself");
            assertTrue(cross.config().epochs() <= own.config().epochs(), "epochs sized to all windows");
        }
        assertEquals(List.of("long"), nets.get(3).companions().stream().map(TimeSeries::name).toList(),
                "the 40-point series is too short for the 3-season window");
    }

    @Test
    @DisplayName("windows longer than 48 steps read the largest divisor of the season up to 48 per step")
    void stepSizes() {
        assertEquals(1, Candidates.stepSize(36, 12));
        assertEquals(24, Candidates.stepSize(72, 24), "a day of hours");
        assertEquals(48, Candidates.stepSize(1008, 336), "a day of half-hours in a week");
        assertEquals(12, Candidates.stepSize(54, 12));
        assertEquals(1, Candidates.stepSize(52, 1), "no season to align with");
    }
}
