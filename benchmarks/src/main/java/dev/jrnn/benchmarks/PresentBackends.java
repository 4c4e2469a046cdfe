package dev.jrnn.benchmarks;

/**
 * Prints the backends that {@link JrnnBenchmarks} runs by default, comma-separated, for scripts:
 * {@code java -cp benchmarks.jar dev.jrnn.benchmarks.PresentBackends} prints {@code nd4j,ejml}.
 */
public final class PresentBackends {
    private PresentBackends() {
    }

    /** Prints the names; arguments are ignored. */
    public static void main(String[] args) {
        System.out.println(String.join(",", JrnnBenchmarks.presentBackends()));
    }
}
