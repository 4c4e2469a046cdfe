package dev.jrnn.conformance;

import dev.jrnn.api.Tensor;

/**
 * The same values on two backends: {@code subject} on the backend under test, {@code oracle} on
 * the reference backend.
 */
public record TensorPair(Tensor subject, Tensor oracle) {
}
