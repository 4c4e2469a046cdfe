package dev.jrnn.conformance;

import static dev.jrnn.conformance.KitAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Creation and transfer: fromArray, zeros, full, scalar, transfer, cast and the read-back methods. */
public abstract class CreationSuite extends KitSuite {

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("fromArray keeps shape, dtype, owner and values of every rank")
    void fromArrayRoundTrips(DType dtype) {
        Operands ops = operands(dtype);
        for (int[] dims : new int[][] {{}, {1}, {7}, {1, 1}, {3, 5}, {2, 3, 4}}) {
            TensorPair p = ops.signed(dims);
            assertEquals(Shape.of(dims), p.subject().shape());
            assertEquals(dtype, p.subject().dtype());
            assertSame(backend(), p.subject().backend());
            assertClose("fromArray " + Shape.of(dims), p.oracle(), p.subject());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("values read back as doubles and floats, FLOAT32 rounded to float")
    void readBack(DType dtype) {
        double[] data = {0.1, -1.0 / 3.0, 1e-7, 12345.678};
        Tensor t = backend().fromArray(data, Shape.of(2, 2), dtype);
        double[] expected = data.clone();
        float[] floats = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            floats[i] = (float) data[i];
            expected[i] = dtype == DType.FLOAT32 ? (float) data[i] : data[i];
        }
        assertArrayEquals(expected, t.toDoubleArray());
        assertArrayEquals(floats, t.toFloatArray());
        assertEquals(expected[3], backend().fromArray(new double[] {data[3]}, Shape.of(1, 1), dtype).item());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("float arrays make FLOAT32 tensors with the exact values")
    void fromFloatArray(DType dtype) {
        float[] data = {1.5f, -2.25f, 0.1f};
        Tensor t = backend().fromArray(data, Shape.of(3));
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(data, t.toFloatArray());
        assertEquals((double) 0.1f, t.toDoubleArray()[2]);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("zeros, full and scalar hold the requested constant")
    void constants(DType dtype) {
        Backend be = backend();
        assertArrayEquals(new double[6], be.zeros(Shape.of(2, 3), dtype).toDoubleArray());
        assertEquals(dtype, be.zeros(Shape.of(2, 3), dtype).dtype());
        Tensor full = be.full(Shape.of(3, 1, 2), 2.5, dtype);
        assertEquals(Shape.of(3, 1, 2), full.shape());
        assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5, 2.5, 2.5}, full.toDoubleArray());
        Tensor s = be.scalar(-4.0, dtype);
        assertEquals(0, s.rank());
        assertEquals(-4.0, s.item());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("transfer copies a tensor from another backend and back unchanged")
    void transfer(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair p = ops.signed(3, 4);
        Tensor here = backend().transfer(p.oracle());
        assertSame(backend(), here.backend());
        assertClose("transfer to the backend", p.oracle(), here);
        Tensor back = oracle().transfer(here);
        assertClose("transfer back", p.oracle(), back);
        ops.assertUnmodified();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("cast converts to the other dtype and rounds to float when narrowing")
    void cast(DType dtype) {
        Operands ops = operands(dtype);
        TensorPair p = ops.signed(2, 5);
        DType other = dtype == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor c = backend().cast(p.subject(), other);
        assertEquals(other, c.dtype());
        assertClose("cast", oracle().cast(p.oracle(), other), c);
        assertClose("cast back", oracle().cast(oracle().cast(p.oracle(), other), dtype), backend().cast(c, dtype));
        ops.assertUnmodified();
    }
}
