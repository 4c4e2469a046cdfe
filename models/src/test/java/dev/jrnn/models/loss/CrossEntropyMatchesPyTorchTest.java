package dev.jrnn.models.loss;

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
import dev.jrnn.models.io.PyTorchFixtures;
import dev.jrnn.models.io.SafetensorsFile;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@link CrossEntropyLoss} against cross_entropy.safetensors (generate_classification_fixtures.py). */
class CrossEntropyMatchesPyTorchTest {
    /** Relative to max(1, |expected|): float64 to a few ulps; float32 to about two ulps of PyTorch's float32 (both round). */
    private static final double TOL_F64 = 1e-15;
    private static final double TOL_F32 = 2e-7;
    private static final String[] CASES = {"plain", "weighted", "ignore", "ignore_class", "smoothing",
        "weighted_smoothing", "all"};
    private final Backend be = new ReferenceBackend();
    private final SafetensorsFile fx = PyTorchFixtures.read("cross_entropy.safetensors");
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    /** The loss of a fixture case, as generate_classification_fixtures.py's CASES table sets it. */
    private CrossEntropyLoss loss(String c, String dtype, Reduction reduction) {
        CrossEntropyLoss.Builder b = CrossEntropyLoss.builder().reduction(reduction);
        if (c.contains("weighted") || c.equals("all")) {
            b.classWeights(fx.doubles("weight_" + dtype));
        }
        if (c.equals("ignore_class")) {
            b.ignoreIndex(2);
        }
        if (c.equals("all")) {
            b.ignoreIndex(3).labelSmoothing(0.2);
        } else if (c.contains("smoothing")) {
            b.labelSmoothing(0.15);
        }
        return b.build();
    }

    private static DType dtype(String name) {
        return name.equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
    }

