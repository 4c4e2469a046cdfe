package dev.jrnn.conformance.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs the cell kit over cells with one planted bug each and checks that the right check fails. */
class CellKitCanFailTest {

    static Stream<Arguments> plantedBugs() {
        return Stream.of(
                Arguments.of(BrokenCells.DetachedStateKit.class, "gradientsMatchFiniteDifferences"),
                Arguments.of(BrokenCells.UnsuffixedKit.class, "parameterNamesFollowPyTorch"),
                Arguments.of(BrokenCells.ForgottenStateCountKit.class, "stateCountIsConsistent"),
                Arguments.of(BrokenCells.BatchMeanKit.class, "batchRowsAreIndependent"),
                Arguments.of(BrokenCells.HardCodedDoubleKit.class, "bothDtypesAgree"),
                Arguments.of(BrokenCells.UnseededKit.class, "initialisationIsSeeded"),
                Arguments.of(BrokenCells.StaticInputSizeKit.class, "stackedLayerMatchesSteppedCells"),
                Arguments.of(BrokenCells.ReverseDroppedKit.class, "bidirectionalLayerMatchesSteppedCells"),
                Arguments.of(BrokenCells.UnitInputKit.class, "packedLayerMatchesEachSequenceAlone"),
                Arguments.of(BrokenCells.UnlistedBiasKit.class, "stateDictRoundTrip"),
                Arguments.of(BrokenCells.LeafStartKit.class, "streamingMatchesFullPass"),
                Arguments.of(BrokenCells.SharedFieldKit.class, "layerIsSafeFromManyThreads"));
    }

    @ParameterizedTest(name = "{0} fails {1}")
    @MethodSource("plantedBugs")
    @DisplayName("a cell with a planted bug fails the check written for it")
    void plantedBugIsCaught(Class<?> kit, String check) {
        Map<String, String> failed = failures(kit);
        Set<String> checks = new TreeSet<>();
        failed.keySet().forEach(k -> checks.add(k.substring(0, k.indexOf(' '))));
        assertTrue(checks.contains(check), kit.getSimpleName() + " should fail " + check + "; it failed " + checks);
        String message = failed.entrySet().stream().filter(e -> e.getKey().startsWith(check + " "))
                .findFirst().orElseThrow().getValue();
        assertTrue(message.contains("cell '"), "the failure names the cell: " + message);
    }

    @Test
    @DisplayName("the correct cell the broken ones derive from passes every check")
    void plainCellPasses() {
        assertEquals(Map.of(), failures(BrokenCells.PlainKit.class));
    }

    /** Failed tests as "method displayName", with their messages. */
    private static Map<String, String> failures(Class<?> kit) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(kit)).build();
        Map<String, String> failed = new TreeMap<>();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failed.put(method(id) + " " + id.getDisplayName(),
                            result.getThrowable().map(String::valueOf).orElse("no message"));
                }
            }
        });
        return failed;
    }

    private static String method(TestIdentifier id) {
        String method = "";
        for (UniqueId.Segment s : UniqueId.parse(id.getUniqueId()).getSegments()) {
            if (s.getType().equals("test-template") || s.getType().equals("method")) {
                method = s.getValue().substring(0, s.getValue().indexOf('('));
            }
        }
        return method;
    }
}
