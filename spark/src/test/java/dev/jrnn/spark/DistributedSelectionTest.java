package dev.jrnn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.MetricValue;
import dev.jrnn.forecast.eval.Metrics;
import dev.jrnn.spark.SyntheticSeries.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("spark")
@DisplayName("model selection of a global model on Spark")
class DistributedSelectionTest {

    @Test
    @DisplayName("every candidate is validated on the held-out horizon of every series in one pass; the lowest MASE wins")
    void validatesInParallel() {
        List<Spec> specs = SyntheticSeries.specs(40, 40, 100, 6, true, 51);
        ForecastConfig small = ForecastConfig.builder(6, 4).inputLength(6).hidden(4).windowsPerSeries(8).epochs(2)
                .learningRate(0.01).dtype(DType.FLOAT64).seed(4).build();
        ForecastConfig larger = ForecastConfig.builder(6, 4).inputLength(12).hidden(6).windowsPerSeries(8).epochs(2)
                .learningRate(0.01).dtype(DType.FLOAT64).seed(4).build();
        DistributedTraining training = DistributedTraining.defaults().batchSize(0).partitions(2).backend("ejml");
        DistributedSelection.Result r = DistributedSelection.select(SyntheticSeries.rows(LocalSpark.session(), specs, 2),
                ForecastColumns.defaults(), List.of(small, larger), training, false);

        assertEquals(List.of("input 6, hidden 4, lstm", "input 12, hidden 6, lstm", "mean of all"),
                r.scores().stream().map(DistributedSelection.Score::name).toList());
        double lowest = r.scores().stream().mapToDouble(DistributedSelection.Score::mase).min().orElseThrow();
        assertEquals(lowest, r.best().mase());
        r.scores().forEach(s -> assertEquals(40, s.series(), s.name()));

        // the chosen model (trained on the series without their last horizon) scored on one machine
        List<TimeSeries> rests = new ArrayList<>();
        List<double[]> held = new ArrayList<>();
        for (Spec spec : specs) {
            TimeSeries s = spec.series();
            rests.add(s.dropLast(4));
            held.add(s.last(4).values());
        }
        List<Forecast> forecasts = r.model().forecastAll(rests);
        double sum = 0;
        for (int i = 0; i < rests.size(); i++) {
            MetricValue m = Metrics.mase(held.get(i), forecasts.get(i).point(), rests.get(i).values(), 6);
            sum += m.value();
        }
        assertEquals(sum / rests.size(), r.best().mase(), 1e-9);
        assertTrue(r.model().selection().contains("chosen: " + r.best().name()));
    }
}
