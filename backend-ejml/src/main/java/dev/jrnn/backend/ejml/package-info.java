/**
 * The pure-Java CPU backend on EJML: {@code FMatrixRMaj} and {@code DMatrixRMaj} storage, GEMMs, and
 * fused recurrent drivers whose gate math is the shared {@link dev.jrnn.kernels} of jrnn's CPU backends.
 *
 * <p>Two GEMM paths, chosen when the backend is created ({@link dev.jrnn.backend.ejml.Simd}):
 * <ul>
 * <li>With {@code --add-modules jdk.incubator.vector} on the JVM's command line (and the system
 * property {@code jrnn.vector} not {@code false}): a packed, register-blocked GEMM on the Vector
 * API ({@code C += A B} with a 6-row by 2-vector tile of fused multiply-adds), split over the cores
 * by rows or columns. These classes are compiled from {@code src/main/vector} and loaded by name, so
 * the jar runs on any Java 17 JVM.</li>
 * <li>Otherwise: EJML's (concurrent) GEMM.</li>
 * </ul>
 * The FLOAT32 gate math follows the same switch ({@link dev.jrnn.kernels.CpuKernels}); FLOAT64 gate
 * math is scalar double-precision code on both paths.
 */
package dev.jrnn.backend.ejml;
