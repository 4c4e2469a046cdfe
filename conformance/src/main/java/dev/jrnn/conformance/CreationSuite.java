package dev.jrnn.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Creation and transfer: fromArray, zeros, full, scalar, transfer, cast and the read-back methods. */
@Family(OpFamily.CREATION)
public interface CreationSuite extends KitSuite {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("fromArray keeps shape, dtype, owner and values of every rank")
    default void fromArrayRoundTrips(DType dtype) {
        Operands ops = operands(dtype);
        for (int[] dims : new int[][] {{}, {1}, {7}, {1, 1}, {3, 5}, {2, 3, 4}}) {
            TensorPair p = ops.signed(dims);
            String what = "fromArray " + Shape.of(dims);
            assertEquals(Shape.of(dims), p.subject().shape(), what + ": shape");
            assertEquals(dtype, p.subject().dtype(), what + ": dtype");
            assertSame(subject(), p.subject().backend(), what + ": backend() of the tensor");
            assertClose(what, p.oracle(), p.subject());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("values read back as doubles and floats, FLOAT32 rounded to float")
    default void readBack(DType dtype) {
        double[] data = {0.1, -1.0 / 3.0, 1e-7, 12345.678};
        Tensor t = subject().fromArray(data, Shape.of(2, 2), dtype);
        double[] expected = data.clone();
        float[] floats = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            floats[i] = (float) data[i];
            expected[i] = dtype == DType.FLOAT32 ? (float) data[i] : data[i];
        }
        assertArrayEquals(expected, t.toDoubleArray(), "toDoubleArray of fromArray (FLOAT32 values must be rounded to"
                + " the nearest float when the tensor is made)");
        assertArrayEquals(floats, t.toFloatArray(), "toFloatArray of fromArray");
        assertEquals(expected[3], subject().fromArray(new double[] {data[3]}, Shape.of(1, 1), dtype).item(),
                "item() of a [1, 1] tensor");
    }

    @Test
    @DisplayName("float arrays make FLOAT32 tensors with the exact values")
    default void fromFloatArray() {
        assumeSupported(DType.FLOAT32);
        float[] data = {1.5f, -2.25f, 0.1f};
        Tensor t = subject().fromArray(data, Shape.of(3));
        assertEquals(DType.FLOAT32, t.dtype(), "dtype of fromArray(float[])");
        assertArrayEquals(data, t.toFloatArray(), "toFloatArray of fromArray(float[])");
        assertEquals((double) 0.1f, t.toDoubleArray()[2], "toDoubleArray of fromArray(float[]) element 2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("zeros, full and scalar hold the requested constant, at size one too")
    default void constants(DType dtype) {
        Backend be = subject();
        for (int[] dims : new int[][] {{2, 3}, {1}, {1, 1}, {3, 1, 2}}) {
            Shape shape = Shape.of(dims);
            Tensor zeros = be.zeros(shape, dtype);
            assertEquals(shape, zeros.shape(), "shape of zeros " + shape);
            assertEquals(dtype, zeros.dtype(), "dtype of zeros " + shape);
            assertArrayEquals(new double[shape.size()], zeros.toDoubleArray(), "values of zeros " + shape);
            Tensor full = be.full(shape, 2.5, dtype);
            assertEquals(shape, full.shape(), "shape of full " + shape);
            assertEquals(dtype, full.dtype(), "dtype of full " + shape);
            double[] expected = new double[shape.size()];
            Arrays.fill(expected, 2.5);
            assertArrayEquals(expected, full.toDoubleArray(), "values of full " + shape + " 2.5");
        }
        Tensor s = be.scalar(-4.0, dtype);
        assertEquals(0, s.rank(), "rank of scalar");
        assertEquals(dtype, s.dtype(), "dtype of scalar");
        assertEquals(-4.0, s.item(), "value of scalar -4");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("transfer copies a tensor from another backend and back unchanged")
    default void transfer(DType dtype) {
        Operands ops = operands(dtype);
        for (int[] dims : new int[][] {{3, 4}, {1}, {}}) {
            TensorPair p = ops.signed(dims);
            Tensor here = subject().transfer(p.oracle());
            assertSame(subject(), here.backend(), "backend() of the transferred tensor");
            assertClose("transfer " + Shape.of(dims) + " to the backend", p.oracle(), here);
            Tensor back = oracle().transfer(here);
            assertClose("transfer " + Shape.of(dims) + " back", p.oracle(), back);
        }
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("cast converts to the other dtype and rounds to float when narrowing")
    default void cast(DType dtype) {
        DType other = dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        assumeSupported(other);
        Operands ops = operands(dtype);
        for (int[] dims : new int[][] {{2, 5}, {1}, {}}) {
            TensorPair p = ops.signed(dims);
            Tensor c = subject().cast(p.subject(), other);
            assertEquals(other, c.dtype(), "dtype of cast to " + other);
            assertClose("cast " + Shape.of(dims), oracle().cast(p.oracle(), other), c);
            assertClose("cast " + Shape.of(dims) + " back", oracle().cast(oracle().cast(p.oracle(), other), dtype),
                    subject().cast(c, dtype));
        }
        ops.assertUnmodified();
    }
}
