package dev.jrnn.backend.ejml;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 sigmoid and tanh over arrays on the Vector API, within a few ulp of the double-precision
 * reference (relative error below 1e-6). The exponential is Cephes' {@code expf}: with x clamped to
 * [-87, 88], {@code t = x log2 e + 1.5 * 2^23} rounds {@code n = round(x log2 e)} into its low mantissa
 * bits, {@code r = x - n ln 2} (ln 2 split in two), {@code e^r = 1 + r + r^2 P(r)} with a degree-5 P,
 * and {@code e^x = 2^n e^r} with {@code 2^n} built from {@code bits(t) - bits(1.5 * 2^23) + 127} as
 * exponent bits (no float-to-int conversion).
 * <ul>
 * <li>{@code sigmoid x = 1 / (1 + e)} for {@code x >= 0}, {@code e / (1 + e)} otherwise, with {@code e = e^-|x|}.</li>
 * <li>{@code tanh x = x + x^3 Q(x^2)} for {@code |x| < 0.625} (Cephes' {@code tanhf}), else
 * {@code sign(x) (1 - 2 / (e^{2|x|} + 1))}.</li>
 * </ul>
 * Each loop is written out in one method: a helper that returned a vector would, when C2 did not
 * inline it, box every vector. Tails shorter than a vector run the scalar reference functions.
 */
final class FloatMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = 0x4B400000;
    private static final float LN2_HI = -0.693359375f;
    private static final float LN2_LO = 2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private FloatMath() {
    }

    /** {@code y[yo + j] = sigmoid(x[xo + j])} for j in [0, n); x and y may be the same range. */
    static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += S.length()) {
            FloatVector z = FloatVector.fromArray(S, x, xo + j);
            FloatVector v = z.abs().neg().max(-87f);
            FloatVector t = v.fma(1.44269504088896341f, MAGIC);
            FloatVector m = t.sub(MAGIC);
            FloatVector r = m.fma(FloatVector.broadcast(S, LN2_HI), v);
            r = m.fma(FloatVector.broadcast(S, LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, P0), FloatVector.broadcast(S, P1));
            p = p.fma(r, FloatVector.broadcast(S, P2));
            p = p.fma(r, FloatVector.broadcast(S, P3));
            p = p.fma(r, FloatVector.broadcast(S, P4));
            p = p.fma(r, FloatVector.broadcast(S, P5));
            FloatVector e = p.fma(r.mul(r), r).add(1f)
                    .mul(t.reinterpretAsInts().sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                            .reinterpretAsFloats());
            one.blend(e, z.lt(0f)).div(e.add(1f)).intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            y[yo + j] = FloatKernels.sigmoid(x[xo + j]);
        }
    }

    /** {@code y[yo + j] = tanh(x[xo + j])} for j in [0, n); x and y may be the same range. */
    static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f);
        int j = 0;
        for (int end = S.loopBound(n); j < end; j += S.length()) {
            FloatVector z = FloatVector.fromArray(S, x, xo + j);
            FloatVector ax = z.abs();
            FloatVector v = ax.add(ax).min(88f);
            FloatVector t = v.fma(1.44269504088896341f, MAGIC);
            FloatVector m = t.sub(MAGIC);
            FloatVector r = m.fma(FloatVector.broadcast(S, LN2_HI), v);
            r = m.fma(FloatVector.broadcast(S, LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, P0), FloatVector.broadcast(S, P1));
            p = p.fma(r, FloatVector.broadcast(S, P2));
            p = p.fma(r, FloatVector.broadcast(S, P3));
            p = p.fma(r, FloatVector.broadcast(S, P4));
            p = p.fma(r, FloatVector.broadcast(S, P5));
            FloatVector e = p.fma(r.mul(r), r).add(1f)
                    .mul(t.reinterpretAsInts().sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                            .reinterpretAsFloats());
            FloatVector big = one.sub(two.div(e.add(1f)));
            big = big.blend(big.neg(), z.lt(0f));
            FloatVector x2 = z.mul(z);
            FloatVector q = x2.fma(FloatVector.broadcast(S, -5.70498872745e-3f),
                    FloatVector.broadcast(S, 2.06390887954e-2f));
            q = q.fma(x2, FloatVector.broadcast(S, -5.37397155531e-2f));
            q = q.fma(x2, FloatVector.broadcast(S, 1.33314422036e-1f));
            q = q.fma(x2, FloatVector.broadcast(S, -3.33332819422e-1f));
            big.blend(q.mul(x2).fma(z, z), ax.lt(0.625f)).intoArray(y, yo + j);
        }
        for (; j < n; j++) {
            y[yo + j] = FloatKernels.tanh(x[xo + j]);
        }
    }
}
