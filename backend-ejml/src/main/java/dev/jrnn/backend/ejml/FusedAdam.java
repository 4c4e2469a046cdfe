package dev.jrnn.backend.ejml;

/**
 * Adam's update in one pass over a parameter's arrays, the operations of
 * {@link dev.jrnn.api.fused.OptimizerDefaults#adamStep} in their order and rounding: in float
 * arithmetic for FLOAT32 (a float operation equals the double one rounded once, as the elementwise
 * ops compute), with each constant rounded to the dtype as a scalar tensor of it would be.
 */
final class FusedAdam {
    private FusedAdam() {
    }

    /**
     * Fills {@code out[0]} (value), {@code out[1]} (m) and {@code out[2]} (v); {@code m} and {@code v} may be
     * null. On {@code ops} (the Vector API kernels; null: a scalar loop) but for the last few elements.
     */
    static void floats(float[] p, float[] g, float[] m, float[] v, double beta1, double beta2, double eps,
                       double stepSize, double denominatorScale, float[][] out, VectorOps ops) {
        float b1 = (float) beta1;
        float c1 = (float) (1.0 - beta1);
        float b2 = (float) beta2;
        float c2 = (float) (1.0 - beta2);
        float e = (float) eps;
        float step = (float) stepSize;
        float ds = (float) denominatorScale;
        float[] np = out[0];
        float[] nm = out[1];
        float[] nv = out[2];
        int from = ops == null ? 0 : ops.adam(p, g, m, v, b1, c1, b2, c2, e, step, ds, np, nm, nv, np.length);
        for (int i = from; i < np.length; i++) {
            float gi = g[i];
            float mi = gi * c1;
            float vi = (gi * gi) * c2;
            if (m != null) {
                mi = m[i] * b1 + mi;
                vi = v[i] * b2 + vi;
            }
            float d = (float) Math.sqrt(vi) * ds + e;
            nm[i] = mi;
            nv[i] = vi;
            np[i] = p[i] - (mi / d) * step;
        }
    }

    /** As {@link #floats} in double arithmetic. */
    static void doubles(double[] p, double[] g, double[] m, double[] v, double beta1, double beta2, double eps,
                        double stepSize, double denominatorScale, double[][] out) {
        double c1 = 1.0 - beta1;
        double c2 = 1.0 - beta2;
        double[] np = out[0];
        double[] nm = out[1];
        double[] nv = out[2];
        for (int i = 0; i < np.length; i++) {
            double gi = g[i];
            double mi = gi * c1;
            double vi = (gi * gi) * c2;
            if (m != null) {
                mi = m[i] * beta1 + mi;
                vi = v[i] * beta2 + vi;
            }
            double d = Math.sqrt(vi) * denominatorScale + eps;
            nm[i] = mi;
            nv[i] = vi;
            np[i] = p[i] - (mi / d) * stepSize;
        }
    }
}
