package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.GruStep;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.RecurrentDefaults;
import dev.jrnn.api.fused.SequenceForward;
import dev.jrnn.api.fused.SequenceGradient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Edge values ({@link EdgeValues}: ±0, ±100, ±1000, ±Inf, NaN, subnormals, the largest finite
 * value) through every op, in both dtypes, against the reference: an {@code e^x / (1 + e^x)}
 * sigmoid (NaN for large x), a product that skips zeros ({@code 0 * Inf} must be NaN), a reduction
 * that drops NaN, a copy that flushes subnormals or the sign of zero all fail here.
 *
 * <p>NaN rules: a NaN operand gives NaN, except in GREATER (0); RELU and SIGN of NaN may give NaN
 * or, as the reference does for RELU, 0. Zeros of either sign compare equal except in copies.
 */
@Family(OpFamily.EDGE_VALUES)
public interface EdgeValueSuite extends KitSuite {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.KitCases#unaryOps")
    @DisplayName("every unary op matches the reference on ±0, ±100, ±1000, ±Inf, NaN and subnormals")
    default void unaryEdgeValues(UnaryOp op, DType dtype) {
        Operands ops = operands(dtype);
        double[] edges = EdgeValues.of(dtype);
        TensorPair x = ops.of(edges, Shape.of(edges.length));
        Tensor actual = subject().unary(op, x.subject());
        double[] expected = oracle().unary(op, x.oracle()).toDoubleArray();
        if (op == UnaryOp.RELU || op == UnaryOp.SIGN) {
            double[] got = actual.toDoubleArray();
            for (int i = 0; i < edges.length; i++) {
                if (Double.isNaN(edges[i]) && (Double.isNaN(got[i]) || got[i] == 0.0)) {
                    expected[i] = got[i];
                }
            }
        }
        KitAssertions.assertElementwiseClose(op + " of the edge values " + Arrays.toString(edges),
                oracle().fromArray(expected, x.oracle().shape(), dtype), actual, kit().tolerance(dtype));
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.KitCases#binaryOps")
    @DisplayName("every binary op matches the reference on every pair of edge values, broadcast or not")
    default void binaryEdgeValues(BinaryOp op, DType dtype) {
        Operands ops = operands(dtype);
        double[] edges = EdgeValues.of(dtype);
        int n = edges.length;
        double[] rows = new double[n * n];
        double[] cols = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rows[i * n + j] = edges[i];
                cols[i * n + j] = edges[j];
            }
        }
        TensorPair a = ops.of(rows, Shape.of(n, n));
        TensorPair b = ops.of(cols, Shape.of(n, n));
        TensorPair row = ops.of(edges, Shape.of(n));
        double rel = kit().tolerance(dtype);
        String what = op + " of edge values a[i] and b[j] at [i, j]";
        KitAssertions.assertElementwiseClose(what + ", equal shapes", oracle().binary(op, a.oracle(), b.oracle()),
                subject().binary(op, a.subject(), b.subject()), rel);
        KitAssertions.assertElementwiseClose(what + ", b broadcast as a row",
                oracle().binary(op, a.oracle(), row.oracle()), subject().binary(op, a.subject(), row.subject()), rel);
        for (double v : edges) {
            TensorPair scalar = ops.of(new double[] {v}, Shape.scalar());
            TensorPair one = ops.of(new double[] {v}, Shape.of(1));
            KitAssertions.assertElementwiseClose(op + " of the edge values and the scalar " + EdgeValues.show(v),
                    oracle().binary(op, row.oracle(), scalar.oracle()), subject().binary(op, row.subject(), scalar.subject()),
                    rel);
            KitAssertions.assertElementwiseClose(op + " of the one-element [" + EdgeValues.show(v) + "] and the edge values",
                    oracle().binary(op, one.oracle(), row.oracle()), subject().binary(op, one.subject(), row.subject()), rel);
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.KitCases#reduceOps")
    @DisplayName("reductions propagate NaN and infinities as the reference does, along every axis")
    default void reductionsPropagateNonFinite(ReduceOp op, DType dtype) {
        Operands ops = operands(dtype);
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        double sub = EdgeValues.subnormal(dtype);
        double[][] rows = {
            {1, nan, 2, 3}, {nan, 1, 2, 3}, {1, 2, 3, nan}, {inf, 1, -2, 3}, {inf, -inf, 0, 1}, {-inf, -inf, -inf, -inf},
            {-0.0, -0.0, -0.0, -0.0}, {sub, sub, -sub, sub}, {-1000, -100, -1000, -30}, {1000, 100, -1000, -100},
            {-inf, -1000, nan, -inf}, {nan, nan, nan, nan},
        };
        double[] data = new double[rows.length * 4];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, data, r * 4, 4);
        }
        TensorPair x = ops.of(data, Shape.of(rows.length, 4));
        TensorPair cube = ops.of(data, Shape.of(3, 4, 4));
        TensorPair column = ops.of(data, Shape.of(data.length, 1));
        double rel = kit().tolerance(dtype);
        for (TensorPair t : List.of(x, cube, column)) {
            for (int axis = 0; axis < t.subject().rank(); axis++) {
                KitAssertions.assertElementwiseClose(op + " of rows with NaN, ±Inf, -0 and subnormals, " + t.subject().shape()
                        + " along axis " + axis, oracle().reduce(op, t.oracle(), axis), subject().reduce(op, t.subject(), axis),
                        rel);
            }
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dev.jrnn.conformance.KitCases#transposeFlags")
    @DisplayName("matmul propagates NaN and infinities: 0 * Inf is NaN, whichever operand holds the zero")
    default void matmulPropagatesNonFinite(DType dtype, boolean ta, boolean tb) {
        Operands ops = operands(dtype);
        Random random = new Random(SEED);
        for (int[] s : new int[][] {{3, 4, 2}, {17, 33, 9}, {64, 48, 80}}) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            double[] a = NonFinite.matrixA(random, m, k);
            double[] b = NonFinite.matrixB(random, k, n);
            TensorPair pa = ta ? ops.of(NonFinite.transposed(a, m, k), Shape.of(k, m)) : ops.of(a, Shape.of(m, k));
            TensorPair pb = tb ? ops.of(NonFinite.transposed(b, k, n), Shape.of(n, k)) : ops.of(b, Shape.of(k, n));
            assertClose("matmul " + m + "x" + k + "x" + n + " with a zero row and ±Inf, NaN in a, an Inf column and a"
                    + " zero in b", oracle().matmul(pa.oracle(), ta, pb.oracle(), tb),
                    subject().matmul(pa.subject(), ta, pb.subject(), tb));
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("linear propagates NaN and infinities from the input, the weight and the bias")
    default void linearPropagatesNonFinite(DType dtype) {
        Operands ops = operands(dtype);
        Random random = new Random(SEED);
        for (int[] s : new int[][] {{5, 3, 4}, {33, 17, 9}}) {
            int batch = s[0];
            int in = s[1];
            int out = s[2];
            TensorPair x = ops.of(NonFinite.matrixA(random, batch, in), Shape.of(batch, in));
            TensorPair w = ops.of(NonFinite.transposed(NonFinite.matrixB(random, in, out), in, out), Shape.of(out, in));
            double[] bias = new double[out];
            bias[0] = Double.NEGATIVE_INFINITY;
            bias[out - 1] = Double.NaN;
            TensorPair b = ops.of(bias, Shape.of(out));
            String what = "linear " + batch + "x" + in + "->" + out + " with non-finite input, weight";
            assertClose(what, oracle().linear(x.oracle(), w.oracle(), null), subject().linear(x.subject(), w.subject(), null));
            assertClose(what + " and bias", oracle().linear(x.oracle(), w.oracle(), b.oracle()),
                    subject().linear(x.subject(), w.subject(), b.subject()));
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("creation, read-back, cast and transfer keep edge values exactly (FLOAT32: rounded to float)")
    default void creationKeepsEdgeValues(DType dtype) {
        Backend be = subject();
        double[] edges = EdgeValues.of(dtype);
        Shape shape = Shape.of(3, edges.length / 3);
        Tensor expected = oracle().fromArray(edges, shape, dtype);
        Tensor made = be.fromArray(edges, shape, dtype);
        KitAssertions.assertSameValues("fromArray of the edge values", expected, made);
        float[] floats = made.toFloatArray();
        float[] expectedFloats = expected.toFloatArray();
        for (int i = 0; i < floats.length; i++) {
            if (Float.floatToIntBits(floats[i]) != Float.floatToIntBits(expectedFloats[i])) {
                throw new AssertionError("toFloatArray of the edge values: element " + i + " is " + floats[i]
                        + ", expected " + expectedFloats[i]);
            }
        }
        KitAssertions.assertSameValues("transfer of the edge values from the reference", expected, be.transfer(expected));
        KitAssertions.assertSameValues("transfer of the edge values to the reference", expected, oracle().transfer(made));
        for (double v : edges) {
            KitAssertions.assertSameValues("full [2, 2] of " + EdgeValues.show(v), oracle().full(Shape.of(2, 2), v, dtype),
                    be.full(Shape.of(2, 2), v, dtype));
            KitAssertions.assertSameValues("scalar " + EdgeValues.show(v), oracle().scalar(v, dtype), be.scalar(v, dtype));
        }
        for (DType to : kit().dtypes()) {
            KitAssertions.assertSameValues("cast of the edge values to " + to, oracle().cast(expected, to), be.cast(made, to));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("reshape, transpose, slice, concat and expand copy edge values bit for bit")
    default void movementKeepsEdgeValues(DType dtype) {
        Operands ops = operands(dtype);
        Backend be = subject();
        double[] edges = EdgeValues.of(dtype);
        TensorPair x = ops.of(edges, Shape.of(3, edges.length / 3));
        Tensor e = x.oracle();
        Tensor a = x.subject();
        KitAssertions.assertSameValues("reshape of the edge values", oracle().reshape(e, Shape.of(edges.length)),
                be.reshape(a, Shape.of(edges.length)));
        KitAssertions.assertSameValues("transpose of the edge values", oracle().transpose(e, 1, 0), be.transpose(a, 1, 0));
        KitAssertions.assertSameValues("slice of the edge values along axis 1", oracle().slice(e, 1, 1, 5),
                be.slice(a, 1, 1, 5));
        KitAssertions.assertSameValues("slice of the edge values along axis 0", oracle().slice(e, 0, 1, 3),
                be.slice(a, 0, 1, 3));
        KitAssertions.assertSameValues("concat of the edge values along axis 1", oracle().concat(1, List.of(e, e)),
                be.concat(1, List.of(a, a)));
        KitAssertions.assertSameValues("concat of the edge values along axis 0", oracle().concat(0, List.of(e, e)),
                be.concat(0, List.of(a, a)));
        KitAssertions.assertSameValues("expand of the edge values", oracle().expand(e, 1, 2), be.expand(a, 1, 2));
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.KitCases#cellKinds")
    @DisplayName("steps and sequences with pre-activations of ±30, ±100 and ±1000 saturate as the reference does")
    default void recurrentSaturation(CellKind kind, DType dtype) {
        Operands ops = operands(dtype);
        Backend be = subject();
        int batch = 3;
        int hidden = 4;
        int steps = 3;
        int gh = kind.gates() * hidden;
        Random random = new Random(SEED);
        TensorPair p = ops.of(NonFinite.saturating(random, steps * batch * gh), Shape.of(steps, batch, gh));
        TensorPair w = ops.uniform(-0.5, 0.5, gh, hidden);
        TensorPair b = ops.signed(gh);
        List<TensorPair> initial = new ArrayList<>();
        List<TensorPair> dFinal = new ArrayList<>();
        for (int s = 0; s < kind.states(); s++) {
            initial.add(ops.signed(batch, hidden));
            dFinal.add(ops.signed(batch, hidden));
        }
        TensorPair dOut = ops.signed(steps, batch, hidden);
        String what = kind + " with saturating pre-activations";
        TensorPair p0 = ops.copyOf(oracle().reshape(oracle().slice(p.oracle(), 0, 0, 1), Shape.of(batch, gh)));
        if (kind == CellKind.LSTM) {
            LstmStep ref = oracle().lstmStep(p0.oracle(), initial.get(0).oracle(), initial.get(1).oracle(), w.oracle(),
                    b.oracle());
            LstmStep got = be.lstmStep(p0.subject(), initial.get(0).subject(), initial.get(1).subject(), w.subject(),
                    b.subject());
            assertAllClose("lstmStep " + what, List.of("h", "c", "gates"), List.of(ref.h(), ref.c(), ref.gates()),
                    List.of(got.h(), got.c(), got.gates()));
        } else if (kind == CellKind.GRU) {
            GruStep ref = oracle().gruStep(p0.oracle(), initial.get(0).oracle(), w.oracle(), b.oracle());
            GruStep got = be.gruStep(p0.subject(), initial.get(0).subject(), w.subject(), b.subject());
            assertAllClose("gruStep " + what, List.of("h", "gates", "hiddenNew"),
                    List.of(ref.h(), ref.gates(), ref.hiddenNew()), List.of(got.h(), got.gates(), got.hiddenNew()));
        } else {
            assertClose("rnnStep " + what, oracle().rnnStep(kind, p0.oracle(), initial.get(0).oracle(), w.oracle(), b.oracle()),
                    be.rnnStep(kind, p0.subject(), initial.get(0).subject(), w.subject(), b.subject()));
        }
        SequenceForward ref = oracle().recurrentForward(kind, p.oracle(), Sequences.oracles(initial), w.oracle(), b.oracle(),
                null, false);
        SequenceForward got = be.recurrentForward(kind, p.subject(), Sequences.subjects(initial), w.subject(), b.subject(),
                null, false);
        SequenceForward def = RecurrentDefaults.sequenceForward(be, kind, p.subject(), Sequences.subjects(initial),
                w.subject(), b.subject(), null, false);
        Sequences.assertForward(this, "recurrentForward " + what + " vs reference", ref, got);
        Sequences.assertForward(this, "recurrentForward " + what + " override vs default", def, got);
        SequenceGradient gRef = oracle().recurrentBackward(kind, ref, Sequences.oracles(initial), w.oracle(), dOut.oracle(),
                Sequences.oracles(dFinal), null, false);
        SequenceGradient gGot = be.recurrentBackward(kind, got, Sequences.subjects(initial), w.subject(), dOut.subject(),
                Sequences.subjects(dFinal), null, false);
        Sequences.assertGradient(this, "recurrentBackward " + what + " vs reference", gRef, gGot);
        ops.assertUnmodified();
    }
}
