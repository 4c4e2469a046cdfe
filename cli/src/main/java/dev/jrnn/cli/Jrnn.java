package dev.jrnn.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The {@code jrnn} command's entry point: {@code java -jar jrnn.jar <command> [options]}. */
@Command(name = "jrnn", mixinStandardHelpOptions = true, version = "jrnn 0.1.0",
        description = "Forecasting with recurrent neural networks on the JVM: forecast, predict, m4, backtest, backends.",
        subcommands = {ForecastCommand.class, PredictCommand.class, M4Command.class, BacktestCommand.class, BackendsCommand.class,
            CommandLine.HelpCommand.class})
public final class Jrnn implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command: forecast, predict, m4, backtest or backends (jrnn help for more)");
    }

    /** The command line with jrnn's handling of user errors: one line on stderr, exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Jrnn());
        cl.setExecutionExceptionHandler(new UserErrors());
        return cl;
    }

    public static void main(String[] args) {
        var relaunched = VectorRelauncher.relaunch(Jrnn.class, args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.get());
        }
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }
}
