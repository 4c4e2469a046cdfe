package dev.jrnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the kit over deliberately wrong backends ({@link BrokenBackends}, one planted bug each) and
 * checks that exactly the tests meant to catch the bug fail, with a message that says what is wrong.
 */
class KitCanFailTest {
    private static final List<String> DTYPES = List.of("float32", "float64");

    @TempDir
    Path dir;

    @AfterAll
    static void freeWhatTheLeakingBackendsKept() {
        synchronized (BrokenBackends.HeapRetaining.KEPT) {
            BrokenBackends.HeapRetaining.KEPT.clear();
        }
        BrokenBackends.NativeRetaining.freeAll();
    }

    /**
     * A planted bug: its kit, the families run, the tests that must fail (and no other), and a
     * fragment one of their messages must hold.
     */
    private static Arguments planted(String bug, Class<?> kit, Set<OpFamily> families, Set<String> failures,
                                     String fragment) {
        return Arguments.of(Named.of(bug, kit), families, failures, fragment);
    }

    /** {@code test} once per dtype: {@code test float32}, {@code test float64}. */
    private static Set<String> both(String... tests) {
        Set<String> all = new TreeSet<>();
        for (String t : tests) {
            for (String d : DTYPES) {
                all.add(t + " " + d);
            }
        }
        return all;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return all;
    }

    /** sequenceMatches of {@code kind} in every dtype, with and without lengths, both directions. */
    private static Set<String> sequences(String kind) {
        Set<String> all = new TreeSet<>();
        for (String d : DTYPES) {
            for (String lengths : List.of("full", "lengths")) {
                for (String direction : List.of("forward", "reversed")) {
                    all.add("sequenceMatches " + kind + " " + d + " " + lengths + " " + direction);
                }
            }
        }
        return all;
    }

    /** inferenceMatches of every cell kind in every dtype, with and without lengths, both directions. */
    private static Set<String> inferences() {
        Set<String> all = new TreeSet<>();
        for (String kind : List.of("LSTM", "GRU", "RNN_TANH", "RNN_RELU")) {
            for (String s : sequences(kind)) {
                all.add(s.replace("sequenceMatches", "inferenceMatches"));
            }
        }
        return all;
    }

