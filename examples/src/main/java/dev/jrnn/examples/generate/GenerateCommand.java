package dev.jrnn.examples.generate;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.models.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrnn generate}: trains a character-level LSTM on a text (by default Volume I of
 * <i>Pride and Prejudice</i>, bundled) and samples from it, or samples from a saved model.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Train a character-level LSTM on a text and generate new text from it (char-rnn).",
            "Without --text it trains on Volume I of Jane Austen's Pride and Prejudice (public domain, bundled)."})
public final class GenerateCommand implements Callable<Integer> {
    static final String BUNDLED = "/dev/jrnn/examples/text/pride-and-prejudice-volume-1.txt";
    static final String DEFAULT_PRIME = "Elizabeth ";
    static final int DEFAULT_STEPS = 800;

    @Spec
    CommandSpec spec;

    @Option(names = "--text", paramLabel = "FILE", description = "UTF-8 text to train on (default: the bundled novel)")
    Path text;

    @Option(names = "--load", paramLabel = "FILE", description = "generate from a model saved with --save; no training")
    Path load;

    @Option(names = "--save", paramLabel = "FILE", description = "write the trained model and vocabulary (safetensors)")
    Path save;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "128", description = "LSTM hidden features (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "1", description = "stacked LSTM layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--steps", paramLabel = "N", description = "optimizer steps (default: " + DEFAULT_STEPS + ", or what --epochs makes)")
    Integer steps;

    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training text instead of --steps")
    Double epochs;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "16", description = "parallel streams (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--chunk", paramLabel = "T", defaultValue = "64", description = "characters back-propagated through (default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.003", description = "Adam's learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "5", description = "maximum gradient norm (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--temperature", paramLabel = "TAU", defaultValue = "0.8", description = "sampling temperature (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--length", paramLabel = "N", defaultValue = "600", description = "characters to generate (default: ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--prime", paramLabel = "TEXT",
            description = "text the sample continues (default: '" + DEFAULT_PRIME + "' where the vocabulary has its characters, else a line break)")
    String prime;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seed of initialisation and sampling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--backend", paramLabel = "NAME", description = "compute backend (default: the highest priority available)")
    String backend;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (length < 0) {
            throw new IllegalArgumentException("--length must not be negative, got " + length);
        }
        if (save != null && load == null) {
            AtomicFile.checkWritable(save);
        }
        Backend be = Backends.get(backend);
        CharModel model;
        if (load != null) {
            model = CharModel.load(load, be, DType.FLOAT32);
            out.printf("loaded %s: LSTM %d x %d over %d characters, backend %s%n", load, model.layers(),
                    model.hiddenSize(), model.vocabulary().size(), be.name());
        } else {
            model = train(be, out);
        }
        String start = prime != null ? prime : defaultPrime(model.vocabulary());
        out.printf("sample (temperature %s, seed %d):%n", temperature, seed);
        out.println(start + new Sampler(model, temperature, seed).sample(start, length));
        out.flush();
        return 0;
    }

    private CharModel train(Backend be, PrintWriter out) throws IOException {
        String corpus = text == null ? bundled() : Files.readString(text, StandardCharsets.UTF_8);
        Vocabulary vocabulary = Vocabulary.of(corpus);
        int[] ids = vocabulary.encode(corpus);
        int cut = (int) (ids.length * 0.9);
        int[] train = Arrays.copyOfRange(ids, 0, cut);
        int[] validation = Arrays.copyOfRange(ids, cut, ids.length);
        int chunksPerEpoch = new Streams(train, batch, chunk).chunks();
        int total = steps != null ? steps : epochs != null ? (int) Math.ceil(epochs * chunksPerEpoch) : DEFAULT_STEPS;
        CharModel model = new CharModel(be, DType.FLOAT32, vocabulary, hidden, layers, seed);
        out.printf("text: %s, %,d characters (%d distinct); training on the first %,d, validating on the last %,d%n",
                text == null ? "Pride and Prejudice, Volume I (bundled)" : text, ids.length, vocabulary.size(),
                train.length, validation.length);
        out.printf("model: LSTM %d x %d, %d streams x %d steps of truncated BPTT, %d optimizer steps, backend %s%n",
                layers, hidden, batch, chunk, total, be.name());
        out.flush();
        CharTrainer.Result r = CharTrainer.train(model, train, validation,
                new CharTrainer.Settings(batch, chunk, total, lr, clip), line -> {
                    out.println(line);
                    out.flush();
                });
        out.printf("trained %d steps (%.2f epochs) in %.0f s: train loss %.3f, validation loss %.3f nats/char "
                + "(%.3f bits/char)%n", r.steps(), r.epochs(), r.seconds(), r.trainLoss(), r.validationLoss(),
                r.validationLoss() / Math.log(2));
        if (save != null) {
            model.save(save);
            out.printf("saved %s%n", save);
        }
        return model;
    }

    /** {@value #DEFAULT_PRIME} when the vocabulary has all its characters, else a line break or its first character. */
    static String defaultPrime(Vocabulary vocabulary) {
        if (DEFAULT_PRIME.chars().allMatch(c -> vocabulary.contains((char) c))) {
            return DEFAULT_PRIME;
        }
        return vocabulary.contains('\n') ? "\n" : String.valueOf(vocabulary.charAt(0));
    }

    static String bundled() throws IOException {
        try (InputStream in = GenerateCommand.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IOException("the bundled text " + BUNDLED + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
