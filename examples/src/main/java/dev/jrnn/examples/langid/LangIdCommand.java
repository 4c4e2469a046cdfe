package dev.jrnn.examples.langid;

import dev.jrnn.api.backend.Backends;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrnn-examples langid}: which language is a word in? Trains a character-level LSTM on
 * LanguageTool's common-word lists of English, German, French, Spanish and Italian and prints its
 * held-out accuracy and confusion matrix beside the majority class and an n-gram naive Bayes.
 */
@Command(name = "langid", mixinStandardHelpOptions = true,
        description = {"Language identification of single words (en, de, fr, es, it) with a character-level LSTM,",
            "on the common-word lists LanguageTool ships; held-out accuracy beside majority and n-gram naive Bayes."})
public final class LangIdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--words", paramLabel = "N", defaultValue = "0", description = "at most N words per language, 0 for all (default: ${DEFAULT-VALUE})")
    int words;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "64", description = "LSTM hidden features (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "passes over the training words (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "128", description = "words per step (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7", description = "seed of the split, initialisation and batches (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--backend", paramLabel = "NAME", description = "compute backend (default: the highest priority available)")
    String backend;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LanguageId.Settings settings = new LanguageId.Settings(words, hidden, epochs, batch, lr, seed);
        LanguageId.Result r = LanguageId.run(Backends.get(backend), settings, line -> {
            out.println(line);
            out.flush();
        });
        out.printf("held-out accuracy over %,d words:%n", r.testWords());
        out.printf("  majority language      %6.2f%%%n", 100 * r.majority());
        out.printf("  n-gram naive Bayes     %6.2f%%%n", 100 * r.naiveBayes());
        out.printf("  character LSTM         %6.2f%%   (%.0f s in all)%n", 100 * r.lstm().accuracy(), r.seconds());
        out.println(r.lstm());
        out.flush();
        return 0;
    }
}
