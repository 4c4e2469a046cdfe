package dev.jrnn.models.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * Splits N sample indices into minibatches, the last one possibly smaller; with shuffling, each
 * epoch's order is a Fisher-Yates permutation drawn from a generator seeded by (seed, epoch), so a
 * run is reproducible and epochs are independent of how many were run before.
 *
 * <p>Given the samples' lengths and a pool size, batches group similar lengths, as torchtext's
 * {@code BucketIterator} and Keras' {@code bucket_by_sequence_length}: the shuffled order is cut
 * into pools of {@code batchesPerPool * batchSize} samples, each pool is sorted by length (stable,
 * so ties keep the shuffled order) and cut into batches, and the batches of the epoch are then
 * shuffled with the same generator. Padding to a batch's longest sequence then costs little, and
 * the batches still differ from epoch to epoch. Without shuffling, all samples are sorted by
 * length and batched in that order.
 */
final class Batches {
    private final int size;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int[] lengths;
    private final int batchesPerPool;

    Batches(int size, int batchSize, boolean shuffle, long seed) {
        this(size, batchSize, shuffle, seed, null, 0);
    }

    /**
     * @param lengths        each sample's length, or null to batch in plain (shuffled) order
     * @param batchesPerPool batches per pool that is sorted by length; used with lengths
     */
    Batches(int size, int batchSize, boolean shuffle, long seed, int[] lengths, int batchesPerPool) {
        if (lengths != null && lengths.length != size) {
            throw new IllegalArgumentException("trainer: " + lengths.length + " lengths for " + size + " samples");
        }
        this.size = size;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.lengths = lengths;
        this.batchesPerPool = batchesPerPool;
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
        SplittableRandom random = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (epoch + 1L));
        if (shuffle) {
            shuffle(order, random);
        }
        if (lengths == null) {
            return cut(order, 0, size);
        }
        int pool = shuffle ? (int) Math.min(size, (long) batchesPerPool * batchSize) : size;
        Integer[] boxed = Arrays.stream(order).boxed().toArray(Integer[]::new);
        int[][] batches = new int[count()][];
        int next = 0;
        for (int from = 0; from < size; from += pool) {
            int to = Math.min(size, from + pool);
            Arrays.sort(boxed, from, to, Comparator.comparingInt(i -> lengths[i]));
            for (int i = from; i < to; i++) {
                order[i] = boxed[i];
            }
            for (int[] batch : cut(order, from, to)) {
                batches[next++] = batch;
            }
        }
        if (shuffle) {
            shuffle(batches, random);
        }
        return batches;
    }

    /** {@code order[from, to)} in batches of {@code batchSize}, the last one possibly smaller. */
    private int[][] cut(int[] order, int from, int to) {
        int[][] batches = new int[count(to - from, batchSize)][];
        for (int b = 0; b < batches.length; b++) {
            int start = from + b * batchSize;
            batches[b] = Arrays.copyOfRange(order, start, Math.min(to, start + batchSize));
        }
        return batches;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void shuffle(int[][] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int[] t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
