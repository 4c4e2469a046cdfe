package dev.jrnn.spark;

import java.io.Serial;
import java.io.Serializable;

/**
 * Sums of per-series accuracy of several choices (the candidates, then their mean), added up over
 * partitions: for each choice the sum of the defined MASE and sMAPE values and how many there were.
 */
final class ScoreSums implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    final double[] mase;
    final double[] smape;
    final long[] maseCount;
    final long[] smapeCount;

    ScoreSums(int choices) {
        mase = new double[choices];
        smape = new double[choices];
        maseCount = new long[choices];
        smapeCount = new long[choices];
    }

    ScoreSums add(ScoreSums o) {
        for (int i = 0; i < mase.length; i++) {
            mase[i] += o.mase[i];
            smape[i] += o.smape[i];
            maseCount[i] += o.maseCount[i];
            smapeCount[i] += o.smapeCount[i];
        }
        return this;
    }
}
