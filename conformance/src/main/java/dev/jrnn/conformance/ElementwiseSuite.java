package dev.jrnn.conformance;


import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.UnaryOp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Elementwise unary and binary ops, including every row-broadcasting case, against the reference. */
@Family(OpFamily.ELEMENTWISE)
public interface ElementwiseSuite extends KitSuite {
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.KitCases#unaryOps")
    @DisplayName("every unary op matches the reference on every rank and leaves its input unchanged")
    default void unaryMatchesReference(UnaryOp op, DType dtype) {
        Operands ops = operands(dtype);
        boolean positiveOnly = op == UnaryOp.LOG || op == UnaryOp.SQRT;
        for (int[] dims : KitShapes.UNARY) {
            TensorPair x = positiveOnly ? ops.positive(dims) : ops.uniform(-3.0, 3.0, dims);
            assertClose(op + " of " + x.subject().shape(), oracle().unary(op, x.oracle()), subject().unary(op, x.subject()));
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("the unary and binary shorthands equal the general ops")
    default void shorthands(DType dtype) {
        Operands ops = operands(dtype);
        Backend be = subject();
        TensorPair x = ops.positive(2, 3);
        TensorPair y = ops.signed(2, 3);
        Tensor a = x.subject();
        Tensor b = y.subject();
        assertClose("neg", be.unary(UnaryOp.NEG, a), be.neg(a));
        assertClose("exp", be.unary(UnaryOp.EXP, a), be.exp(a));
        assertClose("log", be.unary(UnaryOp.LOG, a), be.log(a));
        assertClose("tanh", be.unary(UnaryOp.TANH, b), be.tanh(b));
        assertClose("sigmoid", be.unary(UnaryOp.SIGMOID, b), be.sigmoid(b));
        assertClose("relu", be.unary(UnaryOp.RELU, b), be.relu(b));
        assertClose("sqrt", be.unary(UnaryOp.SQRT, a), be.sqrt(a));
        assertClose("abs", be.unary(UnaryOp.ABS, b), be.abs(b));
        assertClose("add", be.binary(BinaryOp.ADD, a, b), be.add(a, b));
        assertClose("sub", be.binary(BinaryOp.SUB, a, b), be.sub(a, b));
        assertClose("mul", be.binary(BinaryOp.MUL, a, b), be.mul(a, b));
        assertClose("div", be.binary(BinaryOp.DIV, b, a), be.div(b, a));
        assertClose("max", be.binary(BinaryOp.MAX, a, b), be.max(a, b));
        assertClose("scale", oracle().scale(y.oracle(), -2.5), be.scale(b, -2.5));
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dev.jrnn.conformance.KitCases#binaryBroadcasts")
    @DisplayName("every binary op matches the reference on equal shapes, suffixes and scalars on either side")
    default void binaryMatchesReference(BinaryOp op, DType dtype, int[][] shapes) {
        Operands ops = operands(dtype);
        TensorPair a = ops.signed(shapes[0]);
        TensorPair b = op == BinaryOp.DIV ? ops.positive(shapes[1]) : ops.signed(shapes[1]);
        String what = op + " of " + a.subject().shape() + " and " + b.subject().shape();
        assertClose(what, oracle().binary(op, a.oracle(), b.oracle()), subject().binary(op, a.subject(), b.subject()));
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("greater and max treat ties as the reference does")
    default void ties(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair a = ops.of(new double[] {1.0, 2.0, -3.0, 0.0}, Shape.of(4));
        TensorPair b = ops.of(new double[] {1.0, 1.0, -2.0, -0.0}, Shape.of(4));
        for (BinaryOp op : new BinaryOp[] {BinaryOp.GREATER, BinaryOp.MAX}) {
            assertClose(op + " with ties", oracle().binary(op, a.oracle(), b.oracle()), subject().binary(op, a.subject(), b.subject()));
        }
    }
}
