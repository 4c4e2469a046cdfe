package dev.jrnn.backend.nd4j;

import static dev.jrnn.conformance.KitAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("nd4j primitive ops match the reference backend")
class Nd4jPrimitiveOpsTest {
    private final Backend nd4j = Nd4jTestBackend.get();
    private final Backend ref = new ReferenceBackend();
    private final Random rnd = new Random(7);
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** A random tensor on the reference backend (positive when asked, for log and sqrt). */
    private Tensor random(DType dtype, boolean positive, int... dims) {
        Shape shape = Shape.of(dims);
        double[] d = new double[shape.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = positive ? 0.1 + rnd.nextDouble() * 3 : rnd.nextGaussian() * 2;
        }
        return ref.fromArray(d, shape, dtype);
    }

    /** Runs {@code op} on the reference tensors and on their nd4j copies and compares. */
    private void same(String what, List<Tensor> inputs, Function<Backend, Function<List<Tensor>, Tensor>> op) {
        Tensor expected = op.apply(ref).apply(inputs);
        List<Tensor> moved = inputs.stream().map(nd4j::transfer).toList();
        Tensor actual = op.apply(nd4j).apply(moved);
        assertEquals(nd4j, actual.backend(), what + " runs on nd4j");
        assertClose(what, expected, ref.transfer(actual));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("every unary op, SIGN included, matches")
    void unaryOps(DType dtype) {
        for (UnaryOp op : UnaryOp.values()) {
            boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT;
            same(op.name(), List.of(random(dtype, positive, 3, 5)), be -> in -> be.unary(op, in.get(0)));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("every binary op broadcasts a suffix or a scalar on either side")
    void binaryOps(DType dtype) {
        int[][][] pairs = {{{2, 3, 4}, {2, 3, 4}}, {{2, 3, 4}, {4}}, {{4}, {2, 3, 4}}, {{3, 4}, {2, 3, 4}},
            {{2, 3}, {}}, {{}, {2, 3}}, {{2, 3}, {1}}, {{}, {}}};
        for (BinaryOp op : BinaryOp.values()) {
            for (int[][] p : pairs) {
                same(op + " " + Shape.of(p[0]) + " with " + Shape.of(p[1]),
                        List.of(random(dtype, op == BinaryOp.DIV, p[0]), random(dtype, op == BinaryOp.DIV, p[1])),
                        be -> in -> be.binary(op, in.get(0), in.get(1)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("sum and max reduce along every axis, negative axes included")
    void reductions(DType dtype) {
        for (ReduceOp op : ReduceOp.values()) {
            for (int axis = -3; axis < 3; axis++) {
                int a = axis;
                same(op + " axis " + a, List.of(random(dtype, false, 2, 3, 4)), be -> in -> be.reduce(op, in.get(0), a));
            }
            same(op + " of a vector", List.of(random(dtype, false, 5)), be -> in -> be.reduce(op, in.get(0), 0));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("a weight-gradient product A^T B with few columns, run as (B^T A)^T, matches")
    void narrowTransposedProduct(DType dtype) {
        for (int[] mnk : new int[][] {{64, 8, 300}, {256, 64, 256}, {40, 10, 41}, {12, 4, 500}}) {
            same("A^T B m=" + mnk[0] + " n=" + mnk[1] + " k=" + mnk[2],
                    List.of(random(dtype, false, mnk[2], mnk[0]), random(dtype, false, mnk[2], mnk[1])),
                    be -> in -> be.matmul(in.get(0), true, in.get(1), false));
        }
    }

    @Test
    @DisplayName("a reshape shares the buffer and outlives the tensor it came from")
    void reshapeOutlivesItsSource() {
        Tensor x = nd4j.fromArray(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3), DType.FLOAT32);
        Tensor y = nd4j.reshape(x, Shape.of(3, 2));
        x.close();
        assertClose("reshaped after its source closed", ref.fromArray(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(3, 2),
                DType.FLOAT32), ref.transfer(y));
        Tensor z = nd4j.reshape(y, Shape.of(6));
        y.close();
        assertEquals(21.0, nd4j.sum(z, 0).item(), 1e-6);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("reshape, every transpose permutation, slice, concat and expand match")
    void movement(DType dtype) {
        Tensor x = random(dtype, false, 2, 3, 4);
        same("reshape", List.of(x), be -> in -> be.reshape(in.get(0), Shape.of(4, 6)));
        same("reshape to a scalar", List.of(random(dtype, false, 1, 1)), be -> in -> be.reshape(in.get(0), Shape.scalar()));
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] p : perms) {
            same("transpose " + java.util.Arrays.toString(p), List.of(x), be -> in -> be.transpose(in.get(0), p));
        }
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            same("slice axis " + a, List.of(x), be -> in -> be.slice(in.get(0), a, 1, 2));
            same("expand at " + a, List.of(x), be -> in -> be.expand(in.get(0), a, 3));
        }
        same("expand at the end", List.of(x), be -> in -> be.expand(in.get(0), 3, 2));
        same("concat axis 1", List.of(x, random(dtype, false, 2, 5, 4)), be -> in -> be.concat(1, in));
        same("concat axis -1", List.of(x, random(dtype, false, 2, 3, 1), x), be -> in -> be.concat(-1, in));
        same("concat with an empty part", List.of(x, random(dtype, false, 2, 0, 4)), be -> in -> be.concat(1, in));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("matmul matches with every pair of transpose flags, and an empty inner dimension gives zeros")
    void matmul(DType dtype) {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor a = random(dtype, false, ta ? 7 : 5, ta ? 5 : 7);
                Tensor b = random(dtype, false, tb ? 3 : 7, tb ? 7 : 3);
                same("matmul " + ta + " " + tb, List.of(a, b), be -> in -> be.matmul(in.get(0), ta, in.get(1), tb));
            }
        }
        same("matmul with K = 0", List.of(random(dtype, false, 2, 0), random(dtype, false, 0, 3)),
                be -> in -> be.matmul(in.get(0), in.get(1)));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("results are independent copies: closing the input leaves every result readable")
    void resultsDoNotAliasInputs(DType dtype) {
        Tensor x = nd4j.transfer(random(dtype, false, 2, 3));
        double[] values = x.toDoubleArray();
        List<Tensor> results = List.of(nd4j.reshape(x, Shape.of(3, 2)), nd4j.transpose(x, 1, 0), nd4j.slice(x, 1, 0, 3),
                nd4j.concat(0, List.of(x)), nd4j.expand(x, 0, 1));
        x.close();
        for (Tensor r : results) {
            double[] sorted = r.toDoubleArray();
            java.util.Arrays.sort(sorted);
            double[] expected = values.clone();
            java.util.Arrays.sort(expected);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, sorted, 0.0);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    @DisplayName("bad operands are rejected with the shared messages")
    void rejectsBadOperands(DType dtype) {
        Tensor a = nd4j.zeros(Shape.of(2, 3), dtype);
        Tensor b = nd4j.zeros(Shape.of(2), dtype);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nd4j.add(a, b));
        assertEquals("add: shapes [2, 3] and [2] do not broadcast (one must equal the other's trailing dimensions)",
                e.getMessage());
        Tensor foreign = ref.zeros(Shape.of(2, 3), dtype);
        assertThrows(IllegalArgumentException.class, () -> nd4j.mul(a, foreign));
        assertThrows(IllegalArgumentException.class, () -> nd4j.matmul(a, a));
    }
}
