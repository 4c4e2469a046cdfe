package dev.jrnn.examples.gradients;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.Cells;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jrnn gradients}: builds a tanh RNN, an LSTM and a GRU of one size from one seed, runs
 * each over the same random sequence and plots how the gradient of a loss at the last step decays
 * (or grows) going back in time, with and without clipping. Prints {@code ||dL/dh(1)|| / ||dL/dh(T)||}.
 */
@Command(name = "gradients", mixinStandardHelpOptions = true,
        description = {"Plot ||dL/dh(t)|| against t for a tanh RNN, an LSTM and a GRU over one long sequence,",
            "with and without gradient clipping; print the ratio of the gradient at step 1 to step T. Trains nothing."})
public final class GradientsCommand implements Callable<Integer> {
    static final List<String> CELLS = List.of("rnn_tanh", "lstm", "gru");
    private static final List<Color> COLORS = List.of(new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c));

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", paramLabel = "T", defaultValue = "200", description = "sequence length (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "64", description = "hidden features of every cell (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--input", paramLabel = "I", defaultValue = "16", description = "input features (default: ${DEFAULT-VALUE})")
    int input;

    @Option(names = "--gain", paramLabel = "G", defaultValue = "1",
            description = "factor on the recurrent weights W_hh after PyTorch's initialisation; above about 2 the RNN's gradient explodes (default: ${DEFAULT-VALUE})")
    double gain;

    @Option(names = "--clip", paramLabel = "NORM", defaultValue = "1", description = "clipping threshold of the back-propagated gradient (default: ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "gradients.png", description = "PNG to write (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "seed of the weights, inputs and target (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--backend", paramLabel = "NAME", description = "compute backend (default: the highest priority available)")
    String backend;

    @Override
    public Integer call() throws IOException {
        if (steps < 2 || hidden < 1 || input < 1) {
            throw new IllegalArgumentException("--steps must be at least 2, --hidden and --input positive; got "
                    + steps + ", " + hidden + ", " + input);
        }
        if (!(clip > 0) || !(gain > 0) || Double.isInfinite(gain)) {
            throw new IllegalArgumentException("--clip and --gain must be positive, got " + clip + " and " + gain);
        }
        Backend be = Backends.get(backend);
        DType dtype = DType.FLOAT64;
        SplittableRandom random = new SplittableRandom(seed);
        long cellSeed = random.nextLong();
        List<Tensor> inputs = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            inputs.add(be.fromArray(gaussian(random, input), Shape.of(1, input), dtype));
        }
        double[] y = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            y[j] = random.nextDouble(-1, 1);
        }
        Tensor target = be.fromArray(y, Shape.of(1, hidden), dtype);
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf("%d steps, hidden %d, input %d, recurrent gain %s, clipping at norm %s, backend %s, float64%n",
                steps, hidden, input, gain, clip, be.name());
        pw.printf("%-9s %-22s %-22s%n", "cell", "|dL/dh(1)|/|dL/dh(T)|", "with clipping");
        List<GradientChart.Curve> curves = new ArrayList<>();
        for (String name : CELLS) {
            Cell cell = Cells.create(name, CellConfig.of(be, dtype, input, hidden, cellSeed));
            scaleRecurrentWeights(cell, gain);
            double[] plain = GradientFlow.norms(cell, inputs, target, Double.POSITIVE_INFINITY);
            double[] clipped = GradientFlow.norms(cell, inputs, target, clip);
            pw.printf("%-9s %-22.4e %-22.4e%n", label(name), GradientFlow.ratio(plain), GradientFlow.ratio(clipped));
            Color color = COLORS.get(CELLS.indexOf(name));
            curves.add(new GradientChart.Curve(label(name), plain, color, false));
            curves.add(new GradientChart.Curve(label(name) + ", clipped at " + clip, clipped, color, true));
        }
        GradientChart.write(out, "Gradient of a loss at step " + steps + " flowing back through time (H = "
                + hidden + ", gain " + gain + ")", curves);
        pw.printf("wrote %s%n", out);
        pw.flush();
        return 0;
    }

    static String label(String cell) {
        return switch (cell) {
            case "rnn_tanh" -> "tanh RNN";
            case "lstm" -> "LSTM";
            case "gru" -> "GRU";
            default -> cell;
        };
    }

    /** {@code W_hh <- gain * W_hh}; modifies the cell's recurrent weight. */
    private static void scaleRecurrentWeights(Cell cell, double gain) {
        if (gain == 1.0) {
            return;
        }
        for (Parameter p : cell.parameters()) {
            if (p.name().startsWith("weight_hh")) {
                p.set(cell.backend().scale(p.value(), gain));
            }
        }
    }

    private static double[] gaussian(SplittableRandom random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1.0 - random.nextDouble();
            v[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        return v;
    }
}
