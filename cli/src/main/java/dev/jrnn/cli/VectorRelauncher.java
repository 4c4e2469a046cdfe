package dev.jrnn.cli;

import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the command again in a JVM with the Vector API module when this one lacks it.
 *
 * <p>The CPU backends' fast GEMM and gate kernels need {@code --add-modules jdk.incubator.vector},
 * which a jar manifest cannot request; without it they fall back to plain loops, several times
 * slower. So {@code java -jar jrnn.jar ...} re-runs itself once with the module added, the same
 * JVM options and class path, and exits with the child's status. {@code -Djrnn.relaunch=false}
 * turns this off; any failure to start the child runs the command in this JVM instead.
 */
public final class VectorRelauncher {
    static final String MODULE = "jdk.incubator.vector";
    static final String PROPERTY = "jrnn.relaunch";

    private VectorRelauncher() {
    }

    /** The exit status of {@code main} run in a child JVM, or empty when the command should run in this JVM. */
    public static Optional<Integer> relaunch(Class<?> main, String[] args) {
        if ("false".equals(System.getProperty(PROPERTY))
                || ModuleLayer.boot().findModule(MODULE).isPresent()
                || ModuleFinder.ofSystem().find(MODULE).isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<String> java = ProcessHandle.current().info().command();
            if (java.isEmpty()) {
                return Optional.empty();
            }
            List<String> command = new ArrayList<>();
            command.add(java.get());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("--add-modules=" + MODULE);
            command.add("-D" + PROPERTY + "=false");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(main.getName());
            command.addAll(List.of(args));
            Process child = new ProcessBuilder(command).inheritIO().start();
            return Optional.of(child.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        } catch (RuntimeException | java.io.IOException e) {
            return Optional.empty();
        }
    }
}
