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
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.io.PyTorchFixtures;
import dev.jrnn.models.io.SafetensorsFile;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-position terms of every loss, and their masked and weighted reductions. */
class WeightedLossTest {
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

    /** A loss and the number of prediction values per target (1, or a head's k). */
    private record Case(String name, Loss loss, int perTarget) {
    }

    private static List<Case> cases(Reduction r) {
        return List.of(new Case("mse", new MseLoss(r), 1), new Case("mae", new MaeLoss(r), 1),
                new Case("huber", new HuberLoss(0.7, r), 1), new Case("pinball", new PinballLoss(LEVELS, r), 3),
                new Case("softplus gaussian", new SoftplusGaussianNllLoss(1e-3, r), 2));
    }

    private Variable random(long seed, int... dims) {
        SplittableRandom random = new SplittableRandom(seed);
        Shape shape = Shape.of(dims);
        double[] v = new double[shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble(-2, 2);
        }
        return Variable.constant(be.fromArray(v, shape, DType.FLOAT64));
    }

    private Variable leaf(Variable v, String name) {
        return Variable.input(v.value(), name);
    }

    private Variable constant(double[] v, int... dims) {
        return Variable.constant(be.fromArray(v, Shape.of(dims), DType.FLOAT64));
    }

    /** A prediction [3, 4, k] (k dropped for k = 1), its target [3, 4]. */
    private Variable prediction(Case c, long seed) {
        return c.perTarget == 1 ? random(seed, 3, 4) : random(seed, 3, 4, c.perTarget);
    }

    @Test
    @DisplayName("every loss's apply is the reduction of its terms, mean and sum, to round-off")
    void applyIsTheReductionOfTerms() {
        for (Reduction r : Reduction.values()) {
            for (Case c : cases(r)) {
                Variable p = prediction(c, 1);
                Variable y = random(2, 3, 4);
                Variable terms = c.loss.terms(p, y);
                assertEquals(y.shape(), terms.shape(), c.name + ": terms have the target's shape");
                double applied = c.loss.apply(p, y).value().item();
                assertEquals(applied, r.apply(terms).value().item(), 1e-14 * Math.max(1, Math.abs(applied)),
                        c.name + " " + r);
                assertEquals(r, c.loss.reduction(), c.name);
                Variable ones = Variable.constant(be.full(Shape.of(3), 1.0, DType.FLOAT64));
                assertEquals(applied, c.loss.weighted(p, y, ones).value().item(),
                        1e-14 * Math.max(1, Math.abs(applied)), c.name + " " + r + " with weights 1");
            }
        }
        Variable mean = random(3, 5);
        Variable variance = Variable.constant(be.full(Shape.of(5), 0.3, DType.FLOAT64));
        Variable y = random(4, 5);
        GaussianNllLoss gnll = new GaussianNllLoss(1e-6, true, Reduction.MEAN);
        assertEquals(gnll.apply(mean, y, variance).value().item(),
                Ops.mean(gnll.terms(mean, y, variance)).value().item(), 0.0);
    }

    @Test
    @DisplayName("the weighted mean is sum(w l) / sum(w), the sum sum(w l), with per-sample weights repeated over steps")
    void weightedByHand() {
        Variable p = constant(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Variable y = constant(new double[] {0, 0, 0, 1, 1, 1}, 2, 3);
        Variable w = constant(new double[] {2, 0.5}, 2);
        double[] l = {1, 4, 9, 9, 16, 25};
        double sum = 2 * (l[0] + l[1] + l[2]) + 0.5 * (l[3] + l[4] + l[5]);
        assertEquals(sum / (3 * 2.5), Loss.mse().weighted(p, y, w).value().item(), 1e-15);
        assertEquals(sum, new MseLoss(Reduction.SUM).weighted(p, y, w).value().item(), 1e-15);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"mse, mean", "mse, sum", "mae, mean", "mae, sum", "huber, mean", "huber, sum"})
    @DisplayName("weighted MSE, L1 and Huber values and gradients match PyTorch's reduction='none' terms weighted by hand")
    void matchesPyTorch(String name, String reduction) {
        SafetensorsFile fx = PyTorchFixtures.read("varlen_weighted_losses.safetensors");
        Reduction r = reduction.equals("mean") ? Reduction.MEAN : Reduction.SUM;
        Loss loss = switch (name) {
            case "mse" -> new MseLoss(r);
            case "mae" -> new MaeLoss(r);
            default -> new HuberLoss(0.7, r);
        };
        Variable p = Variable.input(fx.tensor("pred", be, DType.FLOAT64), "pred");
        Variable value = loss.weighted(p, Variable.constant(fx.tensor("target", be, DType.FLOAT64)),
                Variable.constant(fx.tensor("weights", be, DType.FLOAT64)));
        Autograd.backward(value);
        String key = name + "_" + reduction;
        assertEquals(fx.doubles(key)[0], value.value().item(), 1e-12, key);
        assertArrayEquals(fx.doubles(key + "_grad"), p.grad().toDoubleArray(), 1e-12, key + " gradient");
    }

