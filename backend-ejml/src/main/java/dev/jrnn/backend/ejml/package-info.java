/**
 * The pure-Java CPU backend on EJML: {@code FMatrixRMaj} and {@code DMatrixRMaj} storage, EJML's
 * (concurrent) GEMM kernels and fused recurrent kernels written as tight loops over primitive arrays.
 */
package dev.jrnn.backend.ejml;
