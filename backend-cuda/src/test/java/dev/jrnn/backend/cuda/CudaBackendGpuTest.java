package dev.jrnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the kit does not see: the device, the allocator's reuse and GEMM tiles past one block. */
@DisplayName("the CUDA backend on a GPU")
@ExtendWith(RequiresCuda.class)
class CudaBackendGpuTest {
    private final CudaBackend be = RequiresCuda.backend();

    @Test
    @DisplayName("names the device it runs on with its compute capability")
    void namesDevice() {
        assertTrue(be.device().matches("device 0: .+ \\(compute capability \\d+\\.\\d+\\)"), be.device());
    }

    @Test
    @DisplayName("stops reserving device memory after the first step of a recurrent training loop")
    void trainingLoopReusesBlocks() {
        int steps = 7;
        int batch = 3;
        int hidden = 5;
        Tensor p = be.full(Shape.of(steps, batch, 4 * hidden), 0.1, DType.FLOAT32);
        Tensor w = be.full(Shape.of(4 * hidden, hidden), -0.05, DType.FLOAT32);
        Tensor h0 = be.zeros(Shape.of(batch, hidden), DType.FLOAT32);
        long reservedAfterFirst = 0;
        for (int i = 0; i < 50; i++) {
            try (TensorScope scope = TensorScope.open()) {
                SequenceForward fwd = be.recurrentForward(CellKind.LSTM, p, List.of(h0, h0), w, null,
                        new int[] {7, 4, 0}, i % 2 == 0);
                be.recurrentBackward(CellKind.LSTM, fwd, List.of(h0, h0), w, fwd.output(), List.of(h0, h0),
                        new int[] {7, 4, 0}, i % 2 == 0);
                assertTrue(scope.trackedCount() > 0, "the step's tensors belong to the scope");
            }
            if (i == 0) {
                reservedAfterFirst = be.reservedBytes();
            }
        }
        assertEquals(reservedAfterFirst, be.reservedBytes());
    }

    @Test
    @DisplayName("multiplies matrices larger than one 64 x 64 tile with both transpose flags")
    void gemmAcrossTiles() {
        int m = 130;
        int k = 70;
        int n = 65;
        double[] a = new double[k * m];
        double[] b = new double[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 13) - 6;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 7) - 3;
        }
        Tensor at = be.fromArray(a, Shape.of(k, m), DType.FLOAT64);
        Tensor bt = be.fromArray(b, Shape.of(n, k), DType.FLOAT64);
        double[] expected = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc += a[p * m + i] * b[j * k + p];
                }
                expected[i * n + j] = acc;
            }
        }
        assertArrayEquals(expected, be.matmul(at, true, bt, true).toDoubleArray(), 0.0);
    }
}
