package dev.jrnn.backend.nd4j;

import static dev.jrnn.backend.nd4j.Nd4jBackend.array;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.SequenceForward;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the ND4J inference strategies that run their recurrence in Java ({@link Nd4jOneRowInference},
 * {@link Nd4jSequenceInference}) share: per-thread scratch, the initial states and biases read into
 * Java once, and the output [T, B, H] with the final states (h_T, c_T) copied back to ND4J once.
 */
final class JavaSequenceIo {
    /** Java scratch kept per thread up to this many floats; larger sequences allocate theirs. */
    private static final int KEPT_SCRATCH = 1 << 20;

    private JavaSequenceIo() {
    }

    /** Scratch {@code i} of this thread with at least {@code n} floats; beyond the kept size, a fresh one. */
    static float[] scratch(float[][] kept, int i, int n) {
        if (n > KEPT_SCRATCH) {
            return new float[n];
        }
        if (kept[i].length < n) {
            kept[i] = new float[n];
        }
        return kept[i];
    }

    /** {@code b_ih + b_hh} [4H], either alone where the other is null, or null where both are. */
    static float[] biasSum(Tensor bIh, Tensor bHh, int width) {
        if (bIh == null && bHh == null) {
            return null;
        }
        float[] sum = new float[width];
        float[] other = new float[width];
        for (Tensor b : new Tensor[] {bIh, bHh}) {
            if (b != null) {
                Buf.of(array(b)).read(0, other);
                for (int j = 0; j < width; j++) {
                    sum[j] += other[j];
                }
            }
        }
        return sum;
    }

    /** The initial states (h_0, c_0), each [B, H], into {@code h0} and {@code c}. */
    static void readStates(List<Tensor> initial, float[] h0, float[] c) {
        Buf.of(array(initial.get(0))).read(0, h0);
        Buf.of(array(initial.get(1))).read(0, c);
    }

    /**
     * The output [T, B, H] from {@code out} and the final states: h_T, the last step's row block of
     * {@code out} (the first when {@code reverse}), and c_T from {@code c}.
     */
    static SequenceForward forward(Nd4jBackend be, float[] out, float[] c, int steps, int batch, int hidden,
                                   boolean reverse) {
        int rows = batch * hidden;
        Shape sequence = Shape.of(steps, batch, hidden);
        Shape state = Shape.of(batch, hidden);
        INDArray output = Nd4jArrays.uninitialized(sequence, DType.FLOAT32);
        Buf.of(output).put(0, out, 0, steps * rows);
        INDArray hN = Nd4jArrays.uninitialized(state, DType.FLOAT32);
        Buf.of(hN).put(0, out, (reverse ? 0 : steps - 1) * rows, rows);
        INDArray cN = Nd4jArrays.uninitialized(state, DType.FLOAT32);
        Buf.of(cN).put(0, c, 0, rows);
        return new SequenceForward(be.wrap(output, sequence, DType.FLOAT32),
                List.of(be.wrap(hN, state, DType.FLOAT32), be.wrap(cN, state, DType.FLOAT32)), List.of());
    }
}
