/**
 * The pure-Java CPU backend on EJML: {@code FMatrixRMaj} and {@code DMatrixRMaj} storage and fused
 * recurrent kernels written as tight loops over primitive arrays.
 *
 * <p>Two sets of compute kernels, chosen once per JVM by {@link dev.jrnn.backend.ejml.Simd}:
 * <ul>
 * <li>With {@code --add-modules jdk.incubator.vector} on the JVM's command line (and the system
 * property {@code jrnn.ejml.vector} not {@code false}): a packed, register-blocked GEMM on the Vector
 * API ({@code C += A B} with a 6-row by 2-vector tile of fused multiply-adds), split over the cores
 * by rows or columns, and vectorized {@code sigmoid}/{@code tanh} (Cephes' {@code expf}, a few ulp)
 * in the FLOAT32 gate loops. These classes are compiled from {@code src/main/vector} and loaded by
 * name, so the jar runs on any Java 17 JVM.</li>
 * <li>Otherwise: EJML's (concurrent) GEMM and the scalar gate loops, computed in double.</li>
 * </ul>
 * FLOAT64 gate math is the scalar double-precision code on both paths.
 */
package dev.jrnn.backend.ejml;
