package dev.jrnn.cli;

import dev.jrnn.api.backend.Backends;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jrnn backends}: every backend candidate, its priority and availability, and the one selected. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the compute backends found, their priority and availability, and which is selected.")
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(Backends.discover().diagnostics().report());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
