package dev.jrnn.backend.ejml;

import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.UnaryOp;

/**
 * Elementwise loops over {@code float[]} or {@code double[]} storage. Every element is computed in
 * double with the op's reference function and, for FLOAT32, rounded once.
 */
final class Elementwise {
    private Elementwise() {
    }

    /** {@code out[i] = op(x[i])}. */
    static Object unary(UnaryOp op, Object x) {
        if (x instanceof float[] in) {
            float[] out = new float[in.length];
            if (op == UnaryOp.RELU) {
                // a loop of its own rather than the op's switch per element; the same values (x or +0)
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[i] > 0 ? in[i] : 0f;
                }
                return out;
            }
            for (int i = 0; i < in.length; i++) {
                out[i] = (float) op.apply(in[i]);
            }
            return out;
        }
        double[] in = (double[]) x;
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = op.apply(in[i]);
        }
        return out;
    }

    /**
     * {@code out[i] = op(a[i mod |a|], b[i mod |b|])} for a result of {@code n} elements: each operand
     * is the full result, a trailing suffix of it (repeated over the leading axes) or one element.
     * FLOAT32 + - * / run on {@code ops} (the Vector API kernels; null: scalar loops), with the same results.
     */
    static Object binary(BinaryOp op, Object a, int aSize, Object b, int bSize, int n, VectorOps ops) {
        if (n == 0) {
            return a instanceof float[] ? new float[0] : new double[0];
        }
        // the result is walked as [outer, inner]: a full operand advances by inner per outer step, a
        // suffix operand restarts at 0, a one-element operand has stride 0 along inner
        int small = Math.min(aSize, bSize);
        int inner = small == n || small == 1 ? n : small;
        int outer = n / inner;
        int aStep = aSize == 1 ? 0 : 1;
        int bStep = bSize == 1 ? 0 : 1;
        int aAdvance = aSize == n ? inner : 0;
        int bAdvance = bSize == n ? inner : 0;
        if (a instanceof float[] x) {
            float[] y = (float[]) b;
            float[] out = new float[n];
            for (int o = 0; o < outer; o++) {
                int ao = o * aAdvance;
                int bo = o * bAdvance;
                int oo = o * inner;
                if (aStep == 1 && bStep == 1 && arithmetic(op)) {
                    if (ops != null) {
                        ops.arithmetic(op, x, ao, y, bo, out, oo, inner);
                    } else {
                        floatRow(op, x, ao, y, bo, out, oo, inner);
                    }
                    continue;
                }
                if (ops != null && aStep + bStep == 1 && arithmetic(op)) {
                    // one operand a single element: the float operation equals the double one rounded, as above
                    if (aStep == 1) {
                        ops.arithmetic(op, x, ao, y[0], false, out, oo, inner);
                    } else {
                        ops.arithmetic(op, y, bo, x[0], true, out, oo, inner);
                    }
                    continue;
                }
                if (op == BinaryOp.GREATER) {
                    // a mask (a ReLU's gradient): a loop of its own rather than the op's switch per element
                    for (int j = 0; j < inner; j++) {
                        out[oo + j] = x[ao + j * aStep] > y[bo + j * bStep] ? 1f : 0f;
                    }
                    continue;
                }
                for (int j = 0; j < inner; j++) {
                    out[oo + j] = (float) op.apply(x[ao + j * aStep], y[bo + j * bStep]);
                }
            }
            return out;
        }
        double[] x = (double[]) a;
        double[] y = (double[]) b;
        double[] out = new double[n];
        for (int o = 0; o < outer; o++) {
            int ao = o * aAdvance;
            int bo = o * bAdvance;
            int oo = o * inner;
            for (int j = 0; j < inner; j++) {
                out[oo + j] = op.apply(x[ao + j * aStep], y[bo + j * bStep]);
            }
        }
        return out;
    }

    private static boolean arithmetic(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
    }

    /**
     * {@code out[oo + j] = x[ao + j] op y[bo + j]} in float arithmetic, one loop per op that the JIT
     * vectorizes. For + - * / this equals the double result rounded once: a double holds the exact
     * sum, difference or product of two floats, and its rounded quotient rounds to the same float.
     */
    private static void floatRow(BinaryOp op, float[] x, int ao, float[] y, int bo, float[] out, int oo, int n) {
        switch (op) {
            case ADD -> {
                for (int j = 0; j < n; j++) {
                    out[oo + j] = x[ao + j] + y[bo + j];
                }
            }
            case SUB -> {
                for (int j = 0; j < n; j++) {
                    out[oo + j] = x[ao + j] - y[bo + j];
                }
            }
            case MUL -> {
                for (int j = 0; j < n; j++) {
                    out[oo + j] = x[ao + j] * y[bo + j];
                }
            }
            default -> {
                for (int j = 0; j < n; j++) {
                    out[oo + j] = x[ao + j] / y[bo + j];
                }
            }
        }
    }
}
