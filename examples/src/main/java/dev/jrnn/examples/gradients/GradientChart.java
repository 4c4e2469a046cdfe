package dev.jrnn.examples.gradients;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws ||dL/dh_t|| against t on a logarithmic axis, one line per cell and clipping setting, as a PNG. */
final class GradientChart {
    private GradientChart() {
    }

    /** One curve: its legend and {@code norms[t - 1]}; dashed when clipped. */
    record Curve(String label, double[] norms, Color color, boolean dashed) {
    }

    /**
     * Writes the chart to {@code file} (".png" is added by XChart when missing, so the name is
     * normalised first). Points whose norm is 0 or not finite cannot sit on a log axis and are left out.
     */
    static void write(Path file, String title, List<Curve> curves) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(560).title(title)
                .xAxisTitle("time step t (the loss is at the last step)").yAxisTitle("||dL/dh(t)||").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        for (Curve c : curves) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int t = 0; t < c.norms().length; t++) {
                double v = c.norms()[t];
                if (v > 0 && Double.isFinite(v)) {
                    xs.add((double) (t + 1));
                    ys.add(v);
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(c.label(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(c.color());
            s.setLineStyle(c.dashed() ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String name = file.toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
    }
}
