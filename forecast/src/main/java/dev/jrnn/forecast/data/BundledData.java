package dev.jrnn.forecast.data;

import dev.jrnn.forecast.data.LongCsv;
import dev.jrnn.forecast.data.TimeSeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The classic series shipped in the jar, their season and horizon, and R's baseline accuracy on them. */
public final class BundledData {
    private static final String ROOT = "bundled/";
    private static final Pattern ENTRY = Pattern.compile(
            "\\{\\s*\"series\":\\s*\"([^\"]+)\",\\s*\"file\":\\s*\"([^\"]+)\",\\s*\"season\":\\s*(\\d+),"
                    + "\\s*\"horizon\":\\s*(\\d+)");

    /**
     * One entry of {@code index.json}.
     *
     * @param series  name
     * @param file    resource file
     * @param season  season length
     * @param horizon evaluation horizon: the last {@code horizon} points are the test part
     */
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
        String json = text("index.json");
        List<Entry> out = new ArrayList<>();
        Matcher m = ENTRY.matcher(json);
        while (m.find()) {
            out.add(new Entry(m.group(1), m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
        }
        return out;
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
        for (String line : text("baselines.csv").split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length == 6 && f[0].equalsIgnoreCase(series)) {
                out.put(f[1], new Baseline(f[1], Double.parseDouble(f[4]), Double.parseDouble(f[5])));
            }
        }
        return out;
    }

    private static String text(String file) {
        try (BufferedReader in = reader(file)) {
            return String.join("\n", in.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedReader reader(String file) {
        InputStream stream = BundledData.class.getResourceAsStream(ROOT + file);
        if (stream == null) {
            throw new IllegalStateException("bundled resource " + ROOT + file + " is missing from the jar");
        }
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }
}
