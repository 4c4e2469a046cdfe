package dev.jrnn.cli;

import dev.jrnn.forecast.Forecast;
import dev.jrnn.forecast.data.TimeSeries;
import dev.jrnn.models.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws history, actual values, the forecast and its interval to a PNG with XChart. */
final class ForecastChart {
    private ForecastChart() {
    }

    /**
     * Writes the chart to {@code file} (temporary file, then rename).
     *
     * @param history the training part (its last {@code shown} points are drawn)
     * @param actual  the test part, or null when forecasting the unknown future
     */
    static void write(Path file, String title, TimeSeries history, TimeSeries actual, Forecast forecast, int shown)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(500).title(title).xAxisTitle("time")
                .yAxisTitle(history.name()).build();
        chart.getStyler().setMarkerSize(0);
        int from = Math.max(0, history.length() - shown);
        TimeSeries past = history.slice(from, history.length());
        add(chart, "history", xs(past.times(), from, past.length()), past.values());
        int n = history.length();
        if (actual != null) {
            add(chart, "actual", xs(actual.times(), n, actual.length()), actual.values());
        }
        List<?> fx = xs(forecast.times(), n, forecast.horizon());
        add(chart, "forecast", fx, forecast.point());
        String band = String.format("%.0f%% interval", 100 * forecast.level());
        XYSeries lower = add(chart, band + " (lower)", fx, forecast.lower());
        XYSeries upper = add(chart, band + " (upper)", fx, forecast.upper());
        for (XYSeries bound : List.of(lower, upper)) {
            bound.setLineStyle(SeriesLines.DASH_DASH);
            bound.setLineColor(java.awt.Color.GRAY);
        }
        AtomicFile.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * {@link #write}, and when it fails, an {@link IOException} naming the chart that also says which
     * of the files written before it (the model {@code saved}, the forecast {@code written}; either
     * may be null) are kept.
     */
    static void draw(Path file, String title, TimeSeries history, TimeSeries actual, Forecast forecast, int shown,
                     Path saved, Path written) throws IOException {
        try {
            write(file, title, history, actual, forecast, shown);
        } catch (IOException | RuntimeException e) {
            String kept = java.util.stream.Stream.of(saved, written).filter(java.util.Objects::nonNull)
                    .map(Path::toString).collect(java.util.stream.Collectors.joining(" and "));
            String reason = e.getMessage() != null && e.getMessage().startsWith("cannot write ")
                    ? e.getMessage() : "cannot draw the chart " + file + ": " + e;
            throw new IOException(reason + (kept.isEmpty() ? "" : " (" + kept + " written before it are kept)"), e);
        }
    }

    private static XYSeries add(XYChart chart, String name, List<?> x, double[] y) {
        List<Double> ys = new ArrayList<>(y.length);
        for (double v : y) {
            ys.add(v);
        }
        XYSeries s = chart.addSeries(name, x, ys);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    /** Dates when the series has timestamps, else observation indices from {@code first}. */
    private static List<?> xs(java.time.LocalDateTime[] times, int first, int count) {
        if (times != null) {
            List<Date> dates = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                dates.add(Date.from(times[i].toInstant(ZoneOffset.UTC)));
            }
            return dates;
        }
        List<Integer> idx = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            idx.add(first + i);
        }
        return idx;
    }
}
