package dev.jrnn.conformance;

/** The shapes and sizes the suites use, in one place. */
final class KitShapes {
    /** Unary inputs: scalar, one element, vectors, matrices, rank 3. */
    static final int[][] UNARY = {{}, {1}, {1, 1}, {3, 5}, {2, 3, 4}};

    /**
     * Matmul {M, K, N}: 1x1, vectors, non-square, square (where reading an operand transposed or not
     * keeps every shape valid, so only the values tell), sizes past small-matrix fast paths, and an
     * inner dimension past the depth of a blocked kernel's first block (512), not a multiple of 16.
     */
    static final int[][] MATMUL = {{1, 1, 1}, {1, 5, 1}, {4, 1, 3}, {2, 3, 4}, {5, 4, 3}, {6, 6, 6}, {3, 7, 7},
            {7, 7, 2}, {17, 33, 9}, {64, 48, 80}, {9, 600, 11}};

    /**
     * Reduction inputs: one element, a vector, non-square, and square (where reducing along the wrong
     * axis keeps the result's shape, so only the values tell).
     */
    static final int[][] REDUCE = {{1}, {6}, {1, 1}, {3, 5}, {4, 4}, {2, 3, 4}, {3, 3, 3}};

    /** Batch and hidden size of the single-step tests. */
    static final int STEP_BATCH = 3;
    static final int STEP_HIDDEN = 4;

    /** Steps, batch and hidden size of the sequence tests. */
    static final int SEQUENCE_STEPS = 4;
    static final int SEQUENCE_BATCH = 3;
    static final int SEQUENCE_HIDDEN = 3;
    /** Input features of the layer-level sequence tests: unlike the hidden size, so a swapped weight fails. */
    static final int SEQUENCE_INPUT = 5;

    /** Sequence lengths: unsorted, one of full length, one of a single step. */
    static int[] sequenceLengths() {
        return new int[] {SEQUENCE_STEPS, 1, 3};
    }

    private KitShapes() {
    }
}
