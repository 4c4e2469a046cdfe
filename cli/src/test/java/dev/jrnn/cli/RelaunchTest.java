package dev.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jrnn} command run as a user runs it, in its own JVM without the Vector API module, so
 * that it relaunches itself: the relaunched JVM must not outlive the one that started it.
 */
class RelaunchTest {
    /** How long the child may take to notice that its parent is gone, and exit. */
    private static final long EXIT_SECONDS = 15;

    /** A parent JVM running a training that takes long, and the child it relaunched. */
    private record Running(Process parent, ProcessHandle child) {
    }

    private static Running start(Path dir, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Jrnn.class.getName(), "forecast", "--epochs", "100000", "--hidden", "4", "--seeds", "1",
                "--no-cross-learn", "--quiet", "--backend", "ejml", "--save", dir.resolve("m.safetensors").toString(),
                "--out", dir.resolve("f.csv").toString(), "--chart", dir.resolve("c.png").toString()));
        Process parent = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Optional<ProcessHandle> child = Optional.empty();
        while (child.isEmpty() && parent.isAlive() && System.nanoTime() < deadline) {
            child = parent.toHandle().children().findFirst();
            Thread.sleep(100);
        }
        assertTrue(child.isPresent(), "the command relaunched itself");
        Thread.sleep(3000);
        assertTrue(child.get().isAlive() && parent.isAlive(), "both still training");
        return new Running(parent, child.get());
    }

    private static boolean exits(ProcessHandle p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_SECONDS);
        while (p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return !p.isAlive();
    }

    private static void assertNothingLeft(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no model, forecast, chart or temporary file");
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    @DisplayName("the relaunched JVM exits when its parent is killed (SIGKILL) or stopped (SIGTERM), leaving no file")
    void childDiesWithItsParent(@TempDir Path killed, @TempDir Path stopped, @TempDir Path logs) throws Exception {
        assumeTrue(ModuleFinder.ofSystem().find(VectorRelauncher.MODULE).isPresent(), "a JDK with the Vector API");
        assumeTrue(ModuleLayer.boot().findModule(VectorRelauncher.MODULE).isEmpty(),
                "this JVM lacks the Vector API module, as java -jar does");
        Running r = start(killed, logs.resolve("killed.log"));
        try {
            r.parent().destroyForcibly().waitFor();
            assertTrue(exits(r.child()), "the child of a killed parent exits within " + EXIT_SECONDS + " s");
            assertNothingLeft(killed);
        } finally {
            r.child().destroyForcibly();
        }
        Running s = start(stopped, logs.resolve("stopped.log"));
        try {
            s.parent().destroy();
            assertTrue(s.parent().waitFor(EXIT_SECONDS, TimeUnit.SECONDS), "the parent stops");
            assertFalse(s.child().isAlive(), "the parent's shutdown hook stopped the child before it exited");
            assertNothingLeft(stopped);
        } finally {
            s.child().destroyForcibly();
            s.parent().destroyForcibly();
        }
    }
}
