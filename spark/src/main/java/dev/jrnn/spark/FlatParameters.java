package dev.jrnn.spark;

import dev.jrnn.api.Tensor;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.backend.Backend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network's parameters as one vector of doubles, in the order of the list: what travels between
 * the driver and the executors (values out, gradient sums and parameter changes back).
 */
final class FlatParameters {
    private FlatParameters() {
    }

    static int size(List<Parameter> parameters) {
        int n = 0;
        for (Parameter p : parameters) {
            n += p.value().size();
        }
        return n;
    }

    /** The values, concatenated. */
    static double[] values(List<Parameter> parameters) {
        double[] out = new double[size(parameters)];
        int o = 0;
        for (Parameter p : parameters) {
            double[] v = p.value().toDoubleArray();
            System.arraycopy(v, 0, out, o, v.length);
            o += v.length;
        }
        return out;
    }

    /**
     * Sets every parameter from {@code flat}, on its own backend and dtype, in one swap
     * ({@link Parameter#setAll}: a pass that holds a lease sees the old weights or the new ones).
     */
    static void set(List<Parameter> parameters, double[] flat) {
        Map<Parameter, Tensor> values = new LinkedHashMap<>();
        int o = 0;
        for (Parameter p : parameters) {
            int n = p.value().size();
            double[] v = new double[n];
            System.arraycopy(flat, o, v, 0, n);
            values.put(p, p.backend().fromArray(v, p.shape(), p.dtype()));
            o += n;
        }
        Parameter.setAll(values);
    }

    /** Adds {@code weight} times each parameter's gradient (none: nothing) to {@code sum}. */
    static void addGradients(List<Parameter> parameters, double weight, double[] sum) {
        int o = 0;
        for (Parameter p : parameters) {
            int n = p.value().size();
            Tensor g = p.grad();
            if (g != null) {
                double[] v = g.toDoubleArray();
                for (int i = 0; i < n; i++) {
                    sum[o + i] += weight * v[i];
                }
            }
            o += n;
        }
    }

    /** Sets each parameter's gradient from {@code flat} (replacing any). */
    static void setGradients(List<Parameter> parameters, double[] flat) {
        int o = 0;
        for (Parameter p : parameters) {
            int n = p.value().size();
            double[] v = new double[n];
            System.arraycopy(flat, o, v, 0, n);
            Backend be = p.backend();
            p.setGradient(be.fromArray(v, p.shape(), p.dtype()));
            o += n;
        }
    }
}
