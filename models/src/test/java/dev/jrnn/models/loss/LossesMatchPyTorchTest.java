package dev.jrnn.models.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.io.PyTorchFixtures;
import dev.jrnn.models.io.SafetensorsFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LossesMatchPyTorchTest {
    private static final double TOL = 1e-12;
    private final Backend be = new ReferenceBackend();
    private final SafetensorsFile fx = PyTorchFixtures.read("losses.safetensors");
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private Variable input(String name) {
        return Variable.input(fx.tensor(name, be, DType.FLOAT64), name);
    }

    private Variable constant(String name) {
        return Variable.constant(fx.tensor(name, be, DType.FLOAT64));
    }

    private void assertLossAndGradient(Loss loss, String key) {
        Variable pred = input("pred");
        Variable value = loss.apply(pred, constant("target"));
        Autograd.backward(value);
        assertEquals(fx.doubles(key)[0], value.value().item(), TOL, key + " value");
        assertArrayEquals(fx.doubles(key + "_grad"), pred.grad().toDoubleArray(), TOL, key + " gradient");
    }

    @Test
    @DisplayName("MSE and its gradient match PyTorch's MSELoss")
    void mse() {
        assertLossAndGradient(Loss.mse(), "mse");
    }

    @Test
    @DisplayName("MAE and its gradient match PyTorch's L1Loss")
    void mae() {
        assertLossAndGradient(Loss.mae(), "mae");
    }

    @Test
    @DisplayName("Huber loss with delta 0.7 and its gradient match PyTorch's HuberLoss")
    void huber() {
        assertLossAndGradient(Loss.huber(0.7), "huber");
    }

    @Test
    @DisplayName("Gaussian NLL matches PyTorch's GaussianNLLLoss, a variance below eps included")
    void gaussianNll() {
        Variable pred = input("pred");
        Variable var = input("var");
        Variable value = new GaussianNllLoss().apply(pred, constant("target"), var);
        Autograd.backward(value);
        assertEquals(fx.doubles("gnll")[0], value.value().item(), TOL);
        assertArrayEquals(fx.doubles("gnll_grad"), pred.grad().toDoubleArray(), TOL);
        assertArrayEquals(fx.doubles("gnll_var_grad"), var.grad().toDoubleArray(), 1e-6); // one entry is ~1e12 (variance clamped to eps)
    }

    @Test
    @DisplayName("sum reduction is the mean times the number of elements")
    void sumReduction() {
        Variable pred = constant("pred");
        Variable target = constant("target");
        double mean = new MseLoss(Reduction.MEAN).apply(pred, target).value().item();
        double sum = new MseLoss(Reduction.SUM).apply(pred, target).value().item();
        assertEquals(mean * pred.shape().size(), sum, 1e-12);
    }

    @Test
    @DisplayName("a prediction and target of different shapes are rejected naming both shapes")
    void shapeMismatch() {
        Variable p = Variable.constant(be.zeros(Shape.of(2, 3), DType.FLOAT64));
        Variable t = Variable.constant(be.zeros(Shape.of(3, 2), DType.FLOAT64));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Loss.mse().apply(p, t));
        assertTrue(ex.getMessage().contains("[2, 3]") && ex.getMessage().contains("[3, 2]"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HuberLoss(0, Reduction.MEAN));
    }
}
