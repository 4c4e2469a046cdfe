package dev.jrnn.backend.ejml;

import static dev.jrnn.backend.ejml.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("EJML primitive ops")
class PrimitiveOpsTest {
    private final EjmlBackend ejml = new EjmlBackend();
    private final ReferenceBackend reference = new ReferenceBackend();
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** Runs the same op on the same data on both backends and compares the results. */
    private void compare(String what, Function<Backend, Tensor> run) {
        assertClose(what, run.apply(reference), run.apply(ejml));
    }

    private static Tensor tensor(Backend be, double[] data, DType dtype, int... dims) {
        return be.fromArray(data, Shape.of(dims), dtype);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("every unary op matches the reference backend")
    void unaryOpsMatchReference(DType dtype) {
        for (UnaryOp op : UnaryOp.values()) {
            double[] data = new Fixtures(dtype).values(24, 3.0);
            if (op == UnaryOp.LOG || op == UnaryOp.SQRT) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = Math.abs(data[i]) + 0.1;
                }
            }
            compare(op.name(), be -> be.unary(op, tensor(be, data, dtype, 2, 3, 4)));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("every binary op broadcasts a suffix, a scalar and a one-element tensor on either side")
    void binaryOpsBroadcastOnEitherSide(DType dtype) {
        Fixtures f = new Fixtures(dtype);
        int[][][] pairs = {
            {{2, 3, 4}, {2, 3, 4}}, {{2, 3, 4}, {3, 4}}, {{4}, {2, 3, 4}}, {{2, 3}, {}}, {{}, {2, 3}},
            {{2, 3}, {1, 1}}, {{1}, {5}}, {{}, {}}, {{0, 3}, {3}},
        };
        for (BinaryOp op : BinaryOp.values()) {
            for (int[][] pair : pairs) {
                double[] a = f.values(Shape.of(pair[0]).size(), 2.0);
                double[] b = f.values(Shape.of(pair[1]).size(), 2.0);
                compare(op + " " + Shape.of(pair[0]) + " " + Shape.of(pair[1]),
                        be -> be.binary(op, tensor(be, a, dtype, pair[0]), tensor(be, b, dtype, pair[1])));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("sum and max reduce along every axis, negative axes included")
    void reductionsAlongEveryAxis(DType dtype) {
        double[] data = new Fixtures(dtype).values(2 * 3 * 4, 1.0);
        for (ReduceOp op : ReduceOp.values()) {
            for (int axis = -3; axis < 3; axis++) {
                int a = axis;
                compare(op + " axis " + axis, be -> be.reduce(op, tensor(be, data, dtype, 2, 3, 4), a));
            }
            compare(op + " of a vector", be -> be.reduce(op, tensor(be, data, dtype, 24), 0));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("transpose applies every permutation of a rank-3 tensor and swaps a matrix")
    void transposeAppliesEveryPermutation(DType dtype) {
        double[] data = new Fixtures(dtype).values(2 * 3 * 4, 1.0);
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] p : perms) {
            compare("transpose " + java.util.Arrays.toString(p),
                    be -> be.transpose(tensor(be, data, dtype, 2, 3, 4), p));
        }
        compare("matrix transpose", be -> be.transpose(tensor(be, data, dtype, 6, 4), 1, 0));
        compare("vector transpose", be -> be.transpose(tensor(be, data, dtype, 24), 0));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("reshape, slice, concat and expand move elements as the reference does")
    void movementMatchesReference(DType dtype) {
        Fixtures f = new Fixtures(dtype);
        double[] x = f.values(2 * 3 * 4, 1.0);
        double[] y = f.values(2 * 2 * 4, 1.0);
        compare("reshape", be -> be.reshape(tensor(be, x, dtype, 2, 3, 4), Shape.of(4, 6)));
        compare("reshape to scalar", be -> be.reshape(tensor(be, new double[] {3}, dtype, 1, 1), Shape.scalar()));
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            compare("slice axis " + axis, be -> be.slice(tensor(be, x, dtype, 2, 3, 4), a, 1, 2));
            compare("empty slice axis " + axis, be -> be.slice(tensor(be, x, dtype, 2, 3, 4), a, 1, 1));
        }
        compare("concat axis 1",
                be -> be.concat(1, List.of(tensor(be, x, dtype, 2, 3, 4), tensor(be, y, dtype, 2, 2, 4))));
        compare("concat axis -1", be -> be.concat(-1, List.of(tensor(be, x, dtype, 4, 6), tensor(be, y, dtype, 4, 4))));
        compare("concat axis 0", be -> be.concat(0, List.of(tensor(be, x, dtype, 6, 4), tensor(be, y, dtype, 4, 4))));
        for (int axis = 0; axis <= 2; axis++) {
            int a = axis;
            compare("expand at " + axis, be -> be.expand(tensor(be, x, dtype, 6, 4), a, 3));
        }
        compare("expand a scalar", be -> be.expand(tensor(be, new double[] {2}, dtype), 0, 5));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("matmul honours both transpose flags, with W^T products large enough to transpose W once")
    void matmulHonoursTransposeFlags(DType dtype) {
        Fixtures f = new Fixtures(dtype);
        for (int[] mnk : new int[][] {{3, 5, 4}, {1, 1, 1}, {3, 0, 2}, {2, 3, 0}, {96, 128, 96}}) {
            int m = mnk[0];
            int n = mnk[1];
            int k = mnk[2];
            double[] a = f.values(m * k, 1.0);
            double[] b = f.values(k * n, 1.0);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int[] as = ta ? new int[] {k, m} : new int[] {m, k};
                    int[] bs = tb ? new int[] {n, k} : new int[] {k, n};
                    compare("matmul " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb,
                            be -> be.matmul(tensor(be, a, dtype, as), ta, tensor(be, b, dtype, bs), tb));
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("tensors round-trip their values and free their bytes when closed")
    void creationRoundTripsAndCountsMemory(DType dtype) {
        long before = ejml.memory().unclosedBytes();
        Tensor t = ejml.fromArray(new double[] {1.5, -2.25, 3}, Shape.of(3), dtype);
        assertEquals(dtype, t.dtype());
        assertArrayEquals(new double[] {1.5, -2.25, 3}, t.toDoubleArray());
        assertArrayEquals(new float[] {1.5f, -2.25f, 3f}, t.toFloatArray());
        assertEquals(before + 3L * dtype.byteSize(), ejml.memory().unclosedBytes());
        t.close();
        assertEquals(before, ejml.memory().unclosedBytes());
        assertEquals(7.0, ejml.full(Shape.of(2, 2), 7.0, dtype).toDoubleArray()[3]);
        assertEquals(-1.0, ejml.scalar(-1.0, dtype).item());
        assertArrayEquals(new double[6], ejml.zeros(Shape.of(2, 3), dtype).toDoubleArray());
    }
}
