package dev.jrnn.forecast.eval;

/**
 * The local regressions STL is built of (Cleveland et al. 1990): a tricube-weighted fit of degree
 * 0 or 1 at one position, the same fit at every {@code jump}-th position with straight lines in
 * between, and a moving average. Positions are 1-based, as in the paper.
 */
final class StlLoess {
    private StlLoess() {
    }

    /**
     * The local fit at position {@code xs} from the values at positions {@code nleft..nright} of
     * {@code y} (its {@code n} first values): weights {@code (1 - (|j - xs| / h)^3)^3} with
     * {@code h = max(xs - nleft, nright - xs)}, widened by {@code (len - n) / 2} when the window
     * {@code len} is longer than the series, normalised to sum 1; for degree 1 they are tilted
     * {@code w_j (1 + b (j - a))}, {@code a = sum w_j j}, {@code b = (xs - a) / sum w_j (j - a)^2},
     * so that the weighted mean is that of the fitted line at {@code xs}.
     *
     * @return the fitted value, or NaN when no position gets weight
     */
    static double estimate(double[] y, int n, int len, int degree, double xs, int nleft, int nright, double[] w) {
        double range = n - 1.0;
        double h = Math.max(xs - nleft, nright - xs);
        if (len > n) {
            h += (len - n) / 2;
        }
        double far = 0.999 * h;
        double near = 0.001 * h;
        double total = 0;
        for (int j = nleft; j <= nright; j++) {
            double r = Math.abs(j - xs);
            double wj = 0;
            if (r <= far) {
                double u = r / h;
                wj = r <= near ? 1 : Math.pow(1 - u * u * u, 3);
            }
            w[j - 1] = wj;
            total += wj;
        }
        if (total <= 0) {
            return Double.NaN;
        }
        for (int j = nleft; j <= nright; j++) {
            w[j - 1] /= total;
        }
        if (h > 0 && degree > 0) {
            double a = 0;
            for (int j = nleft; j <= nright; j++) {
                a += w[j - 1] * j;
            }
            double c = 0;
            for (int j = nleft; j <= nright; j++) {
                c += w[j - 1] * (j - a) * (j - a);
            }
            if (Math.sqrt(c) > 0.001 * range) {
                double b = (xs - a) / c;
                for (int j = nleft; j <= nright; j++) {
                    w[j - 1] *= b * (j - a) + 1;
                }
            }
        }
        double fit = 0;
        for (int j = nleft; j <= nright; j++) {
            fit += w[j - 1] * y[j - 1];
        }
        return fit;
    }

    /**
     * The local fit of window {@code len} at positions {@code 1, 1 + jump, ...} and at {@code n},
     * straight lines in between; the window is the {@code len} positions nearest each, shifted
     * inside the series at its ends. Where no position gets weight, the value itself is kept.
     */
    static double[] smooth(double[] y, int n, int len, int degree, int jump) {
        double[] ys = new double[n];
        if (n < 2) {
            ys[0] = y[0];
            return ys;
        }
        double[] w = new double[n];
        int step = Math.min(jump, n - 1);
        int nleft = 1;
        int nright = n;
        if (len >= n) {
            for (int i = 1; i <= n; i += step) {
                ys[i - 1] = orValue(estimate(y, n, len, degree, i, 1, n, w), y[i - 1]);
            }
        } else if (step == 1) {
            int half = (len + 1) / 2;
            nright = len;
            for (int i = 1; i <= n; i++) {
                if (i > half && nright != n) {
                    nleft++;
                    nright++;
                }
                ys[i - 1] = orValue(estimate(y, n, len, degree, i, nleft, nright, w), y[i - 1]);
            }
        } else {
            int half = (len + 1) / 2;
            for (int i = 1; i <= n; i += step) {
                if (i < half) {
                    nleft = 1;
                    nright = len;
                } else if (i >= n - half + 1) {
                    nleft = n - len + 1;
                    nright = n;
                } else {
                    nleft = i - half + 1;
                    nright = len + i - half;
                }
                ys[i - 1] = orValue(estimate(y, n, len, degree, i, nleft, nright, w), y[i - 1]);
            }
        }
        if (step != 1) {
            for (int i = 1; i <= n - step; i += step) {
                double delta = (ys[i + step - 1] - ys[i - 1]) / step;
                for (int j = i + 1; j < i + step; j++) {
                    ys[j - 1] = ys[i - 1] + delta * (j - i);
                }
            }
            int k = (n - 1) / step * step + 1;
            if (k != n) {
                ys[n - 1] = orValue(estimate(y, n, len, degree, n, nleft, nright, w), y[n - 1]);
                if (k != n - 1) {
                    double delta = (ys[n - 1] - ys[k - 1]) / (n - k);
                    for (int j = k + 1; j < n; j++) {
                        ys[j - 1] = ys[k - 1] + delta * (j - k);
                    }
                }
            }
        }
        return ys;
    }

    /** The means of {@code len} consecutive values of {@code x}'s first {@code n}: {@code n - len + 1} of them. */
    static double[] movingAverage(double[] x, int n, int len) {
        double[] ave = new double[n - len + 1];
        double v = 0;
        for (int i = 0; i < len; i++) {
            v += x[i];
        }
        ave[0] = v / len;
        for (int j = 1; j < ave.length; j++) {
            v += x[j + len - 1] - x[j - 1];
            ave[j] = v / len;
        }
        return ave;
    }

    private static double orValue(double fit, double value) {
        return Double.isNaN(fit) ? value : fit;
    }
}
