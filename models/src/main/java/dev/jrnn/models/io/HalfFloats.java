package dev.jrnn.models.io;

/**
 * The 16-bit floating-point formats of safetensors files: IEEE 754 binary16 ({@code F16}: 1 sign,
 * 5 exponent bits with bias 15, 10 fraction bits) and bfloat16 ({@code BF16}: the upper half of a
 * float, 1 sign, 8 exponent bits with bias 127, 7 fraction bits).
 *
 * <p>Decoding is exact (every such value is a float), subnormals, infinities and NaN included.
 * Encoding rounds once, from the double given, to the nearest representable value, ties to the
 * even fraction (IEEE 754's default, as PyTorch's {@code .half()} and {@code .bfloat16()} of a float
 * tensor): {@code r = rint(|x| / q) q} with the quantum {@code q = 2^(max(e, e_min) - p)}, {@code e} the
 * binary exponent of x, {@code p} the fraction bits and {@code e_min} the least normal exponent
 * (-14, -126), below which the values are subnormal multiples of {@code 2^(e_min - p)}. A value whose
 * rounding exceeds the largest finite one (65504 for F16, about 3.39e38 for BF16) becomes an
 * infinity; NaN stays NaN (the quiet NaN with x's sign).
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** One 16-bit format: fraction bits, exponent bias, largest finite value. */
    private record Format(int fractionBits, int bias, double max) {
        int minExponent() {
            return 1 - bias;
        }

        int exponentMask() {
            return (1 << (15 - fractionBits)) - 1;
        }
    }

    private static final Format F16 = new Format(10, 15, 65504.0);
    private static final Format BF16 = new Format(7, 127, 0x1.FEp127);

    /** The largest finite F16 value, 65504. */
    public static final double F16_MAX = F16.max();
    /** The largest finite BF16 value, {@code (2 - 2^-7) 2^127}, about 3.39e38. */
    public static final double BF16_MAX = BF16.max();

    /** The value of the binary16 {@code bits}. */
    public static float fromF16(short bits) {
        return decode(bits, F16);
    }

    /** The value of the bfloat16 {@code bits}: the float whose upper 16 bits they are. */
    public static float fromBF16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** {@code x} rounded to binary16, ties to even; beyond {@link #F16_MAX} after rounding, infinite. */
    public static short toF16(double x) {
        return encode(x, F16);
    }

    /** {@code x} rounded to bfloat16, ties to even; beyond {@link #BF16_MAX} after rounding, infinite. */
    public static short toBF16(double x) {
        return encode(x, BF16);
    }

    private static float decode(short bits, Format f) {
        int h = bits & 0xFFFF;
        boolean negative = (h & 0x8000) != 0;
        int exponent = (h >>> f.fractionBits()) & f.exponentMask();
        int fraction = h & ((1 << f.fractionBits()) - 1);
        double magnitude;
        if (exponent == 0) {
            magnitude = Math.scalb((double) fraction, f.minExponent() - f.fractionBits());
        } else if (exponent == f.exponentMask()) {
            magnitude = fraction == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = Math.scalb((double) ((1 << f.fractionBits()) | fraction), exponent - f.bias() - f.fractionBits());
        }
        return (float) (negative ? -magnitude : magnitude);
    }

    private static short encode(double x, Format f) {
        int sign = Double.doubleToRawLongBits(x) < 0 ? 0x8000 : 0;
        int infinity = f.exponentMask() << f.fractionBits();
        if (Double.isNaN(x)) {
            return (short) (sign | infinity | (1 << (f.fractionBits() - 1)));
        }
        double a = Math.abs(x);
        if (a == Double.POSITIVE_INFINITY) {
            return (short) (sign | infinity);
        }
        int e = Math.max(Math.getExponent(a), f.minExponent());
        double quantum = Math.scalb(1.0, e - f.fractionBits());
        double r = Math.rint(a / quantum) * quantum;    // exact: scaling by powers of two, rint ties to even
        if (r > f.max()) {
            return (short) (sign | infinity);
        }
        if (r == 0) {
            return (short) sign;
        }
        int er = Math.getExponent(r);
        if (er < f.minExponent()) {
            return (short) (sign | (int) Math.scalb(r, f.fractionBits() - f.minExponent()));
        }
        int fraction = (int) (Math.scalb(r, f.fractionBits() - er) - (1 << f.fractionBits()));
        return (short) (sign | ((er + f.bias()) << f.fractionBits()) | fraction);
    }
}
