package dev.jrnn.conformance;

import static dev.jrnn.conformance.KitAssertions.assertRejected;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.BinaryOp;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.backend.UnaryOp;
import dev.jrnn.api.fused.CellKind;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input is rejected with an {@link IllegalArgumentException} whose message names the op: a
 * primitive may be named by its method ({@code binary}) or by its op kind ({@code add}).
 */
@Family(OpFamily.VALIDATION)
public interface ValidationSuite extends KitSuite {

    private static DType other(DType dtype) {
        return dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("shapes that do not broadcast are rejected by the binary ops")
    default void binaryShapeMismatch(DType dtype) {
        Backend be = subject();
        Tensor a = be.zeros(Shape.of(3, 4), dtype);
        assertRejected(() -> be.add(a, be.zeros(Shape.of(3), dtype)), "add", "binary");
        assertRejected(() -> be.mul(be.zeros(Shape.of(2, 3, 4), dtype), be.zeros(Shape.of(2, 4), dtype)), "mul", "binary");
        assertRejected(() -> be.binary(BinaryOp.SUB, be.zeros(Shape.of(5), dtype), a), "sub", "binary");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("operands of mixed dtypes are rejected")
    default void mixedDtypes(DType dtype) {
        assumeSupported(other(dtype));
        Backend be = subject();
        Tensor a = be.zeros(Shape.of(2, 2), dtype);
        Tensor b = be.zeros(Shape.of(2, 2), other(dtype));
        assertRejected(() -> be.add(a, b), "add", "binary");
        assertRejected(() -> be.matmul(a, false, b, false), "matmul");
        assertRejected(() -> be.concat(0, List.of(a, b)), "concat");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("tensors of another backend are rejected by every kind of op")
    default void crossBackend(DType dtype) {
        Backend be = subject();
        Tensor mine = be.zeros(Shape.of(2, 2), dtype);
        Tensor foreign = oracle().zeros(Shape.of(2, 2), dtype);
        assertRejected(() -> be.add(mine, foreign), "add", "binary");
        assertRejected(() -> be.add(foreign, mine), "add", "binary");
        assertRejected(() -> be.unary(UnaryOp.TANH, foreign), "tanh", "unary");
        assertRejected(() -> be.reduce(ReduceOp.SUM, foreign, 0), "sum", "reduce");
        assertRejected(() -> be.matmul(mine, false, foreign, false), "matmul");
        assertRejected(() -> be.reshape(foreign, Shape.of(4)), "reshape");
        assertRejected(() -> be.transpose(foreign, 1, 0), "transpose");
        assertRejected(() -> be.slice(foreign, 0, 0, 1), "slice");
        assertRejected(() -> be.concat(0, List.of(mine, foreign)), "concat");
        assertRejected(() -> be.expand(foreign, 0, 2), "expand");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("bad shapes, axes and bounds are rejected by matmul, reductions and movement ops")
    default void badShapes(DType dtype) {
        Backend be = subject();
        Tensor m = be.zeros(Shape.of(2, 3), dtype);
        assertRejected(() -> be.matmul(m, false, m, false), "matmul");
        assertRejected(() -> be.matmul(m, true, m, true), "matmul");
        assertRejected(() -> be.matmul(be.zeros(Shape.of(2, 3, 1), dtype), false, m, false), "matmul");
        assertRejected(() -> be.reduce(ReduceOp.SUM, m, 2), "sum", "reduce");
        assertRejected(() -> be.reduce(ReduceOp.MAX, m, -3), "max", "reduce");
        assertRejected(() -> be.reshape(m, Shape.of(5)), "reshape");
        assertRejected(() -> be.transpose(m, 0, 0), "transpose");
        assertRejected(() -> be.transpose(m, 0, 1, 2), "transpose");
        assertRejected(() -> be.slice(m, 1, 2, 4), "slice");
        assertRejected(() -> be.slice(m, 2, 0, 1), "slice");
        assertRejected(() -> be.concat(0, List.of(m, be.zeros(Shape.of(2, 4), dtype))), "concat");
        assertRejected(() -> be.concat(0, List.of()), "concat");
        assertRejected(() -> be.expand(m, 3, 2), "expand");
        assertRejected(() -> be.fromArray(new double[5], Shape.of(2, 3), dtype), "fromArray");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("fused ops reject inputs of the wrong shape naming the op")
    default void fusedShapes(DType dtype) {
        Backend be = subject();
        Tensor h = be.zeros(Shape.of(2, 3), dtype);
        assertRejected(() -> be.lstmStep(be.zeros(Shape.of(2, 9), dtype), h, h, be.zeros(Shape.of(12, 3), dtype), null),
                "lstmStep");
        assertRejected(() -> be.gruStep(be.zeros(Shape.of(2, 12), dtype), h, be.zeros(Shape.of(9, 3), dtype), null),
                "gruStep");
        assertRejected(() -> be.recurrentForward(CellKind.GRU, be.zeros(Shape.of(4, 2, 9), dtype), List.of(h),
                be.zeros(Shape.of(12, 3), dtype), null, null, false), "recurrentForward", "recurrent");
        assertRejected(() -> be.recurrentForward(CellKind.RNN_TANH, be.zeros(Shape.of(4, 2, 3), dtype), List.of(h),
                be.zeros(Shape.of(3, 3), dtype), null, new int[] {5, 1}, false), "recurrentForward", "recurrent");
    }
}
