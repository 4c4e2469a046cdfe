package dev.jrnn.models.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.GradientCheck;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the heads' losses")
class HeadLossesTest {
    private static final double[] LEVELS = {0.1, 0.5, 0.9};
    private final Backend be = new ReferenceBackend();
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private Variable leaf(String name, double[] values, int... shape) {
        return Variable.input(be.fromArray(values, Shape.of(shape), DType.FLOAT64), name);
    }

    private Variable constant(double[] values, int... shape) {
        return Variable.constant(be.fromArray(values, Shape.of(shape), DType.FLOAT64));
    }

    @Test
    @DisplayName("pinball loss is the mean over targets of sum_q max(q e, (q - 1) e), with slopes -q / N and (1 - q) / N")
    void pinballByHand() {
        double[] o = {0.2, 1.0, 1.9, -0.5, 0.0, 0.4};
        double[] y = {1.2, -0.3};
        Variable prediction = leaf("o", o, 2, 3);
        Variable loss = Loss.pinball(LEVELS).apply(prediction, constant(y, 2));
        Autograd.backward(loss);
        double expected = 0;
        double[] gradient = new double[6];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double q = LEVELS[j];
                double e = y[i] - o[3 * i + j];
                expected += Math.max(q * e, (q - 1) * e) / 2;
                gradient[3 * i + j] = (e > 0 ? -q : 1 - q) / 2;
            }
        }
        assertEquals(expected, loss.value().item(), 1e-15);
        assertArrayEquals(gradient, prediction.grad().toDoubleArray(), 1e-15);
    }

    @Test
    @DisplayName("pinball loss sums over targets with SUM reduction and takes a target of any shape")
    void pinballSumAndShapes() {
        double[] o = {0.2, 1.0, 1.9, -0.5, 0.0, 0.4, 3.0, 2.0, 1.0, 0.0, 0.1, 0.2};
        double[] y = {1.2, -0.3, 2.5, 0.05};
        double mean = Loss.pinball(LEVELS).apply(constant(o, 2, 2, 3), constant(y, 2, 2)).value().item();
        double sum = new PinballLoss(LEVELS, Reduction.SUM).apply(constant(o, 4, 3), constant(y, 4)).value().item();
        assertEquals(4 * mean, sum, 1e-14);
    }

    @Test
    @DisplayName("pinball gradients match central differences")
    void pinballFiniteDifferences() {
        Variable prediction = leaf("o", new double[] {0.2, 1.0, 1.9, -0.5, 0.0, 0.4}, 2, 3);
        Variable target = constant(new double[] {1.23, -0.31}, 2);
        GradientCheck.Report report = GradientCheck.run(List.of(prediction),
                () -> Loss.pinball(LEVELS).apply(prediction, target), 7);
        assertTrue(report.maxError() < 1e-8, report.toString());
    }

    @Test
    @DisplayName("the softplus-scale Gaussian NLL is ln sigma + (y - mu)^2 / (2 sigma^2) with sigma = softplus(rho) + 1e-3, and its gradient by hand")
    void gaussianByHand() {
        double[] out = {0.3, -1.2, 2.0, 0.7, -0.4, 0.0};
        double[] y = {1.0, 1.5, -0.6};
        Variable prediction = leaf("out", out, 3, 2);
        Variable loss = Loss.gaussianNll().apply(prediction, constant(y, 3));
        Autograd.backward(loss);
        double expected = 0;
        double[] gradient = new double[6];
        for (int i = 0; i < 3; i++) {
            double mu = out[2 * i];
            double rho = out[2 * i + 1];
            double sigma = Math.log1p(Math.exp(rho)) + 1e-3;
            double e = y[i] - mu;
            expected += (Math.log(sigma) + e * e / (2 * sigma * sigma)) / 3;
            gradient[2 * i] = -e / (sigma * sigma) / 3;
            double sigmoid = 1 / (1 + Math.exp(-rho));
            gradient[2 * i + 1] = (1 / sigma - e * e / (sigma * sigma * sigma)) * sigmoid / 3;
        }
        assertEquals(expected, loss.value().item(), 1e-14);
        assertArrayEquals(gradient, prediction.grad().toDoubleArray(), 1e-13);
    }

    @Test
    @DisplayName("the softplus-scale Gaussian NLL is PyTorch's GaussianNLLLoss at var = sigma^2")
    void gaussianIsTorchsWithSquaredScale() {
        double[] mu = {0.3, 2.0, -0.4};
        double[] rho = {-1.2, 0.7, 3.0};
        double[] y = {1.0, 1.5, -0.6};
        double[] pairs = new double[6];
        double[] variance = new double[3];
        SoftplusGaussianNllLoss loss = new SoftplusGaussianNllLoss(1e-3, Reduction.MEAN);
        for (int i = 0; i < 3; i++) {
            pairs[2 * i] = mu[i];
            pairs[2 * i + 1] = rho[i];
            variance[i] = loss.scale(rho[i]) * loss.scale(rho[i]);
        }
        double torch = new GaussianNllLoss().apply(constant(mu, 3), constant(y, 3), constant(variance, 3)).value().item();
        assertEquals(torch, loss.apply(constant(pairs, 3, 2), constant(y, 3)).value().item(), 1e-14);
    }

    @Test
    @DisplayName("Gaussian NLL gradients match central differences")
    void gaussianFiniteDifferences() {
        Variable prediction = leaf("out", new double[] {0.3, -1.2, 2.0, 0.7, -0.4, 0.0, 1.0, -3.0}, 2, 2, 2);
        Variable target = constant(new double[] {1.0, 1.5, -0.6, 0.9}, 2, 2);
        GradientCheck.Report report = GradientCheck.run(List.of(prediction),
                () -> Loss.gaussianNll().apply(prediction, target), 11);
        assertTrue(report.maxError() < 1e-7, report.toString());
    }

    @Test
    @DisplayName("softplus neither overflows nor loses its slope: sigmoid(x) everywhere, 1/2 at 0")
    void softplusIsStable() {
        Variable x = leaf("x", new double[] {-1000, -2, 0, 2, 1000}, 5);
        Variable y = SoftplusGaussianNllLoss.softplus(x);
        double[] v = y.value().toDoubleArray();
        assertEquals(0.0, v[0], 1e-300);
        assertEquals(Math.log1p(Math.exp(2)), v[3], 1e-15);
        assertEquals(1000.0, v[4], 1e-12);
        Autograd.backward(dev.jrnn.api.autograd.Ops.sum(y));
        double[] g = x.grad().toDoubleArray();
        assertArrayEquals(new double[] {0, 1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-2)), 1}, g, 1e-15);
    }

    @Test
    @DisplayName("a head output without k values per target is rejected naming both shapes")
    void perTargetShapes() {
        Variable target = constant(new double[4], 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Loss.pinball(LEVELS).apply(constant(new double[8], 2, 4), target));
        assertTrue(e.getMessage().contains("[2, 4]") && e.getMessage().contains("[2, 2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.gaussianNll().apply(constant(new double[4], 2, 2), target));
        assertThrows(IllegalArgumentException.class, () -> Loss.pinball(0.5, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new SoftplusGaussianNllLoss(0, Reduction.MEAN));
    }
}
