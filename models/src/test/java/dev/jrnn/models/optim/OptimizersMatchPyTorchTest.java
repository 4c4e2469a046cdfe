package dev.jrnn.models.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.io.PyTorchFixtures;
import dev.jrnn.models.io.SafetensorsFile;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OptimizersMatchPyTorchTest {
    private static final double TOL = 1e-12;
    private final Backend be = new ReferenceBackend();
    private final SafetensorsFile fx = PyTorchFixtures.read("optim.safetensors");

    /** The fixture's objective: sum(coef (w - target)^2) + sum(b^2 w[0]). */
    private Variable objective(Parameter w, Parameter b) {
        Variable coef = Variable.constant(fx.tensor("coef", be));
        Variable target = Variable.constant(fx.tensor("target", be));
        Variable d = Ops.sub(w, target);
        Variable row0 = Ops.reshape(Ops.slice(w, 0, 0, 1), Shape.of(2));
        return Ops.add(Ops.sum(Ops.mul(coef, Ops.mul(d, d))), Ops.sum(Ops.mul(Ops.mul(b, b), row0)));
    }

    private void assertTrajectory(String name, Function<List<Parameter>, Optimizer> make) {
        Parameter w = new Parameter("w", fx.tensor("w0", be));
        Parameter b = new Parameter("b", fx.tensor("b0", be));
        int steps = Integer.parseInt(fx.metadata().get("steps"));
        double[] ws = fx.doubles(name + "_w");
        double[] bs = fx.doubles(name + "_b");
        try (Optimizer opt = make.apply(List.of(w, b))) {
            for (int s = 0; s < steps; s++) {
                try (TensorScope scope = TensorScope.open()) {
                    opt.zeroGrad();
                    Autograd.backward(objective(w, b));
                    opt.step();
                    opt.keepIn(scope);
                }
                assertArrayEquals(Arrays.copyOfRange(ws, s * 6, s * 6 + 6), w.value().toDoubleArray(), TOL,
                        name + " w after step " + (s + 1));
                assertArrayEquals(Arrays.copyOfRange(bs, s * 2, s * 2 + 2), b.value().toDoubleArray(), TOL,
                        name + " b after step " + (s + 1));
            }
        }
    }

    @Test
    @DisplayName("plain SGD follows PyTorch's trajectory")
    void sgd() {
        assertTrajectory("sgd", ps -> new Sgd(ps, 0.1));
    }

    @Test
    @DisplayName("SGD with momentum, dampening and weight decay follows PyTorch's trajectory")
    void sgdMomentum() {
        assertTrajectory("sgd_momentum", ps -> new Sgd(ps, 0.05, 0.9, 0.1, false, 0.01));
    }

    @Test
    @DisplayName("SGD with Nesterov momentum follows PyTorch's trajectory")
    void sgdNesterov() {
        assertTrajectory("sgd_nesterov", ps -> new Sgd(ps, 0.05, 0.9, 0, true, 0.02));
    }

    @Test
    @DisplayName("Adam with bias correction and L2 weight decay follows PyTorch's trajectory")
    void adam() {
        assertTrajectory("adam", ps -> new Adam(ps, 0.05, 0.8, 0.95, 1e-7, 0.01));
    }

    @Test
    @DisplayName("AdamW with decoupled weight decay follows PyTorch's trajectory")
    void adamW() {
        assertTrajectory("adamw", ps -> new AdamW(ps, 0.05, 0.1));
    }

    @Test
    @DisplayName("clipping by global norm returns PyTorch's pre-clip norm and scales like clip_grad_norm_")
    void clipping() {
        Parameter p1 = new Parameter("p1", be.zeros(Shape.of(3, 2), DType.FLOAT64));
        Parameter p2 = new Parameter("p2", be.zeros(Shape.of(4), DType.FLOAT64));
        p1.setGradient(fx.tensor("clip_g1", be));
        p2.setGradient(fx.tensor("clip_g2", be));
        double norm = GradientClipping.clipByGlobalNorm(List.of(p1, p2), 1.5);
        assertEquals(fx.doubles("clip_norm")[0], norm, TOL);
        assertArrayEquals(fx.doubles("clip_g1_after"), p1.grad().toDoubleArray(), TOL);
        assertArrayEquals(fx.doubles("clip_g2_after"), p2.grad().toDoubleArray(), TOL);
        assertEquals(1.5, GradientClipping.globalNorm(List.of(p1, p2)), 1e-5);
    }

    @Test
    @DisplayName("gradients under the threshold are left unchanged by clipping")
    void clippingBelowThreshold() {
        Parameter p = new Parameter("p", be.zeros(Shape.of(2), DType.FLOAT64));
        p.setGradient(be.fromArray(new double[] {3, 4}, Shape.of(2), DType.FLOAT64));
        assertEquals(5.0, GradientClipping.clipByGlobalNorm(List.of(p), 10), 1e-15);
        assertArrayEquals(new double[] {3, 4}, p.grad().toDoubleArray());
    }

    @Test
    @DisplayName("a parameter without a gradient is skipped, and bad settings are rejected")
    void skipsAndRejects() {
        Parameter p = new Parameter("p", be.fromArray(new double[] {1, 2}, Shape.of(2), DType.FLOAT64));
        try (Sgd sgd = new Sgd(List.of(p), 0.1, 0.9)) {
            sgd.step();
            assertArrayEquals(new double[] {1, 2}, p.value().toDoubleArray());
        }
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), 0.1, 0.0, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p), 0.1, 1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(p), -1));
    }
}
