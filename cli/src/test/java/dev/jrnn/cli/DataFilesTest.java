package dev.jrnn.cli;

import static dev.jrnn.cli.CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.cli.CommandsTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's own CSV files: the layouts, filling holes, and one test per bad input (one line, exit code 2). */
class DataFilesTest {
    @TempDir
    Path dir;

    /** {@code rows} monthly rows {@code date,value} from 2000-01 of a seasonal wave around {@code level}. */
    private static StringBuilder monthly(int rows, double level) {
        StringBuilder csv = new StringBuilder("date,value\n");
        for (int t = 0; t < rows; t++) {
            csv.append(LocalDate.of(2000, 1, 1).plusMonths(t)).append(',')
                    .append(String.format("%.3f", level + t * 0.2 + 10 * Math.sin(2 * Math.PI * t / 12))).append('\n');
        }
        return csv;
    }

    private Path file(String name, CharSequence text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** A run of {@code jrnn forecast} on {@code data} small enough for a unit test. */
    private Run forecast(Path data, String... more) {
        String[] base = {"forecast", "--data", data.toString(), "--epochs", "1", "--hidden", "4", "--seeds", "1",
            "--no-cross-learn", "--quiet", "--chart", dir.resolve("chart.png").toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return run(args);
    }

    /** The run failed as a user error with exactly {@code message} on one line. */
    private static void assertUserError(String message, Run r) {
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("jrnn forecast: " + message, r.err().strip());
    }

    @Test
    @DisplayName("a date,value file is one series named after the file, forecast end to end")
    void dateValueFile() throws IOException {
        Path data = file("sales.csv", monthly(60, 100));
        Run r = forecast(data);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("sales: ") && r.out().contains("fitted on 60 points"), r.out());
        assertTrue(r.out().contains("2005-01-01") && r.out().contains("2006-06-01"), "18 months ahead: " + r.out());
    }

    @Test
    @DisplayName("--fill linear fills missing values and gaps of a series around zero and prints what it filled")
    void fillLinear() throws IOException {
        String csv = monthly(60, 0).toString().replace("2000-03-01,", "2000-03-01,NA,").replace(",NA,", ",NA\n#")
                .replaceAll("(?m)^#.*\n", "").replaceAll("(?m)^2001-05-01,.*\n", "");
        Run r = forecast(file("sales.csv", csv), "--fill", "linear");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("sales: filled 1 missing value (2000-03-01 (line 4)) and 1 gap (2001-05-01"
                + " (gap before line 18)) by linear interpolation"), r.out());
    }

