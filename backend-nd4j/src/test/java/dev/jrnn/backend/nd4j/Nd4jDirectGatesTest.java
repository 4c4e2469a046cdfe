package dev.jrnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import dev.jrnn.kernels.CpuSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The training loops' LSTM and GRU gate kernels on the arrays' native memory in place
 * ({@code jrnn.nd4j.directGates}, {@link NativeFloats}) against the same loops copying each step's
 * blocks through Java arrays: every output, saved buffer and gradient bit for bit, stepwise and in
 * batch slices, forward and reverse, with and without a bias, on the Vector API kernels and the
 * scalar ones.
 */
@DisplayName("nd4j backend: gate kernels on native memory in place give the copying loops' numbers")
class Nd4jDirectGatesTest {
    private static final Backend COPIES = Nd4jTestBackend.createWith(Nd4jSettings.DIRECT_GATES, "false");
    private static final Backend IN_PLACE = Nd4jTestBackend.createWith(Map.of());
    private static final Backend SCALAR_COPIES = Nd4jTestBackend.createWith(
            Map.of(Nd4jSettings.DIRECT_GATES, "false", CpuSettings.VECTOR, "false"));
    private static final Backend SCALAR_IN_PLACE = Nd4jTestBackend.createWith(CpuSettings.VECTOR, "false");

    @ParameterizedTest(name = "{0} T={1} B={2} H={3} bias={4} reverse={5}")
    @CsvSource({
        "LSTM, 5, 3, 20, true, false",
        "LSTM, 4, 2, 5, false, true",
        "GRU, 5, 3, 20, true, true",
        "GRU, 4, 2, 5, false, false",
        // batch slices: at least 16 rows and 2^24 multiply-adds over the loop
        "LSTM, 20, 32, 96, true, false",
        "GRU, 20, 32, 100, true, true"})
    void sameNumbers(CellKind kind, int steps, int batch, int hidden, boolean bias, boolean reverse) {
        compare(COPIES, IN_PLACE, kind, steps, batch, hidden, bias, reverse);
        compare(SCALAR_COPIES, SCALAR_IN_PLACE, kind, steps, batch, hidden, bias, reverse);
    }

    private static void compare(Backend copies, Backend inPlace, CellKind kind, int steps, int batch, int hidden,
                                boolean bias, boolean reverse) {
        List<float[]> expected = run(copies, kind, steps, batch, hidden, bias, reverse);
        List<float[]> actual = run(inPlace, kind, steps, batch, hidden, bias, reverse);
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k), actual.get(k), inPlace + ": result " + k);
        }
    }

    /** Forward and backward from the same seed; every tensor of both results, in a fixed order. */
    private static List<float[]> run(Backend be, CellKind kind, int steps, int batch, int hidden, boolean bias,
                                     boolean reverse) {
        Random rnd = new Random(steps * 1000 + batch * 10 + hidden);
        int width = kind.gates() * hidden;
        try (TensorScope ignored = TensorScope.open()) {
            Tensor p = random(be, rnd, steps, batch, width);
            Tensor w = random(be, rnd, width, hidden);
            Tensor b = bias ? random(be, rnd, width) : null;
            List<Tensor> initial = new ArrayList<>(List.of(random(be, rnd, batch, hidden)));
            if (kind == CellKind.LSTM) {
                initial.add(random(be, rnd, batch, hidden));
            }
            SequenceForward fwd = be.recurrentForward(kind, p, initial, w, b, null, reverse);
            Tensor dOut = random(be, rnd, steps, batch, hidden);
            List<Tensor> dFinal = new ArrayList<>(List.of(random(be, rnd, batch, hidden)));
            if (kind == CellKind.LSTM) {
                dFinal.add(random(be, rnd, batch, hidden));
            }
            SequenceGradient g = be.recurrentBackward(kind, fwd, initial, w, dOut, dFinal, null, reverse);
            List<Tensor> all = new ArrayList<>();
            all.add(fwd.output());
            all.addAll(fwd.finalState());
            all.addAll(fwd.saved());
            all.add(g.dInputProjection());
            all.addAll(g.dInitialState());
            all.add(g.dRecurrentWeight());
            all.add(g.dRecurrentBias());
            List<float[]> out = new ArrayList<>();
            for (Tensor t : all) {
                double[] d = t.toDoubleArray();
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                out.add(f);
            }
            return out;
        }
    }

    private static Tensor random(Backend be, Random rnd, int... dims) {
        Shape shape = Shape.of(dims);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian() * 0.6;
        }
        return be.fromArray(d, shape, DType.FLOAT32);
    }
}
