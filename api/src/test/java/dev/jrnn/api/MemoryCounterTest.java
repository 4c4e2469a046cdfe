package dev.jrnn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MemoryCounter tells live tensors from leaked ones the garbage collector reclaimed")
class MemoryCounterTest {
    private static final int DROPPED = 200;
    private static final long BYTES = 6 * 8;

    private final Backend be = new ReferenceBackend();
    private final MemoryCounter memory = be.memory();

    private Tensor make() {
        return be.zeros(Shape.of(2, 3), DType.FLOAT64);
    }

    /** Collects until {@code done} holds, for at most 10 s; returns whether it held. */
    private static boolean collectUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        return done.getAsBoolean();
    }

    @Test
    @DisplayName("tensors made without a scope and dropped unclosed leave the live count and count as reclaimed")
    void droppedTensorsAreReclaimed() throws InterruptedException {
        Tensor held = make();
        for (int i = 0; i < DROPPED; i++) {
            make();
        }
        assertEquals(DROPPED + 1, memory.liveTensors(), "before a collection every tensor is live");
        assertTrue(collectUntil(() -> memory.reclaimedTensors() == DROPPED), "reclaimed " + memory.reclaimedTensors());
        assertEquals(1, memory.liveTensors());
        assertEquals(BYTES, memory.liveBytes());
        assertEquals(DROPPED * BYTES, memory.reclaimedBytes());
        assertEquals(DROPPED + 1, memory.unclosedTensors(), "unclosed counts leaks, collected or not");
        assertTrue(memory.toString().contains("1 live tensors (48 bytes); 200 leaked and reclaimed (9600 bytes)"),
                memory.toString());
        held.close();
        assertEquals(0, memory.liveTensors());
    }

    @Test
    @DisplayName("closed tensors, and tensors a scope closed, are not counted as reclaimed")
    void closedTensorsAreNotLeaks() throws InterruptedException {
        for (int i = 0; i < DROPPED; i++) {
            make().close();
        }
        try (TensorScope scope = TensorScope.open()) {
            for (int i = 0; i < DROPPED; i++) {
                make();
            }
        }
        make();
        assertTrue(collectUntil(() -> memory.reclaimedTensors() == 1), "the one leak is reclaimed");
        System.gc();
        Thread.sleep(50);
        assertEquals(1, memory.reclaimedTensors(), "closed tensors are not leaks");
        assertEquals(0, memory.liveTensors());
        assertEquals(1, memory.unclosedTensors());
    }

    @Test
    @DisplayName("a tensor kept past the outermost scope and dropped is reclaimed; one kept for an enclosing scope is closed by it")
    void keptPastOutermostScopeIsWatched() throws InterruptedException {
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope inner = TensorScope.open()) {
                inner.keep(make());
            }
        }
        try (TensorScope scope = TensorScope.open()) {
            scope.keep(make());
        }
        assertTrue(collectUntil(() -> memory.reclaimedTensors() == 1), "reclaimed " + memory.reclaimedTensors());
        assertEquals(0, memory.liveTensors());
        assertEquals(0, memory.liveBytes());
    }

    @Test
    @DisplayName("a reclaimed tensor's storage action runs once; a closed tensor's never")
    void storageActionRunsOnReclaimOnly() throws InterruptedException {
        AtomicInteger freed = new AtomicInteger();
        List<Tensor> closed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            new Probe(be, freed::incrementAndGet);
            closed.add(new Probe(be, freed::incrementAndGet));
        }
        closed.forEach(Tensor::close);
        assertTrue(collectUntil(() -> freed.get() == 10), "storage actions run: " + freed.get());
        closed.clear();
        System.gc();
        Thread.sleep(50);
        assertEquals(10, freed.get());
        assertEquals(10, memory.reclaimedTensors());
        assertEquals(0, memory.liveTensors());
    }

    /** A tensor whose storage needs an action to free, as a device buffer does. */
    private static final class Probe extends AbstractTensor {
        Probe(Backend backend, Runnable freeStorage) {
            super(backend, Shape.of(4), DType.FLOAT32, freeStorage);
        }

        @Override
        public double[] toDoubleArray() {
            return new double[4];
        }

        @Override
        public float[] toFloatArray() {
            return new float[4];
        }

        @Override
        protected void release() {
        }
    }
}
