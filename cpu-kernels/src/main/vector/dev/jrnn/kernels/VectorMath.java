package dev.jrnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 exp, sigmoid and tanh per lane on the Vector API, within a few ulp of the double-precision
 * reference (relative error below 1e-6). The exponential is Cephes' {@code expf}:
 * {@code n = round(x log2 e)}, {@code r = x - n ln 2} (ln 2 split in two), {@code e^r = 1 + r + r^2 P(r)}
 * with a degree-5 P, and {@code e^x = 2^n e^r} built in the exponent bits.
 * <ul>
 * <li>{@code sigmoid x = 1 / (1 + e)} for {@code x >= 0}, {@code e / (1 + e)} otherwise, with {@code e = e^-|x|}.</li>
 * <li>{@code tanh x = x + x^3 Q(x^2)} for {@code |x| < 0.625} (Cephes' {@code tanhf}), else
 * {@code sign(x) (1 - e) / (1 + e)} with {@code e = e^{-2|x|}}.</li>
 * </ul>
 */
final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private static final FloatVector LO = FloatVector.broadcast(S, -87f);
    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504088896341f);
    private static final FloatVector BIAS = FloatVector.broadcast(S, MAGIC);
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private static final IntVector SIGN_BIT = IntVector.broadcast(S.withLanes(int.class), 0x80000000);

    private VectorMath() {
    }

    /**
     * {@code e^x} per lane for {@code x <= 0} (the activations' {@code e^-|x|}, {@code e^{-2|x|}}), x
     * clamped below at -87. {@code 2^n} is built from the bits of {@code MAGIC + n} (n sits in the low
     * mantissa bits), a reinterpretation the JIT compiles to nothing, instead of a float-to-int
     * conversion that JDK 17 runs as slow Java code. The clamp is a comparison and a blend: the
     * Vector API's {@code max} keeps Java's NaN and signed-zero rules, which AVX2 has no instruction
     * for, and compiles to several blends.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector v = x.blend(LO, x.lt(-87f));
        FloatVector t = v.fma(LOG2E, BIAS);
        FloatVector n = t.sub(BIAS);
        FloatVector r = n.fma(FloatVector.broadcast(S, -0.693359375f), v);
        r = n.fma(FloatVector.broadcast(S, 2.12194440e-4f), r);
        FloatVector p = FloatVector.broadcast(S, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(S, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        FloatVector e = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return e.mul(bits.reinterpretAsFloats());
    }

    /** {@code 1 / (1 + e^-x)} per lane. */
    static FloatVector sigmoid(FloatVector x) {
        // -|x| as x with its sign bit set: one operation where abs and neg take two
        FloatVector e = exp(((IntVector) x.reinterpretAsInts()).or(SIGN_BIT).reinterpretAsFloats());
        FloatVector num = FloatVector.broadcast(S, 1f).blend(e, x.lt(0f));
        return num.div(e.add(1f));
    }

    /**
     * {@code tanh x} per lane, computed on {@code |x|} and given x's sign bit at the end: one mask
     * and one blend, cheaper than selecting the sign by comparison and a second blend.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector e = exp(ax.mul(-2f));
        FloatVector big = ONE.sub(e).div(ONE.add(e));
        FloatVector x2 = ax.mul(ax);
        FloatVector q = FloatVector.broadcast(S, -5.70498872745e-3f);
        q = q.fma(x2, FloatVector.broadcast(S, 2.06390887954e-2f));
        q = q.fma(x2, FloatVector.broadcast(S, -5.37397155531e-2f));
        q = q.fma(x2, FloatVector.broadcast(S, 1.33314422036e-1f));
        q = q.fma(x2, FloatVector.broadcast(S, -3.33332819422e-1f));
        FloatVector small = q.mul(x2).fma(ax, ax);
        FloatVector magnitude = big.blend(small, ax.lt(0.625f));
        IntVector sign = ((IntVector) x.reinterpretAsInts()).and(SIGN_BIT);
        return ((IntVector) magnitude.reinterpretAsInts()).or(sign).reinterpretAsFloats();
    }

    /** {@code 1 - x^2} per lane. */
    static FloatVector oneMinusSquare(FloatVector x) {
        return x.neg().fma(x, FloatVector.broadcast(S, 1f));
    }

    /** The lanes of {@code a} from {@code off}, or zeros when {@code a} is null. */
    static FloatVector load(float[] a, int off) {
        return a == null ? FloatVector.zero(S) : FloatVector.fromArray(S, a, off);
    }
}
