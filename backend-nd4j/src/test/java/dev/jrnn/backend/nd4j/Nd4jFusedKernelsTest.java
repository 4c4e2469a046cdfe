package dev.jrnn.backend.nd4j;

import static dev.jrnn.conformance.KitAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("nd4j fused kernels match RecurrentDefaults composed from nd4j's own primitives")
class Nd4jFusedKernelsTest {
    private static final int STEPS = 5;
    private static final int BATCH = 3;
    private static final int HIDDEN = 4;

    private final Backend be = Nd4jTestBackend.get();
    private final Random rnd = new Random(11);

    private Tensor random(DType dtype, int... dims) {
        Shape shape = Shape.of(dims);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian() * 0.7;
        }
        return be.fromArray(d, shape, dtype);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("linear and every step op and its backward match, with and without a bias")
    void stepsMatch(DType dtype) {
        try (TensorScope ignored = TensorScope.open()) {
            Tensor h = random(dtype, BATCH, HIDDEN);
            Tensor c = random(dtype, BATCH, HIDDEN);
            Tensor dh = random(dtype, BATCH, HIDDEN);
            Tensor dc = random(dtype, BATCH, HIDDEN);
            for (Tensor bias : new Tensor[] {null, random(dtype, 4 * HIDDEN)}) {
                Tensor x = random(dtype, BATCH, 6);
                Tensor w = random(dtype, 4 * HIDDEN, 6);
                assertClose("linear", RecurrentDefaults.linear(be, x, w, bias), be.linear(x, w, bias));
                Tensor w4 = random(dtype, 4 * HIDDEN, HIDDEN);
                Tensor p4 = random(dtype, BATCH, 4 * HIDDEN);
                var lstm = be.lstmStep(p4, h, c, w4, bias);
                var lstmRef = RecurrentDefaults.lstmStep(be, p4, h, c, w4, bias);
                assertAll("lstmStep", List.of(lstmRef.h(), lstmRef.c(), lstmRef.gates()), List.of(lstm.h(), lstm.c(), lstm.gates()));
                var lg = be.lstmStepBackward(dh, dc, lstm.gates(), c, lstm.c(), w4);
                var lgRef = RecurrentDefaults.lstmStepBackward(be, dh, dc, lstm.gates(), c, lstm.c(), w4);
                assertAll("lstmStepBackward", List.of(lgRef.dGates(), lgRef.dh(), lgRef.dc()), List.of(lg.dGates(), lg.dh(), lg.dc()));
                Tensor w3 = random(dtype, 3 * HIDDEN, HIDDEN);
                Tensor p3 = random(dtype, BATCH, 3 * HIDDEN);
                Tensor b3 = bias == null ? null : random(dtype, 3 * HIDDEN);
                var gru = be.gruStep(p3, h, w3, b3);
                var gruRef = RecurrentDefaults.gruStep(be, p3, h, w3, b3);
                assertAll("gruStep", List.of(gruRef.h(), gruRef.gates(), gruRef.hiddenNew()), List.of(gru.h(), gru.gates(), gru.hiddenNew()));
                var gg = be.gruStepBackward(dh, gru.gates(), gru.hiddenNew(), h, w3);
                var ggRef = RecurrentDefaults.gruStepBackward(be, dh, gru.gates(), gru.hiddenNew(), h, w3);
                assertAll("gruStepBackward", List.of(ggRef.dInputGates(), ggRef.dHiddenGates(), ggRef.dh()),
                        List.of(gg.dInputGates(), gg.dHiddenGates(), gg.dh()));
                Tensor w1 = random(dtype, HIDDEN, HIDDEN);
                Tensor b1 = bias == null ? null : random(dtype, HIDDEN);
                for (CellKind kind : List.of(CellKind.RNN_TANH, CellKind.RNN_RELU)) {
                    Tensor p1 = random(dtype, BATCH, HIDDEN);
                    Tensor hn = be.rnnStep(kind, p1, h, w1, b1);
                    assertClose(kind + " rnnStep", RecurrentDefaults.rnnStep(be, kind, p1, h, w1, b1), hn);
                    var rg = be.rnnStepBackward(kind, dh, hn, w1);
                    var rgRef = RecurrentDefaults.rnnStepBackward(be, kind, dh, hn, w1);
                    assertAll(kind + " rnnStepBackward", List.of(rgRef.dPre(), rgRef.dh()), List.of(rg.dPre(), rg.dh()));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellKind.class)
    @DisplayName("whole sequences match forward and backward, both dtypes, with lengths masks and in reverse")
    void sequencesMatch(CellKind kind) {
        for (DType dtype : DType.values()) {
            for (int[] lengths : new int[][] {null, {STEPS, 2, 0}}) {
                for (boolean reverse : new boolean[] {false, true}) {
                    try (TensorScope ignored = TensorScope.open()) {
                        sequence(kind, dtype, STEPS, BATCH, HIDDEN, lengths, reverse);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellKind.class)
    @DisplayName("whole sequences match with a batch big enough that its rows are split over the cores and its products run on oneDNN")
    void splitRowsMatch(CellKind kind) {
        // 5 rows x 1024 units passes RowSplit's threshold: 3 rows on one thread, 2 on the other
        // and the float32 step products (5 x G*1024 x 1024) pass Gemm's oneDNN threshold: the forward
        // loop multiplies by its once-per-sequence copy of W_hh^T
        int hidden = 1024;
        for (DType dtype : DType.values()) {
            for (int[] lengths : new int[][] {null, {3, 1, 0, 3, 2}}) {
                try (TensorScope ignored = TensorScope.open()) {
                    sequence(kind, dtype, 3, 5, hidden, lengths, lengths != null);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CellKind.class)
    @DisplayName("whole sequences match with a batch cut into slices that run the whole loop on their own threads")
    void batchSlicesMatch(CellKind kind) {
        // 19 rows: slices of 9 and 10 on two cores, the masked rows' lengths differ within each slice;
        // 6 steps of H 448 pass the slicing's work threshold even for the one-gate Elman cells
        int steps = 6;
        int batch = 19;
        int hidden = 448;
        int[] lengths = {6, 1, 0, 3, 2, 6, 5, 1, 3, 2, 0, 4, 6, 1, 2, 4, 3, 5, 1};
        Assumptions.assumeTrue(BatchSlices.count(Nd4jTestBackend.gemm(org.nd4j.linalg.api.buffer.DataType.FLOAT), steps, batch,
                        hidden, hidden) > 1,
                "one core, or oneDNN or its OpenMP thread count unavailable: float32 loops are not sliced");
        for (int[] lens : new int[][] {null, lengths}) {
            for (boolean reverse : new boolean[] {false, true}) {
                try (TensorScope ignored = TensorScope.open()) {
                    sequence(kind, DType.FLOAT32, steps, batch, hidden, lens, reverse);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = CellKind.class, names = {"LSTM", "GRU"})
    @DisplayName("sliced forward loops give the same sequences with their step products on sgemm as on the reordered weight")
    void slicesOnSgemmMatchReorderedWeight(CellKind kind) {
        // weights of at least 2^18 elements (LSTM 2048 x 512, GRU 1920 x 640) take the reordered weight
        int steps = 4;
        int batch = 32;
        int hidden = kind == CellKind.LSTM ? 512 : 640;
        Assumptions.assumeTrue(BatchSlices.count(Nd4jTestBackend.gemm(org.nd4j.linalg.api.buffer.DataType.FLOAT), steps, batch,
                        kind.gates() * hidden, hidden) > 1,
                "one core, or oneDNN or its OpenMP thread count unavailable: float32 loops are not sliced");
        Backend sgemm = Nd4jTestBackend.createWith(Nd4jSettings.STEP_MATMUL, "false");
        assertTrue(((Nd4jBackend) be).gemm(org.nd4j.linalg.api.buffer.DataType.FLOAT).packsStepWeights(),
                "the default reorders the weight for the slices' products");
        try (TensorScope ignored = TensorScope.open()) {
            int width = kind.gates() * hidden;
            Tensor p = random(DType.FLOAT32, steps, batch, width);
            Tensor w = be.scale(random(DType.FLOAT32, width, hidden), 2.0 / Math.sqrt(hidden));
            Tensor b = random(DType.FLOAT32, width);
            List<Tensor> init = new ArrayList<>();
            for (int s = 0; s < kind.states(); s++) {
                init.add(random(DType.FLOAT32, batch, hidden));
            }
            SequenceForward packed = be.recurrentForward(kind, p, init, w, b, null, false);
            List<Tensor> onSgemm = new ArrayList<>();
            for (Tensor t : init) {
                onSgemm.add(sgemm.fromArray(t.toFloatArray(), t.shape()));
            }
            SequenceForward plain = sgemm.recurrentForward(kind, sgemm.fromArray(p.toFloatArray(), p.shape()), onSgemm,
                    sgemm.fromArray(w.toFloatArray(), w.shape()), sgemm.fromArray(b.toFloatArray(), b.shape()), null,
                    false);
            assertAll(kind + " forward", plain.tensors(), packed.tensors());
        }
    }

    @ParameterizedTest
    @EnumSource(value = CellKind.class, names = {"LSTM"})
    @DisplayName("sliced backward loops give the same gradients with their step products on sgemm as on the reordered weight")
    void backwardSlicesOnSgemmMatchReorderedWeight(CellKind kind) {
        // H 256: the LSTM's 1024 x 256 recurrent weight is the smallest that the slices reorder
        int steps = 5;
        int batch = 32;
        int hidden = 256;
        int width = kind.gates() * hidden;
        Assumptions.assumeTrue(BatchSlices.count(Nd4jTestBackend.gemm(org.nd4j.linalg.api.buffer.DataType.FLOAT), steps, batch,
                        hidden, width) > 1,
                "one core, or oneDNN or its OpenMP thread count unavailable: float32 loops are not sliced");
        assertTrue((long) width * hidden >= StepGemm.PACKED_MIN_WEIGHT, "the weight is large enough to be reordered");
        Backend sgemm = Nd4jTestBackend.createWith(Nd4jSettings.BACKWARD_STEP_MATMUL, "false");
        int[] lengths = new int[batch];
        for (int r = 0; r < batch; r++) {
            lengths[r] = 1 + r % steps;
        }
        for (int[] lens : new int[][] {null, lengths}) {
            for (boolean reverse : new boolean[] {false, true}) {
                try (TensorScope ignored = TensorScope.open()) {
                    Tensor p = random(DType.FLOAT32, steps, batch, width);
                    Tensor w = be.scale(random(DType.FLOAT32, width, hidden), 2.0 / Math.sqrt(hidden));
                    Tensor b = random(DType.FLOAT32, width);
                    Tensor dOut = random(DType.FLOAT32, steps, batch, hidden);
                    List<Tensor> init = new ArrayList<>();
                    List<Tensor> dFinal = new ArrayList<>();
                    for (int s = 0; s < kind.states(); s++) {
                        init.add(random(DType.FLOAT32, batch, hidden));
                        dFinal.add(random(DType.FLOAT32, batch, hidden));
                    }
                    SequenceGradient packed = be.recurrentBackward(kind,
                            be.recurrentForward(kind, p, init, w, b, lens, reverse), init, w, dOut, dFinal, lens, reverse);
                    SequenceGradient plain = sgemm.recurrentBackward(kind,
                            sgemm.recurrentForward(kind, copy(sgemm, p), copies(sgemm, init), copy(sgemm, w), copy(sgemm, b),
                                    lens, reverse),
                            copies(sgemm, init), copy(sgemm, w), copy(sgemm, dOut), copies(sgemm, dFinal), lens, reverse);
                    assertAll(kind + (lens == null ? "" : " masked") + (reverse ? " reverse" : "") + " backward",
                            plain.tensors(), packed.tensors());
                }
            }
        }
    }

    private static Tensor copy(Backend to, Tensor t) {
        return to.fromArray(t.toFloatArray(), t.shape());
    }

    private static List<Tensor> copies(Backend to, List<Tensor> ts) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) {
            out.add(copy(to, t));
        }
        return out;
    }

    private void sequence(CellKind kind, DType dtype, int steps, int batch, int hidden, int[] lengths,
                          boolean reverse) {
        String what = kind + " " + dtype + " B" + batch + " H" + hidden + (lengths == null ? "" : " masked")
                + (reverse ? " reverse" : "");
        int width = kind.gates() * hidden;
        Tensor p = random(dtype, steps, batch, width);
        // weights scaled by 1/sqrt(H), as initialisers do, so that the gates do not saturate
        Tensor w = be.scale(random(dtype, width, hidden), 2.0 / Math.sqrt(hidden));
        Tensor b = random(dtype, width);
        List<Tensor> init = new ArrayList<>();
        List<Tensor> dFinal = new ArrayList<>();
        for (int s = 0; s < kind.states(); s++) {
            init.add(random(dtype, batch, hidden));
            dFinal.add(random(dtype, batch, hidden));
        }
        SequenceForward fwd = be.recurrentForward(kind, p, init, w, b, lengths, reverse);
        SequenceForward ref = RecurrentDefaults.sequenceForward(be, kind, p, init, w, b, lengths, reverse);
        assertAll(what + " forward", ref.tensors(), fwd.tensors());
        Tensor dOut = random(dtype, steps, batch, hidden);
        SequenceGradient g = be.recurrentBackward(kind, fwd, init, w, dOut, dFinal, lengths, reverse);
        SequenceGradient gRef = RecurrentDefaults.sequenceBackward(be, kind, ref, init, w, dOut, dFinal, lengths, reverse);
        assertAll(what + " backward", gRef.tensors(), g.tensors());
    }

    private static void assertAll(String what, List<Tensor> expected, List<Tensor> actual) {
        for (int i = 0; i < expected.size(); i++) {
            assertClose(what + " part " + i, expected.get(i), actual.get(i));
        }
    }
}
