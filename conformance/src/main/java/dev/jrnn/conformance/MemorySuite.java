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
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backend's own memory accounting, scopes and closed tensors. {@link LeakSuite} checks the
 * memory itself, without trusting the counter.
 */
@Family(OpFamily.MEMORY)
public interface MemorySuite extends KitSuite {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("closing a tensor releases its bytes and count, and closing twice is harmless")
    default void closeReleases(DType dtype) {
        MemoryCounter memory = subject().memory();
        long tensors = memory.unclosedTensors();
        long bytes = memory.unclosedBytes();
        Tensor t = subject().zeros(Shape.of(3, 5), dtype);
        assertEquals(tensors + 1, memory.unclosedTensors(), "memory().unclosedTensors() after making one tensor");
        assertEquals(bytes + 15L * dtype.byteSize(), memory.unclosedBytes(),
                "memory().unclosedBytes() after making one " + dtype + "[3, 5] tensor");
        t.close();
        t.close();
        assertTrue(t.isClosed(), "isClosed() after close()");
        assertEquals(tensors, memory.unclosedTensors(), "memory().unclosedTensors() after closing it twice");
        assertEquals(bytes, memory.unclosedBytes(), "memory().unclosedBytes() after closing it twice");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("a scope frees what was made inside it except what it keeps")
    default void scopeFreesAllButKept(DType dtype) {
        Backend be = subject();
        Tensor x = be.full(Shape.of(2, 2), 0.5, dtype);
        long before = be.memory().unclosedTensors();
        Tensor kept;
        Tensor dropped;
        TensorScope scope = TensorScope.open();
        try {
            dropped = be.tanh(be.add(x, x));
            kept = scope.keep(be.mul(x, x));
        } finally {
            scope.close();
        }
        assertTrue(dropped.isClosed(), "a tensor made inside the scope is closed with it");
        assertFalse(kept.isClosed(), "the kept tensor is open after the scope");
        assertFalse(x.isClosed(), "the input made before the scope is open after it");
        assertEquals(before + 1, be.memory().unclosedTensors(), "memory().unclosedTensors() after the scope (only the kept"
                + " tensor is new)");
        assertEquals(0.25, kept.toDoubleArray()[3], 1e-7, "value of the kept tensor");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("the memory counter is back where it was after each of many LSTM steps forward and backward in scopes")
    default void longLoopDoesNotGrow(DType dtype) {
        int iterations = 100;
        Backend be = subject();
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
        for (int i = 0; i < iterations; i++) {
            TensorScope step = TensorScope.open();
            try {
                LstmStep s = be.lstmStep(p, h, c, w, b);
                LstmStepGradient g = be.lstmStepBackward(s.h(), s.c(), s.gates(), c, s.c(), w);
                be.sum(be.sum(g.dGates(), 0), 0);
            } finally {
                step.close();
            }
            if (i == 10 || i == iterations - 1) {
                assertEquals(tensors, be.memory().unclosedTensors(), "memory().unclosedTensors() after step " + i
                        + " (every tensor of the step was closed by its scope)");
                assertEquals(bytes, be.memory().unclosedBytes(), "memory().unclosedBytes() after step " + i
                        + " (every tensor of the step was closed by its scope)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("tensors dropped unclosed leave the live count once collected and show as reclaimed; closed ones do not")
    default void collectedTensorsAreReclaimed(DType dtype) throws InterruptedException {
        Backend be = subject();
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
        assertTrue(memory.reclaimedBytes() >= reclaimedBytes + dropped * bytes, "memory().reclaimedBytes() after the dropped tensors were collected");
        assertEquals(unclosed + dropped + 1, memory.unclosedTensors(), "closed tensors are not leaks");
        assertEquals(2.0, held[0].toDoubleArray()[31], 0.0, "value of the tensor still held");
        held[0].close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.jrnn.conformance.KitCases#dtypes")
    @DisplayName("using a closed tensor throws IllegalStateException")
    default void useAfterClose(DType dtype) {
        Backend be = subject();
        Tensor t = be.full(Shape.of(2, 3), 1.0, dtype);
        Tensor other = be.full(Shape.of(2, 3), 1.0, dtype);
        t.close();
        assertThrows(IllegalStateException.class, t::toDoubleArray, "toDoubleArray of a closed tensor");
        assertThrows(IllegalStateException.class, t::toFloatArray, "toFloatArray of a closed tensor");
        assertThrows(IllegalStateException.class, () -> be.tanh(t), "tanh of a closed tensor");
        assertThrows(IllegalStateException.class, () -> be.add(other, t), "add with a closed operand");
        assertThrows(IllegalStateException.class, () -> be.matmul(t, false, other, true), "matmul of a closed tensor");
        assertThrows(IllegalStateException.class, () -> be.transpose(t, 1, 0), "transpose of a closed tensor");
    }
}
