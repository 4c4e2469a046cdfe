package dev.jrnn.forecast.eval;

import dev.jrnn.forecast.eval.EtsSpec.ErrorType;
import dev.jrnn.forecast.eval.EtsSpec.SeasonType;

/**
 * The mean and variance of an ETS model's forecast {@code h} steps ahead, analytically
 * (Hyndman et al. 2008, chapter 6), for the three classes R's {@code forecast.ets} covers. The state
 * is {@code x = (l, b, s_1, ..., s_m)}, {@code s_1} the latest seasonal index, {@code s_m} the one the
 * next observation uses.
 * <ul>
 * <li>Class 1, additive errors, linear model {@code y = w'x + e}, {@code x(t) = F x(t-1) + g e}:
 *     mean {@code mu_h = w'F^(h-1) x}, variance {@code sigma^2 (1 + sum_(j<h) c_j^2)},
 *     {@code c_j = w'F^(j-1) g}.</li>
 * <li>Class 2, multiplicative errors, no multiplicative season: the same mean, variance
 *     {@code (1 + sigma^2) theta_h - mu_h^2} with {@code theta_1 = mu_1^2},
 *     {@code theta_h = mu_h^2 + sigma^2 sum_(j<h) c_j^2 theta_(h-j)}.</li>
 * <li>Class 3, multiplicative errors and season: {@code y = (w1'x1)(w2'x2)(1 + e)} with the level
 *     part {@code x1 = (l, b)}, {@code x1(t) = (F1 + G1 e) x1(t-1)}, {@code x2(t) = (F2 + G2 e) x2(t-1)};
 *     with {@code M = E[x1 x2']} and {@code V} the covariance of {@code vec(x1 x2')},
 *     {@code mu_h = w1' M w2}, variance {@code (1 + sigma^2) w21' V w21 + sigma^2 mu_h^2}, and
 *     <pre>
 *     V <- F21 V F21' + sigma^2 [F21 V G21' + G21 V F21' + K (V + v v') K' + sigma^2 G21 (3V + 2 v v') G21']
 *     M <- F1 M F2' + sigma^2 G1 M G2'
 *     </pre>
 *     {@code v = vec(M)}, {@code A21 = A2 (x) A1} (Kronecker), {@code K = G2 (x) F1 + F2 (x) G1}. Damping
 *     enters as {@code w1 = (1, phi)}, {@code F1 = [1 phi; 0 phi]}, {@code G1 = [alpha alpha phi; beta beta phi]}
 *     (R's {@code class3} leaves {@code phi} out of the first row and of {@code w1}).</li>
 * </ul>
 */
final class EtsVariance {
    private EtsVariance() {
    }

    /** {@code {mean, variance}}, each of length {@code h}. */
    static double[][] meanAndVariance(EtsSpec spec, EtsFilter.Params p, EtsFilter.State end, double sigma2, int h) {
        if (spec.season() == SeasonType.MULTIPLICATIVE) {
            return classThree(spec, p, end, sigma2, h);
        }
        double[][] linear = classOne(spec, p, end, sigma2, h);
        if (spec.error() == ErrorType.ADDITIVE) {
            return new double[][] {linear[0], linear[1]};
        }
        double[] mu = linear[0];
        double[] c = linear[2];
        double[] theta = new double[h];
        double[] variance = new double[h];
        for (int j = 0; j < h; j++) {
            double s = 0;
            for (int i = 0; i < j; i++) {
                s += c[i] * c[i] * theta[j - 1 - i];
            }
            theta[j] = mu[j] * mu[j] + sigma2 * s;
            variance[j] = (1 + sigma2) * theta[j] - mu[j] * mu[j];
        }
        return new double[][] {mu, variance};
    }

    /** {@code {mean, class-1 variance, c}} of the linear model. */
    private static double[][] classOne(EtsSpec spec, EtsFilter.Params p, EtsFilter.State end, double sigma2, int h) {
        int trend = spec.trended() ? 1 : 0;
        int m = spec.seasonal() ? end.season().length : 0;
        int size = 1 + trend + m;
        double[] x = new double[size];
        double[][] f = new double[size][size];
        double[] w = new double[size];
        double[] g = new double[size];
        x[0] = end.level();
        f[0][0] = 1;
        w[0] = 1;
        g[0] = p.alpha();
        if (trend == 1) {
            x[1] = end.slope();
            f[0][1] = p.phi();
            f[1][1] = p.phi();
            w[1] = p.phi();
            g[1] = p.beta();
        }
        if (m > 0) {
            int o = 1 + trend;
            for (int i = 0; i < m; i++) {
                x[o + i] = end.season()[m - 1 - i];
            }
            f[o][o + m - 1] = 1;
            for (int i = 1; i < m; i++) {
                f[o + i][o + i - 1] = 1;
            }
            w[o + m - 1] = 1;
            g[o] = p.gamma();
        }
        double[] mu = new double[h];
        double[] variance = new double[h];
        double[] c = new double[h];
        double[] row = w.clone();
        double sum = 0;
        for (int j = 0; j < h; j++) {
            mu[j] = dot(row, x);
            c[j] = dot(row, g);
            variance[j] = sigma2 * (1 + sum);
            sum += c[j] * c[j];
            row = times(row, f);
        }
        return new double[][] {mu, variance, c};
    }

