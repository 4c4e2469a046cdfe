package dev.jrnn.models.forecast;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import java.util.List;

/**
 * Adam with clipping by global norm, keeping the moments and a master copy of the weights on the
 * host in double precision: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}. The parameters' values are
 * replaced ({@link Parameter#set}) and their gradients cleared.
 */
final class HostAdam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final List<Parameter> parameters;
    private final double[][] weights;
    private final double[][] m;
    private final double[][] v;
    private final double clipNorm;
    private int t;

    HostAdam(List<Parameter> parameters, double clipNorm) {
        this.parameters = parameters;
        this.clipNorm = clipNorm;
        int n = parameters.size();
        weights = new double[n][];
        m = new double[n][];
        v = new double[n][];
        for (int i = 0; i < n; i++) {
            weights[i] = parameters.get(i).value().toDoubleArray();
            m[i] = new double[weights[i].length];
            v[i] = new double[weights[i].length];
        }
    }

    /**
     * One update with learning rate {@code lr} from the accumulated gradients; returns the
     * gradients' global norm before clipping, or NaN when it is not finite (no update then).
     */
    double step(double lr) {
        int n = parameters.size();
        double[][] g = new double[n][];
        double norm2 = 0;
        for (int i = 0; i < n; i++) {
            Tensor grad = parameters.get(i).grad();
            g[i] = grad == null ? new double[weights[i].length] : grad.toDoubleArray();
            for (double x : g[i]) {
                norm2 += x * x;
            }
        }
        double norm = Math.sqrt(norm2);
        if (!Double.isFinite(norm)) {
            parameters.forEach(Parameter::zeroGrad);
            return Double.NaN;
        }
        double factor = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1;
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < n; i++) {
            double[] w = weights[i];
            for (int j = 0; j < w.length; j++) {
                double gj = g[i][j] * factor;
                m[i][j] = BETA1 * m[i][j] + (1 - BETA1) * gj;
                v[i][j] = BETA2 * v[i][j] + (1 - BETA2) * gj * gj;
                w[j] -= lr * (m[i][j] / c1) / (Math.sqrt(v[i][j] / c2) + EPS);
            }
            Parameter p = parameters.get(i);
            p.set(p.backend().fromArray(w, p.shape(), p.dtype()));
            p.zeroGrad();
        }
        return norm;
    }
}
