package dev.jrnn.api.backend;

import java.util.Objects;

/**
 * What a model asks of a backend for one pass (for example one training step): how many backend
 * calls it makes and how many floating-point operations its matrix products hold. A
 * {@link CostModel} turns it into an estimated time, and {@link Backends#select(String, Workload)}
 * picks the backend of the lowest estimate.
 *
 * <p>Measure a workload rather than guess it: run one pass of the real model on a
 * {@link dev.jrnn.api.reference.CountingBackend} and take its {@link
 * dev.jrnn.api.reference.CountingBackend#workload(String) workload}.
 *
 * @param description what the pass is, for the selection's explanation, for example
 *                    {@code "a training step of lstm hidden 32, 36 steps, batch 16"}
 * @param ops         backend calls of one pass (each call the model makes through {@link Backend},
 *                    a fused one included, counts once)
 * @param flops       floating-point operations of the pass's matrix products, {@code 2 M N K} for
 *                    each [M, K] x [K, N] product
 */
public record Workload(String description, long ops, double flops) {

    public Workload {
        Objects.requireNonNull(description, "description");
        if (ops < 0 || !(flops >= 0) || Double.isInfinite(flops)) {
            throw new IllegalArgumentException("a workload needs ops >= 0 and finite flops >= 0, got ops " + ops
                    + ", flops " + flops + " (" + description + ")");
        }
    }

    /**
     * This workload with its flops multiplied by {@code factor}: a pass measured at batch 1 scaled to
     * batch B (every matrix product of a recurrent training step has the batch as one dimension, so
     * its flops grow linearly with it, while the calls stay the same).
     */
    public Workload scaleFlops(double factor, String newDescription) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("flops scale factor must be finite and >= 0, got " + factor);
        }
        return new Workload(newDescription, ops, flops * factor);
    }
}
