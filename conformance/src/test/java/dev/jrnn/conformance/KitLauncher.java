package dev.jrnn.conformance;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a kit class through the JUnit launcher and collects what failed, passed and was skipped. */
final class KitLauncher {
    private KitLauncher() {
    }

    /**
     * Tests by "method invocation" (for example {@code unaryEdgeValues SIGMOID float32}, or just the
     * method for a plain test): those that failed with their messages, those skipped with their
     * reasons, and how many passed.
     */
    record Outcome(Map<String, String> failed, Map<String, String> skipped, int passed) {
    }

    /** Runs every test of {@code kit}. */
    static Outcome run(Class<?> kit) {
        return run(LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClass(kit)).build());
    }

    /** Runs only the tests of {@code kit} in {@code families}, so that the others cost nothing. */
    static Outcome run(Class<?> kit, Set<OpFamily> families) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (Method m : kit.getMethods()) {
            boolean test = m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class);
            if (test && families.contains(KitGate.family(m))) {
                selectors.add(DiscoverySelectors.selectMethod(kit, m));
            }
        }
        return run(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build());
    }

    private static Outcome run(LauncherDiscoveryRequest request) {
        Map<String, String> failed = new TreeMap<>();
        Map<String, String> skipped = new TreeMap<>();
        int[] passed = {0};
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    return;
                }
                String message = result.getThrowable().map(String::valueOf).orElse("no message");
                switch (result.getStatus()) {
                    case SUCCESSFUL -> passed[0]++;
                    case ABORTED -> skipped.put(key(id), message);
                    default -> failed.put(key(id), message);
                }
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                skipped.put(key(id), reason);
            }
        });
        return new Outcome(failed, skipped, passed[0]);
    }

    /** {@link #run} with a class loader that also lists {@code providers} in a services file. */
    static Outcome runWithProviders(Class<?> kit, Set<OpFamily> families, Path dir, String... providers)
            throws IOException {
        Path services = dir.resolve("META-INF/services/dev.jrnn.api.backend.BackendProvider");
        Files.createDirectories(services.getParent());
        Files.write(services, List.of(providers));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            return run(kit, families);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** "method displayName" from a unique id like .../[test-template:lstmStep(..)]/[test-template-invocation:#1]. */
    private static String key(TestIdentifier id) {
        String method = "";
        boolean invocation = false;
        for (UniqueId.Segment s : UniqueId.parse(id.getUniqueId()).getSegments()) {
            if (s.getType().equals("test-template") || s.getType().equals("method")) {
                method = s.getValue().substring(0, s.getValue().indexOf('('));
            } else if (s.getType().equals("test-template-invocation")) {
                invocation = true;
            }
        }
        return invocation ? method + " " + id.getDisplayName() : method;
    }
}