    @TestFactory
    @DisplayName("loss, dL/dlogits and per-position terms match nn.CrossEntropyLoss in every case")
    Stream<DynamicTest> matchesPyTorch() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String c : CASES) {
            for (String shape : new String[] {"2d", "3d"}) {
                for (String dt : new String[] {"f64", "f32"}) {
                    for (Reduction r : Reduction.values()) {
                        tests.add(DynamicTest.dynamicTest(c + " " + shape + " " + dt + " " + r,
                                () -> check(c, shape, dt, r)));
                    }
                }
            }
        }
        return tests.stream();
    }

    private void check(String c, String shape, String dt, Reduction reduction) {
        double tol = dt.equals("f64") ? TOL_F64 : TOL_F32;
        String key = c + "_" + shape + "_" + dt;
        String red = reduction.name().toLowerCase();
        Variable logits = Variable.input(fx.tensor("logits_" + shape + "_" + dt, be, dtype(dt)), "logits");
        Variable targets = Variable.constant(fx.tensor("targets_" + c + "_" + shape, be, dtype(dt)));
        CrossEntropyLoss loss = loss(c, dt, reduction);
        Variable value = loss.apply(logits, targets);
        Autograd.backward(value);
        double expected = fx.doubles(key + "_" + red)[0];
        assertEquals(expected, value.value().item(), tol * Math.max(1, Math.abs(expected)), key + " " + red);
        assertClose(fx.doubles(key + "_" + red + "_grad"), logits.grad().toDoubleArray(), tol, key + " gradient");
        Variable terms = loss.terms(logits, targets);
        assertEquals(targets.shape(), terms.shape());
        assertClose(fx.doubles(key + "_terms"), terms.value().toDoubleArray(), tol, key + " terms");
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }

    @TestFactory
    @DisplayName("a tagger's masked (and sample-weighted) loss with class weights matches PyTorch with ignore_index on the padding")
    Stream<DynamicTest> maskedMatchesPyTorch() {
        SafetensorsFile masked = PyTorchFixtures.read("cross_entropy_masked.safetensors");
        return Stream.of("masked", "masked_smoothing", "sample_weighted").map(c -> DynamicTest.dynamicTest(c, () -> {
            Variable logits = Variable.input(masked.tensor("logits", be, DType.FLOAT64), "logits");
            Variable targets = Variable.constant(masked.tensor("targets", be, DType.FLOAT64));
            Variable weights = Variable.constant(masked.tensor(c.equals("sample_weighted") ? "sample_mask" : "mask", be,
                    DType.FLOAT64));
            CrossEntropyLoss loss = CrossEntropyLoss.builder().classWeights(masked.doubles("weight"))
                    .labelSmoothing(c.equals("masked_smoothing") ? 0.1 : 0).build();
            Variable value = loss.weighted(logits, targets, weights);
            Autograd.backward(value);
            double expected = masked.doubles(c + "_loss")[0];
            assertEquals(expected, value.value().item(), TOL_F64 * Math.max(1, Math.abs(expected)), c);
            assertClose(masked.doubles(c + "_grad"), logits.grad().toDoubleArray(), TOL_F64, c + " gradient");
            // dividing by sum(m), the generic weighted mean, would not be PyTorch's
            double byMask = loss.reduction().apply(loss.terms(logits, targets), weights).value().item();
            assertTrue(Math.abs(byMask - expected) > 1e-3, c + ": " + byMask + " vs " + expected);
            Variable ones = Variable.constant(be.full(Shape.of(3, 5), 1.0, DType.FLOAT64));
            assertEquals(loss.apply(logits, targets).value().item(), loss.weighted(logits, targets, ones).value().item(),
                    1e-15, c + ": a mask of ones is the plain loss");
        }));
    }

    @Test
    @DisplayName("the gradient with weights, ignore index and smoothing matches central differences")
    void finiteDifferences() {
        Variable logits = Variable.input(fx.tensor("logits_3d_f64", be, DType.FLOAT64), "logits");
        Variable targets = Variable.constant(fx.tensor("targets_all_3d", be, DType.FLOAT64));
        for (Reduction r : Reduction.values()) {
            CrossEntropyLoss loss = loss("all", "f64", r);
            GradientCheck.Report report = GradientCheck.run(List.of(logits), () -> loss.apply(logits, targets), 5L);
            assertTrue(report.maxError() < 1e-8, r + ": error " + report.maxError() + " at " + report.where());
        }
    }

    @Test
    @DisplayName("the mean over no remaining position is NaN, as PyTorch's")
    void allIgnored() {
        Variable logits = Variable.constant(be.zeros(Shape.of(2, 3), DType.FLOAT64));
        Variable targets = Variable.constant(be.fromArray(new double[] {-100, -100}, Shape.of(2), DType.FLOAT64));
        assertTrue(Double.isNaN(Loss.crossEntropy().apply(logits, targets).value().item()));
    }

    @Test
    @DisplayName("bad targets, shapes and settings are rejected naming what and where")
    void errors() {
        Variable logits = Variable.constant(be.zeros(Shape.of(2, 3, 4), DType.FLOAT64));
        Variable badClass = Variable.constant(be.fromArray(new double[] {0, 1, 2, 3, 4, 0}, Shape.of(2, 3),
                DType.FLOAT64));
        IllegalArgumentException target = assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy().apply(logits, badClass));
        assertTrue(target.getMessage().contains("4.0") && target.getMessage().contains("[1, 1]")
                && target.getMessage().contains("[0, 4)"), target.getMessage());
        Variable fraction = Variable.constant(be.fromArray(new double[] {0, 1.5, 2, 3, 1, 0}, Shape.of(2, 3),
                DType.FLOAT64));
        assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy().apply(logits, fraction));
        Variable wrongShape = Variable.constant(be.zeros(Shape.of(3, 2), DType.FLOAT64));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy().apply(logits, wrongShape));
        assertTrue(shape.getMessage().contains("[2, 3, 4]") && shape.getMessage().contains("[3, 2]"),
                shape.getMessage());
        Variable targets = Variable.constant(be.zeros(Shape.of(2, 3), DType.FLOAT64));
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> CrossEntropyLoss.builder().classWeights(1, 2).build().apply(logits, targets));
        assertTrue(weights.getMessage().contains("2 class weights"), weights.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.builder().labelSmoothing(1.5));
        assertThrows(IllegalArgumentException.class, () -> CrossEntropyLoss.builder().classWeights(1, -1));
    }
}
