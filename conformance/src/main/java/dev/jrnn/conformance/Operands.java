package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes test inputs from one seeded {@link Random}, each on both the backend under test and the
 * reference backend, and checks afterwards that no op modified them.
 */
public final class Operands {
    private final Backend subject;
    private final Backend oracle;
    private final DType dtype;
    private final Random random;
    private final List<TensorPair> inputs = new ArrayList<>();
    private final List<double[]> snapshots = new ArrayList<>();

    public Operands(Backend subject, Backend oracle, DType dtype, long seed) {
        this.subject = subject;
        this.oracle = oracle;
        this.dtype = dtype;
        this.random = new Random(seed);
    }

    public Backend subject() {
        return subject;
    }

    public Backend oracle() {
        return oracle;
    }

    public DType dtype() {
        return dtype;
    }

    /** Values drawn uniformly from {@code [lo, hi)}. */
    public TensorPair uniform(double lo, double hi, int... dims) {
        Shape shape = Shape.of(dims);
        double[] data = new double[shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = lo + (hi - lo) * random.nextDouble();
        }
        return of(data, shape);
    }

    /** Values in {@code [-1, 1)}. */
    public TensorPair signed(int... dims) {
        return uniform(-1.0, 1.0, dims);
    }

    /** Values in {@code [0.25, 2)}: safe for log, sqrt and division. */
    public TensorPair positive(int... dims) {
        return uniform(0.25, 2.0, dims);
    }

    /** {@code data} on both backends. */
    public TensorPair of(double[] data, Shape shape) {
        TensorPair p = new TensorPair(subject.fromArray(data, shape, dtype), oracle.fromArray(data, shape, dtype));
        inputs.add(p);
        snapshots.add(p.subject().toDoubleArray());
        return p;
    }

    /** The values of an oracle result on both backends, to feed a backward op the exact forward values. */
    public TensorPair copyOf(Tensor oracleTensor) {
        return of(oracleTensor.toDoubleArray(), oracleTensor.shape());
    }

    /** Asserts every input made here still holds its values on both backends. */
    public void assertUnmodified() {
        for (int i = 0; i < inputs.size(); i++) {
            TensorPair p = inputs.get(i);
            if (!p.subject().isClosed() && !Arrays.equals(snapshots.get(i), p.subject().toDoubleArray())) {
                throw new AssertionError("input " + i + " " + p.subject().dtype() + p.subject().shape()
                        + " was modified by an op on the backend under test");
            }
            if (!p.oracle().isClosed() && !Arrays.equals(snapshots.get(i), p.oracle().toDoubleArray())) {
                throw new AssertionError("input " + i + " was modified by an op on the reference backend");
            }
        }
    }
}
