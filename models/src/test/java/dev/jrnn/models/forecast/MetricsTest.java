package dev.jrnn.models.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricsTest {

    static List<TimeSeries> resource(String file) throws IOException {
        var stream = Objects.requireNonNull(MetricsTest.class.getResourceAsStream(file), file);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            return LongCsv.read(file, in);
        }
    }

    @Test
    @DisplayName("MAE, RMSE and sMAPE equal their hand-computed values")
    void pointMetricsByHand() {
        double[] y = {1, 2, 4};
        double[] f = {2, 2, 1};
        assertEquals((1 + 0 + 3) / 3.0, Metrics.mae(y, f), 1e-12);
        assertEquals(Math.sqrt((1 + 0 + 9) / 3.0), Metrics.rmse(y, f), 1e-12);
        assertEquals(200.0 / 3 * (1.0 / 3 + 0 + 3.0 / 5), Metrics.smape(y, f), 1e-12);
    }

    @Test
    @DisplayName("MASE divides the MAE by the in-sample seasonal naive error")
    void maseByHand() {
        double[] insample = {1, 3, 2, 5, 4};
        // lag-2 differences: |2-1|, |5-3|, |4-2| -> mean 5/3
        double[] y = {6, 6};
        double[] f = {5, 8};
        assertEquals(1.5 / (5.0 / 3), Metrics.mase(y, f, insample, 2), 1e-12);
    }

    @Test
    @DisplayName("OWA averages the relative sMAPE and MASE against Naive2")
    void owaByHand() {
        assertEquals((10 / 20.0 + 1 / 4.0) / 2, Metrics.owa(10, 1, 20, 4), 1e-12);
        assertEquals(0.627, Metrics.owa(13.912, 1.193, 18.383, 2.395), 5e-4);
    }

    @Test
    @DisplayName("metrics reject forecasts and actuals of different lengths")
    void lengthsMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> Metrics.mae(new double[2], new double[3]));
    }

    @Test
    @DisplayName("seasonal naive reproduces the figures of baselines.csv on every classic series")
    void seasonalNaiveMatchesR() throws IOException {
        List<String> rows;
        var stream = Objects.requireNonNull(getClass().getResourceAsStream("baselines.csv"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            rows = in.lines().skip(1).filter(l -> l.contains(",seasonal_naive,")).toList();
        }
        int checked = 0;
        for (String row : rows) {
            String[] f = row.split(",");
            if (f[0].equals("taylor")) {
                continue;
            }
            int season = Integer.parseInt(f[2]);
            int horizon = Integer.parseInt(f[3]);
            TimeSeries s = resource(f[0] + ".csv").get(0);
            TimeSeries train = s.dropLast(horizon);
            double[] forecast = Baselines.seasonalNaive(train.values(), horizon, season);
            Accuracy a = Metrics.accuracy(s.last(horizon).values(), forecast, train.values(), season);
            assertEquals(Double.parseDouble(f[4]), a.mase(), 5e-5, f[0] + " MASE");
            assertEquals(Double.parseDouble(f[5]), a.smape(), 5e-5, f[0] + " sMAPE");
            checked++;
        }
        assertEquals(5, checked);
    }
}
