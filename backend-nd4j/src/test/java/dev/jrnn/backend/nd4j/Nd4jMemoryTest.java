package dev.jrnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("nd4j memory stays flat in a long training loop")
class Nd4jMemoryTest {
    private static final int STEPS = 4;
    private static final int BATCH = 4;
    private static final int HIDDEN = 8;
    private static final long ALLOWED_NATIVE_GROWTH = 64L << 20;
    /** Steps before the baseline: the JIT's code cache and malloc's arenas settle in the first thousands. */
    private static final int WARM_UP = 2_500;
    /** A leak of one step's tensors (about 30 KB here) would add over 200 MiB; settling adds 10-40. */
    private static final long ALLOWED_ND4J_GROWTH = 16L << 20;

    private final Backend be = Nd4jTestBackend.get();

    @Test
    @DisplayName("10,000 fused LSTM training steps inside scopes free every tensor and keep native memory flat")
    void trainingLoopDoesNotGrow() {
        Random rnd = new Random(3);
        Tensor[] params = {random(rnd, 4 * HIDDEN, HIDDEN), random(rnd, 4 * HIDDEN)};
        Tensor p = random(rnd, STEPS, BATCH, 4 * HIDDEN);
        Tensor zeros = be.zeros(Shape.of(BATCH, HIDDEN), DType.FLOAT32);
        long liveBefore = be.memory().unclosedTensors();
        for (int i = 0; i < WARM_UP; i++) {
            step(params, p, zeros);
        }
        System.gc();
        long nativeBefore = nativeResident();
        long nd4jBefore = Nd4j.getMemoryManager().allocatedMemory(0);
        for (int i = WARM_UP; i < 10_000; i++) {
            step(params, p, zeros);
        }
        System.gc();
        long nativeGrowth = nativeResident() - nativeBefore;
        long nd4jGrowth = Nd4j.getMemoryManager().allocatedMemory(0) - nd4jBefore;
        System.out.printf("over steps 2,500 to 10,000: resident memory outside the Java heap grew %.2f MiB (from %.1f MiB),"
                + " ND4J's allocated memory %.3f MiB%n", nativeGrowth / 1048576.0, nativeBefore / 1048576.0,
                nd4jGrowth / 1048576.0);
        assertEquals(liveBefore, be.memory().unclosedTensors(), "tensors left open by the loop");
        assertTrue(nd4jGrowth < ALLOWED_ND4J_GROWTH, "ND4J's allocated memory grew by " + nd4jGrowth + " bytes");
        assertTrue(nativeGrowth < ALLOWED_NATIVE_GROWTH, "native resident memory grew by " + nativeGrowth + " bytes");
    }

    /** Resident memory less the committed Java heap, whose growth is the collector's business. */
    private static long nativeResident() {
        return Pointer.physicalBytes() - Runtime.getRuntime().totalMemory();
    }

    /** Forward, backward and an SGD update of W_hh and b_hh; the updated weights replace the old ones. */
    private void step(Tensor[] params, Tensor p, Tensor zeros) {
        try (TensorScope scope = TensorScope.open()) {
            List<Tensor> init = List.of(zeros, zeros);
            SequenceForward fwd = be.recurrentForward(CellKind.LSTM, p, init, params[0], params[1], null, false);
            SequenceGradient g = be.recurrentBackward(CellKind.LSTM, fwd, init, params[0], fwd.output(), init, null, false);
            Tensor w = scope.keep(be.sub(params[0], be.scale(g.dRecurrentWeight(), 1e-3)));
            Tensor b = scope.keep(be.sub(params[1], be.scale(g.dRecurrentBias(), 1e-3)));
            params[0].close();
            params[1].close();
            params[0] = w;
            params[1] = b;
        }
    }

    private Tensor random(Random rnd, int... dims) {
        Shape shape = Shape.of(dims);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian() * 0.3;
        }
        return be.fromArray(d, shape, DType.FLOAT32);
    }
}
