package dev.jrnn.api.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.Tensor;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("reverse-mode differentiation")
class AutogradTest {
    private final Backend be = new ReferenceBackend();

    private Tensor t(double... values) {
        return be.fromArray(values, Shape.of(values.length), DType.FLOAT64);
    }

    @Test
    @DisplayName("sums the gradients of a value used twice")
    void usedTwice() {
        Variable x = Variable.input(t(1, -2, 3), "x");
        Autograd.backward(Ops.sum(Ops.add(Ops.mul(x, x), x)));
        assertArrayEquals(new double[] {3, -3, 7}, x.grad().toDoubleArray(), 1e-15);
    }

    @Test
    @DisplayName("accumulates gradients over backward passes until zeroGrad")
    void accumulatesUntilZeroGrad() {
        Parameter p = new Parameter("w", t(2, 5));
        Autograd.backward(Ops.sum(Ops.scale(p, 3)));
        Autograd.backward(Ops.sum(Ops.scale(p, 3)));
        assertArrayEquals(new double[] {6, 6}, p.grad().toDoubleArray());
        Tensor old = p.grad();
        p.zeroGrad();
        assertNull(p.grad());
        assertTrue(old.isClosed(), "zeroGrad closes the gradient it drops");
    }

    @Test
    @DisplayName("gives each leaf its own gradient tensor even when a rule passes one through")
    void leavesOwnTheirGradients() {
        Parameter a = new Parameter("a", t(1, 2));
        Parameter b = new Parameter("b", t(3, 4));
        Autograd.backward(Ops.sum(Ops.add(a, b)));
        assertNotSame(a.grad(), b.grad());
        a.zeroGrad();
        assertArrayEquals(new double[] {1, 1}, b.grad().toDoubleArray());
    }

    @Test
    @DisplayName("starts a leaf's gradient again when its previous one was freed with its scope")
    void freedGradientRestarts() {
        Variable x = Variable.input(t(1, 2), "x");
        try (TensorScope first = TensorScope.open()) {
            Autograd.backward(Ops.sum(Ops.scale(x, 2)));
        }
        assertTrue(x.grad().isClosed());
        Autograd.backward(Ops.sum(Ops.scale(x, 5)));
        assertArrayEquals(new double[] {5, 5}, x.grad().toDoubleArray());
    }

    @Test
    @DisplayName("records nothing inside noGrad and resumes after it")
    void noGrad() {
        Variable x = Variable.input(t(1, 2), "x");
        Variable y;
        try (Autograd.NoGrad off = Autograd.noGrad()) {
            assertFalse(Autograd.isRecording());
            y = Ops.tanh(x);
        }
        assertTrue(Autograd.isRecording());
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        assertTrue(Ops.tanh(x).requiresGrad());
    }

    @Test
    @DisplayName("stops gradients at a detached value")
    void detachStops() {
        Variable x = Variable.input(t(1, 2), "x");
        Variable y = Ops.add(Ops.mul(x, x).detach(), x);
        Autograd.backward(Ops.sum(y));
        assertArrayEquals(new double[] {1, 1}, x.grad().toDoubleArray());
    }

    @Test
    @DisplayName("rejects a loss with more than one element, naming its shape")
    void rejectsNonScalarLoss() {
        Variable x = Variable.input(t(1, 2), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autograd.backward(Ops.exp(x)));
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    @DisplayName("back-propagates from several roots with seed gradients")
    void severalRoots() {
        Variable x = Variable.input(t(1, 2), "x");
        Autograd.backward(List.of(Ops.scale(x, 2), Ops.mul(x, x)), List.of(t(1, 1), t(10, 100)));
        assertArrayEquals(new double[] {22, 402}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    @DisplayName("handles a chain of twenty thousand ops without overflowing the stack")
    void deepGraph() {
        Variable x = Variable.input(t(0.5), "x");
        Variable y = x;
        for (int i = 0; i < 20_000; i++) {
            y = Ops.scale(y, 1.0);
        }
        Autograd.backward(Ops.sum(y));
        assertEquals(1.0, x.grad().item(), 0.0);
    }

    @Test
    @DisplayName("frees the graph with its scope while kept parameters survive")
    void scopeFreesGraphKeepsParameters() {
        Parameter p = new Parameter("w", t(1, 2, 3));
        long before = be.memory().unclosedTensors();
        Tensor intermediate;
        try (TensorScope step = TensorScope.open()) {
            Variable h = Ops.tanh(Ops.mul(p, p));
            intermediate = h.value();
            Autograd.backward(Ops.sum(h));
            p.set(be.sub(p.value(), p.grad()));
            Parameter.keepAll(step, List.of(p));
        }
        assertTrue(intermediate.isClosed());
        assertFalse(p.value().isClosed());
        assertFalse(p.grad().isClosed());
        assertEquals(before + 1, be.memory().unclosedTensors(), "only the new gradient was added; the old value was closed");
    }

    @Test
    @DisplayName("rejects a parameter update of another shape, naming both shapes")
    void parameterShapeCheck() {
        Parameter p = new Parameter("weight_ih_l0", t(1, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.set(t(1, 2)));
        assertTrue(e.getMessage().contains("weight_ih_l0") && e.getMessage().contains("[2]")
                && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    @DisplayName("the gradient check catches a wrong backward rule")
    void gradientCheckCatchesWrongRule() {
        Variable x = Variable.input(t(0.3, -0.7), "x");
        GradientCheck.Report report = GradientCheck.run(List.of(x), () -> Gradients.record("wrongExp",
                be.exp(x.value()), g -> new Tensor[] {g[0]}, x), 3L);
        assertTrue(report.maxError() > 0.1, report.toString());
    }
}
