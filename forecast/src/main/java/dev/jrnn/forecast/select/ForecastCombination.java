package dev.jrnn.forecast.select;

import dev.jrnn.forecast.Forecast;
import java.util.List;

/**
 * The equal-weight combination of forecasts of one series by different models:
 * {@code f(t) = (1/M) sum_i f_i(t)}, step by step, for the point forecast and both interval bounds.
 */
public final class ForecastCombination {
    private ForecastCombination() {
    }

    /** The mean of {@code all} (one series, one horizon, one interval level); a single forecast is returned as is. */
    public static Forecast mean(List<Forecast> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a combination needs at least one forecast");
        }
        Forecast a = all.get(0);
        if (all.size() == 1) {
            return a;
        }
        int h = a.horizon();
        double[] point = new double[h];
        double[] lower = new double[h];
        double[] upper = new double[h];
        for (Forecast f : all) {
            if (f.horizon() != h || f.level() != a.level()) {
                throw new IllegalArgumentException("combined forecasts must share one horizon and interval level");
            }
            for (int t = 0; t < h; t++) {
                point[t] += f.point()[t] / all.size();
                lower[t] += f.lower()[t] / all.size();
                upper[t] += f.upper()[t] / all.size();
            }
        }
        return new Forecast(a.series(), point, lower, upper, a.level(), a.times());
    }

    /** The median of {@code v}, which it sorts: the middle value, or the mean of the two middle ones. */
    static double medianInPlace(double[] v) {
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