    static Stream<Arguments> plantedBugs() {
        Set<OpFamily> fast = BrokenBackends.FAST;
        return Stream.of(
                planted("a correct backend of its own tensors fails nothing", BrokenBackends.DelegatingKit.class, fast,
                        Set.of(), null),
                planted("sigmoid off by 1e-3 (every test of a sigmoid)", BrokenBackends.SigmoidOffKit.class, fast,
                        union(both("unaryMatchesReference SIGMOID", "unaryEdgeValues SIGMOID", "lstmStep", "gruStep",
                                        "recurrentSaturation LSTM", "recurrentSaturation GRU", "stepsAtSizeOne LSTM",
                                        "stepsAtSizeOne GRU", "sequencesAtSizeOne LSTM", "sequencesAtSizeOne GRU"),
                                sequences("LSTM"), sequences("GRU")),
                        "vs reference"),
                planted("fused lstmStep with two gates swapped", BrokenBackends.SwappedGatesKit.class, fast,
                        union(both("lstmStep", "fusedShapes", "recurrentSaturation LSTM", "stepsAtSizeOne LSTM",
                                "sequencesAtSizeOne LSTM"), sequences("LSTM")),
                        "override vs default"),
                planted("sigmoid as e^x / (1 + e^x)", BrokenBackends.NaiveSigmoidKit.class, fast,
                        both("unaryEdgeValues SIGMOID", "recurrentSaturation LSTM", "recurrentSaturation GRU"),
                        "actual NaN"),
                planted("product that skips zeros (0 * Inf = 0)", BrokenBackends.ZeroSkippingMulKit.class, fast,
                        both("binaryEdgeValues MUL"), "expected NaN, actual 0"),
                planted("max reduction that drops NaN", BrokenBackends.NanDroppingMaxKit.class, fast,
                        both("reductionsPropagateNonFinite MAX"), "expected NaN, actual Infinity"),
                planted("matmul that skips zeros", BrokenBackends.ZeroSkippingMatmulKit.class, fast,
                        union(both("matmulPropagatesNonFinite"), both("linearPropagatesNonFinite")).stream()
                                .flatMap(k -> k.startsWith("matmul")
                                        ? Stream.of(k + " a b", k + " a b^T", k + " a^T b", k + " a^T b^T")
                                        : Stream.of(k)).collect(Collectors.toCollection(TreeSet::new)),
                        "expected NaN"),
                planted("matmul that reads a square right operand with the transpose flag inverted",
                        BrokenBackends.SquareTransposedMatmulKit.class, fast,
                        both("matmulMatchesReference").stream()
                                .flatMap(k -> Stream.of(k + " a b", k + " a b^T", k + " a^T b", k + " a^T b^T"))
                                .collect(Collectors.toCollection(TreeSet::new)),
                        "matmul 6x6x6"),
                planted("matmul that forgets the inner dimension past a depth of 512", BrokenBackends.ShallowMatmulKit.class,
                        fast, both("matmulMatchesReference").stream()
                                .flatMap(k -> Stream.of(k + " a b", k + " a b^T", k + " a^T b", k + " a^T b^T"))
                                .collect(Collectors.toCollection(TreeSet::new)),
                        "matmul 9x600x11"),
                planted("fused lstmStep that writes the new cell state over its input c", BrokenBackends.InPlaceLstmStepKit.class,
                        fast, union(both("lstmStep", "recurrentSaturation LSTM", "stepsAtSizeOne LSTM",
                                "sequencesAtSizeOne LSTM"), sequences("LSTM")),
                        "was modified by an op on the backend under test (delegating), in lstmStep"),
                planted("reduction along the mirrored axis of a square tensor", BrokenBackends.MirroredAxisReduceKit.class,
                        fast, both("reduceMatchesReference SUM", "reduceMatchesReference MAX"),
                        "of [4, 4] along axis"),
                planted("fused linear that skips zero inputs", BrokenBackends.ZeroSkippingLinearKit.class, fast,
                        both("linearPropagatesNonFinite"), "expected NaN"),
                planted("cast to float32 that saturates instead of overflowing", BrokenBackends.SaturatingCastKit.class,
                        fast, both("creationKeepsEdgeValues"), "cast of the edge values to FLOAT32"),
                planted("transpose that turns -0 into +0", BrokenBackends.ZeroSignTransposeKit.class, fast,
                        both("movementKeepsEdgeValues"), "transpose of the edge values"),
                planted("fused lstmStep with a sigmoid of its own, e^x / (1 + e^x)", BrokenBackends.NaiveFusedLstmKit.class,
                        fast, both("recurrentSaturation LSTM"), "actual NaN"),
                planted("linear that drops the bias at batch 1", BrokenBackends.BiasDroppingLinearKit.class, fast,
                        both("linearAtSizeOne"), "linear x [1,3] W [4,3] with bias vs reference"),
                planted("lstmStep that forgets the cell state at batch 1", BrokenBackends.BatchOneLstmKit.class, fast,
                        both("stepsAtSizeOne LSTM", "sequencesAtSizeOne LSTM"), "at batch 1"),
                planted("sequence kernel wrong for one step", BrokenBackends.SingleStepSequenceKit.class, fast,
                        both("sequencesAtSizeOne LSTM", "sequencesAtSizeOne GRU", "sequencesAtSizeOne RNN_TANH",
                                "sequencesAtSizeOne RNN_RELU"), "T=1"),
                planted("whole-direction inference without the input bias", BrokenBackends.BiasDroppingInferenceKit.class,
                        fast, union(inferences(), both("inferenceAtSizeOne LSTM", "inferenceAtSizeOne GRU",
                                "inferenceAtSizeOne RNN_TANH", "inferenceAtSizeOne RNN_RELU")), "recurrentInference"),
                planted("whole-direction inference without the input bias at batch 1 only",
                        BrokenBackends.BatchOneInferenceBiasKit.class, fast, both("inferenceAtSizeOne LSTM",
                                "inferenceAtSizeOne GRU", "inferenceAtSizeOne RNN_TANH", "inferenceAtSizeOne RNN_RELU"),
                        "recurrentInference LSTM T=1 B=1 H=1 vs reference"),
                planted("scale that ignores a rank-0 input", BrokenBackends.ScalarScaleKit.class, fast,
                        both("scaleAtSizeOne"), "scale [] by"),
                planted("reshape to the same shape returns its input", BrokenBackends.SameShapeReshapeKit.class, fast,
                        both("resultsOutliveTheirInputs reshape to the same shape"), "returned its input object"),
                planted("full-range slice returns its input", BrokenBackends.FullRangeSliceKit.class, fast,
                        both("resultsOutliveTheirInputs slice of the full range along axis 0",
                                "resultsOutliveTheirInputs slice of the full range along axis 1"),
                        "returned its input object"),
                planted("reshape is a view that dies with its input", BrokenBackends.DyingViewKit.class, fast,
                        both("resultsOutliveTheirInputs reshape to the same shape",
                                "resultsOutliveTheirInputs reshape to another shape"),
                        "the result read after its input was closed"),
                planted("fromArray keeps the caller's array", BrokenBackends.KeepsCallerArrayKit.class, fast,
                        both("fromArrayCopies"), "after the caller changed its array"),
                planted("toDoubleArray hands out the storage", BrokenBackends.SharedReadBackKit.class, fast,
                        both("readBacksAreCopies"), "changed what toDoubleArray returned"),
                planted("zeros hands out one cached tensor", BrokenBackends.CachedZerosKit.class, fast,
                        both("creationMakesNewTensors"), "returned the same tensor object twice"),
                planted("storage kept on the heap forever, counter balanced", BrokenBackends.HeapRetainingKit.class,
                        EnumSet.of(OpFamily.LEAKS, OpFamily.MEMORY), Set.of("memoryStaysFlat"), "the heap grew"),
                planted("native storage kept forever, counter balanced", BrokenBackends.NativeRetainingKit.class,
                        EnumSet.of(OpFamily.LEAKS, OpFamily.MEMORY), Set.of("memoryStaysFlat"), "resident memory grew"),
                planted("unary ops share one scratch array", BrokenBackends.SharedScratchKit.class,
                        EnumSet.of(OpFamily.CONCURRENCY), both("opsFromManyThreads"), "single-thread result"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedBugs")
    @DisplayName("each planted bug fails exactly the tests meant to catch it")
    void plantedBugIsCaught(Class<?> kit, Set<OpFamily> families, Set<String> failures, String fragment) {
        KitLauncher.Outcome outcome = KitLauncher.run(kit, families);
        assertEquals(failures, outcome.failed().keySet(), "failed tests (skipped: " + outcome.skipped() + ")");
        if (fragment != null) {
            assertTrue(outcome.failed().values().stream().anyMatch(m -> m.contains(fragment)),
                    "no message holds '" + fragment + "': " + outcome.failed().values());
        }
        assertTrue(outcome.passed() > 0 || families.size() == 1, "passed: " + outcome.passed());
    }

    static Stream<Arguments> plantedProviders() {
        return Stream.of(
                Arguments.of(Named.of("a correct provider passes", "BrokenBackends$PlantedProvider"), null, null),
                Arguments.of(Named.of("a typo in the services file", "BrokenBackends$PlantedProvidr"),
                        "providerIsRegistered", "failed to load: [dev.jrnn.api.backend.BackendProvider: Provider"
                                + " dev.jrnn.conformance.BrokenBackends$PlantedProvidr not found"),
                Arguments.of(Named.of("a provider whose constructor throws", "BrokenBackends$ThrowingConstructorProvider"),
                        "providerIsRegistered", "could not be instantiated: java.lang.IllegalStateException: native"
                                + " library libplanted.so is missing"),
                Arguments.of(Named.of("a provider named otherwise than its backend", "BrokenBackends$MisnamedProvider"),
                        "providerNameMatches", "is named 'plant' but its backend's name() is 'planted'"),
                Arguments.of(Named.of("a provider whose availability() throws",
                        "BrokenBackends$ThrowingAvailabilityProvider"), "availabilityNeverThrows", "driver probe crashed"),
                Arguments.of(Named.of("a provider whose create() gives another backend",
                        "BrokenBackends$WrongBackendProvider"), "createGivesAWorkingBackend",
                        "create() gave a dev.jrnn.api.reference.ReferenceBackend"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedProviders")
    @DisplayName("each planted provider bug fails exactly the provider test meant to catch it, the others pass or skip")
    void plantedProviderIsCaught(String provider, String failure, String fragment) throws IOException {
        KitLauncher.Outcome outcome = KitLauncher.runWithProviders(BrokenBackends.PlantedKit.class,
                EnumSet.of(OpFamily.PROVIDER), dir, "dev.jrnn.conformance." + provider);
        assertEquals(failure == null ? Set.of() : Set.of(failure), outcome.failed().keySet(), "failed tests");
        if (failure != null) {
            assertTrue(outcome.failed().get(failure).contains(fragment), outcome.failed().get(failure));
        }
        int skipped = failure != null && failure.equals("providerIsRegistered") ? 3 : 0;
        assertEquals(skipped, outcome.skipped().size(), "skipped: " + outcome.skipped());
    }

    @Test
    @DisplayName("an op that changes its input is blamed on the backend under test, never on the reference")
    void modifiedInputIsBlamedOnTheBackend() {
        Map<String, String> failed = KitLauncher.run(BrokenBackends.ModifiesInputKit.class, BrokenBackends.FAST).failed();
        String message = failed.get("unaryMatchesReference TANH float64");
        assertTrue(message != null && message.contains("was modified by an op on the backend under test (delegating)"),
                String.valueOf(message));
        failed.forEach((test, m) -> assertTrue(!m.contains("reference backend"), test + ": " + m));
    }

    @Test
    @DisplayName("float32 values left unrounded fail the rounding checks and are never taken for modified inputs")
    void unroundedFloat32IsNotTakenForModification() {
        Map<String, String> failed = KitLauncher.run(BrokenBackends.UnroundedFloat32Kit.class, BrokenBackends.FAST)
                .failed();
        assertTrue(failed.containsKey("readBack float32"), failed.keySet().toString());
        assertTrue(failed.get("readBack float32").contains("must be rounded"), failed.get("readBack float32"));
        failed.forEach((test, m) -> assertTrue(!m.contains("modified"), test + ": " + m));
    }

    @Test
    @DisplayName("what a backend opts out of, a family or a dtype, is reported skipped with its reason")
    void optOutsAreSkippedWithReasons() {
        KitLauncher.Outcome outcome = KitLauncher.run(ReferenceFloat32CompatibilityTest.class,
                EnumSet.of(OpFamily.LEAKS, OpFamily.CREATION));
        assertEquals(Map.of(), outcome.failed(), "failed tests");
        assertEquals("org.opentest4j.TestAbortedException: the backend opts out of LEAKS: run once, by"
                + " ReferenceCompatibilityTest", outcome.skipped().get("memoryStaysFlat"));
        assertEquals("org.opentest4j.TestAbortedException: FLOAT64 is not among the backend's supportedDtypes()"
                + " [FLOAT32]", outcome.skipped().get("readBack float64"));
        assertEquals("org.opentest4j.TestAbortedException: Assumption failed: FLOAT64 is not among the backend's"
                + " supportedDtypes() [FLOAT32]", outcome.skipped().get("cast float32"), "cast to the other dtype");
        List<String> float64 = new ArrayList<>(outcome.skipped().keySet());
        float64.removeIf(k -> !k.endsWith("float64"));
        assertEquals(5, float64.size(), "skipped float64 tests: " + float64);
        assertEquals(5, outcome.passed(), "passed: the float32 creation tests but cast");
    }
}
