package dev.jrnn.forecast.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesCsvTest {

    @Test
    @DisplayName("the long CSV reader groups rows by series and parses dates and date-times")
    void longCsv(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "series,time,value\na,2000-01-01,1\nb,2000-01-01T00:30,2.5\na,2000-02-01,\"3\"\n");
        List<TimeSeries> s = LongCsv.read(f);
        assertEquals(2, s.size());
        assertArrayEquals(new double[] {1, 3}, s.get(0).values());
        assertEquals(LocalDateTime.of(2000, 1, 1, 0, 30), s.get(1).times()[0]);
    }

    @Test
    @DisplayName("a bad value in the long CSV names the file, line and column")
    void longCsvBadValue(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "series,time,value\na,2000-01-01,1\na,2000-02-01,x1\n");
        var e = assertThrows(SeriesFormatException.class, () -> LongCsv.read(f));
        assertEquals(3, e.line());
        assertEquals(3, e.column());
        assertEquals(f + ":3:3: 'x1' is not a finite number", e.getMessage());
    }

    @Test
    @DisplayName("the M4 reader takes quoted values in rows of unequal length and the writer writes id,F1..Fh")
    void m4RoundTrip(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m4.csv");
        Files.writeString(f, "\"V1\",\"V2\",\"V3\",\"V4\"\n\"H1\",\"1\",\"2\",\"3\"\n\"H2\",\"4\",\"5\",\"\"\n");
        List<TimeSeries> s = M4Csv.read(f);
        assertArrayEquals(new double[] {4, 5}, s.get(1).values());
        Path out = dir.resolve("out.csv");
        M4Csv.write(out, List.of("H1", "H2"), List.of(new double[] {1, 2}, new double[] {3, 4}));
        assertEquals(List.of("id,F1,F2", "H1,1.0,2.0", "H2,3.0,4.0"), Files.readAllLines(out));
    }

    @Test
    @DisplayName("an M4-layout file's outliers are warned about by series and column; a file without any gives none")
    void m4Outliers(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m4.csv");
        Files.writeString(f, "V1,V2,V3,V4,V5,V6\nH1,10,11,12,13,14\nH2,10,11,2e9,13,12\n");
        List<String> warnings = M4Csv.outlierWarnings(f, M4Csv.read(f));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith(f + ": series H2: value 2.0E9 (observation 3, column V4) lies over"),
                warnings.get(0));
        Files.writeString(f, "V1,V2,V3,V4\nH1,10,11,12\n");
        assertEquals(List.of(), M4Csv.outlierWarnings(f, M4Csv.read(f)));
    }

    @Test
    @DisplayName("ids holding commas and quotes are written quoted and read back as they were")
    void m4QuotedIds(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("out.csv");
        List<String> ids = List.of("store 1, north", "the \"big\" one", "plain");
        M4Csv.write(out, ids, List.of(new double[] {1}, new double[] {2}, new double[] {3}));
        assertEquals(List.of("id,F1", "\"store 1, north\",1.0", "\"the \"\"big\"\" one\",2.0", "plain,3.0"),
                Files.readAllLines(out));
        assertEquals(ids, M4Csv.read(out).stream().map(TimeSeries::name).toList());
    }

    @Test
    @DisplayName("the bundled index is read with its seasons and horizons")
    void bundledIndex() {
        assertEquals(List.of("AirPassengers", "co2", "nottem", "UKgas", "USAccDeaths", "taylor"),
                BundledData.index().stream().map(BundledData.Entry::series).toList());
        assertEquals(new BundledData.Entry("taylor", "taylor.csv", 336, 336), BundledData.entry("TAYLOR").orElseThrow());
        assertEquals(144, BundledData.series(BundledData.index().get(0)).length());
        assertEquals(2.4935, BundledData.baselines("AirPassengers").get("seasonal_naive").mase(), 1e-12);
    }

    @Test
    @DisplayName("a bad M4 value and a missing file give the place of the problem")
    void m4Errors(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m4.csv");
        Files.writeString(f, "\"V1\",\"V2\",\"V3\"\n\"H1\",\"1\",\"oops\"\n");
        var e = assertThrows(SeriesFormatException.class, () -> M4Csv.read(f));
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        Files.writeString(f, "V1,V2,V3\nH1,1,2\nH2,3,1e39\n");
        var huge = assertThrows(SeriesFormatException.class, () -> M4Csv.read(f));
        assertEquals(f + ":3:3: value 1e39 of series H2 is beyond the range of float (about 3.4e38), in which the"
                + " networks compute: too large to scale with the series' other values; is it an error in the data?",
                huge.getMessage());
        var missing = assertThrows(SeriesFormatException.class, () -> M4Csv.read(dir.resolve("none.csv")));
        assertEquals(dir.resolve("none.csv") + ": no such file", missing.getMessage());
    }
}
