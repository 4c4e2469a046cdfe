package dev.jrnn.api.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("WeightGuard: leases keep weights fixed and open while replacements wait")
class WeightGuardTest {
    private final Backend be = new ReferenceBackend();

    private Tensor t(double... v) {
        return be.fromArray(v, Shape.of(v.length), DType.FLOAT64);
    }

    @Test
    @DisplayName("a replacement waits for the open lease, then swaps and closes the old value")
    void replacementWaitsForLease() throws Exception {
        Parameter p = new Parameter("w", t(1, 2));
        Tensor old = p.value();
        Tensor next = t(3, 4);
        CompletableFuture<Void> writer;
        try (WeightGuard.Lease lease = p.guard().read()) {
            writer = CompletableFuture.runAsync(() -> p.set(next));
            assertThrows(TimeoutException.class, () -> writer.get(200, TimeUnit.MILLISECONDS));
            assertSame(old, p.value(), "the value is fixed under the lease");
            assertFalse(old.isClosed(), "and still open");
        }
        writer.get(10, TimeUnit.SECONDS);
        assertSame(next, p.value());
        assertTrue(old.isClosed());
    }

    @Test
    @DisplayName("leases nest; replacing weights inside one's own lease throws instead of deadlocking")
    void writeInsideOwnLeaseThrows() {
        Parameter p = new Parameter("w", t(1));
        try (WeightGuard.Lease outer = p.guard().read(); WeightGuard.Lease inner = p.guard().read()) {
            assertTrue(p.guard().isReadByCurrentThread());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.set(t(2)));
            assertTrue(e.getMessage().contains("parameter w: this thread holds a WeightGuard lease"), e.getMessage());
        }
        assertFalse(p.guard().isReadByCurrentThread());
        p.set(t(2));
        assertArrayEquals(new double[] {2}, p.value().toDoubleArray());
    }

    @Test
    @DisplayName("shared guards cover every merged parameter, also through a guard taken before the merge")
    void shareMergesGuards() throws Exception {
        Parameter a = new Parameter("a", t(1));
        Parameter b = new Parameter("b", t(2));
        Parameter head = new Parameter("head", t(3));
        WeightGuard layer = WeightGuard.share(List.of(a, b));
        WeightGuard model = WeightGuard.share(List.of(head, a));
        assertTrue(layer.covers(head));
        assertTrue(model.covers(b));
        CompletableFuture<Void> writer;
        try (WeightGuard.Lease lease = layer.read()) {
            writer = CompletableFuture.runAsync(() -> head.set(t(4)));
            assertThrows(TimeoutException.class, () -> writer.get(200, TimeUnit.MILLISECONDS));
        }
        writer.get(10, TimeUnit.SECONDS);
        assertFalse(WeightGuard.share(List.of(new Parameter("c", t(0)))).covers(a));
        assertThrows(IllegalArgumentException.class, () -> WeightGuard.share(List.of()));
    }

    @Test
    @DisplayName("setAll checks every value before it modifies any")
    void setAllChecksFirst() {
        Parameter a = new Parameter("a", t(1));
        Parameter b = new Parameter("b", t(2, 2));
        Tensor oldA = a.value();
        Map<Parameter, Tensor> values = new LinkedHashMap<>();
        values.put(a, t(5));
        values.put(b, t(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parameter.setAll(values));
        assertTrue(e.getMessage().contains("parameter b: new value is FLOAT64[1], expected FLOAT64[2]"), e.getMessage());
        assertSame(oldA, a.value());
        assertFalse(oldA.isClosed());
    }

    @Test
    @DisplayName("setAll swaps values and closes each replaced value once, not one that stays in use")
    void setAllClosesReplaced() {
        Parameter a = new Parameter("a", t(1));
        Parameter b = new Parameter("b", t(2));
        WeightGuard.share(List.of(a, b));
        Tensor oldA = a.value();
        Tensor oldB = b.value();
        Map<Parameter, Tensor> swapped = new LinkedHashMap<>();
        swapped.put(a, oldB);
        swapped.put(b, oldA);
        Parameter.setAll(swapped);
        assertSame(oldB, a.value());
        assertFalse(oldA.isClosed() || oldB.isClosed());
        Tensor next = t(7);
        Parameter.setAll(Map.of(a, next));
        assertTrue(oldB.isClosed());
        assertEquals(7, a.value().item());
    }

    @Test
    @DisplayName("a lease over parameters of several guards holds them all")
    void leaseOverSeveralGuards() throws Exception {
        Parameter a = new Parameter("a", t(1));
        Parameter b = new Parameter("b", t(2));
        CompletableFuture<Void> writer;
        try (WeightGuard.Lease lease = WeightGuard.read(List.of(b, a))) {
            assertTrue(a.guard().isReadByCurrentThread() && b.guard().isReadByCurrentThread());
            writer = CompletableFuture.runAsync(() -> b.set(t(3)));
            assertThrows(TimeoutException.class, () -> writer.get(200, TimeUnit.MILLISECONDS));
        }
        writer.get(10, TimeUnit.SECONDS);
        assertFalse(a.guard().isReadByCurrentThread());
    }
}
