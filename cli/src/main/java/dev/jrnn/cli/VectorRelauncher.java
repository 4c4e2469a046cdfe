package dev.jrnn.cli;

import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts the command again in a JVM with the Vector API module when this one lacks it.
 *
 * <p>The CPU backends' fast GEMM and gate kernels need {@code --add-modules jdk.incubator.vector},
 * which a jar manifest cannot request; without it they fall back to plain loops, several times
 * slower. So {@code java -jar jrnn.jar ...} re-runs itself once with the module added, the same
 * JVM options and class path, and exits with the child's status. {@code -Djrnn.relaunch=false}
 * turns this off; any failure to start the child runs the command in this JVM instead.
 *
 * <p>The two JVMs live and die together. The parent stops the child when it is stopped itself
 * ({@code SIGTERM}, {@code SIGINT}: a shutdown hook asks the child to stop, then kills it after
 * {@value #GRACE_SECONDS} s). A parent killed outright ({@code SIGKILL}, where no code of it runs)
 * is noticed by the child, which is given the parent's pid in {@code -Djrnn.relaunch.parent} and
 * exits with status {@value #ORPHANED} (128 + SIGTERM, as if stopped) once that process is gone,
 * instead of training on with nobody to report to.
 */
public final class VectorRelauncher {
    static final String MODULE = "jdk.incubator.vector";
    static final String PROPERTY = "jrnn.relaunch";
    /** The pid of the JVM that relaunched this one. */
    static final String PARENT = "jrnn.relaunch.parent";
    /** The child's exit status when its parent is gone. */
    static final int ORPHANED = 143;
    /** Seconds a stopped child is given to exit (and run its own shutdown hooks) before it is killed. */
    static final int GRACE_SECONDS = 5;

    private VectorRelauncher() {
    }

    /**
     * The exit status of {@code main} run in a child JVM, or empty when the command should run in
     * this JVM. In a child, starts watching the parent.
     */
    public static Optional<Integer> relaunch(Class<?> main, String[] args) {
        String parent = System.getProperty(PARENT);
        if (parent != null) {
            exitWithParent(parent);
        }
        if ("false".equals(System.getProperty(PROPERTY))
                || ModuleLayer.boot().findModule(MODULE).isPresent()
                || ModuleFinder.ofSystem().find(MODULE).isEmpty()) {
            return Optional.empty();
        }
        Process child;
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
            command.add("-D" + PARENT + "=" + ProcessHandle.current().pid());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(main.getName());
            command.addAll(List.of(args));
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (RuntimeException | java.io.IOException e) {
            return Optional.empty();
        }
        Thread stopChild = new Thread(() -> stop(child), "jrnn-stop-relaunched");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            int status = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stopChild);
            return Optional.of(status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(child);
            return Optional.of(130);
        } catch (IllegalStateException shuttingDown) {
            return Optional.of(child.exitValue());
        }
    }

    /** Asks {@code child} to stop, and kills it when it has not after {@value #GRACE_SECONDS} s. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Exits this JVM with {@value #ORPHANED} once the process {@code pid} has ended (at once if it
     * is gone already), running the shutdown hooks (which remove unfinished files), and halts it if
     * they take longer than {@value #GRACE_SECONDS} s.
     */
    static void exitWithParent(String pid) {
        Optional<ProcessHandle> parent;
        try {
            parent = ProcessHandle.of(Long.parseLong(pid));
        } catch (NumberFormatException e) {
            return;
        }
        if (parent.isEmpty() || !parent.get().isAlive()) {
            orphaned();
            return;
        }
        parent.get().onExit().thenRun(VectorRelauncher::orphaned);
    }

    private static void orphaned() {
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(GRACE_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "jrnn-orphan-halt");
        halt.setDaemon(true);
        halt.start();
        new Thread(() -> System.exit(ORPHANED), "jrnn-orphan-exit").start();
    }
}
