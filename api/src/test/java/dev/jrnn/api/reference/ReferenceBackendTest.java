package dev.jrnn.api.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.ReduceOp;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.LstmStep;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Hand-computed values: the oracle itself is checked against arithmetic done on paper. */
class ReferenceBackendTest {
    private final ReferenceBackend be = new ReferenceBackend();

    private Tensor t(DType dtype, Shape shape, double... v) {
        return be.fromArray(v, shape, dtype);
    }

    @Test
    @DisplayName("its name is reference and FLOAT32 values are rounded to float on creation and after ops")
    void float32Rounding() {
        assertEquals("reference", be.name());
        Tensor x = t(DType.FLOAT32, Shape.of(1), 0.1);
        assertEquals((double) 0.1f, x.item());
        Tensor third = be.div(t(DType.FLOAT32, Shape.of(1), 1.0), t(DType.FLOAT32, Shape.of(1), 3.0));
        assertEquals((double) (1.0f / 3.0f), third.item());
        assertEquals(1.0 / 3.0, be.div(t(DType.FLOAT64, Shape.of(1), 1), t(DType.FLOAT64, Shape.of(1), 3)).item());
    }

    @Test
    @DisplayName("binary ops broadcast a row suffix and a scalar on either side")
    void broadcasting() {
        Tensor m = t(DType.FLOAT64, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor row = t(DType.FLOAT64, Shape.of(3), 10, 20, 30);
        assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, be.add(m, row).toDoubleArray());
        assertArrayEquals(new double[] {9, 18, 27, 6, 15, 24}, be.sub(row, m).toDoubleArray());
        assertArrayEquals(new double[] {2, 4, 6, 8, 10, 12}, be.mul(be.scalar(2, DType.FLOAT64), m).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> be.add(m, t(DType.FLOAT64, Shape.of(2), 1, 2)));
    }

    @Test
    @DisplayName("reductions, transpose, slice, concat and expand give the values worked out by hand")
    void movement() {
        Tensor m = t(DType.FLOAT64, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new double[] {5, 7, 9}, be.sum(m, 0).toDoubleArray());
        assertArrayEquals(new double[] {3, 6}, be.reduce(ReduceOp.MAX, m, -1).toDoubleArray());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, be.transpose(m, 1, 0).toDoubleArray());
        assertArrayEquals(new double[] {2, 3, 5, 6}, be.slice(m, 1, 1, 3).toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 3, 9, 4, 5, 6, 9},
                be.concat(1, List.of(m, t(DType.FLOAT64, Shape.of(2, 1), 9, 9))).toDoubleArray());
        Tensor e = be.expand(m, 1, 2);
        assertEquals(Shape.of(2, 2, 3), e.shape());
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6}, e.toDoubleArray());
    }

    @Test
    @DisplayName("matmul honours both transpose flags")
    void matmul() {
        Tensor a = t(DType.FLOAT64, Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        assertArrayEquals(new double[] {14, 32, 32, 77}, be.matmul(a, false, a, true).toDoubleArray());
        assertArrayEquals(new double[] {17, 22, 27, 22, 29, 36, 27, 36, 45}, be.matmul(a, true, a, false).toDoubleArray());
        var e = assertThrows(IllegalArgumentException.class, () -> be.matmul(a, a));
        assertTrue(e.getMessage().startsWith("matmul"), e.getMessage());
    }

    @Test
    @DisplayName("an LSTM step with zero weights gives the closed-form result")
    void lstmStepClosedForm() {
        Shape bh = Shape.of(1, 1);
        Tensor p = t(DType.FLOAT64, Shape.of(1, 4), 0, 0, 1, 0);
        LstmStep s = be.lstmStep(p, t(DType.FLOAT64, bh, 0.5), t(DType.FLOAT64, bh, 2.0), be.zeros(Shape.of(4, 1), DType.FLOAT64), null);
        double c = 0.5 * 2.0 + 0.5 * Math.tanh(1.0);
        assertEquals(c, s.c().item(), 1e-15);
        assertEquals(0.5 * Math.tanh(c), s.h().item(), 1e-15);
        Tensor relu = be.rnnStep(CellKind.RNN_RELU, t(DType.FLOAT64, bh, -3), t(DType.FLOAT64, bh, 1),
                t(DType.FLOAT64, bh, 1), null);
        assertEquals(0.0, relu.item());
    }

    @Test
    @DisplayName("bad input names the op, operand and the expected and actual value")
    void validation() {
        var e = assertThrows(IllegalArgumentException.class, () -> be.fromArray(new double[3], Shape.of(2, 2), DType.FLOAT32));
        assertTrue(e.getMessage().contains("fromArray") && e.getMessage().contains("3"), e.getMessage());
        Tensor foreign = new ReferenceBackend().zeros(Shape.of(2), DType.FLOAT64);
        e = assertThrows(IllegalArgumentException.class, () -> be.tanh(foreign));
        assertTrue(e.getMessage().startsWith("tanh: x belongs to backend"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> be.sum(foreign.backend().zeros(Shape.of(2), DType.FLOAT64), 0));
        assertTrue(e.getMessage().startsWith("sum"), e.getMessage());
        Tensor closed = be.zeros(Shape.of(2), DType.FLOAT64);
        closed.close();
        assertThrows(IllegalStateException.class, () -> be.neg(closed));
        assertThrows(IllegalStateException.class, closed::toDoubleArray);
    }

    @Test
    @DisplayName("memory counts live tensors and bytes of both dtypes")
    void memory() {
        Tensor a = be.zeros(Shape.of(3), DType.FLOAT32);
        Tensor b = be.zeros(Shape.of(3), DType.FLOAT64);
        assertEquals(2, be.memory().liveTensors());
        assertEquals(12 + 24, be.memory().liveBytes());
        a.close();
        b.close();
        assertEquals(0, be.memory().liveBytes());
    }
}
