package dev.jrnn.backend.nd4j;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.fused.CellKind;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A cell's weight, PyTorch's {@code W [G*H, C]} (gate blocks stacked along the rows), in the
 * {@code ldigo} layout oneDNN's RNN primitives read: {@code [C, G, H]} row-major, that is
 * {@code W^T} with its gate blocks along the columns. oneDNN's LSTM gates come in PyTorch's order
 * (i, f, g, o), so its weight is the plain transpose, the one the step loops keep too; oneDNN's
 * GRU orders them (update, reset, candidate), PyTorch (r, z, n), so the GRU's first two column
 * blocks trade places. The weight tensor keeps what is made here until it is closed.
 */
final class RnnWeights {
    /** PyTorch's gate block that oneDNN's GRU gate {@code g} reads: z, r, n. */
    private static final int[] GRU_BLOCKS = {1, 0, 2};

    private RnnWeights() {
    }

    /** {@code w} as oneDNN's {@code ldigo} weight of a {@code kind} cell: [C, G*H], dense, float32. */
    static INDArray ldigo(Nd4jTensor w, CellKind kind) {
        if (kind == CellKind.LSTM) {
            Shape s = w.shape();
            return w.transposed((from, to) -> OneDnn.transpose(from.data().addressPointer(),
                    to.data().addressPointer(), s.dim(0), s.dim(1)));
        }
        return w.derived(Nd4jTensor.Derived.ONEDNN_GRU, RnnWeights::gru);
    }

    private static INDArray gru(INDArray w) {
        int rows = (int) w.size(0);
        int cols = (int) w.size(1);
        int hidden = rows / GRU_BLOCKS.length;
        float[] from = new float[rows * cols];
        Buf.of(w).read(0, from);
        float[] to = new float[rows * cols];
        for (int g = 0; g < GRU_BLOCKS.length; g++) {
            int fromRow = GRU_BLOCKS[g] * hidden;
            for (int j = 0; j < hidden; j++) {
                for (int c = 0; c < cols; c++) {
                    to[c * rows + g * hidden + j] = from[(fromRow + j) * cols + c];
                }
            }
        }
        return Nd4jArrays.of(to, Shape.of(cols, rows));
    }
}
