package dev.jrnn.benchmarks;

import dev.jrnn.api.backend.BackendCandidate;
import dev.jrnn.api.backend.Backends;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The main class of {@code benchmarks.jar}: JMH's own command line ({@link Main}, same options),
 * with two additions. When no {@code -p backend=...} is given, every backend on the classpath that
 * is available and selectable by default runs; after the run, a table of milliseconds per
 * operation and GFLOP/s is printed ({@link Summary}).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar                       # everything, every backend
 * java -jar benchmarks/target/benchmarks.jar Recurrent -p workload=W2 -p backend=nd4j
 * java -jar benchmarks/target/benchmarks.jar -rf json -rff jmh.json Gemm
 * </pre>
 */
public final class JrnnBenchmarks {
    private JrnnBenchmarks() {
    }

    /** Runs JMH with {@code args}; listing and help requests go straight to JMH. */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            Main.main(args);
            return;
        }
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cmd);
        if (cmd.getParameter("backend").hasValue()) {
            System.out.println("# jrnn backends: as given, " + cmd.getParameter("backend").get());
        } else {
            List<String> names = presentBackends();
            System.out.println("# jrnn backends: every one present, " + names);
            options.param("backend", names.toArray(String[]::new));
        }
        Collection<RunResult> results;
        try {
            results = new Runner(options.build()).run();
        } catch (RunnerException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println();
        System.out.print(Summary.markdown(results));
    }

    /** The names of the backends that are available and may be chosen by default, by priority. */
    static List<String> presentBackends() {
        List<String> names = Backends.discover().candidates().stream()
                .filter(BackendCandidate::selectableByDefault)
                .map(BackendCandidate::name)
                .toList();
        if (names.isEmpty()) {
            throw new IllegalStateException("no jrnn backend is available on the classpath: "
                    + Backends.discover().diagnostics());
        }
        return names;
    }
}
