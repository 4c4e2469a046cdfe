package dev.jrnn.models.train;

import java.util.SplittableRandom;

/**
 * Splits N sample indices into minibatches, the last one possibly smaller; with shuffling, each
 * epoch's order is a Fisher-Yates permutation drawn from a generator seeded by (seed, epoch), so a
 * run is reproducible and epochs are independent of how many were run before.
 */
final class Batches {
    private final int size;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;

    Batches(int size, int batchSize, boolean shuffle, long seed) {
        this.size = size;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** Batches per epoch, {@code ceil(N / batchSize)}. */
    int count() {
        return count(size, batchSize);
    }

    /** {@code ceil(size / batchSize)}. */
    static int count(int size, int batchSize) {
        return (size + batchSize - 1) / batchSize;
    }

    /** The batches of {@code epoch}, each an array of sample indices. */
    int[][] epoch(int epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (epoch + 1L));
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int[][] batches = new int[count()][];
        for (int b = 0; b < batches.length; b++) {
            int from = b * batchSize;
            batches[b] = java.util.Arrays.copyOfRange(order, from, Math.min(size, from + batchSize));
        }
        return batches;
    }
}
