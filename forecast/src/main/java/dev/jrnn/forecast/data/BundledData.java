package dev.jrnn.forecast.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** The classic series shipped in the jar, their season and horizon, and R's baseline accuracy on them. */
public final class BundledData {
    private static final String ROOT = "bundled/";
    private static final List<Entry> INDEX = readIndex();

    /**
     * One entry of {@code index.json}.
     *
     * @param series  name
     * @param file    resource file
     * @param season  season length
     * @param horizon evaluation horizon: the last {@code horizon} points are the test part
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String series, String file, int season, int horizon) {
    }

    /**
     * One row of {@code baselines.csv}.
     *
     * @param method method name as R's forecast package was asked ({@code seasonal_naive}, {@code ets}, ...)
     * @param mase   MASE on the test part
     * @param smape  sMAPE on the test part, percent
     */
    public record Baseline(String method, double mase, double smape) {
    }

    private BundledData() {
    }

    /** Every bundled series, in index order. */
    public static List<Entry> index() {
        return INDEX;
    }

    /** The index entry of {@code series} (case-insensitive), if bundled. */
    public static Optional<Entry> entry(String series) {
        return index().stream().filter(e -> e.series().equalsIgnoreCase(series)).findFirst();
    }

    /** The bundled series of {@code entry}. */
    public static TimeSeries series(Entry entry) {
        try (BufferedReader in = reader(entry.file())) {
            return LongCsv.read(entry.file(), in).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** R's baselines for {@code series} by method, in file order (empty when none). */
    public static Map<String, Baseline> baselines(String series) {
        Map<String, Baseline> out = new LinkedHashMap<>();
        CSVFormat header = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (BufferedReader in = reader("baselines.csv"); CSVParser rows = CSVParser.parse(in, header)) {
            for (CSVRecord r : rows) {
                if (r.get("series").equalsIgnoreCase(series)) {
                    out.put(r.get("method"), new Baseline(r.get("method"), Double.parseDouble(r.get("mase")),
                            Double.parseDouble(r.get("smape"))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<Entry> readIndex() {
        try (InputStream in = stream("index.json")) {
            return List.copyOf(new ObjectMapper().readValue(in, new TypeReference<List<Entry>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("bundled index.json cannot be read: " + e.getMessage(), e);
        }
    }

    private static BufferedReader reader(String file) {
        return new BufferedReader(new InputStreamReader(stream(file), StandardCharsets.UTF_8));
    }

    private static InputStream stream(String file) {
        InputStream stream = BundledData.class.getResourceAsStream(ROOT + file);
        if (stream == null) {
            throw new IllegalStateException("bundled resource " + ROOT + file + " is missing from the jar");
        }
        return stream;
    }
}
