package dev.jrnn.forecast.eval;

import java.util.List;

/**
 * Accuracy of a forecast, or the mean over several. MAE and RMSE are always defined; sMAPE and
 * MASE may not be (see {@link Metrics}).
 *
 * @param mae   mean absolute error
 * @param rmse  root mean squared error
 * @param smape symmetric MAPE, percent
 * @param mase  mean absolute scaled error
 */
public record Accuracy(double mae, double rmse, MetricValue smape, MetricValue mase) {

    /** The componentwise mean of {@code all}; a measure undefined for one of them is undefined for the mean. */
    public static Accuracy mean(List<Accuracy> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no accuracies to average");
        }
        double a = 0, r = 0;
        for (Accuracy x : all) {
            a += x.mae;
            r += x.rmse;
        }
        int n = all.size();
        return new Accuracy(a / n, r / n, MetricValue.mean(all.stream().map(Accuracy::smape).toList()),
                MetricValue.mean(all.stream().map(Accuracy::mase).toList()));
    }

    /** M4's OWA of this (mean) accuracy against Naive2's, see {@link Metrics#owa}; undefined with any of its terms. */
    public MetricValue owa(Accuracy naive2) {
        MetricValue[] terms = {smape, mase, naive2.smape, naive2.mase};
        String[] names = {"sMAPE", "MASE", "Naive2's sMAPE", "Naive2's MASE"};
        for (int i = 0; i < terms.length; i++) {
            if (!terms[i].isDefined()) {
                return MetricValue.undefined(names[i] + " is undefined: " + terms[i].reason());
            }
        }
        if (naive2.smape.value() == 0 || naive2.mase.value() == 0) {
            return MetricValue.undefined("Naive2's sMAPE or MASE is zero");
        }
        return MetricValue.of(Metrics.owa(smape.value(), mase.value(), naive2.smape.value(), naive2.mase.value()));
    }
}
