package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.AdamStep;
import dev.jrnn.api.fused.OptimizerDefaults;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link dev.jrnn.api.backend.Backend#adamStep} as one pass over the parameter's native buffers,
 * instead of the twelve native ND4J ops (each with its dispatch, shape descriptors and a fresh
 * array) of the composed default. The elements are copied through Java scratch arrays a chunk at a
 * time, and each chunk runs the operations of {@link OptimizerDefaults#adamStep} in their order and
 * rounding: in float arithmetic for FLOAT32 (a float operation equals ND4J's float op), with each
 * constant rounded to the dtype as a scalar tensor of it is. The numbers are the default's, bit
 * for bit:
 *
 * <pre>
 *   m' = beta1 m + (1 - beta1) g            (m' = (1 - beta1) g on the first step)
 *   v' = beta2 v + (1 - beta2) g g          (v' = (1 - beta2) g g on the first step)
 *   value' = value - (m' / (sqrt(v') denominatorScale + eps)) stepSize
 * </pre>
 */
final class Nd4jAdam {
    /** Elements per chunk: the scratch arrays of a chunk stay in the core's L2 cache. */
    static final int CHUNK = 4096;

    private Nd4jAdam() {
    }

    static AdamStep step(Nd4jBackend be, Tensor value, Tensor grad, Tensor firstMoment, Tensor secondMoment,
                         double beta1, double beta2, double eps, double stepSize, double denominatorScale) {
        OptimizerDefaults.checkAdam(be, value, grad, firstMoment, secondMoment);
        int n = value.size();
        if (n == 0) {
            return OptimizerDefaults.adamStep(be, value, grad, firstMoment, secondMoment, beta1, beta2, eps, stepSize,
                    denominatorScale);
        }
        INDArray nextValue = Nd4jArrays.uninitialized(value.shape(), value.dtype());
        INDArray nextM = Nd4jArrays.uninitialized(value.shape(), value.dtype());
        INDArray nextV = Nd4jArrays.uninitialized(value.shape(), value.dtype());
        Buf p = Buf.of(array(value));
        Buf g = Buf.of(array(grad));
        Buf m = firstMoment == null ? null : Buf.of(array(firstMoment));
        Buf v = secondMoment == null ? null : Buf.of(array(secondMoment));
        Buf outP = Buf.of(nextValue);
        Buf outM = Buf.of(nextM);
        Buf outV = Buf.of(nextV);
        Chunk chunk = new Chunk(p, Math.min(n, CHUNK));
        for (int from = 0; from < n; from += CHUNK) {
            int len = Math.min(CHUNK, n - from);
            p.get(from, chunk.p, 0, len);
            g.get(from, chunk.g, 0, len);
            if (m != null) {
                m.get(from, chunk.m, 0, len);
                v.get(from, chunk.v, 0, len);
            }
            if (chunk.p instanceof float[] pf) {
                floats(len, pf, (float[]) chunk.g, (float[]) chunk.m, (float[]) chunk.v, m != null, beta1, beta2, eps,
                        stepSize, denominatorScale);
            } else {
                doubles(len, (double[]) chunk.p, (double[]) chunk.g, (double[]) chunk.m, (double[]) chunk.v, m != null,
                        beta1, beta2, eps, stepSize, denominatorScale);
            }
            outP.put(from, chunk.p, 0, len);
            outM.put(from, chunk.m, 0, len);
            outV.put(from, chunk.v, 0, len);
        }
        return new AdamStep(be.wrap(nextValue, value.shape(), value.dtype()),
                be.wrap(nextM, value.shape(), value.dtype()), be.wrap(nextV, value.shape(), value.dtype()));
    }

    /** The update of {@code len} elements in place: {@code p} becomes the value, {@code m} and {@code v} the moments. */
    static void floats(int len, float[] p, float[] g, float[] m, float[] v, boolean moments, double beta1,
                       double beta2, double eps, double stepSize, double denominatorScale) {
        float b1 = (float) beta1;
        float c1 = (float) (1.0 - beta1);
        float b2 = (float) beta2;
        float c2 = (float) (1.0 - beta2);
        float e = (float) eps;
        float step = (float) stepSize;
        float ds = (float) denominatorScale;
        for (int i = 0; i < len; i++) {
            float gi = g[i];
            float mi = gi * c1;
            float vi = (gi * gi) * c2;
            if (moments) {
                mi = m[i] * b1 + mi;
                vi = v[i] * b2 + vi;
            }
            float d = (float) Math.sqrt(vi) * ds + e;
            m[i] = mi;
            v[i] = vi;
            p[i] = p[i] - (mi / d) * step;
        }
    }

    /** As {@link #floats} in double arithmetic. */
    static void doubles(int len, double[] p, double[] g, double[] m, double[] v, boolean moments, double beta1,
                        double beta2, double eps, double stepSize, double denominatorScale) {
        double c1 = 1.0 - beta1;
        double c2 = 1.0 - beta2;
        for (int i = 0; i < len; i++) {
            double gi = g[i];
            double mi = gi * c1;
            double vi = (gi * gi) * c2;
            if (moments) {
                mi = m[i] * beta1 + mi;
                vi = v[i] * beta2 + vi;
            }
            double d = Math.sqrt(vi) * denominatorScale + eps;
            m[i] = mi;
            v[i] = vi;
            p[i] = p[i] - (mi / d) * stepSize;
        }
    }

    /** The scratch arrays of one chunk, of the parameter's dtype. */
    private static final class Chunk {
        final Object p;
        final Object g;
        final Object m;
        final Object v;

        Chunk(Buf like, int n) {
            p = like.scratch(n);
            g = like.scratch(n);
            m = like.scratch(n);
            v = like.scratch(n);
        }
    }
}
