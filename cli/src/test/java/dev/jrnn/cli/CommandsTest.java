package dev.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {

    /** What one in-process run printed and returned. */
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Jrnn.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** An M4-layout file of {@code rows} hourly-like series of unequal length. */
    static Path m4File(Path dir, int rows) throws IOException {
        StringBuilder sb = new StringBuilder("\"V1\"");
        for (int i = 2; i <= 301; i++) {
            sb.append(",\"V").append(i).append('"');
        }
        sb.append('\n');
        for (int r = 0; r < rows; r++) {
            sb.append("\"H").append(r + 1).append('"');
            int n = 280 + 20 * r;
            for (int t = 0; t < n; t++) {
                double v = 100 + 10 * r + 20 * Math.sin(2 * Math.PI * t / 24) + t * 0.05;
                sb.append(",\"").append(String.format("%.2f", v)).append('"');
            }
            sb.append('\n');
        }
        Path f = dir.resolve("m4.csv");
        Files.writeString(f, sb);
        return f;
    }

    @Test
    @DisplayName("forecast trains on the bundled series, prints test metrics beside seasonal naive and ETS, writes a PNG")
    void forecastDefaults(@TempDir Path dir) throws IOException {
        Path chart = dir.resolve("air.png");
        Path saved = dir.resolve("air.safetensors");
        Run r = run("forecast", "--epochs", "2", "--hidden", "4", "--seeds", "2", "--quiet", "--chart",
                chart.toString(), "--save", saved.toString(), "--backend", "ejml");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("averaged over 2 rolling origins") && r.out().contains("mean of input 36")
                && r.out().contains("x 2 seeds"), r.out());
        assertTrue(r.out().contains("seasonal naive") && r.out().contains("ets (R)") && r.out().contains("sMAPE"),
                r.out());
        byte[] png = Files.readAllBytes(chart);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(Files.size(saved) > 0);
    }

    @Test
    @DisplayName("forecast reads a long CSV file and the GRU model")
    void forecastFromFile(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("series,time,value\n");
        for (int t = 0; t < 60; t++) {
            csv.append("q,").append(java.time.LocalDate.of(2000, 1, 1).plusMonths(3L * t)).append(',')
                    .append(50 + t + 10 * Math.sin(Math.PI * t / 2)).append('\n');
        }
        Path data = dir.resolve("q.csv");
        Files.writeString(data, csv);
        Run r = run("forecast", "--data", data.toString(), "--model", "gru", "--epochs", "1", "--hidden", "4",
                "--quiet", "--chart", dir.resolve("q.png").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("test: the last 4 points, season 4"), r.out());
        assertFalse(r.out().contains("(R)"), "no R baselines for a series that is not bundled");
    }

    @Test
    @DisplayName("m4 writes id,F1..F48 for every series of a small M4-layout file and scores the validation")
    void m4Small(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("f.csv");
        Run r = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--validate",
                "--epochs", "1", "--hidden", "4", "--ensemble", "2", "--windows-per-series", "4", "--quiet");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("id,F1,F2,") && lines.get(0).endsWith(",F48"), lines.get(0));
        assertEquals(49, lines.get(2).split(",").length);
        assertTrue(r.out().contains("naive2") && r.out().contains("OWA"), r.out());
    }

    @Test
    @DisplayName("a bad value in a data file gives one line with the file, line and column, and exit code 2")
    void badFile(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("bad.csv");
        Files.writeString(data, "series,time,value\na,2000-01-01,1\na,2000-02-01,one\n");
        Run r = run("forecast", "--data", data.toString(), "--quiet");
        assertEquals(2, r.exit());
        assertEquals("jrnn forecast: " + data + ":3:3: 'one' is not a finite number", r.err().strip());
    }

    @Test
    @DisplayName("a series too short for the window, an unknown model and an unknown backend are one-line errors")
    void userMistakes(@TempDir Path dir) throws IOException {
        Run shortSeries = run("forecast", "--series", "USAccDeaths", "--input-length", "60", "--quiet");
        assertEquals(2, shortSeries.exit());
        assertTrue(shortSeries.err().contains("USAccDeaths has 60 observations"), shortSeries.err());
        Run model = run("forecast", "--model", "transformer", "--quiet");
        assertEquals(2, model.exit());
        assertTrue(model.err().contains("unknown model 'transformer'") && model.err().contains("lstm"), model.err());
        Run backend = run("forecast", "--backend", "tpu", "--quiet");
        assertEquals(2, backend.exit());
        assertTrue(backend.err().contains("tpu") && backend.err().lines().count() == 1, backend.err());
        Run missing = run("m4", "--train", dir.resolve("none.csv").toString(), "--out", dir.resolve("o.csv").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    @DisplayName("backends lists every candidate and the choice; backtest prints each origin and the mean")
    void backendsAndBacktest() {
        Run b = run("backends");
        assertEquals(0, b.exit());
        assertTrue(b.out().contains("ejml") && b.out().contains("reference") && b.out().contains("choice"), b.out());
        Run t = run("backtest", "--series", "UKgas", "--origins", "2", "--epochs", "1", "--hidden", "4");
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.out().contains("mean") && t.out().lines().count() == 5, t.out());
    }
}
