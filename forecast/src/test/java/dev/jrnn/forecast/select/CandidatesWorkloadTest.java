package dev.jrnn.forecast.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.Workload;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.train.ForecastTrainer;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CandidatesWorkloadTest {

    private static TimeSeries air() {
        return BundledData.series(BundledData.entry("AirPassengers").orElseThrow());
    }

    @Test
    @DisplayName("a training step's workload: flops scale with the batch, calls do not, and grow with the window")
    void measuredStep() {
        TimeSeries s = air();
        ForecastConfig small = ForecastConfig.builder(12, 24).inputLength(12).hidden(32).batchSize(16).build();
        ForecastConfig twice = ForecastConfig.builder(12, 24).inputLength(12).hidden(32).batchSize(32).build();
        ForecastConfig longer = ForecastConfig.builder(12, 24).inputLength(36).hidden(32).batchSize(16).build();
        Workload w = ForecastTrainer.workload(small, s);
        assertTrue(w.ops() > 20 && w.flops() > 0, w.toString());
        assertEquals(w.ops(), ForecastTrainer.workload(twice, s).ops());
        assertEquals(2 * w.flops(), ForecastTrainer.workload(twice, s).flops(), 1e-6 * w.flops());
        assertTrue(ForecastTrainer.workload(longer, s).flops() > 2.5 * w.flops());
        assertEquals("a training step of lstm hidden 32, 12 steps, batch 16", w.description());
        assertEquals(w, ForecastTrainer.workload(small, s), "the same measurement every time");
    }

    @Test
    @DisplayName("the candidates' workload is the largest network's; classical methods alone have none")
    void largestNetwork() {
        TimeSeries s = air();
        List<Candidate> candidates = Candidates.of(s, 12, 24, 2, UnaryOperator.identity(), List.of(), 0.9);
        Workload w = Candidates.workload(candidates, s).orElseThrow();
        for (Candidate c : candidates) {
            if (c instanceof Candidate.Network n) {
                assertTrue(ForecastTrainer.workload(n.config(), s).flops() <= w.flops(), n.name());
            }
        }
        assertTrue(w.description().contains("36 steps"), w.description());
        List<Candidate> classical = candidates.stream().filter(Candidate.Statistical.class::isInstance).toList();
        assertTrue(Candidates.workload(classical, s).isEmpty());
    }

    @Test
    @DisplayName("a series too short for two windows is refused by name")
    void tooShort() {
        ForecastConfig c = ForecastConfig.builder(12, 24).inputLength(36).build();
        TimeSeries shortSeries = air().last(c.trainingLength());
        var e = assertThrows(IllegalArgumentException.class, () -> ForecastTrainer.workload(c, shortSeries));
        assertTrue(e.getMessage().contains(shortSeries.name()), e.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> ForecastTrainer.workload(c, List.of(shortSeries)));
        assertTrue(none.getMessage().contains("two training windows"), none.getMessage());
    }
}
