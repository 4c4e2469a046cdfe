/**
 * Golden parity: recurrent layers run on the backend under test must reproduce PyTorch's outputs,
 * final states and gradients stored in safetensors files ({@link dev.jrnn.conformance.golden.GoldenParityKit}).
 */
package dev.jrnn.conformance.golden;
