package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.GruStepGradient;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.RnnStepGradient;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every composite op (the {@link Backend} default methods a backend may override) at batch 1 and
 * with every other size 1, against the reference and against the composed default run on the
 * backend under test: an override with a special case for one row (a linear layer that drops its
 * bias at batch 1, a step that broadcasts the wrong way) fails here.
 */
@Family(OpFamily.SMALL_SHAPES)
public interface SmallShapeSuite extends KitSuite {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("linear at batch 1 and with one input or output feature, with and without bias")
    default void linearAtSizeOne(DType dtype) {
        Operands ops = operands(dtype);
        Backend be = subject();
        for (int[] s : new int[][] {{1, 3, 4}, {1, 1, 1}, {5, 1, 4}, {5, 3, 1}, {1, 3, 1}, {1, 1, 4}}) {
            TensorPair x = ops.signed(s[0], s[1]);
            TensorPair w = ops.signed(s[2], s[1]);
            TensorPair b = ops.signed(s[2]);
            String what = "linear x " + KitCases.dims(s[0], s[1]) + " W " + KitCases.dims(s[2], s[1]);
            Tensor withBias = be.linear(x.subject(), w.subject(), b.subject());
            assertClose(what + " with bias vs reference", oracle().linear(x.oracle(), w.oracle(), b.oracle()), withBias);
            assertClose(what + " with bias override vs default",
                    RecurrentDefaults.linear(be, x.subject(), w.subject(), b.subject()), withBias);
            Tensor noBias = be.linear(x.subject(), w.subject(), null);
            assertClose(what + " without bias vs reference", oracle().linear(x.oracle(), w.oracle(), null), noBias);
            assertClose(what + " without bias override vs default",
                    RecurrentDefaults.linear(be, x.subject(), w.subject(), null), noBias);
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("scale of a scalar, a one-element vector and a one-element matrix")
    default void scaleAtSizeOne(DType dtype) {
        Operands ops = operands(dtype);
        for (int[] dims : new int[][] {{}, {1}, {1, 1}, {1, 5}}) {
            TensorPair x = ops.signed(dims);
            for (double s : new double[] {-2.5, 1.0, 0.0}) {
                assertClose("scale " + KitCases.dims(dims) + " by " + s, oracle().scale(x.oracle(), s),
                        subject().scale(x.subject(), s));
            }
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.KitCases#cellKinds")
    @DisplayName("every step and its backward at batch 1 and hidden size 1, with and without bias")
    default void stepsAtSizeOne(CellKind kind, DType dtype) {
        for (int[] s : new int[][] {{1, 4}, {3, 1}, {1, 1}}) {
            for (boolean bias : new boolean[] {true, false}) {
                Operands ops = operands(dtype);
                int batch = s[0];
                int hidden = s[1];
                String what = kind + " step at batch " + batch + ", hidden " + hidden + (bias ? " with" : " without")
                        + " bias";
                int gh = kind.gates() * hidden;
                TensorPair p = ops.signed(batch, gh);
                TensorPair h = ops.signed(batch, hidden);
                TensorPair w = ops.uniform(-0.5, 0.5, gh, hidden);
                TensorPair b = bias ? ops.signed(gh) : new TensorPair(null, null);
                TensorPair dh = ops.signed(batch, hidden);
                switch (kind) {
                    case LSTM -> lstmAtSizeOne(ops, what, p, h, w, b, dh);
                    case GRU -> gruAtSizeOne(ops, what, p, h, w, b, dh);
                    default -> rnnAtSizeOne(ops, kind, what, p, h, w, b, dh);
                }
                ops.assertUnmodified();
            }
        }
    }

    private void lstmAtSizeOne(Operands ops, String what, TensorPair p, TensorPair h, TensorPair w, TensorPair b,
                               TensorPair dh) {
        Backend be = subject();
        TensorPair c = ops.signed(h.subject().shape().dims());
        TensorPair dc = ops.signed(h.subject().shape().dims());
        LstmStep ref = oracle().lstmStep(p.oracle(), h.oracle(), c.oracle(), w.oracle(), b.oracle());
        LstmStep got = be.lstmStep(p.subject(), h.subject(), c.subject(), w.subject(), b.subject());
        LstmStep def = RecurrentDefaults.lstmStep(be, p.subject(), h.subject(), c.subject(), w.subject(), b.subject());
        List<String> names = List.of("h", "c", "gates");
        List<Tensor> got3 = List.of(got.h(), got.c(), got.gates());
        assertAllClose(what + " vs reference", names, List.of(ref.h(), ref.c(), ref.gates()), got3);
        assertAllClose(what + " override vs default", names, List.of(def.h(), def.c(), def.gates()), got3);
        TensorPair gates = ops.copyOf(ref.gates());
        TensorPair cNext = ops.copyOf(ref.c());
        LstmStepGradient gRef = oracle().lstmStepBackward(dh.oracle(), dc.oracle(), gates.oracle(), c.oracle(),
                cNext.oracle(), w.oracle());
        LstmStepGradient gGot = be.lstmStepBackward(dh.subject(), dc.subject(), gates.subject(), c.subject(),
                cNext.subject(), w.subject());
        LstmStepGradient gDef = RecurrentDefaults.lstmStepBackward(be, dh.subject(), dc.subject(), gates.subject(),
                c.subject(), cNext.subject(), w.subject());
        List<String> gNames = List.of("dGates", "dh", "dc");
        List<Tensor> gGot3 = List.of(gGot.dGates(), gGot.dh(), gGot.dc());
        assertAllClose(what + " backward vs reference", gNames, List.of(gRef.dGates(), gRef.dh(), gRef.dc()), gGot3);
        assertAllClose(what + " backward override vs default", gNames, List.of(gDef.dGates(), gDef.dh(), gDef.dc()),
                gGot3);
    }

    private void gruAtSizeOne(Operands ops, String what, TensorPair p, TensorPair h, TensorPair w, TensorPair b,
                              TensorPair dh) {
        Backend be = subject();
        GruStep ref = oracle().gruStep(p.oracle(), h.oracle(), w.oracle(), b.oracle());
        GruStep got = be.gruStep(p.subject(), h.subject(), w.subject(), b.subject());
        GruStep def = RecurrentDefaults.gruStep(be, p.subject(), h.subject(), w.subject(), b.subject());
        List<String> names = List.of("h", "gates", "hiddenNew");
        List<Tensor> got3 = List.of(got.h(), got.gates(), got.hiddenNew());
        assertAllClose(what + " vs reference", names, List.of(ref.h(), ref.gates(), ref.hiddenNew()), got3);
        assertAllClose(what + " override vs default", names, List.of(def.h(), def.gates(), def.hiddenNew()), got3);
        TensorPair gates = ops.copyOf(ref.gates());
        TensorPair hn = ops.copyOf(ref.hiddenNew());
        GruStepGradient gRef = oracle().gruStepBackward(dh.oracle(), gates.oracle(), hn.oracle(), h.oracle(), w.oracle());
        GruStepGradient gGot = be.gruStepBackward(dh.subject(), gates.subject(), hn.subject(), h.subject(), w.subject());
        GruStepGradient gDef = RecurrentDefaults.gruStepBackward(be, dh.subject(), gates.subject(), hn.subject(),
                h.subject(), w.subject());
        List<String> gNames = List.of("dInputGates", "dHiddenGates", "dh");
        List<Tensor> gGot3 = List.of(gGot.dInputGates(), gGot.dHiddenGates(), gGot.dh());
        assertAllClose(what + " backward vs reference", gNames,
                List.of(gRef.dInputGates(), gRef.dHiddenGates(), gRef.dh()), gGot3);
        assertAllClose(what + " backward override vs default", gNames,
                List.of(gDef.dInputGates(), gDef.dHiddenGates(), gDef.dh()), gGot3);
    }

    private void rnnAtSizeOne(Operands ops, CellKind kind, String what, TensorPair p, TensorPair h, TensorPair w,
                              TensorPair b, TensorPair dh) {
        Backend be = subject();
        Tensor ref = oracle().rnnStep(kind, p.oracle(), h.oracle(), w.oracle(), b.oracle());
        Tensor got = be.rnnStep(kind, p.subject(), h.subject(), w.subject(), b.subject());
        assertClose(what + " vs reference", ref, got);
        assertClose(what + " override vs default",
                RecurrentDefaults.rnnStep(be, kind, p.subject(), h.subject(), w.subject(), b.subject()), got);
        TensorPair hNext = ops.copyOf(ref);
        RnnStepGradient gRef = oracle().rnnStepBackward(kind, dh.oracle(), hNext.oracle(), w.oracle());
        RnnStepGradient gGot = be.rnnStepBackward(kind, dh.subject(), hNext.subject(), w.subject());
        RnnStepGradient gDef = RecurrentDefaults.rnnStepBackward(be, kind, dh.subject(), hNext.subject(), w.subject());
        List<String> gNames = List.of("dPre", "dh");
        List<Tensor> gGot2 = List.of(gGot.dPre(), gGot.dh());
        assertAllClose(what + " backward vs reference", gNames, List.of(gRef.dPre(), gRef.dh()), gGot2);
        assertAllClose(what + " backward override vs default", gNames, List.of(gDef.dPre(), gDef.dh()), gGot2);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.KitCases#cellKinds")
    @DisplayName("recurrentForward and recurrentBackward with one step, one sequence or one hidden unit")
    default void sequencesAtSizeOne(CellKind kind, DType dtype) {
        Backend be = subject();
        for (int[] s : new int[][] {{1, 1, 1}, {1, 3, 2}, {4, 1, 2}, {3, 2, 1}}) {
            for (boolean reverse : new boolean[] {false, true}) {
                int steps = s[0];
                int batch = s[1];
                int hidden = s[2];
                int[] lengths = raggedLengths(steps, batch);
                for (int[] len : new int[][] {null, lengths}) {
                    Operands ops = operands(dtype);
                    int gh = kind.gates() * hidden;
                    TensorPair p = ops.signed(steps, batch, gh);
                    TensorPair w = ops.uniform(-0.6, 0.6, gh, hidden);
                    TensorPair b = ops.signed(gh);
                    List<TensorPair> initial = new ArrayList<>();
                    List<TensorPair> dFinal = new ArrayList<>();
                    for (int k = 0; k < kind.states(); k++) {
                        initial.add(ops.signed(batch, hidden));
                        dFinal.add(ops.signed(batch, hidden));
                    }
                    TensorPair dOut = ops.signed(steps, batch, hidden);
                    String what = kind + " T=" + steps + " B=" + batch + " H=" + hidden + (len == null ? "" : " with lengths")
                            + (reverse ? " reversed" : "");
                    SequenceForward ref = oracle().recurrentForward(kind, p.oracle(), Sequences.oracles(initial),
                            w.oracle(), b.oracle(), len, reverse);
                    SequenceForward got = be.recurrentForward(kind, p.subject(), Sequences.subjects(initial), w.subject(),
                            b.subject(), len, reverse);
                    SequenceForward def = RecurrentDefaults.sequenceForward(be, kind, p.subject(),
                            Sequences.subjects(initial), w.subject(), b.subject(), len, reverse);
                    Sequences.assertForward(this, "recurrentForward " + what + " vs reference", ref, got);
                    Sequences.assertForward(this, "recurrentForward " + what + " override vs default", def, got);
                    SequenceGradient gRef = oracle().recurrentBackward(kind, ref, Sequences.oracles(initial), w.oracle(),
                            dOut.oracle(), Sequences.oracles(dFinal), len, reverse);
                    SequenceGradient gGot = be.recurrentBackward(kind, got, Sequences.subjects(initial), w.subject(),
                            dOut.subject(), Sequences.subjects(dFinal), len, reverse);
                    SequenceGradient gDef = RecurrentDefaults.sequenceBackward(be, kind, def, Sequences.subjects(initial),
                            w.subject(), dOut.subject(), Sequences.subjects(dFinal), len, reverse);
                    Sequences.assertGradient(this, "recurrentBackward " + what + " vs reference", gRef, gGot);
                    Sequences.assertGradient(this, "recurrentBackward " + what + " override vs default", gDef, gGot);
                    ops.assertUnmodified();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.KitCases#cellKinds")
    @DisplayName("recurrentInference with one step, one sequence or one hidden unit, where the backend takes it")
    default void inferenceAtSizeOne(CellKind kind, DType dtype) {
        Backend be = subject();
        int taken = 0;
        // {T, B, H, I}; batch 1 also at a width where a one-row fast path may start
        for (int[] s : new int[][] {{1, 1, 1, 1}, {1, 3, 2, 2}, {4, 1, 2, 3}, {3, 2, 1, 2}, {5, 1, 8, 4}}) {
            for (boolean reverse : new boolean[] {false, true}) {
                int steps = s[0];
                int batch = s[1];
                int hidden = s[2];
                int[] lengths = raggedLengths(steps, batch);
                for (int[] len : new int[][] {null, lengths}) {
                    Operands ops = operands(dtype);
                    int gh = kind.gates() * hidden;
                    TensorPair x = ops.signed(steps, batch, s[3]);
                    TensorPair wIh = ops.uniform(-0.6, 0.6, gh, s[3]);
                    TensorPair bIh = ops.signed(gh);
                    TensorPair wHh = ops.uniform(-0.6, 0.6, gh, hidden);
                    TensorPair bHh = ops.signed(gh);
                    List<TensorPair> initial = new ArrayList<>();
                    for (int k = 0; k < kind.states(); k++) {
                        initial.add(ops.signed(batch, hidden));
                    }
                    String what = "recurrentInference " + kind + " T=" + steps + " B=" + batch + " H=" + hidden
                            + (len == null ? "" : " with lengths") + (reverse ? " reversed" : "");
                    Optional<SequenceForward> got = be.recurrentInference(kind, x.subject(), Sequences.subjects(initial),
                            wIh.subject(), bIh.subject(), wHh.subject(), bHh.subject(), len, reverse);
                    ops.assertUnmodifiedBy("recurrentInference");
                    if (got.isPresent()) {
                        taken++;
                        SequenceForward ref = RecurrentDefaults.sequenceInference(oracle(), kind, x.oracle(),
                                Sequences.oracles(initial), wIh.oracle(), bIh.oracle(), wHh.oracle(), bHh.oracle(), len,
                                reverse);
                        Sequences.assertForward(this, what + " vs reference", ref, got.get());
                    }
                    ops.assertUnmodified();
                }
            }
        }
        Assumptions.assumeTrue(taken > 0, be.name() + " takes no recurrentInference " + kind
                + " at these sizes; layers project and run recurrentForward, which sequencesAtSizeOne checks");
    }

    /** Lengths {@code steps, steps - 1, ...} down to at least 1, one per batch row: a ragged batch. */
    private static int[] raggedLengths(int steps, int batch) {
        int[] lengths = new int[batch];
        for (int i = 0; i < batch; i++) {
            lengths[i] = Math.max(1, steps - i);
        }
        return lengths;
    }
}
