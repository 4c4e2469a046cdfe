package dev.jrnn.conformance;


import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
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
 * Whole-sequence kernels ({@code recurrentForward}, {@code recurrentBackward}) for every cell kind,
 * with and without per-sequence lengths, in both directions: the output, final state, saved
 * tensors (in the layout {@link SequenceForward} documents) and every gradient are compared with
 * the reference and with the composed default run on the backend under test. A backend that runs
 * whole directions from the layer's input ({@code recurrentInference}) is checked against the
 * reference's projection and {@code recurrentForward} on the same inputs.
 */
@Family(OpFamily.SEQUENCES)
public interface SequenceSuite extends KitSuite {
    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("dev.jrnn.conformance.KitCases#sequences")
    @DisplayName("recurrentForward and recurrentBackward equal the composed default and the reference")
    default void sequenceMatches(CellKind kind, DType dtype, boolean withLengths, boolean reverse) {
        Operands ops = operands(dtype);
        Backend be = subject();
        int gh = kind.gates() * KitShapes.SEQUENCE_HIDDEN;
        int[] lengths = withLengths ? KitShapes.sequenceLengths() : null;
        TensorPair p = ops.signed(KitShapes.SEQUENCE_STEPS, KitShapes.SEQUENCE_BATCH, gh);
        TensorPair w = ops.uniform(-0.6, 0.6, gh, KitShapes.SEQUENCE_HIDDEN);
        TensorPair b = ops.signed(gh);
        List<TensorPair> initial = new ArrayList<>();
        List<TensorPair> dFinal = new ArrayList<>();
        for (int s = 0; s < kind.states(); s++) {
            initial.add(ops.signed(KitShapes.SEQUENCE_BATCH, KitShapes.SEQUENCE_HIDDEN));
            dFinal.add(ops.signed(KitShapes.SEQUENCE_BATCH, KitShapes.SEQUENCE_HIDDEN));
        }
        TensorPair dOut = ops.signed(KitShapes.SEQUENCE_STEPS, KitShapes.SEQUENCE_BATCH, KitShapes.SEQUENCE_HIDDEN);
        String what = kind + (withLengths ? " with lengths" : "") + (reverse ? " reversed" : "");

        SequenceForward ref = oracle().recurrentForward(kind, p.oracle(), Sequences.oracles(initial), w.oracle(), b.oracle(),
                lengths, reverse);
        SequenceForward got = be.recurrentForward(kind, p.subject(), Sequences.subjects(initial), w.subject(), b.subject(),
                lengths, reverse);
        ops.assertUnmodifiedBy("recurrentForward");
        SequenceForward def = RecurrentDefaults.sequenceForward(be, kind, p.subject(), Sequences.subjects(initial), w.subject(),
                b.subject(), lengths, reverse);
        Sequences.assertForward(this, "recurrentForward " + what + " override vs default", def, got);
        Sequences.assertForward(this, "recurrentForward " + what + " vs reference", ref, got);

        SequenceGradient gRef = oracle().recurrentBackward(kind, ref, Sequences.oracles(initial), w.oracle(), dOut.oracle(),
                Sequences.oracles(dFinal), lengths, reverse);
        SequenceGradient gGot = be.recurrentBackward(kind, got, Sequences.subjects(initial), w.subject(), dOut.subject(),
                Sequences.subjects(dFinal), lengths, reverse);
        ops.assertUnmodifiedBy("recurrentBackward");
        SequenceGradient gDef = RecurrentDefaults.sequenceBackward(be, kind, def, Sequences.subjects(initial), w.subject(),
                dOut.subject(), Sequences.subjects(dFinal), lengths, reverse);
        Sequences.assertGradient(this, "recurrentBackward " + what + " override vs default", gDef, gGot);
        Sequences.assertGradient(this, "recurrentBackward " + what + " vs reference", gRef, gGot);
        if (withLengths) {
            assertPaddingIsZero(what, got.output(), lengths);
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("dev.jrnn.conformance.KitCases#sequences")
    @DisplayName("recurrentInference, where the backend takes it, equals the projection and recurrentForward")
    default void inferenceMatches(CellKind kind, DType dtype, boolean withLengths, boolean reverse) {
        Operands ops = operands(dtype);
        Backend be = subject();
        int hs = KitShapes.SEQUENCE_HIDDEN;
        int gh = kind.gates() * hs;
        int[] lengths = withLengths ? KitShapes.sequenceLengths() : null;
        TensorPair x = ops.signed(KitShapes.SEQUENCE_STEPS, KitShapes.SEQUENCE_BATCH, KitShapes.SEQUENCE_INPUT);
        TensorPair wIh = ops.uniform(-0.6, 0.6, gh, KitShapes.SEQUENCE_INPUT);
        TensorPair bIh = ops.signed(gh);
        TensorPair wHh = ops.uniform(-0.6, 0.6, gh, hs);
        TensorPair bHh = ops.signed(gh);
        List<TensorPair> initial = new ArrayList<>();
        for (int s = 0; s < kind.states(); s++) {
            initial.add(ops.signed(KitShapes.SEQUENCE_BATCH, hs));
        }
        String what = "recurrentInference " + kind + (withLengths ? " with lengths" : "") + (reverse ? " reversed" : "");

        Optional<SequenceForward> got = be.recurrentInference(kind, x.subject(), Sequences.subjects(initial),
                wIh.subject(), bIh.subject(), wHh.subject(), bHh.subject(), lengths, reverse);
        Assumptions.assumeTrue(got.isPresent(), be.name() + " does not take " + what + "; layers project and run"
                + " recurrentForward, which the other cases check");
        SequenceForward ref = RecurrentDefaults.sequenceInference(oracle(), kind, x.oracle(), Sequences.oracles(initial),
                wIh.oracle(), bIh.oracle(), wHh.oracle(), bHh.oracle(), lengths, reverse);
        Sequences.assertForward(this, what + " vs reference", ref, got.get());
        if (withLengths) {
            assertPaddingIsZero(what, got.get().output(), lengths);
        }
        ops.assertUnmodified();
    }

    /** PyTorch's packed semantics: outputs at steps past a sequence's length are exactly zero. */
    private static void assertPaddingIsZero(String what, Tensor output, int[] lengths) {
        double[] out = output.toDoubleArray();
        for (int t = 0; t < KitShapes.SEQUENCE_STEPS; t++) {
            for (int b = 0; b < KitShapes.SEQUENCE_BATCH; b++) {
                for (int j = 0; j < KitShapes.SEQUENCE_HIDDEN && t >= lengths[b]; j++) {
                    double v = out[(t * KitShapes.SEQUENCE_BATCH + b) * KitShapes.SEQUENCE_HIDDEN + j];
                    if (v != 0.0) {
                        throw new AssertionError(what + ": output at step " + t + " of sequence " + b + " (length "
                                + lengths[b] + ") is " + v + ", expected 0");
                    }
                }
            }
        }
    }
}
