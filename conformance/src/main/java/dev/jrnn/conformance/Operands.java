package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Makes test inputs from one seeded {@link Random}, each on both the backend under test and the
 * reference backend, and checks afterwards that no op modified them. Each side is compared with its
 * own snapshot, taken when the input was made, so a modification is blamed on the backend that made
 * it (and a backend that stores values differently, FLOAT32 not rounded to float for instance, is
 * not taken for one that modifies its inputs).
 */
public final class Operands {
    private final Backend subject;
    private final Backend oracle;
    private final DType dtype;
    private final Random random;
    private final List<TensorPair> inputs = new ArrayList<>();
    private final List<double[]> subjectSnapshots = new ArrayList<>();
    private final List<double[]> oracleSnapshots = new ArrayList<>();

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
        subjectSnapshots.add(p.subject().toDoubleArray());
        oracleSnapshots.add(p.oracle().toDoubleArray());
        return p;
    }

    /** The values of an oracle result on both backends, to feed a backward op the exact forward values. */
    public TensorPair copyOf(Tensor oracleTensor) {
        return of(oracleTensor.toDoubleArray(), oracleTensor.shape());
    }

    /** Asserts every input made here still holds, on each backend, the values it held when made. */
    public void assertUnmodified() {
        for (int i = 0; i < inputs.size(); i++) {
            TensorPair p = inputs.get(i);
            assertUnmodified(i, p.subject(), subjectSnapshots.get(i), "the backend under test (" + subject.name() + ")");
            assertUnmodified(i, p.oracle(), oracleSnapshots.get(i), "the reference backend");
        }
    }

    /**
     * Asserts the backend under test left every input made here as it was, right after its call of
     * {@code op}: an op that wrote to an operand is named before its results, computed by others
     * from the changed operand, disagree.
     */
    public void assertUnmodifiedBy(String op) {
        for (int i = 0; i < inputs.size(); i++) {
            assertUnmodified(i, inputs.get(i).subject(), subjectSnapshots.get(i),
                    "the backend under test (" + subject.name() + "), in " + op);
        }
    }

    private static void assertUnmodified(int i, Tensor t, double[] before, String side) {
        if (t.isClosed()) {
            return;
        }
        double[] now = t.toDoubleArray();
        for (int k = 0; k < now.length; k++) {
            if (Double.doubleToLongBits(now[k]) != Double.doubleToLongBits(before[k])) {
                throw new AssertionError("input " + i + " " + t.dtype() + t.shape() + " was modified by an op on "
                        + side + ": element " + KitAssertions.index(t, k) + " held " + before[k] + " when made, now "
                        + now[k]);
            }
        }
    }
}
