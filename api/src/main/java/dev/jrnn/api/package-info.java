/**
 * jrnn's core values: {@link dev.jrnn.api.Tensor}, its {@link dev.jrnn.api.Shape} and
 * {@link dev.jrnn.api.DType}, and {@link dev.jrnn.api.TensorScope} for freeing memory.
 */
package dev.jrnn.api;
