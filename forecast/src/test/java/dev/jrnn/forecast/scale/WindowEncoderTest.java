package dev.jrnn.forecast.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrnn.forecast.ForecastConfig;
import dev.jrnn.forecast.data.CalendarEncoder;
import dev.jrnn.forecast.data.CalendarField;
import dev.jrnn.forecast.data.Covariates;
import dev.jrnn.forecast.data.TimeSeries;
import java.time.LocalDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WindowEncoderTest {

    static TimeSeries monthly(int n) {
        double[] v = new double[n];
        LocalDateTime[] t = new LocalDateTime[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
            t[i] = LocalDateTime.of(2000, 1, 1, 0, 0).plusMonths(i);
        }
        return new TimeSeries("m", v, t);
    }

    @Test
    @DisplayName("a window's steps hold its chunks of values and the covariates of the point after each")
    void stepsAndCovariates() {
        ForecastConfig c = ForecastConfig.builder(12, 2).inputLength(4).stepSize(2).scaling(ScalingMode.NONE)
                .log(false).covariates(Covariates.ONE_HOT).build();
        TimeSeries s = monthly(10);
        CalendarEncoder cal = CalendarEncoder.forSeries(Covariates.ONE_HOT, s, 12);
        assertEquals(java.util.List.of(CalendarField.MONTH), cal.fields());
        WindowEncoder enc = new WindowEncoder(c, cal);
        assertEquals(14, enc.inputSize());
        double[] x = new double[2 * 1 * 14];
        enc.inputs(s, 3, 2, Scaler.identity(false), x, 0, 1);
        // step 0: values 4, 5 (indices 3, 4), covariate month of index 5 = June
        assertEquals(4, x[0]);
        assertEquals(5, x[1]);
        assertEquals(1, x[2 + 5]);
        // step 1: values 6, 7, then the month of index 7 = August
        assertEquals(6, x[14]);
        assertEquals(7, x[15]);
        assertEquals(1, x[14 + 2 + 7]);
        double[] y = new double[2];
        WindowEncoder.targets(s, 3, 7, 2, Scaler.identity(false), y, 0);
        assertArrayEquals(new double[] {8, 9}, y);
    }

    @Test
    @DisplayName("timestamps past the end of a series continue its monthly step")
    void futureTimes() {
        TimeSeries s = monthly(3);
        assertEquals(LocalDateTime.of(2000, 5, 1, 0, 0), WindowEncoder.timeAt(s, 4));
        assertArrayEquals(new LocalDateTime[] {LocalDateTime.of(2000, 4, 1, 0, 0)}, s.futureTimes(1));
    }

    @Test
    @DisplayName("hourly series get hour and day-of-week features, series without times the season's phase")
    void calendarFields() {
        LocalDateTime[] t = {LocalDateTime.of(2020, 1, 6, 0, 0), LocalDateTime.of(2020, 1, 6, 1, 0)};
        TimeSeries hourly = new TimeSeries("h", new double[] {1, 2}, t);
        CalendarEncoder cal = CalendarEncoder.forSeries(Covariates.SIN_COS, hourly, 24);
        assertEquals(java.util.List.of(CalendarField.HOUR, CalendarField.DAY_OF_WEEK), cal.fields());
        double[] out = new double[4];
        cal.encode(LocalDateTime.of(2020, 1, 6, 6, 0), 0, out, 0);
        assertArrayEquals(new double[] {1, Math.cos(Math.PI / 2), 0, 1}, out, 1e-12);
        CalendarEncoder phase = CalendarEncoder.forSeries(Covariates.SIN_COS, TimeSeries.of("p", 1, 2), 4);
        assertEquals(java.util.List.of(CalendarField.PHASE), phase.fields());
    }

    @Test
    @DisplayName("windows encoded from logarithms taken once equal those encoded from the raw values, bit for bit")
    void logsTakenOnceChangeNothing() {
        for (boolean log : new boolean[] {true, false}) {
            for (ScalingMode mode : ScalingMode.values()) {
                ForecastConfig c = ForecastConfig.builder(4, 3).inputLength(8).stepSize(2).scaling(mode).log(log)
                        .deseasonalise(mode == ScalingMode.LAST_WINDOW).covariates(Covariates.SIN_COS).build();
                double[] v = new double[40];
                LocalDateTime[] t = new LocalDateTime[v.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 50 + 10 * Math.sin(i * 0.7) + 0.37 * i;
                    t[i] = LocalDateTime.of(2000, 1, 1, 0, 0).plusHours(i);
                }
                TimeSeries positive = new TimeSeries("positive", v, t);
                double[] w = v.clone();
                w[17] = 0;    // windows over it are read without the log, the others with it
                w[30] = -2.5;
                TimeSeries mixed = new TimeSeries("mixed", w, t);
                java.util.List<TimeSeries> series = java.util.List.of(positive, mixed);
                SeriesScaling scaling = SeriesScaling.fit(c, series);
                CalendarEncoder cal = CalendarEncoder.forSeries(c.covariates(), positive, c.season());
                WindowEncoder enc = new WindowEncoder(c, cal);
                for (TimeSeries s : series) {
                    SeriesLogs logs = SeriesLogs.of(s);
                    for (int start = 0; start + c.trainingLength() <= s.length(); start++) {
                        String what = mode + " log=" + log + " " + s.name() + " start " + start;
                        Scaler raw = scaling.scaler(s, start);
                        Scaler cached = scaling.scaler(logs, start);
                        assertEquals(raw.level(), cached.level(), what);
                        assertEquals(raw.scale(), cached.scale(), what);
                        assertEquals(raw.log(), cached.log(), what);
                        assertArrayEquals(raw.profile(), cached.profile(), what);
                        double[] x1 = new double[c.steps() * enc.inputSize()];
                        double[] x2 = new double[x1.length];
                        enc.inputs(s, start, c.steps(), raw, x1, 0, 1);
                        enc.inputs(logs, start, c.steps(), cached, x2, 0, 1);
                        assertArrayEquals(x1, x2, what);
                        double[] y1 = new double[c.horizon()];
                        double[] y2 = new double[c.horizon()];
                        WindowEncoder.targets(s, start, start + c.inputLength(), c.horizon(), raw, y1, 0);
                        WindowEncoder.targets(logs, start, start + c.inputLength(), c.horizon(), cached, y2, 0);
                        assertArrayEquals(y1, y2, what);
                    }
                }
            }
        }
    }
}
