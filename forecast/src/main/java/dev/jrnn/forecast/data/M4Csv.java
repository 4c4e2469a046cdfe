package dev.jrnn.forecast.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the M4 competition's layout: a header ({@code "V1","V2",...}), then one series
 * a row, its id first and its values after, rows of unequal length (trailing empty fields are
 * ignored), values optionally quoted.
 */
public final class M4Csv {
    private M4Csv() {
    }

    /** Every series of {@code file}, in file order. */
    public static List<TimeSeries> read(Path file) {
        String name = file.toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (in.readLine() == null) {
                throw new SeriesFormatException(name, 1, 0, "empty file, expected a header V1,V2,...");
            }
            List<TimeSeries> out = new ArrayList<>();
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = CsvFields.split(name, number, line);
                int end = f.size();
                while (end > 1 && f.get(end - 1).isEmpty()) {
                    end--;
                }
                if (f.get(0).isEmpty()) {
                    throw new SeriesFormatException(name, number, 1, "empty series id");
                }
                double[] v = new double[end - 1];
                for (int i = 1; i < end; i++) {
                    v[i - 1] = CsvFields.number(name, number, i + 1, f.get(i));
                }
                out.add(TimeSeries.of(f.get(0), v));
            }
            if (out.isEmpty()) {
                throw new SeriesFormatException(name, number, 0, "no series after the header");
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new SeriesFormatException(name, 0, 0, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes forecasts as {@code id,F1,...,Fh} (h the longest row), one series a row, to a
     * temporary file renamed over {@code file}, so a crash never leaves half a file.
     */
    public static void write(Path file, List<String> ids, List<double[]> forecasts) {
        if (ids.size() != forecasts.size()) {
            throw new IllegalArgumentException(ids.size() + " ids for " + forecasts.size() + " forecasts");
        }
        int h = forecasts.stream().mapToInt(f -> f.length).max().orElse(0);
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("id");
                for (int i = 1; i <= h; i++) {
                    w.write(",F" + i);
                }
                w.write('\n');
                for (int s = 0; s < ids.size(); s++) {
                    w.write(ids.get(s));
                    for (double v : forecasts.get(s)) {
                        w.write(',');
                        w.write(Double.toString(v));
                    }
                    w.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
