package dev.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.StatisticalMethod;
import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.forecast.eval.MetricValue;
import dev.jrnn.forecast.select.Candidate;
import dev.jrnn.forecast.select.ModelSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands do when training diverges or an output cannot be written: one line, exit code 2, nothing lost. */
class FailuresTest {
    private static final List<String> SMALL = List.of("--epochs", "2", "--hidden", "4", "--seeds", "1",
            "--no-cross-learn", "--quiet", "--backend", "ejml");

    private static CommandsTest.Run forecast(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("forecast"));
        all.addAll(SMALL);
        all.addAll(List.of(args));
        return CommandsTest.run(all.toArray(String[]::new));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.toList();
        }
    }

    @Test
    @DisplayName("forecast --lr 1000 diverges: one line naming the epoch and step, exit code 2, no model, forecast or chart")
    void divergedTraining(@TempDir Path dir) throws IOException {
        CommandsTest.Run r = forecast("--lr", "1000", "--save", dir.resolve("m.safetensors").toString(), "--out",
                dir.resolve("f.csv").toString(), "--chart", dir.resolve("c.png").toString());
        assertEquals(UserErrors.USER_ERROR, r.exit(), r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("jrnn forecast: training diverged: the mean loss of epoch 0 is ")
                && err.contains("the loss first passed") && err.contains("at epoch 0, step "), err);
        assertEquals(1, err.lines().count(), "one line, no stack trace: " + err);
        assertEquals(List.of(), files(dir), "nothing written");
    }

    @Test
    @DisplayName("an output path that cannot be written fails before training, naming the path")
    void badChartPath(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path chart = file.resolve("c.png");
        CommandsTest.Run r = forecast("--chart", chart.toString(), "--save", dir.resolve("m.safetensors").toString());
        assertEquals(UserErrors.USER_ERROR, r.exit(), r.err());
        assertEquals("jrnn forecast: cannot write " + chart + ": " + file + " is not a directory", r.err().strip());
        assertEquals("", r.out(), "refused before any training");
        CommandsTest.Run m4 = CommandsTest.run("m4", "--train", CommandsTest.m4File(dir, 2).toString(), "--out",
                dir.resolve("o.csv").toString(), "--save", dir.toString());
        assertEquals(UserErrors.USER_ERROR, m4.exit(), m4.err());
        assertEquals("jrnn m4: cannot write " + dir + ": it is a directory", m4.err().strip());
        CommandsTest.Run predict = CommandsTest.run("predict", "--model", dir.resolve("none").toString(), "--chart",
                chart.toString());
        assertEquals("jrnn predict: cannot write " + chart + ": " + file + " is not a directory",
                predict.err().strip(), "checked before the model is read");
    }

    @Test
    @DisplayName("an output that is the input file (the data or the model, by any path) is refused before any work")
    void outputIsTheInput(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("date,value\n");
        for (int t = 0; t < 40; t++) {
            csv.append(java.time.LocalDate.of(2000, 1, 1).plusMonths(t)).append(',').append(100 + t % 12).append('\n');
        }
        Path data = Files.writeString(dir.resolve("sales.csv"), csv);
        Path sameFile = dir.resolve(".").resolve("sales.csv");
        CommandsTest.Run r = forecast("--data", data.toString(), "--out", sameFile.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit(), r.err());
        assertEquals("jrnn forecast: the output " + sameFile + " is the --data file: writing it would replace what is"
                + " read; name another output file", r.err().strip());
        assertEquals(csv.toString(), Files.readString(data), "the data is kept");
        Path m4 = CommandsTest.m4File(dir, 2);
        CommandsTest.Run m4Run = CommandsTest.run("m4", "--train", m4.toString(), "--out", dir.resolve("o.csv").toString(),
                "--save", m4.toString());
        assertEquals("jrnn m4: the output " + m4 + " is the --train file: writing it would replace what is read; name"
                + " another output file", m4Run.err().strip());
        Path model = Files.writeString(dir.resolve("m.jrnn"), "a model");
        CommandsTest.Run predict = CommandsTest.run("predict", "--model", model.toString(), "--out", model.toString());
        assertEquals(UserErrors.USER_ERROR, predict.exit(), predict.err());
        assertEquals("jrnn predict: the output " + model + " is the --model file: writing it would replace what is"
                + " read; name another output file", predict.err().strip());
        assertEquals("a model", Files.readString(model));
    }

    @Test
    @DisplayName("a chart that fails after the model and forecast are written names the chart and keeps them")
    void chartFailsLast(@TempDir Path dir) throws IOException {
        TimeSeries air = BundledData.series(BundledData.entry("AirPassengers").orElseThrow());
        var forecast = new StatisticalMethod(StatisticalMethod.Kind.SEASONAL_NAIVE, 12, 6, 0.9).forecast(air);
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path chart = file.resolve("c.png");
        IOException e = assertThrows(IOException.class, () -> ForecastChart.draw(chart, "t", air, null, forecast, 24,
                dir.resolve("m.safetensors"), dir.resolve("f.csv")));
        assertTrue(e.getMessage().startsWith("cannot write " + chart + ": ")
                && e.getMessage().endsWith("(" + dir.resolve("m.safetensors") + " and " + dir.resolve("f.csv")
                + " written before it are kept)"), e.getMessage());
        assertTrue(UserErrors.isUserError(e));
    }

    @Test
    @DisplayName("networks that validate over twice as badly as seasonal naive are warned of; close ones are not")
    void networkWarning() {
        Candidate net = new Candidate.Network("lstm input 12",
                dev.jrnn.forecast.ForecastConfig.builder(12, 6).build());
        Candidate snaive = new Candidate.Statistical(
                new StatisticalMethod(StatisticalMethod.Kind.SEASONAL_NAIVE, 12, 6, 0.9));
        Candidate theta = new Candidate.Statistical(new StatisticalMethod(StatisticalMethod.Kind.THETA, 12, 6, 0.9));
        ModelSelection.Result bad = new ModelSelection.Result(List.of(
                new ModelSelection.Score(new ModelSelection.Choice(net), MetricValue.of(6.08)),
                new ModelSelection.Score(new ModelSelection.Choice(snaive), MetricValue.of(2.25)),
                new ModelSelection.Score(new ModelSelection.Choice(theta), MetricValue.of(1.3))),
                new ModelSelection.Choice(theta), 2);
        assertEquals("warning: the best network (lstm input 12) validates at MASE 6.080, over 2x seasonal naive's"
                + " 2.250: the networks learned little (try another --lr, or more --epochs)",
                Warnings.networks(bad).orElseThrow());
        ModelSelection.Result close = new ModelSelection.Result(List.of(
                new ModelSelection.Score(new ModelSelection.Choice(net), MetricValue.of(4.4)),
                new ModelSelection.Score(new ModelSelection.Choice(snaive), MetricValue.of(2.25))),
                new ModelSelection.Choice(snaive), 2);
        assertFalse(Warnings.networks(close).isPresent());
    }
}
