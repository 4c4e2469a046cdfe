package dev.jrnn.forecast.data;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.models.io.AtomicFile;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes forecasts as long CSV, one row per series and step:
 * {@code series,step,date,forecast,lower,upper} ({@code date} empty for series without
 * timestamps). The file is written to a temporary file and renamed, so a failure leaves any
 * previous file intact.
 */
public final class ForecastCsv {
    /** The header. */
    public static final List<String> COLUMNS = List.of("series", "step", "date", "forecast", "lower", "upper");

    private ForecastCsv() {
    }

    /**
     * The timestamps as text: ISO dates when every one is at midnight, else ISO date-times; empty
     * without timestamps.
     */
    public static List<String> dates(LocalDateTime[] times) {
        return dates(times, false);
    }

    /**
     * The timestamps as text, as {@link #dates(LocalDateTime[])} writes them; where {@code utc}, as
     * ISO date-times in UTC with {@code Z} ({@code 2026-03-29T01:00Z}), the form of series read as
     * UTC instants ({@link SeriesData#utcTimes()}).
     */
    public static List<String> dates(LocalDateTime[] times, boolean utc) {
        if (times == null) {
            return List.of();
        }
        if (utc) {
            return Arrays.stream(times).map(t -> t + "Z").toList();
        }
        boolean days = Arrays.stream(times).allMatch(t -> t.toLocalTime().equals(LocalTime.MIDNIGHT));
        return Arrays.stream(times).map(t -> days ? t.toLocalDate().toString() : t.toString()).toList();
    }

    public static void write(Path file, List<Forecast> forecasts) throws IOException {
        write(file, forecasts, false);
    }

    /** Writes {@code forecasts}, their times in UTC with {@code Z} where {@code utc} ({@link #dates(LocalDateTime[], boolean)}). */
    public static void write(Path file, List<Forecast> forecasts, boolean utc) throws IOException {
        AtomicFile.write(file, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            out.printRecord(COLUMNS);
            for (Forecast f : forecasts) {
                List<String> dates = dates(f.times(), utc);
                for (int t = 0; t < f.horizon(); t++) {
                    out.printRecord(f.series(), t + 1, dates.isEmpty() ? "" : dates.get(t),
                            f.point()[t], f.lower()[t], f.upper()[t]);
                }
            }
            out.flush();
        });
    }
}
