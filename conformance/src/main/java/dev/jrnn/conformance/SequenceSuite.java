package dev.jrnn.conformance;

import static dev.jrnn.conformance.KitAssertions.assertAllClose;
import static dev.jrnn.conformance.KitAssertions.assertClose;

import dev.jrnn.api.DType;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole-sequence kernels ({@code recurrentForward}, {@code recurrentBackward}) for every cell kind,
 * with and without per-sequence lengths, in both directions: the output, final state, saved
 * tensors (in the layout {@link SequenceForward} documents) and every gradient are compared with
 * the reference and with the composed default run on the backend under test.
 */
public abstract class SequenceSuite extends KitSuite {
    private static final int STEPS = 4;
    private static final int BATCH = 3;
    private static final int HIDDEN = 3;
    /** Unsorted, one sequence of full length, one of a single step. */
    private static final int[] LENGTHS = {STEPS, 1, 3};

    @ParameterizedTest(name = "{0} {1} lengths={2} reverse={3}")
    @MethodSource("dev.jrnn.conformance.KitCases#sequences")
    @DisplayName("recurrentForward and recurrentBackward equal the composed default and the reference")
    void sequenceMatches(CellKind kind, DType dtype, boolean withLengths, boolean reverse) {
        Operands ops = operands(dtype);
        Backend be = backend();
        int gh = kind.gates() * HIDDEN;
        int[] lengths = withLengths ? LENGTHS.clone() : null;
        TensorPair p = ops.signed(STEPS, BATCH, gh);
        TensorPair w = ops.uniform(-0.6, 0.6, gh, HIDDEN);
        TensorPair b = ops.signed(gh);
        List<TensorPair> initial = new ArrayList<>();
        List<TensorPair> dFinal = new ArrayList<>();
        for (int s = 0; s < kind.states(); s++) {
            initial.add(ops.signed(BATCH, HIDDEN));
            dFinal.add(ops.signed(BATCH, HIDDEN));
        }
        TensorPair dOut = ops.signed(STEPS, BATCH, HIDDEN);
        String what = kind + (withLengths ? " with lengths" : "") + (reverse ? " reversed" : "");

        SequenceForward ref = oracle().recurrentForward(kind, p.oracle(), oracles(initial), w.oracle(), b.oracle(),
                lengths, reverse);
        SequenceForward got = be.recurrentForward(kind, p.subject(), subjects(initial), w.subject(), b.subject(),
                lengths, reverse);
        SequenceForward def = RecurrentDefaults.sequenceForward(be, kind, p.subject(), subjects(initial), w.subject(),
                b.subject(), lengths, reverse);
        assertForward("recurrentForward " + what + " override vs default", def, got);
        assertForward("recurrentForward " + what + " vs reference", ref, got);

        SequenceGradient gRef = oracle().recurrentBackward(kind, ref, oracles(initial), w.oracle(), dOut.oracle(),
                oracles(dFinal), lengths, reverse);
        SequenceGradient gGot = be.recurrentBackward(kind, got, subjects(initial), w.subject(), dOut.subject(),
                subjects(dFinal), lengths, reverse);
        SequenceGradient gDef = RecurrentDefaults.sequenceBackward(be, kind, def, subjects(initial), w.subject(),
                dOut.subject(), subjects(dFinal), lengths, reverse);
        assertGradient("recurrentBackward " + what + " override vs default", gDef, gGot);
        assertGradient("recurrentBackward " + what + " vs reference", gRef, gGot);
        if (withLengths) {
            assertPaddingIsZero(what, got.output(), lengths);
        }
        ops.assertUnmodified();
    }

    private static void assertForward(String what, SequenceForward expected, SequenceForward actual) {
        assertClose(what + " output", expected.output(), actual.output());
        assertAllClose(what + " final state", names("state", expected.finalState().size()), expected.finalState(),
                actual.finalState());
        assertAllClose(what + " saved", names("saved", expected.saved().size()), expected.saved(), actual.saved());
    }

    private static void assertGradient(String what, SequenceGradient expected, SequenceGradient actual) {
        assertClose(what + " dInputProjection", expected.dInputProjection(), actual.dInputProjection());
        assertAllClose(what + " dInitialState", names("state", expected.dInitialState().size()),
                expected.dInitialState(), actual.dInitialState());
        assertClose(what + " dRecurrentWeight", expected.dRecurrentWeight(), actual.dRecurrentWeight());
        assertClose(what + " dRecurrentBias", expected.dRecurrentBias(), actual.dRecurrentBias());
    }

    /** PyTorch's packed semantics: outputs at steps past a sequence's length are exactly zero. */
    private static void assertPaddingIsZero(String what, Tensor output, int[] lengths) {
        double[] out = output.toDoubleArray();
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < BATCH; b++) {
                for (int j = 0; j < HIDDEN && t >= lengths[b]; j++) {
                    double v = out[(t * BATCH + b) * HIDDEN + j];
                    if (v != 0.0) {
                        throw new AssertionError(what + ": output at step " + t + " of sequence " + b + " (length "
                                + lengths[b] + ") is " + v + ", expected 0");
                    }
                }
            }
        }
    }

    private static List<String> names(String prefix, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(prefix + " " + i);
        }
        return names;
    }

    private static List<Tensor> subjects(List<TensorPair> pairs) {
        return pairs.stream().map(TensorPair::subject).toList();
    }

    private static List<Tensor> oracles(List<TensorPair> pairs) {
        return pairs.stream().map(TensorPair::oracle).toList();
    }
}
