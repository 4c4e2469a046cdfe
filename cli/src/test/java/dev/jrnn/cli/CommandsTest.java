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

    static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** An M4-layout file of {@code rows} hourly-like series of unequal length. */
    @Test
    @DisplayName("m4 trains one model on a long series,date,value file, its frequency from the timestamps, and writes long;"
            + " --seeds is --ensemble")
    void m4LongFile(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("series,date,value\n");
        for (String s : new String[] {"north", "south", "east"}) {
            for (int t = 0; t < 84; t++) {
                csv.append(s).append(',').append(java.time.LocalDate.of(2010, 1, 1).plusMonths(t)).append(',')
                        .append(String.format("%.2f", 50 + s.length() + 8 * Math.sin(2 * Math.PI * t / 12))).append('\n');
            }
        }
        Path data = Files.writeString(dir.resolve("stores.csv"), csv);
        Path out = dir.resolve("out.csv");
        Run r = run("m4", "--train", data.toString(), "--out", out.toString(), "--epochs", "1", "--hidden", "4",
                "--seeds", "1", "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("3 series, full history, horizon 18, input"), r.out());
        assertTrue(r.out().contains("forecasts: " + out + " (3 series)"), "the series counted, not the rows: " + r.out());
        List<String> rows = Files.readAllLines(out);
        assertEquals(1 + 3 * 18, rows.size(), "a long file's forecasts are written long");
        assertEquals("series,step,date,forecast,lower,upper", rows.get(0));
        assertTrue(rows.get(1).startsWith("north,1,2017-01-01,"), rows.get(1));
        assertTrue(rows.get(18).startsWith("north,18,2018-06-01,"), rows.get(18));
        assertTrue(!r.err().contains("warning"), r.err());
        StringBuilder withShort = new StringBuilder(csv);
        for (int t = 0; t < 30; t++) {
            withShort.append("west,").append(java.time.LocalDate.of(2014, 1, 1).plusMonths(t)).append(",5\n");
        }
        Files.writeString(data, withShort);
        Run limited = run("m4", "--train", data.toString(), "--out", out.toString(), "--epochs", "1", "--hidden", "4",
                "--ensemble", "1", "--quiet");
        assertEquals(0, limited.exit(), limited.err());
        assertTrue(limited.err().contains("jrnn m4: warning: series west (30 observations to train on) limits every"
                + " series' input window to 12 where the median series would allow 60"), limited.err());
        Files.writeString(data, csv + "west,2010-01-01,1\nwest,2010-01-02,2\nwest,2010-01-03,3\n");
        Run mixed = run("m4", "--train", data.toString(), "--out", out.toString(), "--quiet");
        assertEquals(2, mixed.exit());
        assertEquals("jrnn m4: series north steps by 1 month and series west by 1 day; one model needs one frequency:"
                + " give --frequency, or --season and --horizon", mixed.err().strip());
    }

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
    @DisplayName("forecast chooses by validation, forecasts the future, writes the CSV and the chart; predict from the saved file gives the same numbers")
    void forecastThenPredict(@TempDir Path dir) throws IOException {
        Path chart = dir.resolve("air.png");
        Path saved = dir.resolve("air.safetensors");
        Path csv = dir.resolve("air.csv");
        Run r = run("forecast", "--epochs", "2", "--hidden", "4", "--seeds", "2", "--quiet", "--chart",
                chart.toString(), "--save", saved.toString(), "--out", csv.toString(), "--backend", "ejml");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("validation MASE over 2 rolling origins") && r.out().contains("theta")
                && r.out().contains("seasonal naive") && r.out().contains("; chose "), r.out());
        assertTrue(r.out().contains("fitted on 144 points"), "the whole series: " + r.out());
        assertTrue(r.out().contains("1961-01-01") && r.out().contains("1962-12-01"), "the next 24 months: " + r.out());
        List<String> rows = Files.readAllLines(csv);
        assertEquals(25, rows.size());
        assertEquals("series,step,date,forecast,lower,upper", rows.get(0));
        assertTrue(rows.get(1).startsWith("AirPassengers,1,1961-01-01,"), rows.get(1));
        byte[] png = Files.readAllBytes(chart);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);

        Path again = dir.resolve("again.csv");
        Run p = run("predict", "--model", saved.toString(), "--out", again.toString(), "--backend", "ejml");
        assertEquals(0, p.exit(), p.err());
        assertEquals(rows, Files.readAllLines(again), "the saved model forecasts exactly what the run printed");

        StringBuilder history = new StringBuilder("date,value\n");
        var air = dev.jrnn.forecast.data.BundledData.series(dev.jrnn.forecast.data.BundledData.entry("AirPassengers")
                .orElseThrow());
        for (int t = 0; t < air.length(); t++) {
            history.append(air.times()[t].toLocalDate()).append(',').append(air.values()[t]).append('\n');
        }
        Path data = dir.resolve("AirPassengers.csv");
        Files.writeString(data, history);
        Path fromData = dir.resolve("from-data.csv");
        Run d = run("predict", "--model", saved.toString(), "--data", data.toString(), "--out", fromData.toString(),
                "--backend", "ejml");
        assertEquals(0, d.exit(), d.err());
        assertEquals(rows, Files.readAllLines(fromData), "the same history from a file forecasts the same");
    }

    @Test
    @DisplayName("forecast --holdout scores the last horizon beside seasonal naive, Theta and R's ETS")
    void forecastHoldout(@TempDir Path dir) {
        Run r = run("forecast", "--holdout", "--epochs", "2", "--hidden", "4", "--seeds", "1", "--quiet", "--chart",
                dir.resolve("h.png").toString(), "--no-cross-learn");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("fitted on 120 points") && r.out().contains("test: the last 24 points, season 12"),
                r.out());
        for (String row : List.of("jrnn ", "seasonal naive ", "theta ", "ets (R)", "sMAPE")) {
            assertTrue(r.out().contains(row), row + " in " + r.out());
        }
    }

    @Test
    @DisplayName("forecast reads a long CSV file and the GRU model, and takes season and horizon from the quarterly timestamps")
    void forecastFromFile(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("series,time,value\n");
        for (int t = 0; t < 60; t++) {
            csv.append("q,").append(java.time.LocalDate.of(2000, 1, 1).plusMonths(3L * t)).append(',')
                    .append(50 + t + 10 * Math.sin(Math.PI * t / 2)).append('\n');
        }
        Path data = dir.resolve("q.csv");
        Files.writeString(data, csv);
        Run r = run("forecast", "--holdout", "--data", data.toString(), "--model", "gru", "--epochs", "1", "--hidden",
                "4", "--seeds", "1", "--quiet", "--chart", dir.resolve("q.png").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("test: the last 8 points, season 4"), r.out());
        assertFalse(r.out().contains("(R)"), "no R baselines for a series that is not bundled");
    }

    @Test
    @DisplayName("m4 writes id,F1..F48 and the intervals for every series of a small M4-layout file, scores the validation and saves a model that predict runs")
    void m4Small(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("f.csv");
        Path saved = dir.resolve("m4.safetensors");
        Run r = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--validate",
                "--epochs", "1", "--hidden", "4", "--ensemble", "2", "--mlp", "1", "--mlp-width", "8",
                "--windows-per-series", "4", "--quiet", "--intervals", "--save", saved.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(" 2 models + 1 mlp (3 x 8, lookbacks 120) on "), r.out());
        assertEquals(4, Files.readAllLines(dir.resolve("f-lower.csv")).size());
        assertEquals(4, Files.readAllLines(dir.resolve("f-upper.csv")).size());
        Path again = dir.resolve("again.csv");
        Run p = run("predict", "--model", saved.toString(), "--out", again.toString());
        assertEquals(0, p.exit(), p.err());
        List<String> predicted = Files.readAllLines(again);
        assertEquals(1 + 3 * 48, predicted.size());
        assertTrue(p.out().matches("(?s).*time: reading [0-9.]+ s \\([0-9.]+ s CPU\\), loading .*, forecasting .*, writing .*,"
                + " in all [0-9.]+ s \\([0-9.]+ s CPU\\); [0-9]+ series/s forecasting, [0-9]+ series/s end to end.*"), p.out());
        StringBuilder mixed = new StringBuilder("series,date,value\n");
        for (int t = 0; t < 300; t++) {
            String time = java.time.LocalDateTime.of(2020, 1, 1, 0, 0).plusHours(t).toString();
            if (t < 10) {
                mixed.append("short,").append(time).append(",5\n");
            }
            mixed.append("long,").append(time).append(',').append(100 + 20 * Math.sin(2 * Math.PI * t / 24)).append('\n');
        }
        Path mixedFile = Files.writeString(dir.resolve("mixed.csv"), mixed);
        Run partly = run("predict", "--model", saved.toString(), "--data", mixedFile.toString(), "--out",
                again.toString());
        assertEquals(2, partly.exit(), partly.err());
        assertTrue(partly.err().contains("jrnn predict: skipped 1 series shorter than the ") && partly.err()
                .contains("reads: short (10)"), partly.err());
        assertEquals(1 + 48, Files.readAllLines(again).size(), "the long series is written");
        Files.writeString(mixedFile, "series,date,value\nshort,2020-01-01T00:00,1\nshort,2020-01-01T01:00,2\n");
        Run none = run("predict", "--model", saved.toString(), "--data", mixedFile.toString());
        assertEquals(2, none.exit(), none.err());
        assertTrue(none.err().contains("series short has 2 observations; this model (global gru) needs at least"),
                none.err());
        String[] first = predicted.get(1).split(",");
        assertEquals("H1", first[0]);
        assertEquals(Double.parseDouble(Files.readAllLines(out).get(1).split(",")[1]), Double.parseDouble(first[3]),
                1e-9, "predict from the saved model gives the m4 run's numbers");
        List<String> lines = Files.readAllLines(out);
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("id,F1,F2,") && lines.get(0).endsWith(",F48"), lines.get(0));
        assertEquals(49, lines.get(2).split(",").length);
        assertTrue(r.out().contains("naive2") && r.out().contains("OWA"), r.out());
        assertTrue(r.out().contains("series/s"), r.out());
        assertTrue(r.out().matches("(?s).*time: reading [0-9.]+ s \\([0-9.]+ s CPU\\), validation fit [0-9.]+ s \\([0-9.]+ s CPU\\),"
                + " fit .*, saving, writing and scoring .*, in all [0-9.]+ s \\([0-9.]+ s CPU\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*\nfit: members' training [0-9.]+ s, snapshot forecasts [0-9.]+ s \\(summed over members\\).*"),
                r.out());
    }

    @Test
    @DisplayName("m4 --mlp-lookbacks sets the mlp members' input windows in turn, clipped to the shortest series;"
            + " a malformed one is an error naming the option, exit code 2")
    void m4Lookbacks(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("f.csv");
        Run r = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--validation-only",
                "--epochs", "1", "--hidden", "4", "--ensemble", "1", "--mlp", "3", "--mlp-width", "8",
                "--mlp-lookbacks", "1x,3s,20h", "--windows-per-series", "2", "--quiet");
        assertEquals(0, r.exit(), r.err());
        // the earliest origin's shortest series (280 - 96) leaves 136 observations before its last horizon: 120 in days
        assertTrue(r.out().contains(" 1 model + 3 mlp (3 x 8, lookbacks 120,72,120) on "), r.out());
        Run plain = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--validation-only",
                "--epochs", "1", "--hidden", "4", "--ensemble", "1", "--mlp", "1", "--mlp-width", "8",
                "--mlp-lookbacks", "none", "--windows-per-series", "2", "--quiet");
        assertEquals(0, plain.exit(), plain.err());
        assertTrue(plain.out().contains(" 1 model + 1 mlp (3 x 8) on "), plain.out());
        Run bad = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--mlp-lookbacks", "2w");
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("--mlp-lookbacks: lookback '2w' is not a count of horizons (2h)"), bad.err());
    }

    @Test
    @DisplayName("m4 on an M4-layout file warns of a value far outside its series' range, naming series, observation"
            + " and column, as for a long file")
    void m4LayoutOutlierWarned(@TempDir Path dir) throws IOException {
        Path f = m4File(dir, 3);
        Files.writeString(f, Files.readString(f).replace("\"H2\",\"110.00\"", "\"H2\",\"1e30\""));
        Run r = run("m4", "--train", f.toString(), "--out", dir.resolve("f.csv").toString(), "--validation-only",
                "--epochs", "1", "--hidden", "4", "--ensemble", "1", "--mlp", "0", "--windows-per-series", "2", "--quiet");
        assertTrue(r.err().startsWith("warning: " + f + ": series H2: value 1.0E30 (observation 1, column V2) lies over"
                + " 10,000 times the series' spread ("), r.err());
        assertTrue(r.err().contains("check the value, or mark it missing (NA) and fill"), r.err());
        assertEquals(0, r.exit(), r.err());
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
    @DisplayName("--cell-option reaches the cell's provider: a value the cell rejects fails, one it accepts runs; a built-in cell refuses an option it does not declare")
    void cellOptions(@TempDir Path dir) {
        Run bogus = run("forecast", "--model", "rnn_configurable", "--cell-option", "nonlinearity=bogus",
                "--epochs", "1", "--hidden", "4", "--seeds", "1", "--no-cross-learn", "--quiet", "--backend", "ejml",
                "--chart", dir.resolve("bogus.png").toString());
        assertEquals(2, bogus.exit());
        assertTrue(bogus.err().contains("nonlinearity must be tanh or relu, got 'bogus'"), bogus.err());
        Run relu = run("forecast", "--model", "rnn_configurable", "--cell-option", "nonlinearity=relu",
                "--cell-option", "unused=1", "--epochs", "1", "--hidden", "4", "--seeds", "1", "--no-cross-learn",
                "--quiet", "--backend", "ejml", "--chart", dir.resolve("relu.png").toString());
        assertEquals(0, relu.exit(), relu.err());
        Run builtin = run("forecast", "--model", "rnn", "--cell-option", "nonlinearity=relu", "--quiet");
        assertEquals(2, builtin.exit());
        assertTrue(builtin.err().contains("cell 'rnn_tanh': option nonlinearity=relu is not accepted")
                && builtin.err().contains("rnn_relu"), builtin.err());
        Run unknown = run("forecast", "--model", "lstm", "--cell-option", "alpha=0.5", "--quiet");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("cell 'lstm': unknown option alpha=0.5; lstm takes [proj_size"),
                unknown.err());
    }

    @Test
    @DisplayName("a series too short for the window, an unknown model or backend, an output path that is a directory are one-line errors")
    void userMistakes(@TempDir Path dir) throws IOException {
        Run shortSeries = run("forecast", "--series", "USAccDeaths", "--input-length", "60", "--quiet");
        assertEquals(2, shortSeries.exit());
        assertTrue(shortSeries.err().contains("USAccDeaths has 72 observations, too few for an input window of 60"),
                shortSeries.err());
        Run model = run("forecast", "--model", "transformer", "--quiet");
        assertEquals(2, model.exit());
        assertTrue(model.err().contains("unknown model 'transformer'") && model.err().contains("lstm"), model.err());
        assertTrue(model.err().contains("no cell of that name is on the classpath") && model.err().contains("java -cp"), model.err());
        assertEquals(1, model.err().strip().lines().count(), model.err());
        Run backend = run("forecast", "--backend", "tpu", "--quiet");
        assertEquals(2, backend.exit());
        assertTrue(backend.err().contains("tpu") && backend.err().lines().count() == 1, backend.err());
        Run directory = run("forecast", "--out", dir.toString(), "--quiet");
        assertEquals(2, directory.exit());
        assertEquals("jrnn forecast: cannot write " + dir + ": it is a directory", directory.err().strip());
        assertEquals("", directory.out(), "refused before any training or selection");
        Run missing = run("m4", "--train", dir.resolve("none.csv").toString(), "--out", dir.resolve("o.csv").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    @DisplayName("m4 --validation-only scores each validation origin and their pool without the final fit, and writes the latest origin's forecasts")
    void m4ValidationOnly(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("v.csv");
        Run r = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--validation-only",
                "--origins", "2", "--epochs", "1", "--hidden", "4", "--ensemble", "1", "--windows-per-series", "4",
                "--quiet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("validation: 2 origins, the 48 points after each (pooled)"), r.out());
        assertTrue(r.out().matches("(?s).*validation origin 1 \\(96 points before the end\\): gru \\+ mlp OWA [0-9.]+\n"
                + "validation origin 2 \\(144 points before the end\\): gru \\+ mlp OWA [0-9.]+\n.*"), r.out());
        assertFalse(r.out().contains("held out:"), "no final fit, no held-out score: " + r.out());
        assertFalse(r.out().contains("\nfit: "), r.out());
        assertTrue(r.out().matches("(?s).*time: reading [0-9.]+ s \\([0-9.]+ s CPU\\), validation fit [0-9.]+ s "
                + "\\([0-9.]+ s CPU\\), validation fit [0-9.]+ s \\([0-9.]+ s CPU\\), saving.*"), r.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals(4, lines.size());
        assertEquals(49, lines.get(1).split(",").length);
        // the latest origin's forecasts: those of a run validating at that origin alone, at the same settings (the
        // windows fixed: by default they are what the earliest origin allows)
        Path latest = dir.resolve("latest.csv");
        Path two = dir.resolve("two.csv");
        String[] settings = {"--validation-only", "--epochs", "1", "--hidden", "4", "--ensemble", "1",
                "--windows-per-series", "4", "--input-length", "72", "--step-size", "24", "--mlp-lookbacks", "1x,48",
                "--quiet"};
        Run one = run(concat(new String[] {"m4", "--train", m4File(dir, 3).toString(), "--out", latest.toString(),
                "--origins", "1"}, settings));
        Run both = run(concat(new String[] {"m4", "--train", m4File(dir, 3).toString(), "--out", two.toString(),
                "--origins", "2"}, settings));
        assertEquals(0, one.exit(), one.err());
        assertEquals(0, both.exit(), both.err());
        assertEquals(Files.readAllLines(latest), Files.readAllLines(two));
        Run none = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--validation-only",
                "--origins", "0");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("--origins must be at least 1, got 0"), none.err());
        Run noMlp = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--mlp", "-1");
        assertEquals(2, noMlp.exit());
        assertEquals("jrnn m4: --mlp must be at least 0, got -1", noMlp.err().strip());
        Run badRate = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--mlp-lr", "0");
        assertEquals(2, badRate.exit());
        assertEquals("jrnn m4: --mlp-lr must be positive, got 0.0", badRate.err().strip());
        Run noHorizon = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--horizon", "0");
        assertEquals(2, noHorizon.exit());
        assertEquals("jrnn m4: --horizon must be at least 1, got 0", noHorizon.err().strip());
        Run noSeason = run("forecast", "--season", "-1", "--quiet");
        assertEquals(2, noSeason.exit());
        assertEquals("jrnn forecast: --season must be at least 1, got -1", noSeason.err().strip());
        Run tooShort = run("m4", "--train", m4File(dir, 3).toString(), "--out", out.toString(), "--validate",
                "--origins", "5");
        assertEquals(2, tooShort.exit());
        assertTrue(tooShort.err().contains("series H1 has 280 observations, too few to validate on 6 horizons of 48"),
                tooShort.err());
        StringBuilder yearly = new StringBuilder("series,date,value\n");
        for (int t = 0; t < 15; t++) {
            yearly.append("y,").append(1990 + t).append(',').append(100 + t).append('\n');
        }
        Path fifteen = Files.writeString(dir.resolve("yearly.csv"), yearly);
        Run shortYearly = run("m4", "--train", fifteen.toString(), "--out", out.toString(), "--validate");
        assertEquals(2, shortYearly.exit());
        assertEquals("jrnn m4: series y has 15 observations, too few to validate on 2 horizons of 6: it needs over 20"
                + " (12 held out, and a training window of an input of 2 and 6 ahead before them)",
                shortYearly.err().strip());
    }

    @Test
    @DisplayName("backends lists every candidate and the choice; backtest prints each origin and the mean")
    void backendsAndBacktest() {
        Run b = run("backends");
        assertEquals(0, b.exit());
        assertTrue(b.out().contains("ejml") && b.out().contains("reference") && b.out().contains("choice"), b.out());
        Run t = run("backtest", "--series", "UKgas", "--origins", "2", "--epochs", "1", "--hidden", "4", "--seeds", "1",
                "--quiet");
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.out().contains("mean") && t.out().lines().count() == 5, t.out());
    }
}
