package dev.jrnn.examples.generate;

import dev.jrnn.api.Shape;
import dev.jrnn.models.train.Dataset;

/**
 * A text cut into B parallel streams for truncated back-propagation through time, as char-rnn
 * does: stream b is the contiguous run of characters {@code [b L, (b + 1) L + 1)} with
 * {@code L = floor((n - 1) / B)}, and chunk k of length T holds inputs {@code [k T, (k + 1) T)}
 * of every stream and, as targets, the characters one position later. The state an LSTM ends a
 * chunk with is therefore the right start for the next chunk of the same stream.
 */
public final class Streams {
    private final int[] ids;
    private final int batch;
    private final int length;
    private final int chunk;

    /**
     * @param ids   the text's character indices
     * @param batch B, the number of streams
     * @param chunk T, the steps back-propagated through
     */
    public Streams(int[] ids, int batch, int chunk) {
        if (batch <= 0 || chunk <= 0) {
            throw new IllegalArgumentException("streams: batch " + batch + " and chunk " + chunk + " must be positive");
        }
        this.ids = ids;
        this.batch = batch;
        this.chunk = chunk;
        this.length = (ids.length - 1) / batch;
        if (length < chunk) {
            throw new IllegalArgumentException("a text of " + ids.length + " characters is too short for " + batch
                    + " streams of at least " + chunk + " + 1 characters; use a longer text or smaller --batch/--chunk");
        }
    }

    /** Number of whole chunks per stream, {@code floor(L / T)}: the steps of one epoch. */
    public int chunks() {
        return length / chunk;
    }

    public int batch() {
        return batch;
    }

    public int chunkLength() {
        return chunk;
    }

    /**
     * The streams as B samples of their whole chunks, {@code chunks() T} character indices each,
     * with targets one position later: truncated BPTT in chunks of T walks them as
     * {@link #inputs} and {@link #targets} hand them out, chunk after chunk.
     */
    public Dataset dataset() {
        int n = chunks() * chunk;
        double[] x = new double[batch * n];
        double[] y = new double[batch * n];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < n; t++) {
                x[b * n + t] = ids[b * length + t];
                y[b * n + t] = ids[b * length + t + 1];
            }
        }
        return new Dataset(x, Shape.of(n), y, Shape.of(n));
    }

    /** Inputs of chunk {@code k}, [T][B]. */
    public int[][] inputs(int k) {
        return window(k, 0);
    }

    /** Targets of chunk {@code k}, flattened row {@code t*B + b} to match the model's logits. */
    public int[] targets(int k) {
        int[][] w = window(k, 1);
        int[] flat = new int[chunk * batch];
        for (int t = 0; t < chunk; t++) {
            System.arraycopy(w[t], 0, flat, t * batch, batch);
        }
        return flat;
    }

    private int[][] window(int k, int shift) {
        if (k < 0 || k >= chunks()) {
            throw new IndexOutOfBoundsException("chunk " + k + " of " + chunks());
        }
        int[][] w = new int[chunk][batch];
        for (int t = 0; t < chunk; t++) {
            for (int b = 0; b < batch; b++) {
                w[t][b] = ids[b * length + k * chunk + t + shift];
            }
        }
        return w;
    }
}
