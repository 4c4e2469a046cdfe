package dev.jrnn.forecast.eval;

import java.util.List;

/**
 * Accuracy of a forecast, or the mean over several.
 *
 * @param mae   mean absolute error
 * @param rmse  root mean squared error
 * @param smape symmetric MAPE, percent
 * @param mase  mean absolute scaled error
 */
public record Accuracy(double mae, double rmse, double smape, double mase) {

    /** The componentwise mean of {@code all}. */
    public static Accuracy mean(List<Accuracy> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no accuracies to average");
        }
        double a = 0, r = 0, s = 0, m = 0;
        for (Accuracy x : all) {
            a += x.mae;
            r += x.rmse;
            s += x.smape;
            m += x.mase;
        }
        int n = all.size();
        return new Accuracy(a / n, r / n, s / n, m / n);
    }

    /** M4's OWA of this (mean) accuracy against Naive2's, see {@link Metrics#owa}. */
    public double owa(Accuracy naive2) {
        return Metrics.owa(smape, mase, naive2.smape, naive2.mase);
    }
}
