/**
 * Fused gate math of the LSTM, GRU and Elman RNN cells on {@code float[]} and {@code double[]} row
 * blocks with offsets (the LSTM's and GRU's FLOAT32 kernels also on byte buffers in the platform's
 * byte order, a native backend's memory in place), shared by jrnn's CPU backends: Vector API kernels for FLOAT32 when the JVM
 * runs with {@code jdk.incubator.vector} and {@code jrnn.vector} is not {@code false}, scalar ones
 * otherwise, {@link java.lang.Math} for FLOAT64; and {@link dev.jrnn.kernels.Workers}, spinning
 * threads for the small parallel jobs of a recurrent step ({@link dev.jrnn.kernels.RowSplit} splits a
 * kernel's batch rows over them); the FLOAT32 product of one row, or a block of rows, by a matrix
 * packed once ({@link dev.jrnn.kernels.RowProduct}; on the Vector API, the packed GEMM
 * {@code VectorGemm} that the EJML backend's products run on), the batch-1 LSTM inference loop on it
 * ({@link dev.jrnn.kernels.OneRowLstmInference}) and the LSTM inference loop of several batch rows on
 * the stacked weights ({@link dev.jrnn.kernels.LstmSequenceInference}). A backend reads {@link dev.jrnn.kernels.CpuSettings} when it is
 * created and holds the {@link dev.jrnn.kernels.CpuKernels} they choose.
 */
package dev.jrnn.kernels;
