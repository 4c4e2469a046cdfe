package dev.jrnn.conformance.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.loss.CrossEntropyLoss;
import dev.jrnn.models.loss.Reduction;
import dev.jrnn.models.train.SequenceClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Classification on a backend: softmax, log-softmax, linear over [B, T, I], PyTorch's
 * cross-entropy (class weights, ignore index, label smoothing) and a classifier's forward and
 * backward pass with packed lengths, each value and gradient compared with the reference backend's
 * (whose cross-entropy the models module checks against PyTorch), in float64 (within 1e-10) and
 * float32 (within 1e-5, relative to max(1, |x|)). A backend runs it with one short class:
 *
 * <pre>{@code
 * class EjmlClassificationParityTest extends ClassificationParityKit {
 *     protected Backend backend() { return new EjmlBackend(); }
 * }
 * }</pre>
 */
public abstract class ClassificationParityKit {
    private final Backend reference = new ReferenceBackend();

    /** The backend under test. */
    protected abstract Backend backend();

    /** A computation from its inputs to a scalar, run on one backend; returns the value and the inputs' gradients. */
    private static double[][] run(Backend be, DType dtype, double[][] inputs, Shape[] shapes,
                                  Function<List<Variable>, Variable> f) {
        try (TensorScope scope = TensorScope.open()) {
            List<Variable> leaves = new ArrayList<>();
            for (int i = 0; i < inputs.length; i++) {
                leaves.add(Variable.input(be.fromArray(inputs[i], shapes[i], dtype), "x" + i));
            }
            Variable loss = f.apply(leaves);
            Autograd.backward(loss);
            double[][] out = new double[inputs.length + 1][];
            out[0] = new double[] {loss.value().item()};
            for (int i = 0; i < inputs.length; i++) {
                // an input used only as a constant (a softmax's upstream weights) has no gradient
                out[i + 1] = leaves.get(i).grad() == null ? new double[0] : leaves.get(i).grad().toDoubleArray();
            }
            return out;
        }
    }

    private static double[] random(int n, long seed, double spread) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-spread, spread);
        }
        return v;
    }

    private DynamicTest compare(String name, DType dtype, double[][] inputs, Shape[] shapes,
                                Function<List<Variable>, Variable> f) {
        String precision = dtype.name().toLowerCase(Locale.ROOT);
        return DynamicTest.dynamicTest(name + " agrees with the reference backend in " + precision, () -> {
            double tol = dtype == DType.FLOAT64 ? 1e-10 : 1e-5;
            double[][] expected = run(reference, dtype, inputs, shapes, f);
            double[][] actual = run(backend(), dtype, inputs, shapes, f);
            for (int k = 0; k < expected.length; k++) {
                for (int i = 0; i < expected[k].length; i++) {
                    assertEquals(expected[k][i], actual[k][i], tol * Math.max(1, Math.abs(expected[k][i])),
                            name + (k == 0 ? " value" : " gradient of input " + (k - 1)) + " at " + i);
                }
            }
        });
    }

    @TestFactory
    @DisplayName("softmax, log-softmax, linear of rank 3 and cross-entropy agree with the reference backend")
    Stream<DynamicTest> opsAndLoss() {
        List<DynamicTest> tests = new ArrayList<>();
        double[] targets = {0, 4, 2, -100, 1, 1, 3, 2, 0, 4, 3, 2};
        double[] weights = {0.5, 1.0, 2.0, 0.25, 1.5};
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            double[][] logits = {random(60, 1, 3.0), random(60, 2, 1.0)};
            Shape[] logitShapes = {Shape.of(3, 4, 5), Shape.of(3, 4, 5)};
            tests.add(compare("softmax", dtype, logits, logitShapes,
                    v -> Ops.sum(Ops.mul(Ops.softmax(v.get(0)), Variable.constant(v.get(1).value())))));
            tests.add(compare("log-softmax", dtype, logits, logitShapes,
                    v -> Ops.sum(Ops.mul(Ops.logSoftmax(v.get(0)), Variable.constant(v.get(1).value())))));
            tests.add(compare("linear of [3, 4, 6]", dtype,
                    new double[][] {random(72, 3, 1.0), random(30, 4, 1.0), random(5, 5, 1.0)},
                    new Shape[] {Shape.of(3, 4, 6), Shape.of(5, 6), Shape.of(5)},
                    v -> Ops.sumOfSquares(Ops.linear(v.get(0), v.get(1), v.get(2)))));
            for (Reduction reduction : Reduction.values()) {
                CrossEntropyLoss loss = CrossEntropyLoss.builder().classWeights(weights).labelSmoothing(0.1)
                        .reduction(reduction).build();
                tests.add(compare("cross-entropy with weights, ignore index and smoothing, " + reduction, dtype,
                        new double[][] {logits[0]}, new Shape[] {logitShapes[0]},
                        v -> loss.apply(v.get(0), Variable.constant(v.get(0).backend().fromArray(targets,
                                Shape.of(3, 4), v.get(0).dtype())))));
            }
        }
        return tests.stream();
    }

    @TestFactory
    @DisplayName("a bidirectional LSTM classifier with lengths: loss and every parameter's gradient agree with the reference")
    Stream<DynamicTest> classifier() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            String precision = dtype.name().toLowerCase(Locale.ROOT);
            tests.add(DynamicTest.dynamicTest("classifier in " + precision, () -> {
                double tol = dtype == DType.FLOAT64 ? 1e-10 : 1e-5;
                List<double[]> expected = classifierGradients(reference, dtype);
                List<double[]> actual = classifierGradients(backend(), dtype);
                for (int k = 0; k < expected.size(); k++) {
                    for (int i = 0; i < expected.get(k).length; i++) {
                        double e = expected.get(k)[i];
                        assertEquals(e, actual.get(k)[i], tol * Math.max(1, Math.abs(e)), "tensor " + k + " at " + i);
                    }
                }
            }));
        }
        return tests.stream();
    }

    private static List<double[]> classifierGradients(Backend be, DType dtype) {
        try (TensorScope scope = TensorScope.open()) {
            RecurrentLayer lstm = RecurrentLayer.builder("lstm").backend(be).dtype(dtype).inputSize(3).hiddenSize(4)
                    .numLayers(2).bidirectional(true).batchFirst(true).seed(11).build();
            SequenceClassifier model = new SequenceClassifier(lstm, 3, 12);
            Variable x = Variable.constant(be.fromArray(random(3 * 5 * 3, 13, 1.0), Shape.of(3, 5, 3), dtype));
            Variable y = Variable.constant(be.fromArray(new double[] {2, 0, 1}, Shape.of(3), dtype));
            Variable loss = CrossEntropyLoss.builder().build().apply(model.forward(x, new int[] {5, 2, 4}), y);
            Autograd.backward(loss);
            List<double[]> out = new ArrayList<>();
            out.add(new double[] {loss.value().item()});
            for (Parameter p : model.parameters()) {
                out.add(p.grad().toDoubleArray());
            }
            return out;
        }
    }
}
