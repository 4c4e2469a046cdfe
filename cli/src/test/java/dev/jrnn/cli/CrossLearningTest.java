package dev.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.data.TimeSeries;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossLearningTest {

    @Test
    @DisplayName("the others of a bundled series are the training parts of the other series of its season")
    void bundledOthers() {
        SeriesOptions o = new SeriesOptions();
        o.series = "USAccDeaths";
        List<TimeSeries> others = o.others(o.select(), true);
        assertEquals(List.of("AirPassengers", "co2", "nottem"), others.stream().map(TimeSeries::name).toList());
        // each without its own test horizon (24 points)
        assertEquals(List.of(120, 444, 216), others.stream().map(TimeSeries::length).toList());
        o.series = "UKgas";
        assertEquals(List.of(), o.others(o.select(), true), "no other quarterly series");
        o.series = "USAccDeaths";
        assertEquals(List.of(144, 468, 240), o.others(o.select(), false).stream().map(TimeSeries::length).toList(),
                "whole series when nothing is held out");
    }

    @Test
    @DisplayName("forecast tries the cross-learned candidates by default, and not with --no-cross-learn")
    void forecastCrossLearns(@TempDir Path dir) {
        String[] common = {"forecast", "--holdout", "--series", "USAccDeaths", "--epochs", "1", "--hidden", "4", "--seeds", "1",
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
