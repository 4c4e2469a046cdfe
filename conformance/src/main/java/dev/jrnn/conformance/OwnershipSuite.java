package dev.jrnn.conformance;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ownership: every result is a new tensor, not its input object, that outlives closing its input
 * (and the input outlives closing the result), even when the backend reuses the memory of closed
 * tensors; {@code fromArray} copies the caller's array and the read-backs return copies. A view
 * whose storage dies, or is recycled, when its input is closed fails here.
 */
@Family(OpFamily.OWNERSHIP)
public interface OwnershipSuite extends KitSuite {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.jrnn.conformance.OwnershipCase#all")
    @DisplayName("the result is a new tensor that outlives closing its input, and the input outlives the result")
    default void resultsOutliveTheirInputs(OwnershipCase op, DType dtype) {
        Backend be = subject();
        Shape shape = Shape.of(op.input());
        double[] data = operands(dtype).signed(op.input()).oracle().toDoubleArray();
        Tensor expected = op.apply(oracle(), oracle().fromArray(data, shape, dtype));

        Tensor x = be.fromArray(data, shape, dtype);
        Tensor r = op.apply(be, x);
        if (r == x) {
            throw new AssertionError(op + ": returned its input object; every op must return a new tensor, which the"
                    + " caller may close independently of its inputs");
        }
        if (r.isClosed()) {
            throw new AssertionError(op + ": the result is closed as it is returned");
        }
        x.close();
        if (r.isClosed()) {
            throw new AssertionError(op + ": closing the input closed the result");
        }
        List<Tensor> churn = churn(be, shape, expected.shape(), dtype);
        assertClose(op + ": the result read after its input was closed (and new tensors were made)", expected,
                readable(op + ": reading the result after closing its input", r));
        Tensor twice = readable(op + ": an op on the result after closing its input", () -> be.add(r, r));
        assertClose(op + ": the result added to itself after its input was closed", oracle().add(expected, expected), twice);
        churn.forEach(Tensor::close);

        Tensor y = be.fromArray(data, shape, dtype);
        Tensor s = op.apply(be, y);
        if (s != y) {
            s.close();
        }
        List<Tensor> churn2 = churn(be, shape, expected.shape(), dtype);
        if (y.isClosed()) {
            throw new AssertionError(op + ": closing the result closed its input");
        }
        assertClose(op + ": the input read after its result was closed (and new tensors were made)",
                oracle().fromArray(data, shape, dtype), readable(op + ": reading the input after closing its result", y));
        churn2.forEach(Tensor::close);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("fromArray copies the caller's array: changing the array afterwards leaves the tensor as it was")
    default void fromArrayCopies(DType dtype) {
        Backend be = subject();
        double[] data = {1.5, -2.0, 3.25, 0.5, -0.75, 8.0};
        Tensor t = be.fromArray(data, Shape.of(2, 3), dtype);
        Tensor expected = oracle().fromArray(data, Shape.of(2, 3), dtype);
        Arrays.fill(data, 99.0);
        KitAssertions.assertSameValues("fromArray(double[]) after the caller changed its array (the tensor must hold"
                + " a copy)", expected, t);
        if (dtype == DType.FLOAT32) {
            float[] floats = {1.5f, -2.0f, 3.25f};
            Tensor f = be.fromArray(floats, Shape.of(3));
            Tensor fExpected = oracle().fromArray(floats, Shape.of(3));
            Arrays.fill(floats, 99.0f);
            KitAssertions.assertSameValues("fromArray(float[]) after the caller changed its array (the tensor must hold"
                    + " a copy)", fExpected, f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("toDoubleArray and toFloatArray return fresh copies the caller may change")
    default void readBacksAreCopies(DType dtype) {
        Backend be = subject();
        double[] data = {1.5, -2.0, 3.25, 0.5};
        Tensor t = be.fromArray(data, Shape.of(4), dtype);
        Tensor expected = oracle().fromArray(data, Shape.of(4), dtype);
        Arrays.fill(t.toDoubleArray(), 99.0);
        KitAssertions.assertSameValues("the tensor after the caller changed what toDoubleArray returned", expected, t);
        float[] floats = t.toFloatArray();
        Arrays.fill(floats, 99.0f);
        KitAssertions.assertSameValues("the tensor after the caller changed what toFloatArray returned", expected, t);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("zeros, full, scalar and fromArray make a new tensor on every call")
    default void creationMakesNewTensors(DType dtype) {
        Backend be = subject();
        Shape shape = Shape.of(2, 3);
        List<Tensor[]> pairs = List.of(
                new Tensor[] {be.zeros(shape, dtype), be.zeros(shape, dtype)},
                new Tensor[] {be.full(shape, 2.0, dtype), be.full(shape, 2.0, dtype)},
                new Tensor[] {be.scalar(1.0, dtype), be.scalar(1.0, dtype)},
                new Tensor[] {be.fromArray(new double[6], shape, dtype), be.fromArray(new double[6], shape, dtype)});
        List<String> names = List.of("zeros", "full", "scalar", "fromArray");
        for (int i = 0; i < pairs.size(); i++) {
            Tensor a = pairs.get(i)[0];
            Tensor b = pairs.get(i)[1];
            if (a == b) {
                throw new AssertionError(names.get(i) + " returned the same tensor object twice");
            }
            double[] before = b.toDoubleArray();
            a.close();
            if (b.isClosed()) {
                throw new AssertionError(names.get(i) + ": closing one tensor closed another made by the same call");
            }
            double[] after = readable(names.get(i) + ": reading a tensor after closing another made alike", b)
                    .toDoubleArray();
            if (!Arrays.equals(before, after)) {
                throw new AssertionError(names.get(i) + ": closing one tensor changed another made alike: "
                        + Arrays.toString(before) + " became " + Arrays.toString(after));
            }
        }
    }

    /**
     * Makes tensors of the given shapes filled with 7, some closed at once and some left open, so
     * that a backend that recycles the memory of closed tensors hands out what it just got back.
     */
    private List<Tensor> churn(Backend be, Shape input, Shape result, DType dtype) {
        List<Tensor> open = new ArrayList<>();
        for (Shape s : List.of(input, result)) {
            for (int i = 0; i < 3; i++) {
                be.full(s, 7.0, dtype).close();
                open.add(be.full(s, 7.0, dtype));
            }
        }
        return open;
    }

    private static Tensor readable(String what, Tensor t) {
        return readable(what, () -> {
            t.toDoubleArray();
            return t;
        });
    }

    private static Tensor readable(String what, Supplier<Tensor> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            throw new AssertionError(what + " threw " + e, e);
        }
    }
}
