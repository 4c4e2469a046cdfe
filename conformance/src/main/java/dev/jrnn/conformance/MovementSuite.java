package dev.jrnn.conformance;


import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.backend.ReduceOp;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reductions along an axis and the movement ops (reshape, transpose, slice, concat, expand). */
@Family(OpFamily.MOVEMENT)
public interface MovementSuite extends KitSuite {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.KitCases#reduceOps")
    @DisplayName("reductions match the reference along every axis, negative axes included")
    default void reduceMatchesReference(ReduceOp op, DType dtype) {
        Operands ops = operands(dtype);
        for (int[] dims : KitShapes.REDUCE) {
            TensorPair x = ops.signed(dims);
            for (int axis = -dims.length; axis < dims.length; axis++) {
                assertClose(op + " of " + x.subject().shape() + " along axis " + axis,
                        oracle().reduce(op, x.oracle(), axis), subject().reduce(op, x.subject(), axis));
            }
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("reshape keeps the row-major order")
    default void reshape(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair x = ops.signed(2, 3, 4);
        for (Shape s : List.of(Shape.of(24), Shape.of(6, 4), Shape.of(4, 6), Shape.of(1, 24, 1), Shape.of(2, 12))) {
            assertClose("reshape to " + s, oracle().reshape(x.oracle(), s), subject().reshape(x.subject(), s));
        }
        TensorPair one = ops.signed(1, 1);
        assertClose("reshape to a scalar", oracle().reshape(one.oracle(), Shape.scalar()),
                subject().reshape(one.subject(), Shape.scalar()));
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("transpose matches the reference for rank 2 and every permutation of rank 3")
    default void transpose(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair m = ops.signed(3, 5);
        assertClose("transpose [1, 0]", oracle().transpose(m.oracle(), 1, 0), subject().transpose(m.subject(), 1, 0));
        assertClose("transpose [0, 1]", oracle().transpose(m.oracle(), 0, 1), subject().transpose(m.subject(), 0, 1));
        TensorPair x = ops.signed(2, 3, 4);
        int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] p : perms) {
            assertClose("transpose " + Arrays.toString(p), oracle().transpose(x.oracle(), p),
                    subject().transpose(x.subject(), p));
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("slice takes the right block along every axis")
    default void slice(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair x = ops.signed(3, 4, 5);
        int[][] ranges = {{0, 1}, {1, 3}, {0, 3}, {2, 3}};
        for (int axis = -1; axis < 3; axis++) {
            for (int[] r : ranges) {
                assertClose("slice axis " + axis + " [" + r[0] + ", " + r[1] + ")",
                        oracle().slice(x.oracle(), axis, r[0], r[1]), subject().slice(x.subject(), axis, r[0], r[1]));
            }
        }
        TensorPair v = ops.signed(7);
        assertClose("slice of a vector", oracle().slice(v.oracle(), 0, 2, 6), subject().slice(v.subject(), 0, 2, 6));
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("concat joins parts of different widths along every axis")
    default void concat(DType dtype) {
        Operands ops = operands(dtype);
        for (int axis = 0; axis < 3; axis++) {
            TensorPair a = ops.signed(Shape.of(2, 3, 4).withDim(axis, 1).dims());
            TensorPair b = ops.signed(Shape.of(2, 3, 4).withDim(axis, 3).dims());
            TensorPair c = ops.signed(2, 3, 4);
            assertClose("concat along axis " + axis, oracle().concat(axis, List.of(a.oracle(), b.oracle(), c.oracle())),
                    subject().concat(axis, List.of(a.subject(), b.subject(), c.subject())));
        }
        TensorPair m = ops.signed(2, 3);
        assertClose("concat along axis -1", oracle().concat(-1, List.of(m.oracle(), m.oracle())),
                subject().concat(-1, List.of(m.subject(), m.subject())));
        assertClose("concat of one part", oracle().concat(0, List.of(m.oracle())), subject().concat(0, List.of(m.subject())));
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("expand repeats the input along a new axis at every position")
    default void expand(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair x = ops.signed(2, 3);
        for (int axis = 0; axis <= 2; axis++) {
            for (int count : new int[] {1, 3}) {
                assertClose("expand at " + axis + " by " + count, oracle().expand(x.oracle(), axis, count),
                        subject().expand(x.subject(), axis, count));
            }
        }
        TensorPair s = ops.signed();
        assertClose("expand of a scalar", oracle().expand(s.oracle(), 0, 4), subject().expand(s.subject(), 0, 4));
        ops.assertUnmodified();
    }
}
