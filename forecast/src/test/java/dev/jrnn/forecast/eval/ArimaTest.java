package dev.jrnn.forecast.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * jrnn's ARIMA against R's {@code arima(method = "CSS")} and {@code arima(method = "CSS-ML")} (the
 * cases ending in {@code _ml}), {@code ndiffs} and {@code nsdiffs} (arima-fixture.csv, made by
 * make_arima_fixture.R).
 */
class ArimaTest {
    private static final Map<String, double[]> R = fixture();

    private static Map<String, double[]> fixture() {
        Map<String, double[]> out = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ArimaTest.class.getResourceAsStream("arima-fixture.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    String[] f = line.split(",");
                    out.put(f[0] + "/" + f[1], Arrays.stream(f[2].split(";")).mapToDouble(Double::parseDouble).toArray());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static double[] r(String key) {
        return R.get(key);
    }

    /** Fits {@code spec} to the case's series and checks coefficients, sigma^2, log-likelihood and forecast against R. */
    private static void matchesR(String c, ArimaSpec spec, double coefTol, double forecastTol) {
        Arima fit = Arima.fit(r(c + "/x"), spec);
        double[] coef = r(c + "/coef");
        if (spec.constant()) {
            assertEquals(coef[coef.length - 1], fit.mean(), coefTol * Math.abs(coef[coef.length - 1]), c + " mean");
        }
        assertEquals(r(c + "/sigma2")[0], fit.sigma2(), 1e-3 * r(c + "/sigma2")[0], c + " sigma2");
        if (spec.p() + spec.seasonP() == 0) {
            assertEquals(r(c + "/loglik")[0], fit.logLikelihood(), 1e-3 * Math.abs(r(c + "/loglik")[0]), c + " loglik");
        }
        double[] mean = r(c + "/mean");
        double[] se = r(c + "/se");
        Arima.Prediction p = fit.forecast(mean.length, 0.95);
        for (int k = 0; k < mean.length; k++) {
            assertEquals(mean[k], p.mean()[k], forecastTol * se[0], c + " forecast " + (k + 1));
            double half = (p.upper()[k] - p.lower()[k]) / 2 / Normal.quantile(0.975);
            assertEquals(se[k], half, 0.02 * se[k], c + " standard error " + (k + 1));
        }
    }

    @Test
    @DisplayName("the airline model ARIMA(0,1,1)(0,1,1)[12] on log AirPassengers matches R's CSS fit and forecast")
    void airline() {
        ArimaSpec spec = new ArimaSpec(0, 1, 1, 0, 1, 1, 12, false);
        Arima fit = Arima.fit(r("airline/x"), spec);
        assertEquals(r("airline/coef")[0], fit.ma()[0], 2e-3);
        assertEquals(r("airline/coef")[1], fit.ma()[11], 2e-3);
        assertEquals(r("airline/coef")[0] * r("airline/coef")[1], fit.ma()[12], 2e-3);
        matchesR("airline", spec, 1e-3, 0.02);
    }

    @Test
    @DisplayName("seasonal and non-seasonal AR parts multiply as in R: ARIMA(1,1,0)(1,1,0)[12]")
    void seasonalAr() {
        ArimaSpec spec = new ArimaSpec(1, 1, 0, 1, 1, 0, 12, false);
        Arima fit = Arima.fit(r("airline_sar/x"), spec);
        double[] coef = r("airline_sar/coef");
        assertEquals(coef[0], fit.ar()[0], 2e-3);
        assertEquals(coef[1], fit.ar()[11], 2e-3);
        assertEquals(-coef[0] * coef[1], fit.ar()[12], 2e-3);
        matchesR("airline_sar", spec, 1e-3, 0.02);
    }

    @Test
    @DisplayName("ARMA(1,1) with a mean on the Nile and AR(2) on lh match R's CSS fits, mean and forecasts")
    void withMean() {
        ArimaSpec arma = new ArimaSpec(1, 0, 1, 0, 0, 0, 1, true);
        Arima nile = Arima.fit(r("nile_arma11/x"), arma);
        assertEquals(r("nile_arma11/coef")[0], nile.ar()[0], 5e-3);
        assertEquals(r("nile_arma11/coef")[1], nile.ma()[0], 5e-3);
        matchesR("nile_arma11", arma, 1e-3, 0.02);
        ArimaSpec ar2 = new ArimaSpec(2, 0, 0, 0, 0, 0, 1, true);
        Arima lh = Arima.fit(r("lh_ar2/x"), ar2);
        assertArrayEquals(Arrays.copyOf(r("lh_ar2/coef"), 2), lh.ar(), 2e-3);
        matchesR("lh_ar2", ar2, 1e-3, 0.02);
        // the log-likelihood over all residuals, the first two with the values before the series at the mean
        double[] x = r("lh_ar2/x");
        double[] c = r("lh_ar2/coef");
        double ss = 0;
        for (int t = 0; t < x.length; t++) {
            double e = x[t] - c[2] - (t >= 1 ? c[0] * (x[t - 1] - c[2]) : 0) - (t >= 2 ? c[1] * (x[t - 2] - c[2]) : 0);
            ss += e * e;
        }
        double whole = -0.5 * x.length * (Math.log(2 * Math.PI * ss / x.length) + 1);
        assertEquals(whole, lh.logLikelihood(), 1e-3 * Math.abs(whole));
    }

    /**
     * Fits {@code spec} by exact maximum likelihood and checks, against R's {@code CSS-ML} fit, the
     * coefficients ({@code at[i]} is where R's {@code i}-th coefficient sits among the expanded AR
     * coefficients, or, negative, {@code -1 - } its place among the MA ones), sigma^2, the exact
     * log-likelihood and the forecast with its standard errors.
     */
    private static void matchesExactR(String c, ArimaSpec spec, int... at) {
        Arima fit = Arima.fit(r(c + "/x"), spec, Arima.Estimation.CSS_ML);
        assertEquals(Arima.Estimation.CSS_ML, fit.estimation());
        double[] coef = r(c + "/coef");
        for (int i = 0; i < at.length; i++) {
            double mine = at[i] >= 0 ? fit.ar()[at[i]] : fit.ma()[-1 - at[i]];
            assertEquals(coef[i], mine, 2e-3, c + " coefficient " + (i + 1));
        }
        if (spec.constant()) {
            double mu = coef[coef.length - 1];
            assertEquals(mu, fit.mean(), 1e-3 * Math.abs(mu), c + " mean");
        }
        assertEquals(r(c + "/sigma2")[0], fit.sigma2(), 2e-3 * r(c + "/sigma2")[0], c + " sigma2");
        // R starts the differences from a diffuse prior of variance 1e6, not exactly the likelihood of the differences
        double loglikTol = spec.d() + spec.seasonD() > 0 ? 1e-2 : 1e-3;
        assertEquals(r(c + "/loglik")[0], fit.logLikelihood(), loglikTol, c + " exact log-likelihood");
        double[] mean = r(c + "/mean");
        double[] se = r(c + "/se");
        Arima.Prediction p = fit.forecast(mean.length, 0.95);
        for (int k = 0; k < mean.length; k++) {
            assertEquals(mean[k], p.mean()[k], 0.01 * se[0], c + " forecast " + (k + 1));
            double half = (p.upper()[k] - p.lower()[k]) / 2 / Normal.quantile(0.975);
            assertEquals(se[k], half, 0.01 * se[k], c + " standard error " + (k + 1));
        }
    }

    @Test
    @DisplayName("exact maximum likelihood (R's default CSS-ML) matches R on seasonal, mixed and mean-carrying models")
    void exactLikelihood() {
        matchesExactR("airline_ml", new ArimaSpec(0, 1, 1, 0, 1, 1, 12, false), -1, -12);
        matchesExactR("airline_sar_ml", new ArimaSpec(1, 1, 0, 1, 1, 0, 12, false), 0, 11);
        matchesExactR("nile_arma11_ml", new ArimaSpec(1, 0, 1, 0, 0, 0, 1, true), 0, -1);
        matchesExactR("lh_ar2_ml", new ArimaSpec(2, 0, 0, 0, 0, 0, 1, true), 0, 1);
        matchesExactR("lynx_ar2ma1_ml", new ArimaSpec(2, 0, 1, 0, 0, 0, 1, true), 0, 1, -1);
    }

    @Test
    @DisplayName("the Kalman filter's likelihood at R's ML coefficients is R's log-likelihood")
    void likelihoodAtRsCoefficients() {
        double[] x = r("lynx_ar2ma1_ml/x");
        double[] c = r("lynx_ar2ma1_ml/coef");
        double[] w = Arrays.stream(x).map(v -> v - c[3]).toArray();
        ArmaLikelihood.Value v = ArmaLikelihood.of(w, new double[] {c[0], c[1]}, new double[] {c[2]});
        assertEquals(r("lynx_ar2ma1_ml/loglik")[0], v.logLikelihood(), 1e-6);
        assertEquals(r("lynx_ar2ma1_ml/sigma2")[0], v.sigma2(), 1e-8);
    }

    @Test
    @DisplayName("the exact likelihood of white noise is the Gaussian one, and of an AR(1) the textbook closed form")
    void likelihoodClosedForms() {
        double[] w = {0.3, -1.2, 0.7, 2.1, -0.4, 0.05, -0.9};
        double ss = Arrays.stream(w).map(v -> v * v).sum();
        ArmaLikelihood.Value noise = ArmaLikelihood.of(w, new double[0], new double[0]);
        assertEquals(ss / w.length, noise.sigma2(), 1e-12);
        assertEquals(-0.5 * w.length * (Math.log(2 * Math.PI * ss / w.length) + 1), noise.logLikelihood(), 1e-10);
        // AR(1): F_1 = 1 / (1 - a^2), then 1; v_1 = w_1, v_t = w_t - a w_(t-1)
        double a = 0.6;
        double first = w[0] * w[0] * (1 - a * a);
        double rest = 0;
        for (int t = 1; t < w.length; t++) {
            rest += (w[t] - a * w[t - 1]) * (w[t] - a * w[t - 1]);
        }
        ArmaLikelihood.Value ar1 = ArmaLikelihood.of(w, new double[] {a}, new double[0]);
        assertEquals((first + rest) / w.length, ar1.sigma2(), 1e-12);
        assertEquals(-Math.log(1 - a * a), ar1.sumLogF(), 1e-12);
    }

    @Test
    @DisplayName("differences by KPSS and seasonal differences by seasonal strength agree with R's ndiffs and nsdiffs")
    void differencing() {
        for (String s : new String[] {"air", "Nile", "lynx", "UKDriverDeaths", "austres", "WWWusage"}) {
            double[] x = r(s + "/x");
            int m = (int) r(s + "/season")[0];
            int sd = R.containsKey(s + "/nsdiffs") ? (int) r(s + "/nsdiffs")[0] : 0;
            if (m > 1) {
                assertEquals(sd, AutoArima.seasonallyDifferenced(x, m) ? 1 : 0, s + " nsdiffs");
            }
            assertEquals((int) r(s + "/ndiffs")[0], AutoArima.differences(x), s + " ndiffs");
        }
    }

    @Test
    @DisplayName("the automatic model recovers an AR(1) process and forecasts it towards its mean")
    void selectsAr1() {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] x = new double[400];
        double v = 0;
        for (int t = 0; t < x.length; t++) {
            v = 0.5 * v + rnd.nextGaussian();
            x[t] = 10 + v;
        }
        Arima a = AutoArima.select(x, 1);
        assertEquals(Arima.Estimation.CSS_ML, a.estimation(), "a long series' choice is refitted exactly, as R does");
        assertEquals(0, a.spec().d(), a.spec().toString());
        assertTrue(a.spec().p() >= 1, a.spec().toString());
        Arima.Prediction p = a.forecast(40, 0.9);
        assertEquals(10, p.mean()[39], 0.5);
        assertTrue(p.upper()[39] - p.lower()[39] > p.upper()[0] - p.lower()[0]);
    }

    @Test
    @DisplayName("a short monthly series keeps the conditional fit and gets R's auto.arima model, the airline model")
    void shortSeriesKeepsCss() {
        Arima a = AutoArima.select(r("air/x"), 12);
        assertEquals(new ArimaSpec(0, 1, 1, 0, 1, 1, 12, false), a.spec());
        assertEquals(Arima.Estimation.CSS, a.estimation());
    }

    @Test
    @DisplayName("orders out of range and series too short for the model are refused with the model named")
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> new ArimaSpec(-1, 0, 0, 0, 0, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new ArimaSpec(0, 0, 0, 1, 0, 0, 1, false));
        assertThrows(IllegalArgumentException.class, () -> new ArimaSpec(0, 1, 0, 0, 1, 0, 12, true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Arima.fit(new double[] {1, 2, 3, 4, 5}, new ArimaSpec(2, 1, 2, 0, 0, 0, 1, true)));
        assertTrue(e.getMessage().contains("ARIMA(2,1,2)"), e.getMessage());
    }
}
