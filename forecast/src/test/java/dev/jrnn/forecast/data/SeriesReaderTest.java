package dev.jrnn.forecast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesReaderTest {

    private static SeriesData read(SeriesReader reader, String csv) {
        try {
            return reader.read("data/sales.csv", new StringReader(csv));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SeriesData read(String csv) {
        return read(new SeriesReader(), csv);
    }

    private static SeriesFormatException fails(SeriesReader reader, String csv) {
        return assertThrows(SeriesFormatException.class, () -> read(reader, csv));
    }

    @Test
    @DisplayName("a date,value file is one series named after the file")
    void dateValue() {
        SeriesData d = read("date,value\n2000-01-01,1\n2000-02-01,2\n2000-03-01,3\n");
        assertEquals(1, d.series().size());
        TimeSeries s = d.series().get(0);
        assertEquals("sales", s.name());
        assertArrayEquals(new double[] {1, 2, 3}, s.values());
        assertEquals(new TimeStep(1, java.time.Duration.ZERO), d.report().series().get(0).step());
        assertTrue(d.report().changes().isEmpty());
    }

    @Test
    @DisplayName("numbers in decimal notation, with sign, exponent, or a dot at either end, are read")
    void decimalNotation() {
        SeriesData d = read("date,value\n2000-01-01,1.\n2000-02-01,.5\n2000-03-01,+3\n2000-04-01,-2.5E-3\n"
                + "2000-05-01, 1e3 \n2000-06-01,\"007\"\n");
        assertArrayEquals(new double[] {1, 0.5, 3, -0.0025, 1000, 7}, d.series().get(0).values());
    }

    @Test
    @DisplayName("header synonyms match in any case, with a byte order mark, quoted fields and extra columns")
    void synonyms() {
        SeriesData d = read("\uFEFFUnique_ID,DS,note,Y\n\"a, the first\",2000-01-01,\"x \"\"q\"\"\",1\n"
                + "\"a, the first\",2000-01-02,,2\nb,2000-01-01,,5\nb,2000-01-02,,6\n");
        assertEquals(List.of("a, the first", "b"), d.series().stream().map(TimeSeries::name).toList());
        assertArrayEquals(new double[] {5, 6}, d.find("b").orElseThrow().values());
        SeriesData t = read("item_id,timestamp,target\nx,2000-01-01 00:00,1\nx,2000-01-01 01:00,2\n");
        assertEquals(LocalDateTime.of(2000, 1, 1, 1, 0), t.series().get(0).times()[1]);
    }

    @Test
    @DisplayName("a header without the columns says which columns were expected and how to name them")
    void noHeaderMatch() {
        var e = fails(new SeriesReader(), "store,sales,price\na,1,2\n");
        assertEquals("data/sales.csv:1: the header [store, sales, price] has no time and no value column; expected a"
                + " time column (date, time, timestamp, datetime, date_time, ds), a value column (value, values, y,"
                + " target) and, for several series, a series column (series, series_id, id, unique_id, item_id); or"
                + " name the columns to read (--time-column, --value-column, --series-column)", e.getMessage());
        assertTrue(fails(new SeriesReader(), "date,amount,price\n2000-01-01,1,2\n").getMessage()
                .contains("has no value column"));
        assertTrue(fails(new SeriesReader(), "ds,date,y\n").getMessage().contains("'ds' and 'date' both name the time"));
    }

    @Test
    @DisplayName("a two-column file of other names is read as time then value, and the report says so")
    void byPosition() {
        SeriesData d = read("Month,#Passengers\n1949-01,112\n1949-02,118\n1949-03,132\n");
        assertArrayEquals(new double[] {112, 118, 132}, d.series().get(0).values());
        assertEquals(List.of("data/sales.csv: took the column '#Passengers' as the value by position"),
                d.report().changes());
        SeriesData both = read("Zeit,Wert\n2000-01-01,1\n2000-01-02,2\n");
        assertArrayEquals(new double[] {1, 2}, both.series().get(0).values());
        assertEquals(List.of("data/sales.csv: took the column 'Zeit' as the time and 'Wert' as the value by position"),
                both.report().notes());
        SeriesData v = read("date,sales\n2000-01-01,1\n2000-01-02,2\n");
        assertArrayEquals(new double[] {1, 2}, v.series().get(0).values());
        assertEquals(List.of("data/sales.csv: took the column 'sales' as the value by position"), v.report().notes());
        SeriesData y = read("year,value\n1980,5\n1981,6\n1982,7\n");
        assertEquals(LocalDateTime.of(1982, 1, 1, 0, 0), y.series().get(0).times()[2]);
        assertTrue(y.report().notes().isEmpty(), "year is a time column by name");
        var e = fails(new SeriesReader(), "label,amount\nfirst,1\n");
        assertTrue(e.getMessage().contains("(the time column was taken by position; name the columns to read"),
                e.getMessage());
        assertEquals(2, e.line());
    }

    @Test
    @DisplayName("columns named by the caller are taken, in any case, and a name the header lacks is an error")
    void namedColumns() {
        SeriesReader reader = new SeriesReader().columns(new ColumnNames("Store", "when", "QTY"));
        SeriesData d = read(reader, "store,when,price,qty\na,2000-01-01,9,1\na,2000-01-02,9,2\nb,2000-01-01,9,3\n");
        assertEquals(List.of("a", "b"), d.series().stream().map(TimeSeries::name).toList());
        assertArrayEquals(new double[] {1, 2}, d.series().get(0).values());
        var e = fails(new SeriesReader().columns(new ColumnNames(null, null, "units")), "date,value\n2000-01-01,1\n");
        assertEquals("data/sales.csv:1: no column 'units' for the value in the header [date, value]", e.getMessage());
    }

    @Test
    @DisplayName("business-day data skips weekends; a missing weekday is a gap")
    void businessDays() {
        // 2024-01-01 is a Monday; 2024-01-10 (a Wednesday) is missing
        StringBuilder csv = new StringBuilder("date,value\n");
        for (int d = 1; d <= 19; d++) {
            java.time.LocalDate day = java.time.LocalDate.of(2024, 1, d);
            if (day.getDayOfWeek().getValue() <= 5 && d != 10) {
                csv.append(day).append(',').append(d).append('\n');
            }
        }
        SeriesFormatException e = fails(new SeriesReader(), csv.toString());
        assertTrue(e.getMessage().contains("1 gap in series sales: 2024-01-10 (gap before line 9)"), e.getMessage());
        SeriesData d = read(new SeriesReader().fill(FillPolicy.PREVIOUS), csv.toString());
        assertEquals(TimeStep.BUSINESS_DAY, d.report().series().get(0).step());
        assertEquals(15, d.series().get(0).length());
        assertEquals(9.0, d.series().get(0).values()[7], "the gap takes Tuesday's value");
    }

    @Test
    @DisplayName("semicolon- and tab-separated files are read, with decimal commas")
    void otherDelimiters() {
        SeriesData d = read("date;value\n2000-01-01;1,5\n2000-01-02;-2,25\n2000-01-03;3\n");
        assertArrayEquals(new double[] {1.5, -2.25, 3}, d.series().get(0).values());
        SeriesData t = read("\n\ndate\tvalue\n2000-01-01\t1.5\n2000-01-02\t2,5\n");
        assertArrayEquals(new double[] {1.5, 2.5}, t.series().get(0).values());
        assertTrue(fails(new SeriesReader(), "date,value\n2000-01-01,\"1,5\"\n").getMessage()
                .contains("'1,5' is not a finite number"), "a comma file keeps the point");
    }

    @Test
    @DisplayName("rows of a series in any order are sorted by time")
    void sorts() {
        SeriesData d = read("series,time,value\na,2000-03-01,3\na,2000-01-01,1\na,2000-02-01,2\n");
        assertArrayEquals(new double[] {1, 2, 3}, d.series().get(0).values());
    }

    @Test
    @DisplayName("missing values and gaps are an error listing the first positions and their number without a fill policy")
    void noneFails() {
        var e = fails(new SeriesReader(), "date,value\n2000-01-01,1\n2000-02-01,NA\n2000-04-01,4\n2000-05-01,\n"
                + "2000-06-01,null\n2000-07-01,7\n");
        assertEquals("data/sales.csv:3:2: 3 missing values and 1 gap in series sales: 2000-02-01 (line 3),"
                + " 2000-03-01 (gap before line 4), 2000-05-01 (line 5), ...; fill them with the previous value or"
                + " linearly (--fill previous or --fill linear)", e.getMessage());
        assertEquals(3, e.line());
        var gap = fails(new SeriesReader(), "series,date,value\na,2000-01-01,1\na,2000-01-02,2\na,2000-01-04,4\n"
                + "b,2000-01-01,1\nb,2000-01-02,N/A\nb,2000-01-03,3\n");
        assertEquals("data/sales.csv:4:2: 1 missing value and 1 gap in 2 series: a 2000-01-03 (gap before line 4),"
                + " b 2000-01-02 (line 6); fill them with the previous value or linearly (--fill previous or"
                + " --fill linear)", gap.getMessage());
    }

    @Test
    @DisplayName("every missing-value spelling is recognised, in any case")
    void missingTokens() {
        String[] tokens = {"", "NA", "na", "N/A", "#N/A", "NaN", "nan", "null", "NULL", "None", "nil", "-", "?"};
        StringBuilder csv = new StringBuilder("date,value\n2000-01-01,1\n");
        for (int i = 0; i < tokens.length; i++) {
            csv.append(java.time.LocalDate.of(2000, 1, 2 + i)).append(",\"").append(tokens[i]).append("\"\n");
        }
        csv.append("2000-01-31,30\n");
        SeriesData d = read(new SeriesReader().fill(FillPolicy.PREVIOUS), csv.toString());
        assertEquals(tokens.length, d.report().series().get(0).missingValues().size());
    }

    @Test
    @DisplayName("previous fills holes with the last value, linear interpolates them, holes before the first and after"
            + " the last value are dropped, and the report lists them")
    void fills() {
        String csv = "date,value\n2000-01-01,NA\n2000-02-01,10\n2000-03-01,\n2000-05-01,40\n2000-06-01,NaN\n"
                + "2000-07-01,\n";
        SeriesData prev = read(new SeriesReader().fill(FillPolicy.PREVIOUS), csv);
        TimeSeries p = prev.series().get(0);
        assertArrayEquals(new double[] {10, 10, 10, 40}, p.values());
        assertEquals(LocalDateTime.of(2000, 2, 1, 0, 0), p.times()[0], "the leading hole is dropped");
        assertEquals(LocalDateTime.of(2000, 4, 1, 0, 0), p.times()[2]);
        assertEquals(LocalDateTime.of(2000, 5, 1, 0, 0), p.times()[3], "the series ends at its last value");
        SeriesData lin = read(new SeriesReader().fill(FillPolicy.LINEAR), csv);
        assertArrayEquals(new double[] {10, 20, 30, 40}, lin.series().get(0).values(), 1e-12);
        DataReport.SeriesReport r = lin.report().series().get(0);
        assertEquals(2, r.filled());
        assertEquals(1, r.gaps().size());
        assertEquals(new DataReport.Position("sales", LocalDateTime.of(2000, 4, 1, 0, 0), 5, true), r.gaps().get(0));
        assertEquals(List.of("sales: filled 1 missing value (2000-03-01 (line 4)) and 1 gap (2000-04-01 (gap before"
                + " line 5)) by linear interpolation; dropped 1 leading hole before the first value (2000-01-01 (line"
                + " 2)); dropped 2 missing values after the last value (2000-06-01 (line 6), 2000-07-01 (line 7)): the"
                + " series ends at its last value"), lin.report().changes());
        assertThrows(SeriesFormatException.class, () -> read(csv), "without --fill, every hole is an error");
    }

    @Test
    @DisplayName("a spacing that is not a whole number of steps is an error naming the rows")
    void irregular() {
        var e = fails(new SeriesReader().fill(FillPolicy.LINEAR),
                "date,value\n2000-01-01,1\n2000-01-02,2\n2000-01-03,3\n2000-01-04T12:00,4\n2000-01-05,5\n");
        assertEquals("data/sales.csv:5:1: irregular time step in series sales: 2000-01-03 (line 4) to"
                + " 2000-01-04T12:00 (line 5), 2000-01-04T12:00 (line 5) to 2000-01-05 (line 6) are not a whole"
                + " number of steps of 1 day", e.getMessage());
    }

    @Test
    @DisplayName("a time given twice in a series is an error naming both lines")
    void duplicate() {
        var e = fails(new SeriesReader().fill(FillPolicy.LINEAR),
                "series,date,value\na,2000-01-01,1\na,2000-02-01,2\nb,2000-01-01,1\na,2000-01-01,3\n");
        assertEquals("data/sales.csv:5:2: duplicate time in series a: 2000-01-01 on lines 2 and 5", e.getMessage());
    }

    @Test
    @DisplayName("bad values, empty times, unclosed quotes and short rows name file, line and column")
    void badRows() {
        assertEquals("data/sales.csv:4:2: 'one' is not a finite number",
                fails(new SeriesReader(), "date,value\n2000-01-01,1\n\n2000-02-01,one\n").getMessage());
        assertEquals("data/sales.csv:3:2: 'Infinity' is not a finite number",
                fails(new SeriesReader(), "date,value\n2000-01-01,1\n2000-02-01,Infinity\n").getMessage());
        for (String lenient : List.of("0x1p7", "112f", "112d", "1e400", "1_000", "1 2", "+-1", "1e", "٣")) {
            assertEquals("data/sales.csv:3:2: '" + lenient + "' is not a finite number",
                    fails(new SeriesReader(), "date,value\n2000-01-01,1\n2000-02-01," + lenient + "\n").getMessage(),
                    lenient);
        }
        assertEquals("data/sales.csv:3:1: empty time",
                fails(new SeriesReader(), "date,value\n2000-01-01,1\n,2\n").getMessage());
        assertEquals("data/sales.csv:3: has 1 fields, the header has 2",
                fails(new SeriesReader(), "date,value\n2000-01-01,1\n2000-02-01\n").getMessage());
        assertEquals("data/sales.csv:3: a quoted field is not closed (a \" is missing)",
                fails(new SeriesReader(), "date,value\n2000-01-01,1\n2000-02-01,\"2\n2000-03-01,3\n").getMessage());
        assertEquals("data/sales.csv:1: empty file; expected a time column (date, time, timestamp, datetime,"
                + " date_time, ds), a value column (value, values, y, target) and, for several series, a series column"
                + " (series, series_id, id, unique_id, item_id)", fails(new SeriesReader(), "").getMessage());
    }

    @Test
    @DisplayName("a series of one row is read as it is; one without any value is an error")
    void singleRow() {
        SeriesData d = read("series,date,value\na,2000-01-01,1\na,2000-02-01,2\nb,2000-01-01,7\n");
        assertArrayEquals(new double[] {7}, d.find("b").orElseThrow().values());
        assertNull(d.report().series().get(1).step());
        var e = fails(new SeriesReader().fill(FillPolicy.PREVIOUS), "date,value\n2000-01-01,NA\n2000-02-01,NA\n");
        assertEquals("data/sales.csv:2:2: series sales has no values, only 2 missing ones", e.getMessage());
    }

    @Test
    @DisplayName("a file that does not exist is named")
    void missingFile(@TempDir Path dir) throws IOException {
        var e = assertThrows(SeriesFormatException.class, () -> new SeriesReader().read(dir.resolve("none.csv")));
        assertEquals(dir.resolve("none.csv") + ": no such file", e.getMessage());
        Path f = dir.resolve("my sales.v2.csv");
        Files.writeString(f, "date,value\n2000-01-01,1\n2000-01-02,2\n");
        assertEquals("my sales.v2", new SeriesReader().read(f).series().get(0).name());
    }

    @Test
    @DisplayName("a file that is not UTF-8 is read as Windows-1252, and the report says so")
    void windows1252(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cities.csv");
        Files.write(f, "series,date,value\nM\u00fcnchen,2000-01-01,1\nM\u00fcnchen,2000-01-02,2\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1252")));
        SeriesData d = new SeriesReader().read(f);
        assertEquals("M\u00fcnchen", d.series().get(0).name());
        assertEquals(List.of(f + ": not UTF-8 text; read as Windows-1252 (Western European)"), d.report().notes());
        Files.writeString(f, "series,date,value\nM\u00fcnchen,2000-01-01,1\nM\u00fcnchen,2000-01-02,2\n");
        assertTrue(new SeriesReader().read(f).report().notes().isEmpty(), "UTF-8 needs no note");
    }

    @Test
    @DisplayName("a value with a currency sign, thousands separators or a unit is refused, saying what a value is")
    void decoratedValues() {
        for (String decorated : List.of("103.7 kWh", "12kg", "$1,000.53", "\u20ac 12", "1,517", "12 345", "5%", "-3.5 %")) {
            String csv = "date,value\n2000-01-01,1\n2000-02-01,\"" + decorated + "\"\n";
            assertEquals("data/sales.csv:3:2: '" + decorated + "' is not a finite number (a value is a plain number: no"
                    + " currency sign, thousands separator or unit)", fails(new SeriesReader(), csv).getMessage(), decorated);
        }
        assertEquals("data/sales.csv:3:2: '1.234,5' is not a finite number (a value is a plain number: no currency sign,"
                + " thousands separator or unit)",
                fails(new SeriesReader(), "date;value\n2000-01-01;1\n2000-02-01;1.234,5\n").getMessage());
    }

    @Test
    @DisplayName("a value beyond float's range is refused naming the series and its line, before any training")
    void valueBeyondFloat() {
        var e = fails(new SeriesReader(), "series,date,value\na,2000-01-01,1\nb,2000-01-01,2\nb,2000-02-01,-1e300\n");
        assertEquals("data/sales.csv:4:3: value -1e300 of series b is beyond the range of float (about 3.4e38), in"
                + " which the networks compute: too large to scale with the series' other values; is it an error in"
                + " the data?", e.getMessage());
        assertEquals(4, e.line());
        SeriesData largest = read("date,value\n2000-01-01,1\n2000-02-01,3.4e38\n2000-03-01,-3.4e38\n");
        assertArrayEquals(new double[] {1, 3.4e38, -3.4e38}, largest.series().get(0).values());
    }
}
