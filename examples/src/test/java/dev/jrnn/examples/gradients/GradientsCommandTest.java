package dev.jrnn.examples.gradients;

import dev.jrnn.examples.Examples;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.cell.Cell;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.api.reference.ReferenceBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("jrnn gradients")
class GradientsCommandTest {
    private static final Pattern ROW = Pattern.compile("(?m)^(tanh RNN|LSTM|GRU)\\s+(\\S+)\\s+(\\S+)\\s*$");
    private final Backend be = new ReferenceBackend();

    @Test
    @DisplayName("writes a PNG and prints a finite, positive ratio for each cell with and without clipping")
    void writesChartAndRatios(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("flow.png");
        StringWriter out = new StringWriter();
        CommandLine cl = Examples.commandLine();
        cl.setOut(new PrintWriter(out));
        int exit = cl.execute("gradients", "--steps", "12", "--hidden", "5", "--input", "3", "--gain", "3",
                "--out", png.toString());
        assertEquals(0, exit, out.toString());
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
        Matcher m = ROW.matcher(out.toString());
        int rows = 0;
        while (m.find()) {
            rows++;
            for (int g = 2; g <= 3; g++) {
                double ratio = Double.parseDouble(m.group(g));
                assertTrue(Double.isFinite(ratio) && ratio > 0, m.group());
            }
        }
        assertEquals(3, rows, out.toString());
    }

    @Test
    @DisplayName("a threshold never reached changes nothing and a low one caps the gradient at every step")
    void clippingCapsTheFlow() {
        SplittableRandom random = new SplittableRandom(9);
        List<Tensor> inputs = new ArrayList<>();
        for (int t = 0; t < 15; t++) {
            inputs.add(be.fromArray(new double[] {random.nextDouble(-1, 1), random.nextDouble(-1, 1)},
                    Shape.of(1, 2), DType.FLOAT64));
        }
        Tensor target = be.fromArray(new double[] {1, -1, 1, -1}, Shape.of(1, 4), DType.FLOAT64);
        for (String name : GradientsCommand.CELLS) {
            Cell cell = Cells.create(name, CellConfig.of(be, DType.FLOAT64, 2, 4, 11));
            double[] plain = GradientFlow.norms(cell, inputs, target, Double.POSITIVE_INFINITY);
            double[] loose = GradientFlow.norms(cell, inputs, target, 1e9);
            double[] tight = GradientFlow.norms(cell, inputs, target, 0.01);
            assertArrayEquals(plain, loose, 1e-12, name);
            assertEquals(Math.min(plain[14], 0.01), tight[14], 1e-7, name);
            for (int t = 0; t < 15; t++) {
                assertTrue(tight[t] <= 0.01 + 1e-9, name + " step " + (t + 1) + ": " + tight[t]);
                assertTrue(plain[t] > 0, name + " step " + (t + 1));
            }
        }
    }
}
