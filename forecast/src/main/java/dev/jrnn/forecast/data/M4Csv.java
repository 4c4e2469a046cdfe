package dev.jrnn.forecast.data;

import dev.jrnn.models.io.AtomicFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;

/**
 * Reads and writes the M4 competition's layout: a header ({@code "V1","V2",...}), then one series
 * a row, its id first and its values after, rows of unequal length (trailing empty fields are
 * ignored), fields optionally quoted (RFC 4180: an id holding a comma or a quote is quoted).
 */
public final class M4Csv {
    private M4Csv() {
    }

    /**
     * Whether {@code file} is in this layout: a header of two or more fields, those after the first
     * named {@code V2}, {@code V3}, ... in any case (a long file's header names its columns).
     */
    public static boolean isM4Layout(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                return false;
            }
            List<String> fields = CsvRecords.read(file.toString(), new java.io.StringReader(header)).get(0).fields();
            return fields.size() >= 2 && fields.subList(1, fields.size()).stream().allMatch(f -> f.matches("(?i)V\\d+"));
        } catch (NoSuchFileException e) {
            throw new SeriesFormatException(file.toString(), 0, 0, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every series of {@code file}, in file order. */
    public static List<TimeSeries> read(Path file) {
        String name = file.toString();
        List<CsvRecords.Line> lines;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = CsvRecords.read(name, in);
        } catch (NoSuchFileException e) {
            throw new SeriesFormatException(name, 0, 0, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new SeriesFormatException(name, 1, 0, "empty file, expected a header V1,V2,...");
        }
        List<TimeSeries> out = new ArrayList<>();
        for (CsvRecords.Line row : lines.subList(1, lines.size())) {
            List<String> f = row.fields();
            int end = f.size();
            while (end > 1 && f.get(end - 1).isEmpty()) {
                end--;
            }
            if (f.get(0).isEmpty()) {
                throw new SeriesFormatException(name, row.line(), 1, "empty series id");
            }
            double[] v = new double[end - 1];
            for (int i = 1; i < end; i++) {
                v[i - 1] = CsvRecords.value(name, row.line(), i + 1, f.get(i), ',', f.get(0));
            }
            out.add(TimeSeries.of(f.get(0), v));
        }
        if (out.isEmpty()) {
            throw new SeriesFormatException(name, lines.get(0).line(), 0, "no series after the header");
        }
        return out;
    }

    /**
     * The warnings about the {@link Outliers} of {@code series}, read from {@code file}: one line per
     * series that has any, each value named by its column ({@code V6} for observation 5), as
     * {@link SeriesReader} reports those of a long file in {@link DataReport#warnings()}.
     */
    public static List<String> outlierWarnings(Path file, List<TimeSeries> series) {
        List<String> out = new ArrayList<>();
        for (TimeSeries s : series) {
            String warning = Outliers.warning(s, Outliers.find(s.values()), i -> "column V" + (i + 2));
            if (warning != null) {
                out.add(file + ": " + warning);
            }
        }
        return out;
    }

    /**
     * Writes forecasts as {@code id,F1,...,Fh} (h the longest row), one series a row, ids quoted where
     * they need it, to a temporary file renamed over {@code file}, so a crash never leaves half a file.
     */
    public static void write(Path file, List<String> ids, List<double[]> forecasts) {
        if (ids.size() != forecasts.size()) {
            throw new IllegalArgumentException(ids.size() + " ids for " + forecasts.size() + " forecasts");
        }
        int h = forecasts.stream().mapToInt(f -> f.length).max().orElse(0);
        try {
            AtomicFile.write(file, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                CSVPrinter out = new CSVPrinter(w, CsvRecords.FORMAT);
                List<String> header = new ArrayList<>();
                header.add("id");
                for (int i = 1; i <= h; i++) {
                    header.add("F" + i);
                }
                out.printRecord(header);
                for (int s = 0; s < ids.size(); s++) {
                    List<String> row = new ArrayList<>();
                    row.add(ids.get(s));
                    for (double v : forecasts.get(s)) {
                        row.add(Double.toString(v));
                    }
                    out.printRecord(row);
                }
                out.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
