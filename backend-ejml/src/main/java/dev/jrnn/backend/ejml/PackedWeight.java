package dev.jrnn.backend.ejml;

import org.ejml.data.ReshapeMatrix;

/**
 * The right operand B [k, n] of many products (a recurrent weight, used at every step), prepared
 * once: {@code panels} holds B in the Vector API kernel's packed layout, or is null where those
 * kernels do not run (FLOAT64, or no Vector API), and the products then use {@code matrix}.
 */
record PackedWeight(ReshapeMatrix matrix, float[] panels) {
}