    private static double[][] classThree(EtsSpec spec, EtsFilter.Params p, EtsFilter.State end, double sigma2, int h) {
        int a = spec.trended() ? 2 : 1;
        int m = end.season().length;
        double phi = p.phi();
        double[] x1 = a == 2 ? new double[] {end.level(), end.slope()} : new double[] {end.level()};
        double[] w1 = a == 2 ? new double[] {1, phi} : new double[] {1};
        double[][] f1 = a == 2 ? new double[][] {{1, phi}, {0, phi}} : new double[][] {{1}};
        double[][] g1 = a == 2 ? new double[][] {{p.alpha(), p.alpha() * phi}, {p.beta(), p.beta() * phi}}
                : new double[][] {{p.alpha()}};
        double[] x2 = new double[m];
        for (int i = 0; i < m; i++) {
            x2[i] = end.season()[m - 1 - i];
        }
        double[] w2 = new double[m];
        w2[m - 1] = 1;
        double[][] f2 = new double[m][m];
        f2[0][m - 1] = 1;
        for (int i = 1; i < m; i++) {
            f2[i][i - 1] = 1;
        }
        double[][] g2 = new double[m][m];
        g2[0][m - 1] = p.gamma();
        double[][] f21 = kronecker(f2, f1);
        double[][] g21 = kronecker(g2, g1);
        double[][] k = add(kronecker(g2, f1), kronecker(f2, g1));
        double[] w21 = kronecker(new double[][] {w2}, new double[][] {w1})[0];
        int d = a * m;
        double[][] mh = new double[a][m];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < m; j++) {
                mh[i][j] = x1[i] * x2[j];
            }
        }
        double[][] v = new double[d][d];
        double[] mean = new double[h];
        double[] variance = new double[h];
        for (int step = 0; step < h; step++) {
            double[] vec = new double[d];
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < a; i++) {
                    vec[j * a + i] = mh[i][j];
                }
            }
            mean[step] = dot(w21, vec);
            variance[step] = (1 + sigma2) * dot(w21, times(v, w21)) + sigma2 * mean[step] * mean[step];
            double[][] outer = outer(vec);
            double[][] fvg = sandwich(f21, v, g21);
            double[][] inner = add(add(fvg, transpose(fvg)), sandwich(k, add(v, outer), k));
            inner = add(inner, scale(sandwich(g21, add(scale(v, 3), scale(outer, 2)), g21), sigma2));
            v = add(sandwich(f21, v, f21), scale(inner, sigma2));
            mh = add(multiply(multiply(f1, mh), transpose(f2)), scale(multiply(multiply(g1, mh), transpose(g2)), sigma2));
        }
        return new double[][] {mean, variance};
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    /** The row vector {@code r F}. */
    private static double[] times(double[] r, double[][] f) {
        double[] out = new double[f[0].length];
        for (int i = 0; i < r.length; i++) {
            if (r[i] != 0) {
                for (int j = 0; j < out.length; j++) {
                    out[j] += r[i] * f[i][j];
                }
            }
        }
        return out;
    }

    /** The column vector {@code A v}. */
    private static double[] times(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = dot(a[i], v);
        }
        return out;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                double aik = a[i][k];
                if (aik != 0) {
                    for (int j = 0; j < out[0].length; j++) {
                        out[i][j] += aik * b[k][j];
                    }
                }
            }
        }
        return out;
    }

    /** {@code A V B'}. */
    private static double[][] sandwich(double[][] a, double[][] v, double[][] b) {
        return multiply(multiply(a, v), transpose(b));
    }

    private static double[][] transpose(double[][] a) {
        double[][] out = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[j][i] = a[i][j];
            }
        }
        return out;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[i][j] = a[i][j] + b[i][j];
            }
        }
        return out;
    }

    private static double[][] scale(double[][] a, double s) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[i][j] = a[i][j] * s;
            }
        }
        return out;
    }

    private static double[][] outer(double[] v) {
        double[][] out = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i][j] = v[i] * v[j];
            }
        }
        return out;
    }

    /** {@code A (x) B}: block {@code (i, j)} is {@code A[i][j] B}. */
    private static double[][] kronecker(double[][] a, double[][] b) {
        int rb = b.length;
        int cb = b[0].length;
        double[][] out = new double[a.length * rb][a[0].length * cb];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                for (int r = 0; r < rb; r++) {
                    for (int c = 0; c < cb; c++) {
                        out[i * rb + r][j * cb + c] = a[i][j] * b[r][c];
                    }
                }
            }
        }
        return out;
    }
}
