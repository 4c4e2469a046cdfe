package dev.jrnn.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The wall time and the process's CPU time (every thread: the kernels' workers and the collector
 * too) of consecutive phases of a command, printed as {@code name W s (C s CPU)}. On a machine
 * shared with other work the wall time says how busy it was; the CPU time much less.
 */
final class PhaseClock {
    private final List<String> phases = new ArrayList<>();
    private final long start = System.nanoTime();
    private final long startCpu = cpuNanos();
    private long wall = start;
    private long cpu = startCpu;

    /** Ends the phase running since the last call (or since the clock was made) as {@code name}. */
    void end(String name) {
        long w = System.nanoTime();
        long c = cpuNanos();
        phases.add(format(name, w - wall, c - cpu));
        wall = w;
        cpu = c;
    }

    /** Seconds since the clock was made. */
    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The phases so far and their total, for example {@code reading 0.3 s (0.5 s CPU), ..., in all 61.2 s (119.0 s CPU)}. */
    String summary() {
        return String.join(", ", phases) + ", " + format("in all", wall - start, cpu - startCpu);
    }

    private static String format(String name, long wallNanos, long cpuNanos) {
        return cpuNanos < 0 ? String.format(Locale.ROOT, "%s %.2f s", name, wallNanos / 1e9)
                : String.format(Locale.ROOT, "%s %.2f s (%.2f s CPU)", name, wallNanos / 1e9, cpuNanos / 1e9);
    }

    /** The process's CPU time, or -1 where the JVM does not tell it. */
    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
