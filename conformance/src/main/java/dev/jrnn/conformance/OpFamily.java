package dev.jrnn.conformance;

/**
 * The families of checks in the kit, one per suite. A backend opts out of a family through
 * {@link BackendCompatibilityKit#skipped()}, with a reason; its tests are then reported as skipped
 * with that reason, never as passed.
 */
public enum OpFamily {
    /** fromArray, zeros, full, scalar, the read-backs, transfer and cast ({@link CreationSuite}) */
    CREATION,
    /** unary and binary ops with broadcasting ({@link ElementwiseSuite}) */
    ELEMENTWISE,
    /** ±100, ±1000, ±Inf, NaN, -0 and subnormals through every op ({@link EdgeValueSuite}) */
    EDGE_VALUES,
    /** reductions and the movement ops ({@link MovementSuite}) */
    MOVEMENT,
    /** matrix products and the linear layer ({@link MatmulSuite}) */
    MATMUL,
    /** the fused single recurrent steps, forward and backward ({@link StepSuite}) */
    STEPS,
    /** the whole-sequence recurrent kernels ({@link SequenceSuite}) */
    SEQUENCES,
    /** batch-1 and size-1 shapes of every composite op ({@link SmallShapeSuite}) */
    SMALL_SHAPES,
    /** results are new tensors that outlive their inputs; fromArray and the read-backs copy ({@link OwnershipSuite}) */
    OWNERSHIP,
    /** bad input is rejected with a message naming the op ({@link ValidationSuite}) */
    VALIDATION,
    /** the backend's memory counter, scopes and closed tensors ({@link MemorySuite}) */
    MEMORY,
    /** heap, direct and resident memory stay flat over a long loop, whatever the counter says ({@link LeakSuite}) */
    LEAKS,
    /** ops called from several threads at once ({@link ConcurrencySuite}) */
    CONCURRENCY,
    /** the backend's provider: ServiceLoader, name, availability, create ({@link ProviderSuite}) */
    PROVIDER
}
