package dev.jrnn.backend.ejml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EJML weight cache (jrnn.ejml.weightCache)")
class WeightCacheTest {
    private static final int STEPS = 6;
    private static final int BATCH = 3;
    private static final int INPUT = 20;
    private static final int HIDDEN = 40;

    private final EjmlBackend cached = new EjmlBackend(EjmlSettings.from(Map.<String, String>of()::get));
    private final EjmlBackend fresh = new EjmlBackend(EjmlSettings.from(Map.of(EjmlSettings.WEIGHT_CACHE, "false")::get));

    @Test
    @DisplayName("a weight is transposed and packed once, and only where the setting says so")
    void derivedOnce() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor w = cached.fromArray(values(7, 4 * HIDDEN * HIDDEN), Shape.of(4 * HIDDEN, HIDDEN), DType.FLOAT32);
            assertSame(cached.packedTransposed(w), cached.packedTransposed(w));
            assertSame(cached.packed(w), cached.packed(w));
            assertSame(cached.transposed(w), cached.transposed(w));
            Tensor v = fresh.fromArray(values(7, 4 * HIDDEN * HIDDEN), Shape.of(4 * HIDDEN, HIDDEN), DType.FLOAT32);
            assertNotSame(fresh.packedTransposed(v), fresh.packedTransposed(v));
            assertNotSame(fresh.transposed(v), fresh.transposed(v));
        }
    }

    @Test
    @DisplayName("sequences and linear layers give the same bits with the cache, on every call, as without it")
    void sameBits() {
        float[][] a = run(cached);
        float[][] again = run(cached);
        float[][] b = run(fresh);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(b[i], a[i], "result " + i + " with the cache vs without");
            assertArrayEquals(a[i], again[i], "result " + i + " from the cached forms vs the first call");
        }
    }

    /** An LSTM direction forward and backward and a linear layer, twice over the same weight tensors. */
    private static float[][] run(EjmlBackend be) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor p = be.fromArray(values(1, STEPS * BATCH * 4 * HIDDEN), Shape.of(STEPS, BATCH, 4 * HIDDEN), DType.FLOAT32);
            Tensor h = be.fromArray(values(2, BATCH * HIDDEN), Shape.of(BATCH, HIDDEN), DType.FLOAT32);
            Tensor c = be.fromArray(values(3, BATCH * HIDDEN), Shape.of(BATCH, HIDDEN), DType.FLOAT32);
            Tensor w = be.fromArray(values(4, 4 * HIDDEN * HIDDEN), Shape.of(4 * HIDDEN, HIDDEN), DType.FLOAT32);
            Tensor bias = be.fromArray(values(5, 4 * HIDDEN), Shape.of(4 * HIDDEN), DType.FLOAT32);
            Tensor x = be.fromArray(values(6, 32 * INPUT), Shape.of(32, INPUT), DType.FLOAT32);
            Tensor wIh = be.fromArray(values(8, 4 * HIDDEN * INPUT), Shape.of(4 * HIDDEN, INPUT), DType.FLOAT32);
            float[][] out = new float[8][];
            for (int round = 0; round < 2; round++) {
                SequenceForward f = be.recurrentForward(CellKind.LSTM, p, List.of(h, c), w, bias, null, round == 1);
                Tensor dOut = be.fromArray(values(9, STEPS * BATCH * HIDDEN), Shape.of(STEPS, BATCH, HIDDEN), DType.FLOAT32);
                SequenceGradient g = be.recurrentBackward(CellKind.LSTM, f, List.of(h, c), w, dOut,
                        List.of(be.zeros(Shape.of(BATCH, HIDDEN), DType.FLOAT32), be.zeros(Shape.of(BATCH, HIDDEN), DType.FLOAT32)),
                        null, round == 1);
                out[4 * round] = f.output().toFloatArray();
                out[4 * round + 1] = g.dInputProjection().toFloatArray();
                out[4 * round + 2] = g.dInitialState().get(0).toFloatArray();
                out[4 * round + 3] = be.linear(x, wIh, null).toFloatArray();
            }
            return out;
        }
    }

    private static double[] values(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return v;
    }
}
