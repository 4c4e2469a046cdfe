package com.example.jrnn.mgu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import dev.jrnn.api.Shape;
import dev.jrnn.api.TensorScope;
import dev.jrnn.api.autograd.Autograd;
import dev.jrnn.api.autograd.Ops;
import dev.jrnn.api.autograd.Parameter;
import dev.jrnn.api.autograd.Variable;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.api.backend.Backends;
import dev.jrnn.api.cell.CellConfig;
import dev.jrnn.api.cell.CellState;
import dev.jrnn.api.cell.Cells;
import dev.jrnn.api.reference.ReferenceBackend;
import dev.jrnn.models.io.StateDict;
import dev.jrnn.models.layer.RecurrentLayer;
import dev.jrnn.models.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the minimal gated unit cell")
class MguCellTest {

    @Test
    @DisplayName("is found by name through the CellProvider service")
    void foundByName() {
        Backend be = new ReferenceBackend();
        assertInstanceOf(MguCell.class, Cells.create("mgu", CellConfig.of(be, DType.FLOAT64, 2, 3, 1)));
    }

    @Test
    @DisplayName("one step follows f = sigmoid(.), n = tanh(.), h' = (1 - f) h + f n")
    void stepFollowsTheEquations() {
        Backend be = new ReferenceBackend();
        MguCell cell = new MguCell(CellConfig.of(be, DType.FLOAT64, 2, 3, 5));
        double[] x = {0.5, -1.0};
        double[] h = {0.1, -0.2, 0.3};
        CellState next = cell.step(Variable.constant(be.fromArray(x, Shape.of(1, 2), DType.FLOAT64)),
                CellState.of(Variable.constant(be.fromArray(h, Shape.of(1, 3), DType.FLOAT64))));
        double[] wih = cell.parameters().get(0).value().toDoubleArray();
        double[] whh = cell.parameters().get(1).value().toDoubleArray();
        double[] bih = cell.parameters().get(2).value().toDoubleArray();
        double[] bhh = cell.parameters().get(3).value().toDoubleArray();
        double[] f = new double[3];
        double[] expected = new double[3];
        for (int j = 0; j < 3; j++) {
            double z = bih[j] + bhh[j];
            for (int i = 0; i < 2; i++) {
                z += wih[j * 2 + i] * x[i];
            }
            for (int k = 0; k < 3; k++) {
                z += whh[j * 3 + k] * h[k];
            }
            f[j] = 1 / (1 + Math.exp(-z));
        }
        for (int j = 0; j < 3; j++) {
            double z = bih[3 + j] + bhh[3 + j];
            for (int i = 0; i < 2; i++) {
                z += wih[(3 + j) * 2 + i] * x[i];
            }
            for (int k = 0; k < 3; k++) {
                z += whh[(3 + j) * 3 + k] * f[k] * h[k];
            }
            expected[j] = (1 - f[j]) * h[j] + f[j] * Math.tanh(z);
        }
        assertArrayEquals(expected, next.h().value().toDoubleArray(), 1e-12);
    }

    @Test
    @DisplayName("a layer of MGU cells learns to echo a sine a step late, and saves and loads unchanged")
    void trainsSavesAndLoads(@TempDir Path dir) throws IOException {
        Backend be = Backends.get("ejml");
        RecurrentLayer layer = RecurrentLayer.builder("mgu").backend(be).dtype(DType.FLOAT64).inputSize(1)
                .hiddenSize(8).seed(3).build();
        Parameter head = new Parameter("head.weight", be.fromArray(new double[8], Shape.of(1, 8), DType.FLOAT64));
        List<Parameter> params = new ArrayList<>(layer.parameters());
        params.add(head);
        int steps = 24;
        double[] wave = new double[steps + 1];
        for (int t = 0; t <= steps; t++) {
            wave[t] = Math.sin(0.5 * t);
        }
        Variable x = Variable.constant(be.fromArray(Arrays.copyOf(wave, steps), Shape.of(steps, 1, 1),
                DType.FLOAT64));
        Variable y = Variable.constant(be.fromArray(Arrays.copyOfRange(wave, 0, steps), Shape.of(steps, 1),
                DType.FLOAT64));
        double first = Double.NaN;
        double last = Double.NaN;
        try (Adam adam = new Adam(params, 0.05)) {
            for (int epoch = 0; epoch < 60; epoch++) {
                try (TensorScope scope = TensorScope.open()) {
                    Variable h = Ops.reshape(layer.forward(x).output(), Shape.of(steps, 8));
                    Variable error = Ops.sub(Ops.linear(h, head, null), shifted(y));
                    Variable loss = Ops.mean(Ops.mul(error, error));
                    last = loss.value().item();
                    first = epoch == 0 ? last : first;
                    adam.zeroGrad();
                    Autograd.backward(loss);
                    adam.step();
                    adam.keepIn(scope);
                }
            }
        }
        assertTrue(last < first / 4, "loss went from " + first + " to " + last);
        Path file = dir.resolve("mgu.safetensors");
        StateDict.save(file, params);
        RecurrentLayer loaded = RecurrentLayer.builder("mgu").backend(be).dtype(DType.FLOAT64).inputSize(1)
                .hiddenSize(8).seed(99).build();
        Parameter loadedHead = new Parameter("head.weight", be.zeros(Shape.of(1, 8), DType.FLOAT64));
        List<Parameter> loadedParams = new ArrayList<>(loaded.parameters());
        loadedParams.add(loadedHead);
        StateDict.load(file, loadedParams);
        assertArrayEquals(layer.forward(x).output().value().toDoubleArray(),
                loaded.forward(x).output().value().toDoubleArray(), 0.0);
        assertArrayEquals(head.value().toDoubleArray(), loadedHead.value().toDoubleArray(), 0.0);
    }

    /** The target at step t is the input one step earlier (0 at the first step). */
    private static Variable shifted(Variable y) {
        int steps = y.shape().dim(0);
        Variable zero = Variable.constant(y.backend().zeros(Shape.of(1, 1), y.dtype()));
        return Ops.concat(0, List.of(zero, Ops.slice(y, 0, 0, steps - 1)));
    }
}
