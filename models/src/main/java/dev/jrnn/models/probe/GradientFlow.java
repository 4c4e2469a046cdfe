package dev.jrnn.models.probe;

import java.util.Arrays;

/**
 * The norms {@code ||dL/dh(t)||} (Frobenius, over the batch) for t = 1..T of one probe run, where
 * L depends on the last output only.
 *
 * @param cell  the cell's name or description, for labels
 * @param norms {@code norms[t - 1] = ||dL/dh(t)||}
 */
public record GradientFlow(String cell, double[] norms) {

    public GradientFlow {
        norms = norms.clone();
    }

    @Override
    public double[] norms() {
        return norms.clone();
    }

    /** T, the number of steps. */
    public int steps() {
        return norms.length;
    }

    /** {@code ||dL/dh(t)||} for 1-based step {@code t}. */
    public double norm(int t) {
        if (t < 1 || t > norms.length) {
            throw new IndexOutOfBoundsException("step " + t + " is outside 1.." + norms.length);
        }
        return norms[t - 1];
    }

    /**
     * How much gradient survives from the last step back to the first:
     * {@code ||dL/dh(1)|| / ||dL/dh(T)||}. Far below 1 means vanishing, far above exploding.
     */
    public double ratio() {
        return norms[0] / norms[norms.length - 1];
    }

    /** {@code log10} of every norm, for plotting on a log scale. */
    public double[] log10Norms() {
        double[] out = new double[norms.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log10(norms[i]);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GradientFlow g && cell.equals(g.cell) && Arrays.equals(norms, g.norms);
    }

    @Override
    public int hashCode() {
        return 31 * cell.hashCode() + Arrays.hashCode(norms);
    }

    @Override
    public String toString() {
        return "GradientFlow " + cell + " over " + norms.length + " steps, ratio ||dL/dh(1)|| / ||dL/dh(T)|| = "
                + ratio();
    }
}
