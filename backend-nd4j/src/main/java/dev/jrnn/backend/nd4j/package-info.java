/**
 * The ND4J backend: tensors are native INDArrays, matrix products run on ND4J's OpenBLAS, and the
 * recurrent kernels fuse the gate math into one pass per time step over preallocated buffers.
 */
package dev.jrnn.backend.nd4j;
