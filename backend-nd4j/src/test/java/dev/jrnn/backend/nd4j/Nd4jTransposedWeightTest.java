package dev.jrnn.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A weight tensor makes its transpose once and keeps it until it is closed. */
@DisplayName("nd4j backend: a tensor's kept transpose")
class Nd4jTransposedWeightTest {
    private final Backend be = Nd4jTestBackend.get();

    @Test
    @DisplayName("is the transpose, made on the first call only, and refused once the tensor is closed")
    void madeOnceAndKept() {
        Tensor w = be.fromArray(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(3, 2), DType.FLOAT32);
        AtomicInteger made = new AtomicInteger();
        Nd4jTensor t = (Nd4jTensor) w;
        INDArray first = t.transposed((from, to) -> {
            made.incrementAndGet();
            to.assign(from.transpose());
        });
        INDArray second = t.transposed((from, to) -> made.incrementAndGet());
        assertSame(first, second);
        assertEquals(1, made.get(), "transposes made");
        assertArrayEquals(new long[] {2, 3}, first.shape());
        float[] values = new float[6];
        Buf.of(first).read(0, values);
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, values);
        w.close();
        assertThrows(IllegalStateException.class, () -> t.transposed((from, to) -> made.incrementAndGet()));
        assertEquals(1, made.get(), "transposes made");
    }
}
