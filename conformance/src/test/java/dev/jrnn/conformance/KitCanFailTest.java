package dev.jrnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs the kit over deliberately wrong backends and checks that exactly the right tests fail. */
class KitCanFailTest {

    @Test
    @DisplayName("a sigmoid that is off by 1e-3 fails the sigmoid, LSTM and GRU tests and nothing else")
    void sigmoidBugIsCaught() {
        Outcome outcome = run(BrokenBackends.SigmoidOffKit.class);
        Set<String> expected = new TreeSet<>();
        for (String dtype : List.of("FLOAT32", "FLOAT64")) {
            expected.add("Elementwise.unaryMatchesReference SIGMOID " + dtype);
            expected.add("Elementwise.unaryEdgeValues " + dtype);
            expected.add("Steps.lstmStep " + dtype);
            expected.add("Steps.gruStep " + dtype);
            for (String kind : List.of("LSTM", "GRU")) {
                for (String lengths : List.of("false", "true")) {
                    for (String reverse : List.of("false", "true")) {
                        expected.add("Sequences.sequenceMatches " + kind + " " + dtype + " lengths=" + lengths
                                + " reverse=" + reverse);
                    }
                }
            }
        }
        assertEquals(expected, outcome.failed().keySet(), "failed tests");
        String message = outcome.failed().get("Steps.lstmStep FLOAT64");
        assertTrue(message.contains("lstmStep with bias vs reference"), message);
        assertTrue(outcome.passed() > 100, "passed: " + outcome.passed());
    }

    @Test
    @DisplayName("a fused lstmStep override that swaps two gates and skips validation fails those checks only")
    void fusedOverrideBugIsCaught() {
        Outcome outcome = run(BrokenBackends.SwappedGatesKit.class);
        Set<String> expected = new TreeSet<>();
        for (String dtype : List.of("FLOAT32", "FLOAT64")) {
            expected.add("Steps.lstmStep " + dtype);
            // the override slices its input before checking its shape, so the error names slice, not lstmStep
            expected.add("Validation.fusedShapes " + dtype);
            for (String lengths : List.of("false", "true")) {
                for (String reverse : List.of("false", "true")) {
                    expected.add("Sequences.sequenceMatches LSTM " + dtype + " lengths=" + lengths + " reverse=" + reverse);
                }
            }
        }
        assertEquals(expected, outcome.failed().keySet(), "failed tests");
        String message = outcome.failed().get("Steps.lstmStep FLOAT32");
        assertTrue(message.contains("lstmStep with bias override vs default h"), message);
        assertTrue(message.contains("worst at ["), message);
    }

    @Test
    @DisplayName("the reference backend passes every test of the kit when launched the same way")
    void referencePasses() {
        Outcome outcome = run(ReferenceCompatibilityTest.class);
        assertEquals(Map.of(), outcome.failed());
        assertTrue(outcome.passed() > 100, "passed: " + outcome.passed());
    }

    /** Failed tests by "Suite.method invocation" with their messages, and the number that passed. */
    private record Outcome(Map<String, String> failed, int passed) {
    }

    private static Outcome run(Class<?> kit) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(kit)).build();
        Map<String, String> failed = new TreeMap<>();
        List<String> passed = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    passed.add(id.getUniqueId());
                } else {
                    failed.put(key(id), result.getThrowable().map(String::valueOf).orElse("no message"));
                }
            }
        });
        return new Outcome(failed, passed.size());
    }

    /** "Nested.method displayName", from a unique id like .../[nested-class:Steps]/[test-template:lstmStep(..)]/[..]. */
    private static String key(TestIdentifier id) {
        String nested = "";
        String method = "";
        for (UniqueId.Segment s : UniqueId.parse(id.getUniqueId()).getSegments()) {
            if (s.getType().equals("nested-class")) {
                nested = s.getValue();
            } else if (s.getType().equals("test-template") || s.getType().equals("method")) {
                method = s.getValue().substring(0, s.getValue().indexOf('('));
            }
        }
        return nested + "." + method + " " + id.getDisplayName();
    }
}
