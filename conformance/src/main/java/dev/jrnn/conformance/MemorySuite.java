package dev.jrnn.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.MemoryCounter;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.fused.LstmStep;
import dev.jrnn.api.fused.LstmStepGradient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Memory accounting, scopes and closed tensors. */
public abstract class MemorySuite extends KitSuite {
    private static final int ITERATIONS = 2000;

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("closing a tensor releases its bytes and count, and closing twice is harmless")
    void closeReleases(DType dtype) {
        MemoryCounter memory = backend().memory();
        long tensors = memory.unclosedTensors();
        long bytes = memory.unclosedBytes();
        Tensor t = backend().zeros(Shape.of(3, 5), dtype);
        assertEquals(tensors + 1, memory.unclosedTensors());
        assertEquals(bytes + 15L * dtype.byteSize(), memory.unclosedBytes());
        t.close();
        t.close();
        assertTrue(t.isClosed());
        assertEquals(tensors, memory.unclosedTensors());
        assertEquals(bytes, memory.unclosedBytes());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("a scope frees what was made inside it except what it keeps")
    void scopeFreesAllButKept(DType dtype) {
        Backend be = backend();
        Tensor x = be.full(Shape.of(2, 2), 0.5, dtype);
        long before = be.memory().unclosedTensors();
        Tensor kept;
        Tensor dropped;
        try (TensorScope scope = TensorScope.open()) {
            dropped = be.tanh(be.add(x, x));
            kept = scope.keep(be.mul(x, x));
        }
        assertTrue(dropped.isClosed());
        assertFalse(kept.isClosed());
        assertFalse(x.isClosed());
        assertEquals(before + 1, be.memory().unclosedTensors());
        assertEquals(0.25, kept.toDoubleArray()[3], 1e-7);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("a long loop of LSTM steps forward and backward inside scopes does not grow memory")
    void longLoopDoesNotGrow(DType dtype) {
        Backend be = backend();
        Operands ops = operands(dtype);
        int batch = 2;
        int hidden = 4;
        Tensor p = ops.signed(batch, 4 * hidden).subject();
        Tensor w = ops.uniform(-0.5, 0.5, 4 * hidden, hidden).subject();
        Tensor b = ops.signed(4 * hidden).subject();
        Tensor h = ops.signed(batch, hidden).subject();
        Tensor c = ops.signed(batch, hidden).subject();
        long tensors = be.memory().unclosedTensors();
        long bytes = be.memory().unclosedBytes();
        for (int i = 0; i < ITERATIONS; i++) {
            TensorScope step = TensorScope.open();
            try {
                LstmStep s = be.lstmStep(p, h, c, w, b);
                LstmStepGradient g = be.lstmStepBackward(s.h(), s.c(), s.gates(), c, s.c(), w);
                be.sum(be.sum(g.dGates(), 0), 0);
            } finally {
                step.close();
            }
            if (i == 10 || i == ITERATIONS - 1) {
                assertEquals(tensors, be.memory().unclosedTensors(), "live tensors after iteration " + i);
                assertEquals(bytes, be.memory().unclosedBytes(), "live bytes after iteration " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("tensors dropped unclosed leave the live count once collected and show as reclaimed; closed ones do not")
    void collectedTensorsAreReclaimed(DType dtype) throws InterruptedException {
        Backend be = backend();
        MemoryCounter memory = be.memory();
        int dropped = 64;
        long bytes = 4L * 8 * dtype.byteSize();
        long reclaimed = memory.reclaimedTensors();
        long reclaimedBytes = memory.reclaimedBytes();
        long unclosed = memory.unclosedTensors();
        Tensor[] held = new Tensor[1];
        // a thread of its own: this one runs every test inside a scope, which would own the tensors
        Thread outsideScopes = new Thread(() -> {
            for (int i = 0; i < dropped; i++) {
                be.full(Shape.of(4, 8), i, dtype);
            }
            be.full(Shape.of(4, 8), 1.0, dtype).close();
            held[0] = be.full(Shape.of(4, 8), 2.0, dtype);
        });
        outsideScopes.start();
        outsideScopes.join();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (memory.reclaimedTensors() < reclaimed + dropped && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(memory.reclaimedTensors() >= reclaimed + dropped, "reclaimed " + (memory.reclaimedTensors() - reclaimed)
                + " of " + dropped + " dropped tensors within 10 s");
        assertTrue(memory.reclaimedBytes() >= reclaimedBytes + dropped * bytes);
        assertEquals(unclosed + dropped + 1, memory.unclosedTensors(), "closed tensors are not leaks");
        assertEquals(2.0, held[0].toDoubleArray()[31], 0.0);
        held[0].close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    @DisplayName("using a closed tensor throws IllegalStateException")
    void useAfterClose(DType dtype) {
        Backend be = backend();
        Tensor t = be.full(Shape.of(2, 3), 1.0, dtype);
        Tensor other = be.full(Shape.of(2, 3), 1.0, dtype);
        t.close();
        assertThrows(IllegalStateException.class, t::toDoubleArray);
        assertThrows(IllegalStateException.class, t::toFloatArray);
        assertThrows(IllegalStateException.class, () -> be.tanh(t));
        assertThrows(IllegalStateException.class, () -> be.add(other, t));
        assertThrows(IllegalStateException.class, () -> be.matmul(t, false, other, true));
        assertThrows(IllegalStateException.class, () -> be.transpose(t, 1, 0));
    }
}
