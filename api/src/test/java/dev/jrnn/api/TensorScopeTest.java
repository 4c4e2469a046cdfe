package dev.jrnn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TensorScopeTest {
    private final Backend be = new ReferenceBackend();

    private Tensor make() {
        return be.zeros(Shape.of(2), DType.FLOAT64);
    }

    @Test
    @DisplayName("closing a scope closes what was made inside it and nothing made before")
    void closesInside() {
        Tensor before = make();
        Tensor inside;
        try (TensorScope scope = TensorScope.open()) {
            inside = make();
            assertEquals(1, scope.trackedCount());
        }
        assertTrue(inside.isClosed());
        assertFalse(before.isClosed());
        before.close();
        assertEquals(0, be.memory().liveTensors());
    }

    @Test
    @DisplayName("a kept tensor survives its scope and moves to the enclosing one")
    void keepMovesToParent() {
        Tensor kept;
        try (TensorScope outer = TensorScope.open()) {
            try (TensorScope inner = TensorScope.open()) {
                kept = inner.keep(make());
                make();
            }
            assertFalse(kept.isClosed());
            assertEquals(1, outer.trackedCount());
        }
        assertTrue(kept.isClosed());
    }

    @Test
    @DisplayName("a tensor kept by the outermost scope is not tracked any more")
    void keepAtTopLevel() {
        Tensor kept;
        try (TensorScope scope = TensorScope.open()) {
            kept = scope.keep(make());
        }
        assertFalse(kept.isClosed());
        try (TensorScope later = TensorScope.open()) {
            assertEquals(0, later.trackedCount());
        }
        kept.close();
    }

    @Test
    @DisplayName("keepAll keeps every tensor of a list")
    void keepAll() {
        List<Tensor> kept;
        try (TensorScope scope = TensorScope.open()) {
            kept = List.of(make(), make());
            scope.keepAll(kept);
        }
        assertTrue(kept.stream().noneMatch(Tensor::isClosed));
        kept.forEach(Tensor::close);
    }

    @Test
    @DisplayName("closing out of order throws and leaves the scope open, so it can still be closed in order")
    void closeOrder() {
        TensorScope outer = TensorScope.open();
        Tensor t = make();
        TensorScope inner = TensorScope.open();
        assertThrows(IllegalStateException.class, outer::close);
        assertFalse(t.isClosed());
        inner.close();
        inner.close();
        outer.close();
        assertTrue(t.isClosed());
    }

    @Test
    @DisplayName("tensors made on another thread are not tracked by this thread's scope")
    void threadConfined() throws InterruptedException {
        Tensor[] other = new Tensor[1];
        try (TensorScope scope = TensorScope.open()) {
            Thread t = new Thread(() -> other[0] = make());
            t.start();
            t.join();
            assertEquals(0, scope.trackedCount());
        }
        assertFalse(other[0].isClosed());
        other[0].close();
    }
}
