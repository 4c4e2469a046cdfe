package dev.jrnn.backend.ejml;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 sigmoid and tanh over arrays on the Vector API, within a few ulp of the double-precision
 * reference (relative error below 1e-6). The exponential is Cephes' {@code expf}:
 * {@code n = round(x log2 e)}, {@code r = x - n ln 2} (ln 2 split in two), {@code e^r = 1 + r + r^2 P(r)}
 * with a degree-5 P, and {@code e^x = 2^n e^r} built in the exponent bits.
 * <ul>
 * <li>{@code sigmoid x = 1 / (1 + e)} for {@code x >= 0}, {@code e / (1 + e)} otherwise, with {@code e = e^-|x|}.</li>
 * <li>{@code tanh x = x + x^3 Q(x^2)} for {@code |x| < 0.625} (Cephes' {@code tanhf}), else
 * {@code sign(x) (1 - 2 / (e^{2|x|} + 1))}.</li>
 * </ul>
 * Tails shorter than a vector run the scalar reference functions.
 */
final class FloatMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = 0x4B400000;

    private FloatMath() {
    }

    /**
     * {@code e^x} per lane, x clamped to [-87, 88]. {@code t = x log2 e + 1.5 * 2^23} rounds to the
     * integer n in its low mantissa bits, so {@code bits(t) - bits(1.5 * 2^23) + 127} is the biased
     * exponent of {@code 2^n}; all of it stays in vector registers (no float-to-int conversion).
     */
    static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(-87f).min(88f);
        FloatVector t = v.fma(1.44269504088896341f, MAGIC);
        FloatVector n = t.sub(MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(S, -0.693359375f), v);
        r = n.fma(FloatVector.broadcast(S, 2.12194440e-4f), r);
        FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(S, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        FloatVector e = p.fma(r.mul(r), r).add(1f);
        IntVector bits = t.reinterpretAsInts().sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return e.mul(bits.reinterpretAsFloats());
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector num = FloatVector.broadcast(S, 1f).blend(e, x.lt(0f));
        return num.div(e.add(1f));
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector e = exp(ax.add(ax));
        FloatVector big = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
        big = big.blend(big.neg(), x.lt(0f));
        FloatVector x2 = x.mul(x);
        FloatVector q = FloatVector.broadcast(S, -5.70498872745e-3f);
        q = q.fma(x2, FloatVector.broadcast(S, 2.06390887954e-2f));
        q = q.fma(x2, FloatVector.broadcast(S, -5.37397155531e-2f));
        q = q.fma(x2, FloatVector.broadcast(S, 1.33314422036e-1f));
        q = q.fma(x2, FloatVector.broadcast(S, -3.33332819422e-1f));
        FloatVector small = q.mul(x2).fma(x, x);
        VectorMask<Float> near = ax.lt(0.625f);
        return big.blend(small, near);
    }

    /** {@code y[yo + j] = sigmoid(x[xo + j])} for j in [0, n); x and y may be the same range. */
    static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += S.length()) {
            sigmoid(FloatVector.fromArray(S, x, xo + j)).intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            y[yo + j] = FloatKernels.sigmoid(x[xo + j]);
        }
    }

    /** {@code y[yo + j] = tanh(x[xo + j])} for j in [0, n); x and y may be the same range. */
    static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += S.length()) {
            tanh(FloatVector.fromArray(S, x, xo + j)).intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            y[yo + j] = FloatKernels.tanh(x[xo + j]);
        }
    }
}
