package dev.jrnn.forecast.network;

import dev.jrnn.forecast.OutputKind;

/**
 * The training losses of the heads and their gradients, on the host. The head's output holds
 * {@code k} values for each of N targets ({@code out[i k + j]}); losses are means over the targets.
 */
public final class HeadLoss {
    /** Smallest Gaussian scale, keeping the likelihood finite. */
    public static final double MIN_SIGMA = 1e-3;

    private HeadLoss() {
    }

    /**
     * The loss, with dL/d(out) written to {@code grad}:
     * POINT {@code mean (o - y)^2};
     * GAUSSIAN {@code mean(ln sigma + (y - mu)^2 / (2 sigma^2))}, {@code sigma = softplus(rho) + 1e-3};
     * QUANTILE {@code mean sum_q max(q e, (q - 1) e)}, {@code e = y - o_q} (pinball).
     */
    public static double lossAndGradient(OutputKind kind, double[] quantiles, double[] out, double[] y, double[] grad) {
        int n = y.length;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case POINT -> {
                    double e = out[i] - y[i];
                    loss += e * e;
                    grad[i] = 2 * e / n;
                }
                case GAUSSIAN -> {
                    double mu = out[2 * i];
                    double rho = out[2 * i + 1];
                    double sigma = softplus(rho) + MIN_SIGMA;
                    double e = y[i] - mu;
                    loss += Math.log(sigma) + e * e / (2 * sigma * sigma);
                    grad[2 * i] = -e / (sigma * sigma) / n;
                    double dSigma = 1 / sigma - e * e / (sigma * sigma * sigma);
                    grad[2 * i + 1] = dSigma * sigmoid(rho) / n;
                }
                case QUANTILE -> {
                    int k = quantiles.length;
                    for (int j = 0; j < k; j++) {
                        double q = quantiles[j];
                        double e = y[i] - out[i * k + j];
                        loss += e > 0 ? q * e : (q - 1) * e;
                        grad[i * k + j] = (e > 0 ? -q : 1 - q) / n;
                    }
                }
            }
        }
        return loss / n;
    }

    /** {@code ln(1 + e^x)}, without overflow. */
    public static double softplus(double x) {
        return x > 30 ? x : Math.log1p(Math.exp(x));
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
