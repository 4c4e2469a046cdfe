package dev.jrnn.cli;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.api.backend.Workload;
import dev.jrnn.api.cell.CellProvider;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.forecast.ForecastConfigBuilder;
import dev.jrnn.forecast.OutputKind;
import dev.jrnn.forecast.Strategy;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** The network and training options the commands share; unset options keep the command's defaults. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "CELL",
            description = "rnn, lstm, gru or a cell registered through the CellProvider SPI, for every network"
                    + " (default: each candidate's own: LSTMs in forecast and backtest, GRUs in m4)")
    String model;

    @Option(names = "--cell-option", paramLabel = "KEY=VALUE",
            description = "an option passed to the cell's provider, for example nonlinearity=tanh (repeatable;"
                    + " checked against the options the cell declares)")
    Map<String, String> cellOptions;

    @Option(names = "--hidden", paramLabel = "N", description = "hidden features per layer")
    Integer hidden;

    @Option(names = "--layers", paramLabel = "N", description = "stacked recurrent layers")
    Integer layers;

    @Option(names = "--input-length", paramLabel = "N", description = "observations in an input window")
    Integer inputLength;

    @Option(names = "--step-size", paramLabel = "N", description = "observations read by one recurrent step")
    Integer stepSize;

    @Option(names = "--epochs", paramLabel = "N", description = "training epochs")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "RATE", description = "Adam's learning rate")
    Double lr;

    @Option(names = "--batch-size", paramLabel = "N", description = "training windows per gradient step")
    Integer batchSize;

    @Option(names = "--seed", paramLabel = "N", description = "seed of initialisation and sampling")
    Long seed;

    @Option(names = "--output", paramLabel = "KIND", description = "head: point, gaussian or quantile")
    String output;

    @Option(names = "--quantiles", split = ",", paramLabel = "Q,Q,..",
            description = "the quantile head's levels, ascending in (0, 1), for example 0.1,0.5,0.9")
    double[] quantiles;

    @Option(names = "--strategy", paramLabel = "S", description = "multi-step output: direct or recursive")
    String strategy;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "compute backend (default: the fastest estimate for the model's training step among"
                    + " those that declare a cost model, else the highest priority available; see jrnn backends)")
    String backend;

    @Option(names = "--dtype", paramLabel = "TYPE", description = "float32 or float64 (default: float32)")
    String dtype;

    /** Applies the options that were given to {@code b}. */
    ForecastConfigBuilder apply(ForecastConfigBuilder b) {
        if (model != null) {
            checkModel(model);
            b.cell(model);
        }
        if (cellOptions != null) {
            if (model != null) {   // fail before any data is read; without --model each candidate's cell checks them
                CellProvider cell = Cells.require(model);
                cell.options().checkAll(cell.name(), cellOptions);
            }
            cellOptions.forEach(b::cellOption);
        }
        if (hidden != null) {
            b.hidden(hidden);
        }
        if (layers != null) {
            b.layers(layers);
        }
        if (inputLength != null) {
            b.inputLength(inputLength);
        }
        if (stepSize != null) {
            b.stepSize(stepSize);
        }
        if (epochs != null) {
            b.epochs(epochs);
        }
        if (lr != null) {
            b.learningRate(lr);
        }
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (output != null) {
            b.output(parse(OutputKind.class, "output", output));
        }
        if (quantiles != null) {
            b.quantiles(quantiles);
        }
        if (strategy != null) {
            b.strategy(parse(Strategy.class, "strategy", strategy));
        }
        if (dtype != null) {
            b.dtype(parse(DType.class, "dtype", dtype));
        }
        return b;
    }

    /**
     * The backend named by {@code --backend}, else as {@link Backends#get(String, Workload)} chooses for
     * {@code workload} (null: by priority), which logs why.
     */
    Backend createBackend(Workload workload) {
        return Backends.get(backend, workload);
    }

    /**
     * Fails when no cell provider is registered under {@code name}, naming the cells found and the
     * likely cause: the jar of a third-party cell is not on the classpath.
     */
    static void checkModel(String name) {
        if (Cells.find(name).isEmpty()) {
            throw new IllegalArgumentException("unknown model '" + name + "': no cell of that name is on the classpath"
                    + " (found " + String.join(", ", Cells.names().keySet())
                    + "); a third-party cell is found through the " + CellProvider.class.getName()
                    + " service of its jar, so put that jar on the classpath: java -cp jrnn.jar:CELL.jar "
                    + Jrnn.class.getName() + " ... (java -jar ignores -cp)");
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String option, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --" + option + " '" + text + "'; use one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
