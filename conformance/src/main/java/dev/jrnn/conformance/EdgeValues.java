package dev.jrnn.conformance;

import dev.jrnn.api.DType;

/**
 * The values every op is fed besides ordinary ones: zeros of both signs, ±1, magnitudes that
 * overflow a naive {@code e^x} (±100 past float32's 88.7, ±1000 past float64's 709), infinities,
 * NaN, subnormals and the largest finite value of the dtype.
 */
final class EdgeValues {
    private EdgeValues() {
    }

    static double[] of(DType dtype) {
        boolean f32 = dtype == DType.FLOAT32;
        double subnormal = subnormal(dtype);
        double smallest = f32 ? Float.MIN_VALUE : Double.MIN_VALUE;
        double largest = f32 ? Float.MAX_VALUE : Double.MAX_VALUE;
        return new double[] {0.0, -0.0, 1.0, -1.0, 0.5, 30.0, -30.0, 80.0, -80.0, 100.0, -100.0, 1000.0, -1000.0,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, subnormal, -subnormal, smallest, largest,
            -largest};
    }

    /** A subnormal of {@code dtype}: 1e-40 (float32), 1e-310 (float64). */
    static double subnormal(DType dtype) {
        return dtype == DType.FLOAT32 ? 1e-40 : 1e-310;
    }

    /** {@code v} for a message: {@code -0.0}, {@code NaN}, {@code 1.0E-40}. */
    static String show(double v) {
        return Double.toString(v);
    }
}
