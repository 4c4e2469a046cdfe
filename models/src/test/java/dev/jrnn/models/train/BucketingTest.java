package dev.jrnn.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BucketingTest {
    private static final int N = 1000;
    private static final int BATCH = 16;

    /** Lengths 1..200 drawn at random. */
    private static int[] lengths(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] lengths = new int[N];
        for (int i = 0; i < N; i++) {
            lengths[i] = 1 + random.nextInt(200);
        }
        return lengths;
    }

    /** The largest max - min of lengths within a batch, and the padded steps of the epoch. */
    private static int[] spreadAndPadding(int[][] batches, int[] lengths) {
        int worst = 0;
        int padding = 0;
        for (int[] batch : batches) {
            int max = Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
            int min = Arrays.stream(batch).map(i -> lengths[i]).min().orElseThrow();
            worst = Math.max(worst, max - min);
            for (int i : batch) {
                padding += max - lengths[i];
            }
        }
        return new int[] {worst, padding};
    }

    @Test
    @DisplayName("bucketed batches hold similar lengths (spread a few steps against ~190 for a plain shuffle), each sample once")
    void groupsSimilarLengths() {
        int[] lengths = lengths(1);
        int[][] bucketed = new Batches(N, BATCH, true, 7, lengths, 100).epoch(0);
        int[][] plain = new Batches(N, BATCH, true, 7).epoch(0);
        int[] b = spreadAndPadding(bucketed, lengths);
        int[] p = spreadAndPadding(plain, lengths);
        assertTrue(b[0] <= 10, "largest spread within a bucketed batch " + b[0]);
        assertTrue(p[0] > 150, "largest spread within a shuffled batch " + p[0]);
        assertTrue(b[1] * 20 < p[1], "padded steps " + b[1] + " bucketed against " + p[1] + " shuffled");
        assertEquals(Batches.count(N, BATCH), bucketed.length);
        int[] all = Arrays.stream(bucketed).flatMapToInt(Arrays::stream).sorted().toArray();
        assertEquals(N, all.length);
        for (int i = 0; i < N; i++) {
            assertEquals(i, all[i], "every sample exactly once");
        }
        assertEquals(1, Arrays.stream(bucketed).filter(batch -> batch.length < BATCH).count(), "one short batch");
    }

    @Test
    @DisplayName("bucketing is deterministic per seed and epoch, and differs across seeds and epochs")
    void deterministic() {
        int[] lengths = lengths(2);
        int[][] a = new Batches(N, BATCH, true, 3, lengths, 10).epoch(4);
        assertArrayEquals(a, new Batches(N, BATCH, true, 3, lengths, 10).epoch(4));
        assertFalse(Arrays.deepEquals(a, new Batches(N, BATCH, true, 4, lengths, 10).epoch(4)));
        assertFalse(Arrays.deepEquals(a, new Batches(N, BATCH, true, 3, lengths, 10).epoch(5)));
    }

    @Test
    @DisplayName("small pools bucket less: one batch per pool is a plain shuffle's spread")
    void poolSizeTradesRandomnessForPadding() {
        int[] lengths = lengths(3);
        int[] small = spreadAndPadding(new Batches(N, BATCH, true, 1, lengths, 1).epoch(0), lengths);
        int[] mid = spreadAndPadding(new Batches(N, BATCH, true, 1, lengths, 4).epoch(0), lengths);
        int[] large = spreadAndPadding(new Batches(N, BATCH, true, 1, lengths, 100).epoch(0), lengths);
        assertTrue(small[1] > mid[1] && mid[1] > large[1], small[1] + " > " + mid[1] + " > " + large[1]);
    }

    @Test
    @DisplayName("without shuffling, samples are batched in order of length, ties in index order")
    void unshuffledSortsByLength() {
        int[] lengths = {5, 1, 3, 1, 4};
        int[][] batches = new Batches(5, 2, false, 0, lengths, 100).epoch(0);
        assertArrayEquals(new int[][] {{1, 3}, {2, 4}, {0}}, batches);
    }
}
