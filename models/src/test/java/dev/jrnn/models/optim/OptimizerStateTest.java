package dev.jrnn.models.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("optimizer state export and import (PyTorch's state_dict / load_state_dict)")
class OptimizerStateTest {
    private final Backend be = new ReferenceBackend();

    private List<Parameter> parameters(DType dtype) {
        return List.of(new Parameter("w", be.fromArray(new double[] {0.3, -1.2, 2.0, 0.7, -0.4, 1.1}, Shape.of(3, 2),
                        dtype)),
                new Parameter("b", be.fromArray(new double[] {0.5, -0.25}, Shape.of(2), dtype)));
    }

    /** sum((w - 1)^3 w) + sum(b^2 w[0]): gradients that change from step to step. */
    private void step(Optimizer opt, List<Parameter> ps) {
        Parameter w = ps.get(0);
        Parameter b = ps.get(1);
        try (TensorScope scope = TensorScope.open()) {
            Variable d = Ops.sub(w, Variable.constant(be.full(Shape.of(3, 2), 1.0, w.dtype())));
            Variable row0 = Ops.reshape(Ops.slice(w, 0, 0, 1), Shape.of(2));
            Variable loss = Ops.add(Ops.sum(Ops.mul(Ops.mul(d, Ops.mul(d, d)), w)), Ops.sum(Ops.mul(Ops.mul(b, b), row0)));
            opt.zeroGrad();
            Autograd.backward(loss);
            opt.step();
            opt.keepIn(scope);
        }
    }

    private void assertResumesExactly(Function<List<Parameter>, Optimizer> make, DType dtype) {
        List<Parameter> whole = parameters(dtype);
        List<Parameter> split = parameters(dtype);
        try (Optimizer a = make.apply(whole); Optimizer b = make.apply(split)) {
            for (int s = 0; s < 4; s++) {
                step(a, whole);
                step(b, split);
            }
            OptimizerState saved = b.state();
            List<Parameter> fresh = parameters(dtype);
            for (int i = 0; i < fresh.size(); i++) {
                fresh.get(i).set(be.fromArray(split.get(i).value().toDoubleArray(), fresh.get(i).shape(), dtype));
            }
            try (Optimizer c = make.apply(fresh)) {
                c.loadState(saved);
                assertEquals(4, c.state().parameters().get("w").step());
                for (int s = 0; s < 5; s++) {
                    step(a, whole);
                    step(c, fresh);
                }
                for (int i = 0; i < fresh.size(); i++) {
                    assertArrayEquals(whole.get(i).value().toDoubleArray(), fresh.get(i).value().toDoubleArray(), 0.0,
                            c + " parameter " + fresh.get(i).name());
                }
            }
        }
    }

    @Test
    @DisplayName("Adam, AdamW and SGD with momentum continue bit-identically from an exported state")
    void resumesExactly() {
        assertResumesExactly(ps -> new Adam(ps, 0.05, 0.8, 0.95, 1e-7, 0.01), DType.FLOAT64);
        assertResumesExactly(ps -> new Adam(ps, 0.05), DType.FLOAT32);
        assertResumesExactly(ps -> new AdamW(ps, 0.05, 0.1), DType.FLOAT32);
        assertResumesExactly(ps -> new Sgd(ps, 0.01, 0.9, 0.1, false, 0.01), DType.FLOAT64);
        assertResumesExactly(ps -> new Sgd(ps, 0.01, 0.9, 0, true, 0), DType.FLOAT32);
        assertResumesExactly(ps -> new Sgd(ps, 0.01), DType.FLOAT64);
    }

    @Test
    @DisplayName("the state names Adam's moments and step count as PyTorch does, and the settings")
    void adamState() {
        List<Parameter> ps = parameters(DType.FLOAT64);
        try (Adam adam = new Adam(ps, 0.01)) {
            step(adam, ps);
            step(adam, ps);
            OptimizerState s = adam.state();
            assertEquals("Adam", s.kind());
            assertEquals(0.01, s.learningRate());
            assertEquals(Map.of("betas", "(0.9, 0.999)", "eps", "1.0E-8", "weight_decay", "0.0"), s.settings());
            assertEquals(2, s.parameters().get("b").step());
            assertEquals(List.of("exp_avg", "exp_avg_sq"), List.copyOf(s.parameters().get("b").buffers().keySet()));
            assertTrue(s.parameters().get("b").buffers().get("exp_avg_sq")[0] > 0);
            assertEquals("Adam(lr=0.01, betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.0)", adam.toString());
        }
        assertEquals("Sgd(lr=0.1, momentum=0.9, dampening=0.0, nesterov=false, weight_decay=0.0)",
                new Sgd(ps, 0.1, 0.9).toString());
    }

    @Test
    @DisplayName("a state of another optimizer, other settings or other parameters is refused, naming what differs")
    void refusesMismatch() {
        List<Parameter> ps = parameters(DType.FLOAT64);
        OptimizerState adamState;
        try (Adam adam = new Adam(ps, 0.01)) {
            step(adam, ps);
            adamState = adam.state();
        }
        try (Sgd sgd = new Sgd(ps, 0.1, 0.9)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(adamState));
            assertEquals("Sgd.loadState: the state is of Adam, not Sgd", e.getMessage());
        }
        try (Adam other = new Adam(ps, 0.01, 0.8, 0.999, 1e-8, 0)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadState(adamState));
            assertTrue(e.getMessage().contains("betas=(0.9, 0.999)") && e.getMessage().contains("betas=(0.8, 0.999)"),
                    e.getMessage());
        }
        List<Parameter> renamed = List.of(new Parameter("v", be.zeros(Shape.of(3, 2), DType.FLOAT64)),
                new Parameter("b", be.zeros(Shape.of(2), DType.FLOAT64)));
        try (Adam other = new Adam(renamed, 0.01)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadState(adamState));
            assertTrue(e.getMessage().contains("parameter 'w'"), e.getMessage());
        }
        List<Parameter> resized = List.of(new Parameter("w", be.zeros(Shape.of(2, 2), DType.FLOAT64)),
                new Parameter("b", be.zeros(Shape.of(2), DType.FLOAT64)));
        try (Adam other = new Adam(resized, 0.01)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadState(adamState));
            assertTrue(e.getMessage().contains("has 6 values; the parameter has shape [2, 2]"), e.getMessage());
        }
    }
}
