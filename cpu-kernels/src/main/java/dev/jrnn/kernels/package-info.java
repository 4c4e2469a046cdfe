/**
 * Fused gate math of the LSTM, GRU and Elman RNN cells on {@code float[]} and {@code double[]} row
 * blocks with offsets, shared by jrnn's CPU backends: Vector API kernels for FLOAT32 when the JVM
 * runs with {@code jdk.incubator.vector}, scalar ones otherwise, {@link java.lang.Math} for FLOAT64.
 */
package dev.jrnn.kernels;