    @Test
    @DisplayName("weighted losses' gradients match central differences, for the prediction and the weights")
    void finiteDifferences() {
        for (Reduction r : Reduction.values()) {
            for (Case c : cases(r)) {
                Variable p = leaf(prediction(c, 5), "p");
                Variable y = random(6, 3, 4);
                Variable w = leaf(constant(new double[] {1, 0.5, 0, 2, 0.3, 1, 1, 0, 0.7, 1.5, 0, 2}, 3, 4), "w");
                GradientCheck.Report report = GradientCheck.run(List.of(p, w), () -> c.loss.weighted(p, y, w), 9);
                assertTrue(report.maxError() < 1e-7, c.name + " " + r + ": " + report);
            }
        }
    }

    @Test
    @DisplayName("a masked position adds nothing, whatever its prediction and target: same value and gradient, bit for bit")
    void maskedPositionsContributeNothing() {
        double[] mask = {1, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0};
        for (Reduction r : Reduction.values()) {
            for (Case c : cases(r)) {
                double[] values = null;
                double[] gradient = null;
                for (double garbage : new double[] {0.0, 1e6, -3e5}) {
                    Variable p = leaf(withGarbage(prediction(c, 7), mask, c.perTarget, garbage), "p");
                    Variable y = withGarbage(random(8, 3, 4), mask, 1, -garbage);
                    Variable loss = c.loss.weighted(p, y, constant(mask, 3, 4));
                    Autograd.backward(loss);
                    double[] g = p.grad().toDoubleArray();
                    for (int i = 0; i < g.length; i++) {
                        if (mask[i / c.perTarget] == 0) {
                            assertEquals(0.0, g[i], 0.0, c.name + ": gradient of masked position " + i);
                        }
                    }
                    if (values == null) {
                        values = new double[] {loss.value().item()};
                        gradient = g;
                    } else {
                        assertEquals(values[0], loss.value().item(), 0.0, c.name + " " + r + " with padding " + garbage);
                        assertArrayEquals(gradient, g, 0.0, c.name + " " + r + " gradient with padding " + garbage);
                    }
                }
            }
        }
    }

    /** {@code v} with the values of the masked positions (k per position) replaced by {@code garbage}. */
    private Variable withGarbage(Variable v, double[] mask, int k, double garbage) {
        double[] values = v.value().toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            if (mask[i / k] == 0) {
                values[i] = garbage + i;
            }
        }
        return Variable.constant(be.fromArray(values, v.shape(), DType.FLOAT64));
    }

    @Test
    @DisplayName("weights that are not the terms' leading axes, or of another dtype, are refused naming both shapes")
    void badWeights() {
        Variable p = random(1, 3, 4);
        Variable y = random(2, 3, 4);
        Function<Variable, IllegalArgumentException> refused = w -> assertThrows(IllegalArgumentException.class,
                () -> Loss.mse().weighted(p, y, w));
        IllegalArgumentException ex = refused.apply(random(3, 4));
        assertTrue(ex.getMessage().contains("[4]") && ex.getMessage().contains("[3, 4]"), ex.getMessage());
        refused.apply(random(3, 3, 4, 1));
        refused.apply(Variable.constant(be.full(Shape.of(3), 1.0, DType.FLOAT32)));
    }

    @Test
    @DisplayName("a loss without terms says it takes no weights; Loss.nonNegative keeps the wrapped loss's terms")
    void lossWithoutTerms() {
        Loss lambda = (p, y) -> Ops.mean(Ops.sub(p, y));
        Variable p = random(1, 2, 2);
        Variable w = random(2, 2);
        UnsupportedOperationException ex = assertThrows(UnsupportedOperationException.class,
                () -> lambda.weighted(p, p, w));
        assertTrue(ex.getMessage().contains("no mask or weights"), ex.getMessage());
        Loss wrapped = Loss.nonNegative(new MaeLoss(Reduction.SUM));
        assertEquals(Reduction.SUM, wrapped.reduction());
        Variable y = random(4, 2, 2);
        assertArrayEquals(new MaeLoss(Reduction.SUM).terms(p, y).value().toDoubleArray(),
                wrapped.terms(p, y).value().toDoubleArray(), 0.0);
    }
}
