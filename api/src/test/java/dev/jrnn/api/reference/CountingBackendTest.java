package dev.jrnn.api.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Workload;
import dev.jrnn.api.fused.CellKind;
import dev.jrnn.api.fused.SequenceForward;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CountingBackendTest {

    private static Tensor random(Backend be, int... dims) {
        double[] d = new double[Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.sin(i * 0.7 + dims.length);
        }
        return be.fromArray(d, Shape.of(dims), DType.FLOAT64);
    }

    @Test
    @DisplayName("every call counts once, shorthands and composites included, and only products count flops")
    void primitivesAndShorthands() {
        CountingBackend cb = new CountingBackend();
        Tensor a = random(cb, 2, 3);
        Tensor b = random(cb, 4, 3);
        assertEquals(2, cb.ops());
        cb.reset();
        cb.add(a, a);                         // add -> binary: one call
        cb.scale(a, 2.0);                     // scale -> scalar + mul -> binary: one call
        assertEquals(2, cb.ops());
        assertEquals(0, cb.flops());
        cb.matmul(a, false, b, true);         // [2, 3] x [3, 4]
        assertEquals(3, cb.ops());
        assertEquals(2 * 2 * 4 * 3, cb.flops());
        cb.linear(a, b, random(cb, 4));       // random: fromArray, one call; linear: one, its product counted
        assertEquals(5, cb.ops());
        assertEquals(2 * (2 * 2 * 4 * 3), cb.flops());
        Workload w = cb.workload("w");
        assertEquals(new Workload("w", 5, 96), w);
    }

    @Test
    @DisplayName("a fused LSTM sequence is one call forward and one backward, with every step's products")
    void fusedSequence() {
        CountingBackend cb = new CountingBackend();
        int t = 5;
        int batch = 2;
        int h = 3;
        Tensor p = random(cb, t, batch, 4 * h);
        Tensor wHh = random(cb, 4 * h, h);
        Tensor bHh = random(cb, 4 * h);
        List<Tensor> init = List.of(random(cb, batch, h), random(cb, batch, h));
        cb.reset();
        SequenceForward fwd = cb.recurrentForward(CellKind.LSTM, p, init, wHh, bHh, null, false);
        double forward = (double) t * 2 * batch * h * 4 * h;   // h [B, H] x W_hh^T [H, 4H] each step
        assertEquals(1, cb.ops());
        assertEquals(forward, cb.flops());
        Tensor dOut = random(cb, t, batch, h);
        cb.reset();
        cb.recurrentBackward(CellKind.LSTM, fwd, init, wHh, dOut, List.of(cb.zeros(Shape.of(batch, h), DType.FLOAT64),
                cb.zeros(Shape.of(batch, h), DType.FLOAT64)), null, false);
        assertEquals(3, cb.ops());                             // two zeros and the backward
        assertEquals(2 * forward, cb.flops());                 // dh W_hh and dW_hh each step
    }

    @Test
    @DisplayName("counts from several threads add up")
    void threads() throws InterruptedException {
        CountingBackend cb = new CountingBackend();
        Tensor a = random(cb, 8, 8);
        cb.reset();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread th = new Thread(() -> {
                for (int k = 0; k < 100; k++) {
                    cb.matmul(a, a).close();
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(400, cb.ops());
        assertEquals(400.0 * 2 * 8 * 8 * 8, cb.flops());
    }

    @Test
    @DisplayName("every method of Backend that computes or allocates is counted")
    void everyMethodOverridden() throws NoSuchMethodException {
        Set<String> notCounted = Set.of("name", "memory");
        for (Method m : Backend.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || notCounted.contains(m.getName())) {
                continue;
            }
            Method own = CountingBackend.class.getMethod(m.getName(), m.getParameterTypes());
            assertEquals(CountingBackend.class, own.getDeclaringClass(), "not counted: " + m);
        }
        assertTrue(new CountingBackend().name().equals(ReferenceBackend.NAME));
    }
}
