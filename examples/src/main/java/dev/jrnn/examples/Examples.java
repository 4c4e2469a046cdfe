package dev.jrnn.examples;

import dev.jrnn.cli.UserErrors;
import dev.jrnn.cli.VectorRelauncher;
import dev.jrnn.examples.generate.GenerateCommand;
import dev.jrnn.examples.gradients.GradientsCommand;
import dev.jrnn.examples.langid.LangIdCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The examples' entry point: {@code java -jar jrnn-examples.jar generate|gradients|langid [options]}. */
@Command(name = "jrnn-examples", mixinStandardHelpOptions = true, version = "jrnn examples 0.1.0",
        description = "jrnn examples: a character-level LSTM, gradient flow through RNN, LSTM and GRU, language identification of words.",
        subcommands = {GenerateCommand.class, GradientsCommand.class, LangIdCommand.class, CommandLine.HelpCommand.class})
public final class Examples implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name an example: generate, gradients or langid");
    }

    /** The command line with jrnn's handling of user errors: one line on stderr, exit code 2. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Examples());
        cl.setExecutionExceptionHandler(new UserErrors());
        return cl;
    }

    public static void main(String[] args) {
        var relaunched = VectorRelauncher.relaunch(Examples.class, args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.get());
        }
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }
}
