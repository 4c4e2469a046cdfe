package dev.jrnn.spark;

import java.io.Serial;
import java.io.Serializable;

/**
 * What the partitions send back from one round, summed by {@code treeAggregate}: the sum over
 * windows of the loss gradient (or, with local steps, the window-weighted sum of the parameter
 * changes), the sum of the window losses and the number of windows.
 */
final class RoundResult implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    /** Null until a partition with windows adds to it. */
    private double[] sum;
    private double lossSum;
    private long windows;

    RoundResult() {
    }

    RoundResult(double[] sum, double lossSum, long windows) {
        this.sum = sum;
        this.lossSum = lossSum;
        this.windows = windows;
    }

    /** Adds {@code other} into this one; returns this. */
    RoundResult add(RoundResult other) {
        if (other.windows == 0) {
            return this;
        }
        if (sum == null) {
            sum = other.sum.clone();
        } else {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.sum[i];
            }
        }
        lossSum += other.lossSum;
        windows += other.windows;
        return this;
    }

    /** The summed vector divided by the windows: the mean gradient (or mean parameter change). */
    double[] mean() {
        double[] out = new double[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = sum[i] / windows;
        }
        return out;
    }

    double lossSum() {
        return lossSum;
    }

    long windows() {
        return windows;
    }
}
