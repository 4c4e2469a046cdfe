package dev.jrnn.models.train;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.io.StateDictKeys;
import dev.jrnn.models.layer.RecurrentLayer;
import java.util.List;

/** Layout and shape helpers shared by the sequence models. */
final class Sequences {
    private Sequences() {
    }

    /** A batch-first [B, T, F] input in the layout {@code layer} takes ([T, B, F] unless it is batch-first). */
    static Variable toLayout(RecurrentLayer layer, Variable batchFirst) {
        if (batchFirst.shape().rank() != 3) {
            throw new IllegalArgumentException("sequence model: input must be [B, T, I], got shape "
                    + batchFirst.shape());
        }
        return layer.batchFirst() ? batchFirst : Ops.transpose(batchFirst, 1, 0, 2);
    }

    /** The layer's output as batch first, [B, T, D*H] (D*P with projections). */
    static Variable fromLayout(RecurrentLayer layer, Variable output) {
        return layer.batchFirst() ? output : Ops.transpose(output, 1, 0, 2);
    }

    /**
     * The top layer's final hidden states [L*D, B, H] -> [B, D*H], directions side by side as in
     * the output (P in place of H for an LSTM with projections).
     */
    static Variable topFinalHidden(RecurrentLayer layer, Variable hn) {
        int d = layer.directions();
        int top = (layer.numLayers() - 1) * d;
        Variable last = Ops.transpose(Ops.slice(hn, 0, top, top + d), 1, 0, 2);
        return Ops.reshape(last, Shape.of(hn.shape().dim(1), layer.outputSize()));
    }

    /**
     * The attribute name PyTorch code usually gives the layer, after the class of its cell:
     * {@code lstm}, {@code gru}, {@code rnn} (both Elman cells), or the cell's name otherwise.
     */
    static String torchModule(RecurrentLayer layer) {
        String cell = layer.cellName();
        return cell.startsWith("rnn_") ? "rnn" : cell;
    }

    /**
     * Keys for a PyTorch module holding the layer as {@code layerModule} and a head as {@code head}:
     * the layer's parameters under {@code layerModule + "."}, the others unchanged.
     */
    static StateDictKeys torchKeys(RecurrentLayer layer, String layerModule) {
        return StateDictKeys.identity().addPrefix(layerModule + ".", layer.namedParameters().keySet());
    }

    /** The layer's output shape with symbolic axes, [B, T, F] or [T, B, F], for a summary. */
    static String outputShape(RecurrentLayer layer) {
        return layer.batchFirst() ? "[B, T, " + layer.outputSize() + "]" : "[T, B, " + layer.outputSize() + "]";
    }

    /** The number of values of {@code parameters}. */
    static long count(List<Parameter> parameters) {
        return parameters.stream().mapToLong(p -> p.shape().size()).sum();
    }

    /** A linear head as PyTorch prints it. */
    static String linear(int in, int out) {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=True)";
    }

    /** The argmax of every row of logits [..., C], the first on ties. */
    static int[] argmax(Tensor logits) {
        int classes = logits.shape().dim(logits.shape().rank() - 1);
        double[] z = logits.toDoubleArray();
        int[] best = new int[z.length / classes];
        for (int i = 0; i < best.length; i++) {
            int b = 0;
            for (int c = 1; c < classes; c++) {
                if (z[i * classes + c] > z[i * classes + b]) {
                    b = c;
                }
            }
            best[i] = b;
        }
        return best;
    }

    /** One-hot rows [ids.length, classes] of token ids, checked against the vocabulary. */
    static Tensor oneHot(Backend backend, DType dtype, int[] ids, int classes, String what) {
        double[] data = new double[ids.length * classes];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= classes) {
                throw new IllegalArgumentException(what + ": token " + ids[i] + " at position " + i
                        + " is outside the vocabulary [0, " + classes + ")");
            }
            data[i * classes + ids[i]] = 1.0;
        }
        return backend.fromArray(data, Shape.of(ids.length, classes), dtype);
    }
}
