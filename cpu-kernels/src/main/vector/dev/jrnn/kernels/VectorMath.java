package dev.jrnn.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * FLOAT32 exp, sigmoid and tanh per lane on the Vector API, within a few ulp of the double-precision
 * reference (relative error below 1e-6; about 3e-7 measured over [-100, 100]).
 * <ul>
 * <li>{@code e^x}: {@code n = round(x log2 e)}, {@code r = x - n ln 2} (ln 2 split in two, as in
 * Cephes' {@code expf}), {@code e^r = 1 + r P(r)} with P the degree-4 minimax polynomial of Arm's
 * optimized-routines {@code expf} (1.5 ulp), and {@code e^x = 2^n e^r} built in the exponent bits.</li>
 * <li>{@code sigmoid x = 1 / (1 + e)} for {@code x >= 0}, {@code e / (1 + e)} otherwise, with
 * {@code e = e^-|x|}: relative accuracy down to the smallest outputs, which a rational function of x
 * cannot keep.</li>
 * <li>{@code tanh x = x P(x^2) / Q(x^2)} on x clamped to [-7.9988, 7.9988], P of degree 6 and Q of
 * degree 3 (Eigen's rational approximation, whose clamp is where it reaches {@code 1 - 2^-22}): one
 * division and no exponential, against two branches each computed in full before.</li>
 * </ul>
 */
final class VectorMath {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private static final FloatVector LO = FloatVector.broadcast(S, -87f);
    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504088896341f);
    private static final FloatVector BIAS = FloatVector.broadcast(S, MAGIC);
    private static final float TANH_CLAMP = 7.99881172180175781f;
    private static final FloatVector TANH_HI = FloatVector.broadcast(S, TANH_CLAMP);
    private static final FloatVector TANH_LO = FloatVector.broadcast(S, -TANH_CLAMP);
    private static final IntVector SIGN_BIT = IntVector.broadcast(S.withLanes(int.class), 0x80000000);

    private VectorMath() {
    }

    /**
     * {@code e^x} per lane for {@code x <= 0} (the sigmoid's {@code e^-|x|}), x
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
        FloatVector r2 = r.mul(r);
        FloatVector p = r.fma(FloatVector.broadcast(S, 0x1.0e4020p-7f), FloatVector.broadcast(S, 0x1.573e2ep-5f));
        FloatVector q = r.fma(FloatVector.broadcast(S, 0x1.555e66p-3f), FloatVector.broadcast(S, 0x1.fffdb6p-2f));
        q = p.fma(r2, q);
        FloatVector poly = q.fma(r2, r.mul(FloatVector.broadcast(S, 0x1.ffffecp-1f)));
        FloatVector scale = ((IntVector) t.reinterpretAsInts()).sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return poly.fma(scale, scale);
    }

    /** {@code 1 / (1 + e^-x)} per lane. */
    static FloatVector sigmoid(FloatVector x) {
        // -|x| as x with its sign bit set: one operation where abs and neg take two
        FloatVector e = exp(((IntVector) x.reinterpretAsInts()).or(SIGN_BIT).reinterpretAsFloats());
        FloatVector num = FloatVector.broadcast(S, 1f).blend(e, x.lt(0f));
        return num.div(e.add(1f));
    }

    /**
     * {@code tanh x} per lane, the rational approximation of the class comment. Odd, so -0 stays -0;
     * NaN fails both comparisons of the clamp and stays NaN.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector v = x.blend(TANH_HI, x.compare(VectorOperators.GT, TANH_CLAMP));
        v = v.blend(TANH_LO, v.compare(VectorOperators.LT, -TANH_CLAMP));
        FloatVector x2 = v.mul(v);
        FloatVector p = x2.fma(FloatVector.broadcast(S, -2.76076847742355e-16f), FloatVector.broadcast(S, 2.00018790482477e-13f));
        p = p.fma(x2, FloatVector.broadcast(S, -8.60467152213735e-11f));
        p = p.fma(x2, FloatVector.broadcast(S, 5.12229709037114e-08f));
        p = p.fma(x2, FloatVector.broadcast(S, 1.48572235717979e-05f));
        p = p.fma(x2, FloatVector.broadcast(S, 6.37261928875436e-04f));
        p = p.fma(x2, FloatVector.broadcast(S, 4.89352455891786e-03f));
        FloatVector q = x2.fma(FloatVector.broadcast(S, 1.19825839466702e-06f), FloatVector.broadcast(S, 1.18534705686654e-04f));
        q = q.fma(x2, FloatVector.broadcast(S, 2.26843463243900e-03f));
        q = q.fma(x2, FloatVector.broadcast(S, 4.89352518554385e-03f));
        return p.mul(v).div(q);
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