    @Test
    @DisplayName("--fill previous fills a gap with the value before it, in a long file of several series")
    void fillPrevious() throws IOException {
        StringBuilder csv = new StringBuilder("series,date,value\n");
        monthly(50, 100).toString().lines().skip(1).filter(l -> !l.startsWith("2001-02-01"))
                .forEach(l -> csv.append("a,").append(l).append('\n'));
        monthly(50, 200).toString().lines().skip(1).forEach(l -> csv.append("b,").append(l).append('\n'));
        Run r = forecast(file("long.csv", csv), "--fill", "previous", "--series", "a");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("a: filled 1 gap (2001-02-01 (gap before line 15)) with the previous value"),
                r.out());
        assertTrue(!r.out().contains("b: filled"), "nothing filled in b: " + r.out());
    }

    @Test
    @DisplayName("--series-column, --time-column and --value-column name the columns of a semicolon file")
    void namedColumns() throws IOException {
        StringBuilder csv = new StringBuilder("store;when;price;qty\n");
        monthly(50, 100).toString().lines().skip(1).forEach(l -> csv.append("north;")
                .append(l.replace(",", ";9;").replace('.', ',')).append('\n'));
        Run r = forecast(file("stores.csv", csv), "--series-column", "store", "--time-column", "when",
                "--value-column", "qty");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("north: ") && r.out().contains("fitted on 50 points"), r.out());
        assertUserError(dir.resolve("stores.csv") + ":1: no column 'units' for the value in the header [store, when,"
                + " price, qty]", forecast(dir.resolve("stores.csv"), "--value-column", "units"));
    }

    @Test
    @DisplayName("every series of a long file is forecast into --out, one chart each; a failing series leaves the others")
    void everySeries() throws IOException {
        StringBuilder csv = new StringBuilder("series,date,value\n");
        monthly(50, 100).toString().lines().skip(1).forEach(l -> csv.append("a,").append(l).append('\n'));
        monthly(24, 200).toString().lines().skip(1).forEach(l -> csv.append("b/2,").append(l).append('\n'));
        monthly(45, 300).toString().lines().skip(1).forEach(l -> csv.append("c,").append(l).append('\n'));
        Path data = file("three.csv", csv);
        Path out = dir.resolve("all.csv");
        Run r = forecast(data, "--out", out.toString(), "--horizon", "6");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("3 series, each chosen and fitted on its own") && r.out().contains("series b/2:")
                && r.out().contains("forecast 3 of 3 series"), r.out());
        List<String> rows = Files.readAllLines(out);
        assertEquals(1 + 3 * 6, rows.size(), String.join("\n", rows));
        assertTrue(Files.exists(dir.resolve("chart-b_2.png")) && Files.exists(dir.resolve("chart-c.png")));

        Run held = forecast(data, "--out", out.toString(), "--horizon", "18", "--holdout");
        assertEquals(2, held.exit(), held.err());
        assertTrue(held.err().contains("jrnn forecast: series b/2: series b/2 has 24 observations, too few to hold out"),
                held.err());
        assertTrue(held.out().contains("forecast 2 of 3 series; failed: b/2"), held.out());
        assertEquals(1 + 2 * 18, Files.readAllLines(out).size(), "a and c written");

        Run saved = forecast(data, "--save", dir.resolve("m.jrnn").toString());
        assertUserError("--save stores the forecaster of one series and the file has 3; name one with --series", saved);
    }

    @Test
    @DisplayName("each series' chart keeps the letters of any script, and names that would collide get a count")
    void chartNames() throws IOException {
        StringBuilder csv = new StringBuilder("series,date,value\n");
        for (String id : List.of("b/2", "B_2", "大阪")) {
            monthly(30, 100).toString().lines().skip(1).forEach(l -> csv.append(id).append(',').append(l).append('\n'));
        }
        Run r = forecast(file("names.csv", csv), "--horizon", "3", "--season", "1");
        assertEquals(0, r.exit(), r.err());
        for (String chart : List.of("chart-b_2.png", "chart-B_2-2.png", "chart-大阪.png")) {
            assertTrue(Files.exists(dir.resolve(chart)), chart + " in " + r.out());
        }
    }

    @Test
    @DisplayName("a constant series is forecast, and its MASE is undefined, saying why, with exit code 0")
    void constantSeries() throws IOException {
        StringBuilder csv = new StringBuilder("date,value\n");
        for (int t = 0; t < 48; t++) {
            csv.append(LocalDate.of(2000, 1, 1).plusMonths(t)).append(",5\n");
        }
        Run r = forecast(file("flat.csv", csv));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("undefined (the in-sample differences at lag 12 are all zero)"), r.out());
        assertTrue(!r.out().contains("NaN") && !r.out().contains("Infinity"), r.out());
    }

    @Test
    @DisplayName("a missing file is named")
    void missingFile() {
        Path none = dir.resolve("none.csv");
        assertUserError(none + ": no such file", forecast(none));
    }

    @Test
    @DisplayName("a header without the expected columns lists them")
    void noHeaderMatch() throws IOException {
        Path f = file("air.csv", "store,passengers,price\n1949-01,112,1\n1949-02,118,1\n");
        assertUserError(f + ":1: the header [store, passengers, price] has no time and no value column; expected a"
                + " time column (date, time, timestamp, datetime, date_time, ds), a value column (value, values, y,"
                + " target) and, for several series, a series column (series, series_id, id, unique_id, item_id);"
                + " or name the columns to read (--time-column, --value-column, --series-column)", forecast(f));
    }

    @Test
    @DisplayName("a missing value without --fill names its line")
    void missingValue() throws IOException {
        Path f = file("sales.csv", monthly(40, 100).toString().replace("2000-03-01,", "2000-03-01,NA\n#")
                .replaceAll("(?m)^#.*\n", ""));
        assertUserError(f + ":4:2: 1 missing value in series sales: 2000-03-01 (line 4); fill them with the previous"
                + " value or linearly (--fill previous or --fill linear)", forecast(f));
    }

    @Test
    @DisplayName("a gap without --fill names the missing date and the line after it")
    void gap() throws IOException {
        Path f = file("sales.csv", monthly(40, 100).toString().replaceAll("(?m)^2000-06-01,.*\n", ""));
        assertUserError(f + ":7:1: 1 gap in series sales: 2000-06-01 (gap before line 7); fill them with the previous"
                + " value or linearly (--fill previous or --fill linear)", forecast(f));
    }

    @Test
    @DisplayName("an irregular step names the rows around it")
    void irregularStep() throws IOException {
        Path f = file("sales.csv", monthly(40, 100).toString().replace("2000-06-01,", "2000-06-15,"));
        assertUserError(f + ":7:1: irregular time step in series sales: 2000-05-01 (line 6) to 2000-06-15 (line 7),"
                + " 2000-06-15 (line 7) to 2000-07-01 (line 8) are not a whole number of steps of 1 month",
                forecast(f, "--fill", "linear"));
    }

    @Test
    @DisplayName("a duplicate date names both lines")
    void duplicateDate() throws IOException {
        Path f = file("sales.csv", monthly(40, 100).append("2000-02-01,7\n"));
        assertUserError(f + ":42:1: duplicate time in series sales: 2000-02-01 on lines 3 and 42", forecast(f));
    }

    @Test
    @DisplayName("a value that is not a number names its line and column")
    void notANumber() throws IOException {
        Path f = file("sales.csv", monthly(40, 100).toString().replace("2000-03-01,", "2000-03-01,x"));
        String value = Files.readAllLines(f).get(3).split(",")[1];
        assertUserError(f + ":4:2: '" + value + "' is not a finite number", forecast(f));
    }

    /** {@code rows} hourly rows {@code date,value} from 2026-03-25 00:00 in Berlin, written with Berlin's offset (DST on 03-29). */
    private static StringBuilder hourlyBerlin(int rows) {
        StringBuilder csv = new StringBuilder("date,value\n");
        java.time.ZonedDateTime start = java.time.ZonedDateTime.of(2026, 3, 25, 0, 0, 0, 0, java.time.ZoneId.of("Europe/Berlin"));
        for (int t = 0; t < rows; t++) {
            csv.append(start.plusHours(t).toOffsetDateTime()).append(',')
                    .append(String.format("%.3f", 100 + 10 * Math.sin(2 * Math.PI * t / 24))).append('\n');
        }
        return csv;
    }

    @Test
    @DisplayName("hourly times whose offset changes at daylight saving time are read as UTC, said once, and forecast in UTC")
    void daylightSavingTime() throws IOException {
        Path f = file("load.csv", hourlyBerlin(240));
        Path out = dir.resolve("next.csv");
        Run r = forecast(f, "--horizon", "6", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().filter(l -> l.contains("as daylight saving time does")).count(), r.out());
        assertTrue(r.out().contains(f + ": the time zone offset changes from +01:00 ('2026-03-29T01:00+01:00', line 99)"
                + " to +02:00 ('2026-03-29T03:00+02:00', line 100)"), r.out());
        // the last row is 2026-04-04T00:00+02:00 = 2026-04-03T22:00Z; the forecast starts an hour later
        List<String> rows = Files.readAllLines(out);
        assertEquals("load,1,2026-04-03T23:00Z", rows.get(1).substring(0, rows.get(1).indexOf('Z') + 1));
        assertEquals("load,6,2026-04-04T04:00Z", rows.get(6).substring(0, rows.get(6).indexOf('Z') + 1));
        assertTrue(r.out().contains("2026-04-03T23:00Z"), r.out());
        Path model = dir.resolve("load.jrnn");
        Path again = dir.resolve("again.csv");
        assertEquals(0, forecast(f, "--horizon", "6", "--out", out.toString(), "--save", model.toString()).exit());
        Run p = run("predict", "--model", model.toString(), "--out", again.toString());
        assertEquals(0, p.exit(), p.err());
        assertEquals(Files.readAllLines(out), Files.readAllLines(again), "the saved model keeps the UTC clock");
    }

    @Test
    @DisplayName("a time without an offset among times whose offset changes names its line")
    void offsetMissingAmongChangingOffsets() throws IOException {
        Path f = file("load.csv", hourlyBerlin(240).toString().replace("2026-03-30T10:00+02:00", "2026-03-30T10:00"));
        assertUserError(f + ":131:1: '2026-03-30T10:00' has no time zone offset, but the column's offsets change (+01:00"
                + " on line 99, +02:00 on line 100), so it names no one instant; write every time with its offset, or all"
                + " in UTC (Z)", forecast(f, "--horizon", "6"));
    }

    @Test
    @DisplayName("a value far outside its series' range is warned about on stderr, naming series, time and line; the"
            + " forecast goes on")
    void outlierWarned() throws IOException {
        Path f = file("sales.csv", monthly(40, 100).toString().replaceFirst("(?m)^2002-08-01,.*$", "2002-08-01,1e30"));
        Run r = forecast(f);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().startsWith("warning: " + f + ": series sales: value 1.0E30 (observation 32, 2002-08-01, line"
                + " 33) lies over 10,000 times the series' spread ("), r.err());
        assertTrue(r.err().contains("check the value, or mark it missing (NA) and fill"), r.err());
    }
}
