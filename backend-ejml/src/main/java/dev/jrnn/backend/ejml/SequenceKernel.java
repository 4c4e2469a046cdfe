package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.EjmlBackend.ejml;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceSizes;

/**
 * What the whole-sequence kernels share: the sizes (T steps, batch B, hidden H, G*H gate columns)
 * that {@link dev.jrnn.api.fused.SequenceChecks} checked, the blocks of batch rows a sequence runs in
 * ({@link #forBlocks}), and per block the per-step mask of running sequences and row copies under it. A sequence b runs at step t when {@code t < lengths[b]}; a stopped sequence
 * carries its state, as in PyTorch's packed sequences.
 */
abstract class SequenceKernel {
    final EjmlBackend be;
    final CellKind kind;
    final DType dtype;
    final Kernels k;
    final int steps;
    final int batch;
    final int hidden;
    final int gateWidth;
    final Tensor recurrentWeight;
    /** Each sequence's length, or null when all run every step. */
    final int[] lengths;

    SequenceKernel(EjmlBackend be, CellKind kind, SequenceSizes sizes, Tensor recurrentWeight, int[] lengths) {
        this.be = be;
        this.kind = kind;
        this.dtype = sizes.dtype();
        this.k = be.kernels(dtype);
        this.steps = sizes.steps();
        this.batch = sizes.batch();
        this.hidden = sizes.hidden();
        this.gateWidth = sizes.gateWidth();
        this.recurrentWeight = recurrentWeight;
        this.lengths = lengths == null ? null : lengths.clone();
    }

    /**
     * Runs {@code body} over blocks of the batch rows whose step product is [rows, depth] x [depth, n]:
     * one block per core, each taken through every step by one thread, where the sequence's products
     * are large enough ({@link Parallel#perCore}) and every block's product still runs on the vector
     * kernels; else one block of all rows, whose products may then split per step. The blocks are cut
     * where each element is computed as in the unsplit product ({@link Gemm#blockRows}).
     */
    void forBlocks(int n, int depth, Parallel.Range body) {
        Gemm gemm = k.gemm;
        long macs = (long) steps * batch * n * depth;
        gemm.parallel().perCore(batch, gemm.blockRows(dtype == DType.FLOAT32), macs,
                rows -> gemm.vector(rows, n, depth), body);
    }

    /** Batch rows {@code [from, to)}, and which of them run at the step of the last {@link #mask}. */
    final class Rows {
        final int from;
        final int count;
        private final boolean[] active;

        Rows(int from, int to) {
            this.from = from;
            this.count = to - from;
            this.active = new boolean[count];
        }

        /** Marks the sequences running at step t; returns whether all of them are. */
        boolean mask(int t) {
            boolean all = true;
            for (int b = 0; b < count; b++) {
                active[b] = lengths == null || t < lengths[from + b];
                all &= active[b];
            }
            return all;
        }

        /** The running rows of the last {@link #mask}, or null when all run. */
        boolean[] activeRows(boolean all) {
            return all ? null : active;
        }

        /**
         * Copies the rows of the [count, H] block at {@code srcOff} to {@code dstOff} whose running flag
         * (from the last {@link #mask}, all true when {@code all}) equals {@code running}.
         */
        void copyRows(Object src, int srcOff, Object dst, int dstOff, boolean all, boolean running) {
            if (all) {
                if (running) {
                    System.arraycopy(src, srcOff, dst, dstOff, count * hidden);
                }
                return;
            }
            for (int b = 0; b < count; b++) {
                if (active[b] == running) {
                    System.arraycopy(src, srcOff + b * hidden, dst, dstOff + b * hidden, hidden);
                }
            }
        }

        /** A new [count, H] array holding these rows of the [B, H] array {@code state}. */
        Object slice(Object state) {
            Object part = Movement.newArray(state, count * hidden);
            System.arraycopy(state, from * hidden, part, 0, count * hidden);
            return part;
        }

        /** Writes the [count, H] array {@code part} back as these rows of the [B, H] array {@code state}. */
        void store(Object part, Object state) {
            System.arraycopy(part, 0, state, from * hidden, count * hidden);
        }
    }

    /** A new array holding a copy of the tensor's elements. */
    Object copyOf(Tensor t) {
        Object data = ejml(t).data();
        Object copy = Movement.newArray(data, t.size());
        System.arraycopy(data, 0, copy, 0, t.size());
        return copy;
    }

    /** A new [B, H] state tensor owning {@code data}. */
    EjmlTensor state(Object data) {
        return EjmlTensor.wrap(be, Shape.of(batch, hidden), data);
    }
}
