package dev.jrnn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The workloads' FLOP counts and one operation of each kind, on tiny sizes (no timing here). */
class WorkloadTest {

    @Test
    @DisplayName("FLOP counts follow 2 G B T H (I + H), three times that for training")
    void flopCounts() {
        assertEquals(0.524288e9, Workload.W1.shape().flops(), 1);
        assertEquals(3 * 2.0 * 4 * 64 * 100 * 256 * 320, Workload.W2.shape().flops(), 1);
        assertEquals(3 * 2.0 * 3 * 64 * 100 * 256 * 320, Workload.W3.shape().flops(), 1);
        assertEquals(3 * 2.0 * 4 * 64 * 50 * 512 * 768, Workload.W4.shape().flops(), 1);
        assertEquals(2.0 * 4 * 1 * 100 * 128 * 160, Workload.W5.shape().flops(), 1);
        assertEquals(2.0 * 2048 * 2048 * 2048, GemmBenchmark.flops(2048), 1);
    }

    @Test
    @DisplayName("a workload names an lstm or gru cell and positive sizes")
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new WorkloadShape("rnn", true, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new WorkloadShape("lstm", true, 0, 1, 1, 1));
    }

    @Test
    @DisplayName("a training step returns a finite loss and leaves a gradient on every weight, for LSTM and GRU")
    void trainingStepBackPropagates() {
        Backend be = Backends.get("ejml");
        for (String cell : new String[] {"lstm", "gru"}) {
            try (WorkloadSession s = new WorkloadSession(be, new WorkloadShape(cell, true, 3, 4, 2, 5), 1)) {
                double loss = s.run();
                assertTrue(Double.isFinite(loss) && loss > 0, cell + " loss " + loss);
                assertTrue(s.layer().parameters().stream().allMatch(p -> p.grad() != null), cell + " gradients");
                long live = be.memory().unclosedTensors();
                assertEquals(loss, s.run(), 1e-3, "a second step with lr 1e-6 gives nearly the same loss");
                assertEquals(live, be.memory().unclosedTensors(), "a step's scope frees its graph");
            }
        }
    }

    @Test
    @DisplayName("an inference pass leaves no tensor behind and records no gradient")
    void inferenceFreesItsTensors() {
        Backend be = Backends.get("ejml");
        try (WorkloadSession s = new WorkloadSession(be, new WorkloadShape("lstm", false, 3, 4, 1, 5), 1)) {
            s.run();
            long live = be.memory().unclosedTensors();
            for (int i = 0; i < 5; i++) {
                assertTrue(Double.isFinite(s.run()));
            }
            assertEquals(live, be.memory().unclosedTensors());
            assertFalse(s.layer().parameters().stream().anyMatch(p -> p.grad() != null));
        }
    }
}
