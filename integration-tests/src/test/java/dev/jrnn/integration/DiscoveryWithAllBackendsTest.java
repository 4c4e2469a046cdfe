package dev.jrnn.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.BackendCandidate;
import dev.jrnn.api.backend.Backends;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Discovery with every jrnn backend on one classpath, as an application that adds them all sees it. */
class DiscoveryWithAllBackendsTest {

    @Test
    @DisplayName("every backend module is discovered through ServiceLoader with its priority")
    void everyBackendIsDiscovered() {
        List<BackendCandidate> candidates = Backends.discover().diagnostics().candidates();
        String names = candidates.stream().map(BackendCandidate::name).sorted().collect(Collectors.joining(","));
        assertEquals("cuda,ejml,nd4j,reference", names);
        for (BackendCandidate c : candidates) {
            assertFalse(c.reason() == null || c.reason().isBlank(), c.name() + " gives no availability reason");
        }
    }

    @Test
    @DisplayName("the diagnostics report names every candidate and why the CUDA backend can or cannot run")
    void diagnosticsReportSaysWhy() {
        String report = Backends.discover().diagnostics().report();
        for (String name : List.of("cuda", "nd4j", "ejml", "reference")) {
            assertTrue(report.contains(name), "report lacks " + name + ":\n" + report);
        }
        BackendCandidate cuda = Backends.discover().diagnostics().candidates().stream()
                .filter(c -> c.name().equals("cuda")).findFirst().orElseThrow();
        assertTrue(report.contains(cuda.reason()), report);
    }

    @Test
    @DisplayName("without a name the highest-priority available backend wins: cuda on a GPU machine, else nd4j")
    void highestAvailablePriorityWins() {
        boolean gpu = Backends.discover().diagnostics().candidates().stream()
                .anyMatch(c -> c.name().equals("cuda") && c.available());
        String expected = gpu ? "cuda" : "nd4j";
        if (System.getProperty(Backends.PROPERTY) == null && System.getenv(Backends.ENVIRONMENT) == null) {
            assertEquals(expected, Backends.get().name());
        }
    }
}
