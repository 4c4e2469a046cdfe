package dev.jrnn.cli;

import dev.jrnn.forecast.select.ClassicDefaults;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.select.ModelSelection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossLearningTest {

    private static TimeSeries monthly(String name, int n) {
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = 100 + t + 10 * Math.sin(2 * Math.PI * t / 12);
        }
        return TimeSeries.of(name, v);
    }

    @Test
    @DisplayName("the others of a bundled series are the training parts of the other series of its season")
    void bundledOthers() {
        SeriesOptions o = new SeriesOptions();
        o.series = "USAccDeaths";
        List<TimeSeries> others = o.others(o.select());
        assertEquals(List.of("AirPassengers", "co2", "nottem"), others.stream().map(TimeSeries::name).toList());
        // each without its own test horizon (24 points)
        assertEquals(List.of(120, 444, 216), others.stream().map(TimeSeries::length).toList());
        o.series = "UKgas";
        assertEquals(List.of(), o.others(o.select()), "no other quarterly series");
    }

    @Test
    @DisplayName("each own candidate gets a cross-learned twin over the companions long enough for the wide window")
    void crossLearnedTwins() {
        TimeSeries train = monthly("s", 60);
        List<TimeSeries> others = List.of(monthly("long", 200), monthly("short", 30), monthly("s", 100));
        List<ModelSelection.Candidate> cs = ClassicDefaults.candidates(train, 12, 12, UnaryOperator.identity(), others);
        assertEquals(4, cs.size(), cs.toString());
        for (int i = 0; i < 2; i++) {
            ModelSelection.Candidate own = cs.get(i);
            ModelSelection.Candidate cross = cs.get(i + 2);
            assertTrue(own.companions().isEmpty());
            assertEquals(List.of("long"), cross.companions().stream().map(TimeSeries::name).toList());
            assertEquals(own.config().inputLength(), cross.config().inputLength());
            assertTrue(cross.name().startsWith(own.name()) && cross.name().endsWith("cross-learned with 1 series"));
            assertTrue(cross.config().epochs() < own.config().epochs(), "epochs sized to all windows");
        }
        assertEquals(2, ClassicDefaults.candidates(train, 12, 12, UnaryOperator.identity(),
                List.of(monthly("short", 30))).size(), "no twin without a usable companion");
    }

    @Test
    @DisplayName("forecast tries the cross-learned candidates by default, and not with --no-cross-learn")
    void forecastCrossLearns(@TempDir Path dir) {
        String[] common = {"forecast", "--series", "USAccDeaths", "--epochs", "1", "--hidden", "4", "--seeds", "1",
                "--quiet", "--chart", dir.resolve("cross.png").toString()};
        CommandsTest.Run on = CommandsTest.run(common);
        assertEquals(0, on.exit(), on.err());
        assertTrue(on.out().contains("(1 season) cross-learned with 3 series"), on.out());
        String[] off = java.util.Arrays.copyOf(common, common.length + 1);
        off[common.length] = "--no-cross-learn";
        CommandsTest.Run plain = CommandsTest.run(off);
        assertEquals(0, plain.exit(), plain.err());
        assertFalse(plain.out().contains("cross-learned"), plain.out());
    }
}
