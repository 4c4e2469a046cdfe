package dev.jrnn.forecast.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.forecast.data.BundledData;
import dev.jrnn.forecast.eval.EtsSpec.SeasonType;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EtsTest {

    /** ETS(A,N,A) with level smoothing {@code alpha}, seasonal {@code gamma}, innovations of sd {@code sigma}. */
    private static double[] additiveSeasonal(int n, int m, double alpha, double gamma, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double level = 100;
        double[] season = new double[m];
        for (int j = 0; j < m; j++) {
            season[j] = 10 * Math.sin(2 * Math.PI * j / m);
        }
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            double e = sigma * r.nextGaussian();
            y[t] = level + season[t % m] + e;
            level += alpha * e;
            season[t % m] += gamma * e;
        }
        return y;
    }

    @Test
    @DisplayName("a constant series is forecast flat at its value, with no width")
    void constant() {
        double[] y = new double[30];
        java.util.Arrays.fill(y, 7.5);
        Ets fit = Ets.select(y, 12);
        Ets.Prediction p = fit.forecast(5, 0.9);
        for (int h = 0; h < 5; h++) {
            assertEquals(7.5, p.mean()[h], 1e-9);
            assertEquals(p.mean()[h], p.lower()[h], 1e-9);
            assertEquals(p.mean()[h], p.upper()[h], 1e-9);
        }
    }

    @Test
    @DisplayName("a noisy straight line gets a trended model that carries the line on")
    void line() {
        SplittableRandom r = new SplittableRandom(4);
        double[] y = new double[80];
        for (int t = 0; t < y.length; t++) {
            y[t] = 50 + 2 * t + 0.5 * r.nextGaussian();
        }
        Ets fit = Ets.select(y, 1);
        assertTrue(fit.spec().trended(), fit.toString());
        assertFalse(fit.spec().seasonal());
        double[] mean = fit.forecast(10, 0.9).mean();
        for (int h = 0; h < 10; h++) {
            assertEquals(50 + 2 * (80 + h), mean[h], 3, "step " + (h + 1));
        }
    }

    @Test
    @DisplayName("AirPassengers, whose season grows with its level, gets a multiplicative season")
    void airPassengers() {
        double[] y = BundledData.series(BundledData.entry("AirPassengers").orElseThrow()).values();
        Ets fit = Ets.select(y, 12);
        assertEquals(SeasonType.MULTIPLICATIVE, fit.spec().season(), fit.toString());
        assertTrue(fit.spec().trended(), fit.toString());
    }

    @Test
    @DisplayName("on data drawn from ETS(A,N,A) the right model has the lowest AICc and about the right smoothing")
    void recoversTheGeneratingModel() {
        double[] y = additiveSeasonal(240, 12, 0.3, 0.1, 1, 11);
        Ets right = Ets.fit(y, EtsSpec.parse("ANA"), 12);
        for (String wrong : List.of("ANN", "AAN", "MNN")) {
            Ets w = Ets.fit(y, EtsSpec.parse(wrong), 12);
            assertTrue(right.aicc() < w.aicc(), right + " against " + w);
        }
        assertEquals(0.3, right.alpha(), 0.12, right.toString());
        assertEquals(1, Math.sqrt(right.sigma2()), 0.15, right.toString());
        assertEquals(SeasonType.ADDITIVE, Ets.select(y, 12).spec().season());
    }

    @Test
    @DisplayName("the analytic forecast variance of simple exponential smoothing is sigma^2 (1 + (h - 1) alpha^2)")
    void simpleSmoothingVariance() {
        EtsFilter.Params p = new EtsFilter.Params(0.4, 0, 0, 1);
        EtsFilter.State end = new EtsFilter.State(10, 0, new double[] {0});
        double[][] mv = EtsVariance.meanAndVariance(EtsSpec.parse("ANN"), p, end, 2, 6);
        for (int h = 1; h <= 6; h++) {
            assertEquals(10, mv[0][h - 1], 1e-12);
            assertEquals(2 * (1 + (h - 1) * 0.16), mv[1][h - 1], 1e-12, "h=" + h);
        }
    }

    @Test
    @DisplayName("the forecast mean and variance of multiplicative models agree with simulated futures")
    void multiplicativeVarianceBySimulation() {
        double[] season = {0.8, 0.9, 1.1, 1.2};
        for (String code : List.of("MNN", "MAdA", "MAM", "MAdM")) {
            EtsSpec spec = EtsSpec.parse(code);
            boolean mult = spec.season() == SeasonType.MULTIPLICATIVE;
            double[] s = spec.seasonal() ? (mult ? season : new double[] {-8, -4, 4, 8}) : new double[] {0};
            EtsFilter.Params p = new EtsFilter.Params(0.3, spec.trended() ? 0.1 : 0, spec.seasonal() ? 0.2 : 0,
                    spec.trend() == EtsSpec.TrendType.DAMPED ? 0.9 : 1);
            EtsFilter.State end = new EtsFilter.State(100, spec.trended() ? 2 : 0, s);
            double sigma2 = 0.01;
            int h = 9;
            double[][] mv = EtsVariance.meanAndVariance(spec, p, end, sigma2, h);
            int paths = 60_000;
            double[] sum = new double[h];
            double[] sumSq = new double[h];
            SplittableRandom r = new SplittableRandom(5);
            for (int path = 0; path < paths; path++) {
                double level = end.level();
                double slope = end.slope();
                double[] idx = end.season().clone();
                for (int k = 0; k < h; k++) {
                    int phase = k % idx.length;
                    double q = level + p.phi() * slope;
                    double f = !spec.seasonal() ? q : mult ? q * idx[phase] : q + idx[phase];
                    double y = f * (1 + Math.sqrt(sigma2) * r.nextGaussian());
                    double target = !spec.seasonal() ? y : mult ? y / idx[phase] : y - idx[phase];
                    level = q + p.alpha() * (target - q);
                    slope = p.phi() * slope + p.beta() * (target - q);
                    if (spec.seasonal()) {
                        idx[phase] += p.gamma() * ((mult ? y / q : y - q) - idx[phase]);
                    }
                    sum[k] += y;
                    sumSq[k] += y * y;
                }
            }
            for (int k = 0; k < h; k++) {
                double mean = sum[k] / paths;
                double var = sumSq[k] / paths - mean * mean;
                assertEquals(mean, mv[0][k], 0.004 * Math.abs(mean), code + " mean, step " + (k + 1));
                assertEquals(var, mv[1][k], 0.04 * var, code + " variance, step " + (k + 1));
            }
        }
    }

    @Test
    @DisplayName("the Schur-Cohn test agrees with the companion matrix's eigenvalues")
    void rootsInsideTheCircle() {
        SplittableRandom r = new SplittableRandom(8);
        int agreeInside = 0;
        for (int trial = 0; trial < 400; trial++) {
            int d = 2 + r.nextInt(12);
            double[] c = new double[d + 1];
            for (int k = 0; k < d; k++) {
                c[k] = (r.nextDouble() - 0.5) * (trial % 2 == 0 ? 0.4 : 1.5);
            }
            c[d] = 1;
            double[][] companion = new double[d][d];
            for (int i = 1; i < d; i++) {
                companion[i][i - 1] = 1;
            }
            for (int i = 0; i < d; i++) {
                companion[i][d - 1] = -c[i];
            }
            EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(companion));
            double max = 0;
            for (int i = 0; i < d; i++) {
                max = Math.max(max, Math.hypot(eig.getRealEigenvalues()[i], eig.getImagEigenvalues()[i]));
            }
            if (Math.abs(max - 1) > 1e-6) {
                assertEquals(max < 1, EtsBounds.rootsWithin(c, 1), "max |root| " + max);
                agreeInside += max < 1 ? 1 : 0;
            }
        }
        assertTrue(agreeInside > 50, "both kinds of polynomial drawn: " + agreeInside);
        assertTrue(EtsBounds.admissibleSeasonal(0.3, 0, 0.1, 1, 12), "no trend: z = 1 is the level's root");
        assertFalse(EtsBounds.admissibleSeasonal(0.3, 0.2, 0.9, 0.9, 12), "gamma above 1 + 1/phi - alpha");
    }

    @Test
    @DisplayName("the search space follows R: no multiplicative season with additive errors, nothing multiplicative for values <= 0")
    void searchSpace() {
        double[] positive = additiveSeasonal(60, 4, 0.3, 0.1, 1, 2);
        List<String> all = Ets.searchSpace(positive, 4).stream().map(EtsSpec::toString).toList();
        assertEquals(15, all.size(), all.toString());
        assertEquals("ETS(A,N,N)", all.get(0));
        assertFalse(all.contains("ETS(A,N,M)"));
        double[] signed = positive.clone();
        signed[3] = -1;
        assertTrue(Ets.searchSpace(signed, 4).stream().allMatch(s -> s.error() == EtsSpec.ErrorType.ADDITIVE
                && s.season() != SeasonType.MULTIPLICATIVE));
        assertTrue(Ets.searchSpace(positive, 48).stream().noneMatch(EtsSpec::seasonal), "seasons over 24 are left out");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ets.fit(signed, EtsSpec.parse("MNN"), 1));
        assertTrue(e.getMessage().contains("positive") && e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    @DisplayName("model codes parse both ways and bad ones are refused")
    void codes() {
        for (String code : List.of("ANN", "AAdN", "MAM", "MAdM", "ANA")) {
            EtsSpec s = EtsSpec.parse(code);
            assertEquals(s, EtsSpec.parse(s.toString()));
        }
        assertEquals("ETS(M,Ad,M)", EtsSpec.parse("madm").toString());
        assertThrows(IllegalArgumentException.class, () -> EtsSpec.parse("XNN"));
        assertThrows(IllegalArgumentException.class, () -> EtsSpec.parse("AMN"));
    }
}
