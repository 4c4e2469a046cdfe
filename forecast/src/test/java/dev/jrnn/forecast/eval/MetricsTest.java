package dev.jrnn.forecast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.data.TimeSeries;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricsTest {

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
    void seasonalNaiveMatchesR() {
        int checked = 0;
        for (BundledData.Entry e : BundledData.index()) {
            BundledData.Baseline r = BundledData.baselines(e.series()).get("seasonal_naive");
            if (r == null || e.series().equals("taylor")) {
                continue;
            }
            TimeSeries s = BundledData.series(e);
            TimeSeries train = s.dropLast(e.horizon());
            double[] forecast = Baselines.seasonalNaive(train.values(), e.horizon(), e.season());
            Accuracy a = Metrics.accuracy(s.last(e.horizon()).values(), forecast, train.values(), e.season());
            assertEquals(r.mase(), a.mase(), 5e-5, e.series() + " MASE");
            assertEquals(r.smape(), a.smape(), 5e-5, e.series() + " sMAPE");
            checked++;
        }
        assertEquals(5, checked);
    }
}
