package dev.jrnn.forecast.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the long CSV layout: a header naming the columns {@code series}, {@code time} and
 * {@code value} (in any order), then one observation a line, each series' rows in time order.
 * Times are ISO dates ({@code 1949-01-01}) or date-times ({@code 2000-06-05T00:30}).
 */
public final class LongCsv {
    private LongCsv() {
    }

    /** Every series of {@code file}, in order of first appearance. */
    public static List<TimeSeries> read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), in);
        } catch (NoSuchFileException e) {
            throw new SeriesFormatException(file.toString(), 0, 0, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every series read from {@code in}; {@code name} is used in error messages. */
    public static List<TimeSeries> read(String name, BufferedReader in) throws IOException {
        String header = in.readLine();
        if (header == null) {
            throw new SeriesFormatException(name, 1, 0, "empty file, expected a header series,time,value");
        }
        List<String> columns = CsvFields.split(name, 1, header.replace("\uFEFF", ""));
        int series = columns.indexOf("series");
        int time = columns.indexOf("time");
        int value = columns.indexOf("value");
        if (series < 0 || time < 0 || value < 0) {
            throw new SeriesFormatException(name, 1, 0, "header " + columns + " lacks one of the columns series, time, value");
        }
        Map<String, List<Double>> values = new LinkedHashMap<>();
        Map<String, List<LocalDateTime>> times = new LinkedHashMap<>();
        String line;
        int number = 1;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            List<String> f = CsvFields.split(name, number, line);
            if (f.size() != columns.size()) {
                throw new SeriesFormatException(name, number, 0, "has " + f.size() + " fields, the header has " + columns.size());
            }
            String id = f.get(series);
            LocalDateTime t = parseTime(name, number, time + 1, f.get(time));
            double v = CsvFields.number(name, number, value + 1, f.get(value));
            List<LocalDateTime> ts = times.computeIfAbsent(id, k -> new ArrayList<>());
            if (!ts.isEmpty() && !t.isAfter(ts.get(ts.size() - 1))) {
                throw new SeriesFormatException(name, number, time + 1, "time " + f.get(time) + " of series " + id
                        + " is not after the previous one");
            }
            ts.add(t);
            values.computeIfAbsent(id, k -> new ArrayList<>()).add(v);
        }
        if (values.isEmpty()) {
            throw new SeriesFormatException(name, number, 0, "no observations after the header");
        }
        List<TimeSeries> out = new ArrayList<>();
        for (var e : values.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            out.add(new TimeSeries(e.getKey(), v, times.get(e.getKey()).toArray(new LocalDateTime[0])));
        }
        return out;
    }

    static LocalDateTime parseTime(String file, int line, int column, String text) {
        try {
            return text.length() <= 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new SeriesFormatException(file, line, column, "'" + text + "' is not an ISO date or date-time");
        }
    }
}
