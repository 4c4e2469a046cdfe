package dev.jrnn.forecast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.data.TimeSeries;
import java.util.List;
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
        assertEquals(200.0 / 3 * (1.0 / 3 + 0 + 3.0 / 5), Metrics.smape(y, f).value(), 1e-12);
    }

    @Test
    @DisplayName("MASE divides the MAE by the in-sample seasonal naive error")
    void maseByHand() {
        double[] insample = {1, 3, 2, 5, 4};
        // lag-2 differences: |2-1|, |5-3|, |4-2| -> mean 5/3
        double[] y = {6, 6};
        double[] f = {5, 8};
        assertEquals(1.5 / (5.0 / 3), Metrics.mase(y, f, insample, 2).value(), 1e-12);
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
            assertEquals(r.mase(), a.mase().value(), 5e-5, e.series() + " MASE");
            assertEquals(r.smape(), a.smape().value(), 5e-5, e.series() + " sMAPE");
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    @DisplayName("MASE is undefined, saying why, when the in-sample seasonal differences are all zero or too few")
    void maseUndefined() {
        double[] constant = {5, 5, 5, 5, 5, 5};
        MetricValue m = Metrics.mase(new double[] {5, 6}, new double[] {5, 5}, constant, 2);
        assertFalse(m.isDefined());
        assertTrue(Double.isNaN(m.value()));
        assertEquals("undefined (the in-sample differences at lag 2 are all zero)", m.format("%.4f"));
        double[] repeating = {1, 2, 1, 2, 1, 2};
        assertEquals("the in-sample differences at lag 2 are all zero",
                Metrics.mase(new double[] {1}, new double[] {1}, repeating, 2).reason());
        assertEquals("it needs more than 1 in-sample values, got 1",
                Metrics.mase(new double[] {1}, new double[] {1}, new double[] {3}, 4).reason());
        assertEquals(0.5, Metrics.mase(new double[] {1}, new double[] {1.5}, new double[] {1, 2, 3}, 4).value(), 1e-12);
    }

    @Test
    @DisplayName("sMAPE is undefined only when actuals and forecasts are all zero")
    void smapeUndefined() {
        assertEquals("undefined (actual and forecast values are all zero)",
                Metrics.smape(new double[] {0, 0}, new double[] {0, 0}).format("%.3f"));
        assertEquals(100, Metrics.smape(new double[] {0, 1}, new double[] {0, 0}).value(), 1e-12);
    }

    @Test
    @DisplayName("a mean or an OWA over an undefined value is undefined and keeps the reason")
    void undefinedPropagates() {
        Accuracy ok = new Accuracy(1, 1, MetricValue.of(10), MetricValue.of(1));
        Accuracy constant = new Accuracy(0, 0, MetricValue.of(0), MetricValue.undefined("the in-sample differences at lag 2 are all zero"));
        Accuracy mean = Accuracy.mean(List.of(ok, constant));
        assertEquals(0.5, mean.mae(), 1e-12);
        assertEquals(5, mean.smape().value(), 1e-12);
        assertEquals("1 of 2 undefined, the first because the in-sample differences at lag 2 are all zero",
                mean.mase().reason());
        assertEquals("MASE is undefined: 1 of 2 undefined, the first because the in-sample differences at lag 2 are"
                + " all zero", mean.owa(ok).reason());
        assertEquals((10 / 20.0 + 1 / 4.0) / 2, ok.owa(new Accuracy(0, 0, MetricValue.of(20), MetricValue.of(4)))
                .value(), 1e-12);
        assertEquals("the in-sample differences at lag 2 are all zero",
                Accuracy.mean(List.of(constant, constant)).mase().reason());
    }

    @Test
    @DisplayName("the median of metric values: the middle one, the mean of the middle two, undefined as the mean is")
    void medianOfValues() {
        assertEquals(2, MetricValue.median(List.of(MetricValue.of(9), MetricValue.of(2), MetricValue.of(1))).value(), 0);
        assertEquals(3.5, MetricValue.median(List.of(MetricValue.of(4), MetricValue.of(1), MetricValue.of(3),
                MetricValue.of(100))).value(), 1e-12);
        assertEquals(5.5, MetricValue.median(List.of(MetricValue.of(10), MetricValue.of(1))).value(), 1e-12);
        MetricValue undefined = MetricValue.median(List.of(MetricValue.of(1), MetricValue.undefined("constant"),
                MetricValue.of(2)));
        assertEquals("1 of 3 undefined, the first because constant", undefined.reason());
        assertThrows(IllegalArgumentException.class, () -> MetricValue.median(List.of()));
    }

    @Test
    @DisplayName("metrics refuse a forecast that is not finite instead of calling it undefined")
    void nonFiniteForecast() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(new double[] {1, 2}, new double[] {1, Double.NaN}, new double[] {1, 2, 3}, 1));
        assertTrue(e.getMessage().contains("step 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricValue.of(Double.POSITIVE_INFINITY));
    }
}
