package dev.jrnn.conformance;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.ArrayList;
import java.util.List;

/** Comparisons of whole-sequence results, part by part, and the lists their inputs come in. */
final class Sequences {
    private Sequences() {
    }

    /** Output, final state and saved tensors of two forward passes. */
    static void assertForward(KitSuite suite, String what, SequenceForward expected, SequenceForward actual) {
        suite.assertClose(what + " output", expected.output(), actual.output());
        suite.assertAllClose(what + " final state", names("state", expected.finalState().size()), expected.finalState(),
                actual.finalState());
        suite.assertAllClose(what + " saved", names("saved", expected.saved().size()), expected.saved(), actual.saved());
    }

    /** Every gradient of two backward passes. */
    static void assertGradient(KitSuite suite, String what, SequenceGradient expected, SequenceGradient actual) {
        suite.assertClose(what + " dInputProjection", expected.dInputProjection(), actual.dInputProjection());
        suite.assertAllClose(what + " dInitialState", names("state", expected.dInitialState().size()),
                expected.dInitialState(), actual.dInitialState());
        suite.assertClose(what + " dRecurrentWeight", expected.dRecurrentWeight(), actual.dRecurrentWeight());
        suite.assertClose(what + " dRecurrentBias", expected.dRecurrentBias(), actual.dRecurrentBias());
    }

    /** {@code prefix 0}, {@code prefix 1}, ... */
    static List<String> names(String prefix, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(prefix + " " + i);
        }
        return names;
    }

    static List<Tensor> subjects(List<TensorPair> pairs) {
        return pairs.stream().map(TensorPair::subject).toList();
    }

    static List<Tensor> oracles(List<TensorPair> pairs) {
        return pairs.stream().map(TensorPair::oracle).toList();
    }
}
