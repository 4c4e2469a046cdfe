package dev.jrnn.forecast.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OutliersTest {

    private static double[] wave(int n) {
        return IntStream.range(0, n).mapToDouble(t -> 100 + 10 * Math.sin(2 * Math.PI * t / 12)).toArray();
    }

    @Test
    @DisplayName("a value orders of magnitude beyond the series' spread is found; real spikes and trends are not")
    void finds() {
        double[] x = wave(60);
        assertEquals(List.of(), Outliers.find(x), "a seasonal wave");
        x[31] = 1e30;
        List<Outliers.Outlier> found = Outliers.find(x);
        assertEquals(1, found.size());
        assertEquals(31, found.get(0).index());
        assertEquals(1e30, found.get(0).value());
        x[31] = 1e6 + 100;  // a slip of four digits: 1e6 from a median near 100, spread about 10
        assertEquals(1, Outliers.find(x).size());
        x[31] = 5000;       // a spike fifty times the level, as real data has
        assertEquals(List.of(), Outliers.find(x));
        double[] growth = IntStream.range(0, 100).mapToDouble(t -> Math.exp(t / 6.0)).toArray();  // e^16: 9e6
        assertEquals(List.of(), Outliers.find(growth), "exponential growth is no outlier");
    }

    @Test
    @DisplayName("intermittent series: the spread is the smallest non-zero deviation; one value alone is no outlier")
    void intermittent() {
        double[] x = new double[50];
        x[10] = 3;
        x[20] = 2;
        x[30] = 4;
        assertEquals(List.of(), Outliers.find(x));
        x[40] = 1e9;
        assertEquals(40, Outliers.find(x).get(0).index());
        double[] single = new double[50];
        single[7] = 1e9;
        assertEquals(List.of(), Outliers.find(single), "nothing to compare it with");
        assertEquals(List.of(), Outliers.find(new double[] {1, 1e30}), "too short to judge");
    }

    @Test
    @DisplayName("SeriesReader warns naming the file, series, observation, time and line; the series reads unchanged")
    void readerWarns() throws IOException {
        StringBuilder csv = new StringBuilder("series,date,value\n");
        double[] x = wave(40);
        for (int t = 0; t < 40; t++) {
            csv.append("b,").append(LocalDate.of(2000, 1, 1).plusMonths(t)).append(',')
                    .append(t == 31 ? "1e30" : String.format("%.3f", x[t])).append('\n');
        }
        SeriesData data = new SeriesReader().read("f.csv", new StringReader(csv.toString()));
        assertEquals(1e30, data.series().get(0).values()[31]);
        assertEquals(1, data.report().warnings().size());
        String w = data.report().warnings().get(0);
        assertTrue(w.startsWith("f.csv: series b: value 1.0E30 (observation 32, 2002-08-01, line 33) lies over 10,000"
                + " times the series' spread ("), w);
        assertTrue(w.endsWith("the scaling and the intervals of its forecast would follow it; check the value, or mark"
                + " it missing (NA) and fill"), w);
        assertNull(Outliers.warning(data.series().get(0), List.of(), null));
    }
}
